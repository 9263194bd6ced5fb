package zerodha

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	for _, b := range brokertest.TestdataFiles(f, "*.json") {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(b, &env) == nil && len(env.Data) > 0 {
			f.Add([]byte(env.Data))
		}
	}
	f.Add([]byte(`[{"trade_id":"1","transaction_type":"AUCTION","quantity":"2","fill_timestamp":"2024-01-02 09:15:00"}]`))
	f.Add([]byte(`[{"order_id":"1","status":"COMPLETE","transaction_type":"SELL","quantity":1e2,"order_timestamp":"2024-02-30 09:15:00"}]`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		raw := json.RawMessage(b)
		_, _ = decodeSession(raw)
		_, _ = decodeProfile(raw)
		_, _ = decodeMargins(raw, segEquity)
		_, _ = decodeHoldings(raw, at)
		_, _ = decodeMFHoldings(raw, at)
		_, _ = decodePositions(raw, segCommodity, at)
		if rows, err := decodeTrades(raw); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, tradeActivity(r))
			}
		}
		if orders, err := decodeMFOrders(raw); err == nil {
			for _, o := range orders {
				if a, ok := mfActivity(o); ok {
					brokertest.WantActivities(t, a)
				}
			}
		}
	})
}
