package fyers

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"tradeBook":[{"tradeNumber":"1","side":7,"tradedQty":"2","orderDateTime":"01-Feb-2025 09:15:00","symbol":"x"}]}`))
	f.Add([]byte(`{"netPositions":[{"symbol":"NSE:X","netQty":-3,"segment":11,"qtyMulti_com":1e3}]}`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = body(b, at, false)
		_, _ = decodeToken(b, at)
		if p, err := decodeProfile(b); err == nil && p.FyID == "" {
			t.Fatal("a profile without an id")
		}
		_, _ = decodeFunds(b, decimal.Zero)
		_, _ = decodeHoldings(b, at)
		_, _ = decodePositions(b, at)
		if rows, err := decodeTrades(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, activity(r))
			}
		}
	})
}
