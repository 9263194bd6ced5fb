package fake

import (
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// TestHoldingsAndPositions: a live session reads its holdings and
// positions (200, status success); expiring access tokens changes nothing.
func TestHoldingsAndPositions(t *testing.T) {
	s := newFake(t)
	rt, _ := requestTokenFor(t, s)
	_, m := exchange(t, s, "key", rt, APISecret)
	data, _ := m["data"].(map[string]any)
	tok, _ := data["access_token"].(string)
	s.ExpireAccessTokens()
	for _, path := range []string{"/portfolio/holdings", "/portfolio/positions"} {
		st, body := fakekit.Send(t, http.MethodGet, s.URL()+path, http.Header{"X-Kite-Version": {"3"}, "Authorization": {"token key:" + tok}})
		if st != 200 || body["status"] != "success" || body["data"] == nil {
			t.Errorf("%s: %d %v", path, st, body)
		}
	}
}
