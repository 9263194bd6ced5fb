package comdirect

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeToken(b)
		_, _ = decodeSessions(b)
		if c, err := decodeChallenge(string(b)); err == nil {
			if st, err := (&login{}).step(c); err == nil && st == nil {
				t.Fatal("a challenge without a step")
			}
		}
		_, _ = decodeAuthStatus(b)
		_, _ = decodeDepots(b)
		_, _, _ = decodePositions(b, at)
		_, _, _ = decodeBalance(b, "x")
		_, _ = listsAccount(b, "x")
		if w, err := decodeTransactions(b); err == nil {
			for _, tx := range w.Values {
				brokertest.WantActivities(t, activity("D", tx))
			}
		}
		if w, err := decodeCashTransactions(b); err == nil {
			ids := &integrations.RowIDs{Prefix: "cash-"}
			for _, tx := range w.Values {
				if a, ok := cashActivity("A", tx, ids); ok {
					brokertest.WantActivities(t, a)
					if a.Currency == "" {
						t.Fatalf("no currency: %+v", a)
					}
				}
			}
		}
		if all, _ := remittance(string(b)); len(all) > len(b) {
			t.Fatalf("remittance grew %q to %q", b, all)
		}
	})
}
