package integrations

import (
	"slices"
	"testing"
	"time"
)

func TestDone(t *testing.T) {
	d := Done("acme", AuthOAuth2, []byte("s"), []Account{{ID: "a1"}}, "222", "111")
	g := d.Grant
	if g.Method != AuthOAuth2 || string(g.Secret) != "s" || !g.Expiry.IsZero() || g.Fingerprint != Fingerprint("acme", "111", "222") ||
		!slices.EqualFunc(d.Accounts, []Account{{ID: "a1"}}, func(a, b Account) bool { return a.ID == b.ID }) {
		t.Errorf("Done = %+v", d)
	}
	end := time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC)
	if got := d.Until(end); got != d || !d.Grant.Expiry.Equal(end) {
		t.Errorf("Until: %+v", d.Grant)
	}
}
