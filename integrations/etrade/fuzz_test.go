package etrade

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may panic,
// and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"TransactionListResponse":{"Transaction":[{"transactionId":7,"transactionDate":1,"transactionType":"Bought","amount":1e999999999}]}}`))
	f.Add([]byte(`{"PortfolioResponse":{"AccountPortfolio":[{"Position":[{"Product":{"symbol":""}}]}]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		accts, numbers, err := decodeAccounts(b, false)
		check("accounts", err)
		if len(accts) != len(numbers) {
			t.Error("accounts and numbers differ")
		}
		_, err = decodeBalance(b)
		check("balance", err)
		_, _, err = decodePortfolio(b, t0)
		check("portfolio", err)
		_, _, _, err = decodeTransactions(b)
		check("transactions", err)
		_ = verifierOf(string(b))
	})
}
