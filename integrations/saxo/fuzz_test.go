package saxo

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"BkAmountId":"1","BkAmountType":"Share Amount","Date":"2024-01-01","Amount":1e999,"Currency":"USD"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeAccounts(b, "Saxo Bank")
		_, _ = decodeBalances(b)
		if p, err := decodePosition(b, time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, p)
		}
		if a, err := decodeBooking(b); err == nil {
			brokertest.WantActivities(t, a)
		}
	})
}
