package tradestation

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"Positions":[{"AccountID":"1","Symbol":"X","Quantity":"1e400"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if accts, err := decodeAccounts(b, ID, false); err == nil {
			for _, a := range accts {
				if a.number == "" || a.ID == "" || a.Number == a.number {
					t.Fatalf("bad account %+v", a)
				}
			}
		}
		_, _ = decodeBalances(b, "123456782", "USD")
		if pos, err := decodePositions(b, "123456782", "USD", time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		if acts, _, err := decodeOrders(b, "123456782", "USD"); err == nil {
			brokertest.WantActivities(t, acts...)
		}
	})
}
