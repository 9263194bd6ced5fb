package groww

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to the envelope and every decoder: no
// panic, and what decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"trade_list":[{"groww_trade_id":"1","transaction_type":"AUCTION","quantity":"2","price":1,"created_at":"2025-01-01 09:15:00"}]}`))
	f.Add([]byte(`{"positions":[{"trading_symbol":"X","quantity":"-3","exchange":"MCX","net_price":"1e3"}]}`))
	f.Add([]byte(`{"trade_list":[{"exchange_trade_id":"9","quantity":1,"price":2,"trade_date_time":"2025-01-01T23:59:59Z"}]}`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeEnvelope(b, at, false)
		if m, err := decodeLTP(b); err == nil {
			for k, p := range m {
				if q := withPrice(integrations.Position{Symbol: integrations.Symbol{Ticker: k}, Currency: "INR", PriceUnknown: true}, p); !q.PriceUnknown && !q.Price.IsPositive() {
					t.Fatalf("%s priced at %s", k, q.Price)
				}
			}
		}
		if tok, err := decodeToken(b); err == nil && tok.Token == "" {
			t.Fatal("a token answer without a token")
		}
		if p, err := decodeProfile(b); err == nil && p.UCC == "" {
			t.Fatal("a profile without a UCC")
		}
		if m, err := decodeMargin(b); err == nil && !m.ClearCash.Valid {
			t.Fatal("a margin without clear cash")
		}
		if ps, err := decodeHoldings(b, at); err == nil {
			brokertest.WantPositions(t, ps...)
		}
		for _, seg := range []string{"CASH", "FNO"} {
			if ps, err := decodePositions(b, seg, at); err == nil {
				brokertest.WantPositions(t, ps...)
			}
		}
		orders, err := decodeOrders(b)
		if err != nil || len(orders) == 0 {
			orders = []wireOrder{{GrowwOrderID: "G"}}
		}
		if rows, err := decodeTrades(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, activity(r, orders[0], "CASH"))
			}
		}
	})
}
