package degiro

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every response decoder arbitrary bytes: none may
// panic, and every failure is ErrUnavailable.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"data":{"baseCurrency":"EUR"}}`))
	f.Add([]byte(`{"data":{"331868":{"id":"331868","symbol":"AAPL","currency":"USD","productType":"STOCK"}}}`))
	f.Add([]byte(`{"portfolio":{"value":[{"name":"positionrow","value":[{"name":"id","value":1},{"name":"size","value":1e999999},{"name":"price","value":"x"}]}]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(what string, err error) { brokertest.WantNilOr(t, what, err, integrations.ErrUnavailable) }
		_, _, err := decodeUpdate(b)
		check("update", err)
		_, err = decodeProducts(b)
		check("products", err)
		_, err = decodeAccountInfo(b)
		check("account info", err)
		rows, err := decodeTransactions(b)
		check("transactions", err)
		for _, r := range rows {
			_ = transaction(r, wireProduct{}, "EUR")
		}
		moves, err := decodeCashMovements(b)
		check("cash movements", err)
		for _, m := range moves {
			_, _ = movement(m, nil)
		}
	})
}
