package dhan

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"exchangeTradeId":"1","transactionType":"AUCTION","tradedQuantity":"2","exchangeTime":"2024-01-02 09:15:00"}]`))
	f.Add([]byte(`[{"tradingSymbol":"X","netQty":-3,"multiplier":1e3,"drvOptionType":"PUT","exchangeSegment":"NSE_FNO"}]`))
	f.Add([]byte(`[{"narration":"Opening Balance"},{"narration":"DP CHARGES","voucherdate":"Jan 5, 2024","vouchernumber":17,"debit":15.93,"credit":0},` +
		`{"narration":"","voucherdesc":"","voucherdate":"2024-01-06","credit":"-2"},{"narration":"BILL","voucherdesc":"BILL","voucherdate":"06-Jan-2024","debit":"1"}]`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[{"narration":"FUNDS ADDED","voucherdate":"Jun 22, 2022","credit":"2,00,000.00"},7,null,{"debit":"1,50"}]`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		if p, err := decodeProfile(b); err == nil && p.ClientID == "" {
			t.Fatal("a profile without a client id")
		}
		_, _ = decodeFunds(b)
		for _, dec := range []func([]byte, time.Time) error{
			func(b []byte, at time.Time) error { _, err := decodeHoldings(b, at); return err },
			func(b []byte, at time.Time) error { _, err := decodePositions(b, at); return err },
		} {
			_ = dec(b, at)
		}
		if rows, err := decodeTrades(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, activity(r))
			}
		}
		rows, bad, err := decodeLedger(b)
		if err != nil && (rows != nil || bad != 0) {
			t.Fatalf("a refused ledger answer with %d rows, %d unreadable", len(rows), bad)
		}
		ids := integrations.RowIDs{Prefix: "ledger-"}
		for _, r := range rows {
			if a, ok := ledgerActivity(r, &ids); ok {
				brokertest.WantActivities(t, a)
				if a.Amount.IsZero() || !r.readable() {
					t.Fatalf("a ledger activity that moves nothing or cannot be read: %+v", a)
				}
			}
		}
		_ = errorCode(b)
	})
}
