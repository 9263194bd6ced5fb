package trading212

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may panic,
// and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"instrument":{"ticker":"X_EQ","currency":"USD"},"quantity":1e999999999,"currentPrice":"NaN"}]`))
	f.Add([]byte(`{"items":[{"order":{"id":1,"side":"BUY"},"fill":{"filledAt":"2025-02-30T00:00:00Z","quantity":1}}],"nextPagePath":"x"}`))
	f.Add([]byte(`{"items":null,"nextPagePath":"//evil.example/"}`))
	f.Add([]byte(`{"id":1,"currency":"gbp"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	cur, _ := url.Parse("https://live.trading212.com/api/v0/equity/history/orders?limit=50")
	a := &api{base: "https://live.trading212.com/api/v0", now: time.Now, limits: map[string]limitState{}}
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		_, err := decodeSummary(b)
		check("summary", err)
		_, err = decodePositions(b, time.Unix(0, 0))
		check("positions", err)
		for name, dec := range map[string]decoder{"orders": decodeOrders, "dividends": decodeDividends, "transactions": decodeTransactions} {
			acts, times, next, err := dec(b)
			check(name, err)
			if err == nil && len(acts) != len(times) {
				t.Errorf("%s: %d activities, %d times", name, len(acts), len(times))
			}
			if err == nil && next != "" {
				if u, err := a.next(cur, next); err == nil && u.Host != cur.Host {
					t.Errorf("%s: next page %q leaves the host", name, next)
				}
			}
		}
		for _, status := range []int{400, 401, 403, 404, 408, 429, 500, 503} {
			req, _ := http.NewRequest(http.MethodGet, "https://live.trading212.com/api/v0/p", nil)
			resp := &http.Response{StatusCode: status, Request: req, Header: http.Header{"X-Ratelimit-Reset": {string(b)}, "X-Ratelimit-Remaining": {"0"}}}
			a.learn(req.URL.Path, resp.Header)
			if err := a.mapStatus(resp, b); err == nil {
				t.Errorf("status %d mapped to nil", status)
			}
		}
	})
}
