package tastytrade

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"data":{"items":[{"id":1,"transaction-type":"Trade","transaction-date":"2026-01-01","net-value":1e500}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := decodeEnvelope(b)
		if err != nil {
			return
		}
		_, _, _ = decodeAccounts(e)
		_, _ = decodeBalances(e)
		if pos, err := decodePositions(e, time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		if acts, err := decodeTransactions(e); err == nil {
			brokertest.WantActivities(t, acts...)
		}
	})
}
