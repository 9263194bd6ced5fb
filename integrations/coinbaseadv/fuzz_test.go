package coinbaseadv

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, every
// failure is ErrUnavailable, and what decodes has its required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"fills":[{"entry_id":"e","trade_time":"2021-05-31T09:59:59Z","price":"1","size":"1","product_id":"BTC-USD","side":"SELL"}]}`))
	f.Add([]byte(`{"accounts":[{"currency":"BTC","available_balance":{"value":"1e5"}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		documented := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		if p, err := decodeFills(b); err == nil {
			for _, x := range p.Fills {
				a, err := fillActivity(x)
				documented("fill", err)
				if err == nil && (a.ID == "" || !a.Type.Valid() || a.TradeDate == "" || a.Symbol == "") {
					t.Errorf("incomplete activity %+v", a)
				}
			}
		} else {
			documented("fills", err)
		}
		if w, err := decodeWallets(b); err == nil {
			tot, _ := totals(w.Accounts)
			px, _ := decodePrices(b)
			_, pos := holdings(tot, px, time.Time{})
			for _, p := range pos {
				if p.Symbol.Ticker == "" || (p.PriceUnknown && !p.MarketValue.IsZero()) {
					t.Errorf("bad position %+v", p)
				}
			}
		} else {
			documented("wallets", err)
		}
		_, err := decodePermissions(b)
		documented("permissions", err)
		_, err = decodePrices(b)
		documented("prices", err)
	})
}
