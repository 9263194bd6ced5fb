package coinbase

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
)

// FuzzDecoders feeds arbitrary answers to every decoder and the transaction
// mapping: no panic, and decoded rows are well-formed.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"data":[{"id":"x","type":"sell","status":"completed","amount":{"amount":"-1","currency":"ETH"},"native_amount":{"amount":-3000,"currency":"USD"},"created_at":"2024-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"data":[{"id":"x","type":"advanced_trade_fill","amount":{"amount":"2"},"created_at":"2024-01-01T00:00:00Z","advanced_trade_fill":{"product_id":"ETH","fill_price":"x"}}]}`))
	f.Add([]byte(`{"data":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if ws, _, err := appapi.DecodeAccounts(b); err == nil {
			for _, w := range ws {
				if w.ID == "" || w.Currency.Code == "" {
					t.Fatalf("accepted a wallet without id or currency: %+v", w)
				}
			}
		}
		_, _ = decodeUser(b)
		_, _ = decodePrice(b)
		txs, _, err := appapi.DecodeTransactions(b)
		if err != nil {
			return
		}
		for _, w := range []appapi.Account{
			{ID: "w", Type: "wallet", Currency: appapi.Currency{Code: "ETH", Type: "crypto"}},
			{ID: "f", Type: "fiat", Currency: appapi.Currency{Code: "USD", Type: "fiat"}},
		} {
			for _, tx := range txs {
				if a, ok := activity(w, tx); ok {
					brokertest.WantActivities(t, a)
				}
			}
		}
	})
}
