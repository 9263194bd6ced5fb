package robinhood

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, every
// failure is ErrUnavailable, and what decodes has its required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"results":[{"id":"o","symbol":"BTC-USD","side":"buy","executions":[{"effective_price":1e999,"quantity":"1","timestamp":"2024-01-01T00:00:00Z"}]}]}`))
	f.Add([]byte(`{"results":[{"asset_code":"BTC","total_quantity":"NaN"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		documented := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		if a, err := decodeAccount(b); err == nil {
			if acct := cryptoAccount(a); acct.Number == "" || acct.Currency == "" {
				t.Errorf("incomplete account %+v", acct)
			}
		} else {
			documented("account", err)
		}
		if p, err := decodeHoldings(b); err == nil {
			for _, h := range p.Results {
				if h.AssetCode == "" || !h.TotalQuantity.Valid {
					t.Errorf("incomplete holding %+v", h)
				}
			}
		} else {
			documented("holdings", err)
		}
		if px, err := decodePrices(b); err == nil {
			for code, p := range px {
				if code == "" || !p.IsPositive() {
					t.Errorf("bad price %s %s", code, p)
				}
			}
		} else {
			documented("prices", err)
		}
		if p, err := decodeOrders(b); err == nil {
			for _, o := range p.Results {
				acts, err := orderActivities(o)
				documented("order", err)
				for _, a := range acts {
					if a.ID == "" || !a.Type.Valid() || a.RawType == "" || a.TradeDate == "" || a.Symbol == "" || a.Currency == "" {
						t.Errorf("incomplete activity %+v", a)
					}
				}
			}
		} else {
			documented("orders", err)
		}
	})
}
