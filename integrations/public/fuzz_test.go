package public

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may panic,
// and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"positions":[{"instrument":{"symbol":"X"},"quantity":"1e999999999"}]}`))
	f.Add([]byte(`{"transactions":[{"id":"a","type":"TRADE","timestamp":"2025-02-30T00:00:00Z"}]}`))
	f.Add([]byte(`{"accounts":[{"accountId":""}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		accts, numbers, err := decodeAccounts(b)
		check("accounts", err)
		if len(accts) != len(numbers) {
			t.Errorf("%d accounts, %d numbers", len(accts), len(numbers))
		}
		p, err := decodePortfolio(b)
		check("portfolio", err)
		if err == nil {
			_ = p.balances()
			_, err = p.positions(time.Unix(0, 0))
			check("positions", err)
		}
		_, _, err = decodeHistory(b)
		check("history", err)
	})
}
