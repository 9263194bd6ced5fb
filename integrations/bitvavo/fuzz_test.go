package bitvavo

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
	f.Add(429, []byte(`{"errorCode":103}`))
	f.Add(200, []byte(`[{"id":"t1","market":"BTC-EUR","amount":"0.1","price":"60000","timestamp":1700000000000}]`))            // a trade with no side
	f.Add(200, []byte(`[{"id":"t2","market":"BTC-EUR","side":" ","amount":"0.1","price":"60000","timestamp":1700000000000}]`)) // a blank side
	f.Add(403, []byte(`{"errorCode":105,"error":"banned. The ban expires at 99999999999999."}`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		documented := func(what string, err error) {
			brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable, integrations.ErrReauthRequired,
				integrations.ErrRateLimited, integrations.ErrInvalidCredentials)
		}
		now := time.Unix(1700000000, 0)
		h := http.Header{"Bitvavo-Ratelimit-Resetat": {string(b)}}
		if status >= 300 {
			err := mapError(status, h, b, status%2 == 0, now)
			if err == nil {
				t.Fatal("a refusal mapped to nil")
			}
			documented("refusal", err)
			if d, ok := integrations.RetryAfter(err); ok && d < 0 {
				t.Errorf("negative wait %v", d)
			}
			return
		}
		if tot, err := decodeBalances(b); err == nil {
			ticks, _ := decodeTicker(b)
			_, pos := holdings(tot, eurPrices(ticks), now)
			for _, p := range pos {
				if p.Symbol.Ticker == "" || p.Units.IsZero() {
					t.Errorf("bad position %+v", p)
				}
			}
		} else {
			documented("balance", err)
		}
		if ts, err := decodeTrades(b); err == nil {
			for _, x := range ts {
				a, err := tradeActivity(x)
				documented("trade", err)
				if err == nil {
					brokertest.WantActivities(t, a)
				}
			}
		}
		if xs, err := decodeTransfers(b); err == nil {
			for _, x := range xs {
				a, err := transferActivity(x, x.Status == "completed")
				documented("transfer", err)
				if err == nil {
					brokertest.WantActivities(t, a)
				}
			}
		}
		_, err := decodeDeposit(b)
		documented("deposit", err)
	})
}
