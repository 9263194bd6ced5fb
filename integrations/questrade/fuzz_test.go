package questrade

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, and
// what they return is either an error or rows with their required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"activities":[{"tradeDate":"2026-01-01T00:00:00-05:00","type":"Trades","currency":"CAD","quantity":"1e5"}]}`))
	f.Add([]byte(`{"accounts":[],"userId":"x"}`))
	f.Add([]byte(`{"access_token":"a","refresh_token":"b","api_server":"https://api01.iq.questrade.com/","expires_in":1800}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, accts, err := decodeAccounts(b, ID, false); err == nil {
			brokertest.WantNumbered(t, accts...)
		}
		_, _ = decodeBalances(b)
		if pos, err := decodePositions(b); err == nil {
			for _, p := range pos {
				brokertest.WantPositions(t, position(p, wireSymbol{}, time.Unix(0, 0)))
			}
		}
		_, _ = decodeSymbols(b)
		if rows, err := decodeActivities(b); err == nil {
			if acts, err := mapActivities("a", rows); err == nil {
				brokertest.WantActivities(t, acts...)
			}
		}
		var w wireToken
		_ = decode(b, &w)
		_, _ = apiServer(LiveAuth, w.APIServer)
		_, _ = decodeSecret(b)
	})
}
