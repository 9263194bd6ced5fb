package snaptrade

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
	f.Add([]byte(`{"results":[{"instrument":{"kind":"option","symbol":"X","multiplier":"-1e400"},"units":"1e64","price":"NaN"}]}`))
	f.Add([]byte(`{"data":[{"id":"1","type":"TRANSFER","amount":"x","trade_date":"2026-13-40"}],"pagination":{"total":-5}}`))
	f.Add([]byte(`[{"id":"a","number":"","balance":{"total":{"amount":1e999,"currency":"usd"}}}]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if acts, _, err := decodeActivities(b, "USD"); err == nil {
			for _, a := range acts {
				if a.ID == "" || !a.Type.Valid() || a.RawType == "" || a.TradeDate == "" || a.Currency == "" {
					t.Fatalf("incomplete activity %+v", a)
				}
			}
		}
		if pos, err := decodePositions(b, time.Unix(0, 0)); err == nil {
			for _, p := range pos {
				if p.Symbol.Ticker == "" || p.Currency == "" || p.AsOf.IsZero() {
					t.Fatalf("incomplete position %+v", p)
				}
			}
		}
		if accts, err := decodeAccounts(b, wireBrokerage{}); err == nil {
			for _, a := range accts {
				if a.ID == "" || a.Status == "" || a.Number != "" && !strings.HasPrefix(a.Number, "••••") {
					t.Fatalf("incomplete account %+v", a)
				}
			}
		}
		if bals, err := decodeBalances(b); err == nil {
			seen := map[string]bool{}
			for _, x := range bals {
				if x.Currency == "" || seen[x.Currency] {
					t.Fatalf("balances %+v", bals)
				}
				seen[x.Currency] = true
			}
		}
		if list, err := decodeAuthorizations(b); err == nil {
			for _, a := range list {
				if a.ID == "" || a.Brokerage.label() == "" {
					t.Fatalf("authorization %+v", a)
				}
			}
		}
		_, _ = decodeAuthorization(b)
		_, _ = decodeBrokerages(b)
		_, _ = Canonical("/p", "q", b)
	})
}
