package tradier

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, and
// what they return is either an error or rows with their required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"history":{"event":{"amount":"1e9","date":"2026-01-01","type":"trade","trade":"null"}}}`))
	f.Add([]byte(`{"positions":{"position":[]}}`))
	f.Add([]byte(`{"balances":"null"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, accts, err := decodeProfile(b, ID, false); err == nil {
			brokertest.WantNumbered(t, accts...)
		}
		_, _ = decodeBalances(b)
		if pos, err := decodePositions(b); err == nil {
			for _, p := range pos {
				if p.Symbol == "" || !p.Quantity.Valid {
					t.Fatalf("incomplete position %+v", p)
				}
				_ = position(p, wireQuote{}, time.Unix(0, 0))
			}
		}
		_, _ = decodeQuotes(b)
		if ev, err := decodeHistory(b); err == nil {
			if acts, err := mapEvents("a", ev); err == nil {
				brokertest.WantActivities(t, acts...)
			}
		}
		_, _ = decodeSecret(b)
	})
}
