package etoro

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"cid":1,"accountCurrency":"USD","accountTotals":{"accountAvailableCash":1,"accountTotalValue":1},"instrumentAggregates":[{"instrumentId":1,"netUnits":0}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if p, err := decodePortfolio(b); err == nil {
			if p.cid() == "" || len(p.balances()) != 1 {
				t.Fatalf("bad portfolio %+v", p)
			}
			brokertest.WantPositions(t, p.positions(nil, time.Unix(0, 0))...)
		}
		names, _ := decodeInstruments(b)
		if rows, err := decodeHistory(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, closedActivities(r, names, "USD", time.Time{})...)
			}
		}
		if opens, err := decodeOpen(b); err == nil {
			for _, o := range opens {
				if a, ok := openActivity(o, names, "USD", time.Time{}); ok && (a.ID == "" || a.Symbol == "") {
					t.Fatalf("bad activity %+v", a)
				}
			}
		}
		_ = safeCode(b)
	})
}
