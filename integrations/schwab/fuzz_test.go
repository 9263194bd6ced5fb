package schwab

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"securitiesAccount":{"type":"CASH","accountNumber":"1","positions":[{"longQuantity":1e400}]}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		numbers, _ := decodeAccountNumbers(b)
		_, _ = decodeAccounts(b, numbers)
		_, _ = decodeBalances(b)
		if pos, err := decodePositions(b, time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		if acts, _, err := decodeTransactions(b); err == nil {
			brokertest.WantActivities(t, acts...)
		}
	})
}
