package simplefin

import (
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds the Account Set decoder arbitrary bytes: it may not
// panic, and what decodes maps to rows with their required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"accounts":[{"id":7,"currency":"usd","balance":"1e999","balance-date":"1e20","holdings":[{"shares":"0","market_value":"-1e64","symbol":"` + "\u202e" + `"}],"transactions":[{"posted":-5,"amount":"NaN"},{"posted":99999999999,"amount":"1","pending":true}]}],"errlist":[{"code":".","conn_id":{}}]}`))
	f.Add([]byte(`{"errors":[1,null,"Connection to  may need attention"],"accounts":[{"org":{"name":""},"id":"","name":"x"}]}`))
	f.Add([]byte(`{"accounts":null,"connections":[{"conn_id":""}]}`))
	now := time.Unix(1790000000, 0)
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decodeSet(b)
		if err != nil {
			return
		}
		conns := s.connections()
		is := s.issues(conns)
		for _, m := range append(append([]string{is.genAuth}, is.general...), mapValues(is.connAuth)...) {
			if len([]rune(m)) > 200 || strings.ContainsAny(m, "<\n\x00") {
				t.Fatalf("unsanitized message %q", m)
			}
		}
		for _, c := range conns {
			if c.Key == "" || c.Name == "" {
				t.Fatalf("connection %+v", c)
			}
			for _, a := range s.accountsOf(c.Key) {
				acct, ok := mapAccount(a)
				if !ok {
					continue
				}
				if acct.ID == "" || acct.Currency == "" || acct.Status == "" || acct.Number != "" && !strings.HasPrefix(acct.Number, "••••") {
					t.Fatalf("account %+v", acct)
				}
				for _, p := range mapPositions(a, acct.Currency, now) {
					if p.Symbol.Ticker == "" || p.Currency == "" || p.AsOf.IsZero() || !validType(p.Symbol.Type) {
						t.Fatalf("position %+v", p)
					}
				}
				for _, x := range mapActivities(a, acct.Currency, acct.Category, time.Time{}) {
					if x.ID == "" || !x.Type.Valid() || x.RawType == "" || x.TradeDate == "" || x.Currency == "" || x.SettlementDate < x.TradeDate {
						t.Fatalf("activity %+v", x)
					}
				}
				if bals := mapBalances(a, acct.Currency); len(bals) > 1 {
					t.Fatalf("balances %+v", bals)
				}
			}
		}
	})
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func validType(t integrations.SecurityType) bool {
	switch t {
	case integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityFund, integrations.SecurityOption,
		integrations.SecurityCrypto, integrations.SecurityBond, integrations.SecurityCash, integrations.SecurityOther:
		return true
	}
	return false
}
