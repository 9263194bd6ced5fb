package coinbaseadv

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, every
// failure is ErrUnavailable, and what decodes has its required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"fills":[{"entry_id":"e","trade_time":"2021-05-31T09:59:59Z","price":"1","size":"1","product_id":"BTC-USD","side":"SELL"}]}`))
	f.Add([]byte(`{"accounts":[{"currency":"BTC","available_balance":{"value":"1e5"}}]}`))
	f.Add([]byte(`{"pagination":{"next_uri":null},"data":[{"id":"a","type":"fiat","currency":"USD","balance":{"amount":"1","currency":"USD"}}]}`))
	f.Add([]byte(`{"data":[{"id":"t","type":"buy","status":"completed","amount":{"amount":"-0.5","currency":"BTC"},"native_amount":{"amount":"1e3","currency":"USD"},"created_at":"2025-01-01T00:00:00+14:00"}]}`))
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
		if ws, _, err := appapi.DecodeAccounts(b); err == nil {
			for _, w := range ws {
				if w.ID == "" || !validCode(w.Currency.Code) {
					t.Errorf("incomplete wallet %+v", w)
				}
			}
		} else {
			documented("v2 accounts", err)
		}
		if txs, _, err := appapi.DecodeTransactions(b); err == nil {
			for _, w := range []appapi.Account{{ID: "c", Currency: appapi.Currency{Code: "BTC"}}, {ID: "f", Type: "fiat", Currency: appapi.Currency{Code: "USD"}}} {
				for _, x := range txs {
					a, ok := flowActivity(w, x)
					if !ok {
						continue
					}
					if a.ID == "" || !a.Type.Valid() || a.TradeDate == "" || a.RawType == "advanced_trade_fill" ||
						(w.Type == "fiat") != (a.Symbol == "") || (w.Type == "fiat" && !a.Units.IsZero()) {
						t.Errorf("bad flow %+v of %+v", a, w)
					}
				}
			}
		} else {
			documented("v2 transactions", err)
		}
		_, err := decodePermissions(b)
		documented("permissions", err)
		_, err = decodePrices(b)
		documented("prices", err)
	})
}
