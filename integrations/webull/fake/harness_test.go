package fake_test

import (
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/webull/fake"
)

// wrapped is a Webull variant behind another type (as importer.With wraps
// one): the harness serves the package's own type only.
type wrapped struct{ integrations.Integration }

// Each region's harness logs in first with that region's own App Key and
// expects that key's accounts in full; a wrapped variant has no harness.
func TestHarnessPerRegion(t *testing.T) {
	wantKey := map[string]string{webull.ID: fake.Apps[0].Key, webull.IDHongKong: "wb-hk-app-key", webull.IDJapan: "wb-jp-app-key"}
	for _, in := range webull.New() {
		id := in.Institution().ID
		h, ok := fake.Harness(in)
		if !ok || len(h.Logins) == 0 || len(h.LoginFailures) == 0 || h.New == nil {
			t.Fatalf("%s: harness %v, %d logins, %d failures", id, ok, len(h.Logins), len(h.LoginFailures))
		}
		if got := h.Logins[0].Values["key_id"]; got != wantKey[id] {
			t.Errorf("%s: the first login uses key %q, want %q", id, got, wantKey[id])
		}
		var app fake.App
		for _, a := range fake.Apps {
			if a.Key == wantKey[id] {
				app = a
			}
		}
		if want := fake.FullAccountNumbersOf(app); len(want) == 0 || !slices.Equal(h.Expect.FullAccountNumbers, want) {
			t.Errorf("%s: full account numbers %v, want %v", id, h.Expect.FullAccountNumbers, want)
		}
		if _, ok := fake.Harness(wrapped{in}); ok {
			t.Errorf("%s: a wrapped variant got a harness", id)
		}
	}
}
