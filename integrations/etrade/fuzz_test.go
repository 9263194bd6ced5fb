package etrade

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may panic,
// and every failure must be ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"TransactionListResponse":{"Transaction":[{"transactionId":7,"transactionDate":1,"transactionType":"Bought","amount":1e999999999}]}}`))
	f.Add([]byte(`{"PortfolioResponse":{"AccountPortfolio":[{"Position":[{"Product":{"symbol":""}}]}]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, integrations.ErrUnavailable) {
				t.Errorf("%s: %v is not ErrUnavailable", what, err)
			}
		}
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
