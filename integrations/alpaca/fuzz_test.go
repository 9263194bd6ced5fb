package alpaca

import (
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, and
// what they return is either an error or rows with their required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"activity_type":"FILL","id":"1","transaction_time":"2026-01-02T15:00:00Z","side":"buy","symbol":"X","qty":1e400,"price":"-0"}]`))
	f.Add([]byte(`[{"activity_type":"JNLC","id":"2","date":"2026-01-02","net_amount":"-5"}]`))
	f.Add([]byte(`{"id":"a","cash":"1","multiplier":"x"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if acts, _, err := decodeActivities(b); err == nil {
			brokertest.WantActivities(t, acts...)
		}
		if pos, err := decodePositions(b, time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		if a, bal, err := decodeAccount(b, true); err == nil {
			if a.ID == "" || len(bal) != 1 || !strings.HasPrefix(a.Number, "••••") {
				t.Fatalf("incomplete account %+v", a)
			}
		}
		_, _ = decodeSecret(b)
	})
}
