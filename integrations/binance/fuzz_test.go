package binance

import (
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds the response decoders arbitrary bytes: none may panic,
// and every failure must be a documented error.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json", 200)
	f.Add(200, []byte(`[{"id":"1","amount":"1e99999999","coin":"BTC","status":1,"insertTime":1}]`))
	f.Add(400, []byte(`{"code":-1021}`))
	f.Add(418, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, b []byte) {
		documented := func(what string, err error) {
			brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable, integrations.ErrReauthRequired,
				integrations.ErrRateLimited, integrations.ErrInvalidCredentials)
		}
		h := http.Header{"Retry-After": {string(b)}}
		var a account
		if err := decodeResponse(status, h, b, false, &a); err == nil {
			if tot, err := a.totals(); err == nil {
				_, _ = holdings(tot, nil, "USDT", msTime(0))
			}
		} else {
			documented("account", err)
		}
		var ts []trade
		if decodeResponse(status, h, b, false, &ts) == nil {
			for _, tr := range ts {
				_, err := tradeActivity(symbolInfo{Symbol: "BTCUSDT", BaseAsset: "BTC", QuoteAsset: "USDT"}, tr)
				documented("trade", err)
			}
		}
		var ds []deposit
		if decodeResponse(status, h, b, false, &ds) == nil {
			for _, x := range ds {
				_, err := depositActivity(x, "USDT")
				documented("deposit", err)
			}
		}
		var ws []withdrawal
		if decodeResponse(status, h, b, true, &ws) == nil {
			for _, x := range ws {
				_, err := withdrawalActivity(x, "USDT")
				documented("withdrawal", err)
			}
		}
		var ticks []tickerPrice
		if decodeResponse(status, h, b, false, &ticks) == nil {
			px, err := lastPrices(ticks, map[string]string{"BTCUSDT": "BTC"})
			documented("prices", err)
			for _, p := range px {
				if p.IsNegative() {
					t.Errorf("negative price %s", p)
				}
			}
		}
		var info exchangeInfo
		if decodeResponse(status, h, b, false, &info) == nil {
			_ = tradeSymbols(info, map[string]bool{"BTC": true})
		}
	})
}
