package kraken

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds the response decoders arbitrary bytes: none may panic,
// and every failure must be a documented error (never a raw body).
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"error":[],"result":{"ledger":{"L":{"time":1e999999,"amount":"1","asset":"XXBT","type":"trade"}},"count":-1}}`))
	f.Add([]byte(`{"error":[],"result":{"XXBT":"1e9999999"}}`))
	f.Add([]byte(`{"error":["EGeneral:Internal error"]}`))
	f.Add([]byte(`{"error":[],"result":null}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		documented := func(what string, err error) {
			brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable, integrations.ErrReauthRequired,
				integrations.ErrRateLimited, integrations.ErrAccountLocked, integrations.ErrNotSupported)
		}
		var p ledgerPage
		if err := decodeResponse(b, false, time.Unix(0, 0), &p); err == nil {
			if es, err := p.entries(); err == nil {
				_ = activities(es)
			} else {
				documented("entries", err)
			}
		} else {
			documented("ledgers", err)
		}
		var bal map[string]num
		if err := decodeResponse(b, false, time.Unix(0, 0), &bal); err == nil {
			m, err := merged(bal)
			documented("merged", err)
			_, _ = holdings(m, nil, unixTime(num{}))
		} else {
			documented("balance", err)
		}
		var tick map[string]tickerEntry
		if err := decodeResponse(b, false, time.Unix(0, 0), &tick); err == nil {
			px, err := lastPrices(tick, map[string]string{"XXBTZUSD": "BTC"})
			documented("prices", err)
			for _, p := range px {
				if p.IsNegative() {
					t.Errorf("negative price %s", p)
				}
			}
		} else {
			documented("ticker", err)
		}
		var pairs map[string]assetPair
		if err := decodeResponse(b, false, time.Unix(0, 0), &pairs); err == nil {
			_ = usdPairs(pairs)
		}
	})
}
