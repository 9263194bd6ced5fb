package gemini

import (
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds the decoders and the error mapping arbitrary bytes:
// none may panic, every failure is a documented error, and what decodes has
// its required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json", 200)
	f.Add(200, []byte(`[{"currency":"btc","amount":"0","amountNotional":"1"}]`))
	f.Add(429, []byte(`{"result":"error"}`))
	f.Add(200, []byte(`[{"price":"60000","amount":"0.1","timestampms":1700000000000,"tid":7,"symbol":"btcusd"}]`))            // a trade with no side
	f.Add(200, []byte(`[{"price":"60000","amount":"0.1","timestampms":1700000000000,"tid":8,"type":" ","symbol":"btcusd"}]`)) // a blank side
	f.Add(200, []byte(`{"p":"trades","t":1,"s":["btcusd"]}`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		documented := func(what string, err error) {
			brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable, integrations.ErrReauthRequired,
				integrations.ErrRateLimited, integrations.ErrInvalidCredentials, integrations.ErrAccountLocked)
		}
		if status >= 300 {
			err := mapError(status, http.Header{"Retry-After": {string(b)}}, b, status%2 == 0, time.Unix(1700000000, 0), rateWait)
			if err == nil {
				t.Fatal("a refusal mapped to nil")
			}
			documented("refusal", err)
			return
		}
		if rows, err := decodeNotional(b); err == nil {
			_, pos, err := holdings(rows, time.Time{})
			documented("holdings", err)
			for _, p := range pos {
				if p.Symbol.Ticker == "" || (p.PriceUnknown && !p.MarketValue.IsZero()) {
					t.Errorf("bad position %+v", p)
				}
			}
		} else {
			documented("notional", err)
		}
		if ts, err := decodeTrades(b); err == nil {
			for _, tr := range ts {
				a, err := tradeActivity(tr.Symbol, tr)
				documented("trade", err)
				if err == nil {
					brokertest.WantActivities(t, a)
				}
			}
		}
		if xs, err := decodeTransfers(b); err == nil {
			for _, x := range xs {
				a, err := transferActivity(x)
				documented("transfer", err)
				if err == nil {
					brokertest.WantActivities(t, a)
				}
			}
		}
		if info, err := decodeAccount(b); err == nil {
			_ = info.owner("k")
		}
		_, err := decodeSymbols(b)
		documented("symbols", err)
		c := parseCursor(string(b), 5)
		if c.From < 5 || (c.Phase == phaseTrades && len(c.Symbols) == 0) {
			t.Errorf("cursor %+v", c)
		}
	})
}
