package angelone

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds arbitrary data to the envelope and every decoder: no
// panic, and what decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"fillid":"1","transactiontype":"AUCTION","fillsize":"2"}]`))
	f.Add([]byte(`[{"tradingsymbol":"X","netqty":"-3","optiontype":"PE","exchange":"NFO","ltp":"1e3"}]`))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeEnvelope(b, at, false)
		_, _ = decodeSession(b)
		if p, err := decodeProfile(b); err == nil && p.ClientCode == "" {
			t.Fatal("a profile without a client code")
		}
		_, _ = decodeRMS(b)
		_, _ = decodeHoldings(b, at)
		_, _ = decodePositions(b, at)
		if rows, err := decodeTrades(b); err == nil {
			for _, r := range rows {
				brokertest.WantActivities(t, activity(r, "2025-01-01"))
			}
		}
	})
}
