package kotakneo

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"data":[{"flId":"1","trnsTp":"X","fldQty":2,"flDt":"01-Feb-2025","avgPrc":"1e2"}]}`))
	f.Add([]byte(`{"data":[{"trdSym":"X","flBuyQty":"1","multiplier":"0","genDen":"0","precision":"99"}]}`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeSession(b, "View")
		_, _ = decodeSession(b, "Trade")
		_, _ = decodeLimits(b)
		_, _ = decodeHoldings(b, at)
		_, _ = decodePositions(b, at)
		if rows, err := decodeTrades(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, activity(r))
			}
		}
	})
}
