package ibkr

import (
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, and
// what they return is an error or rows with their required fields.
func FuzzDecoders(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`[{"execution_id":"1","side":"B","symbol":"X","size":1e400,"price":"-0","trade_time_r":1,"conid":"12"}]`))
	f.Add([]byte(`{"BASE":{"cashbalance":1},"usd":{"cashbalance":"2","netliquidationvalue":null}}`))
	f.Add([]byte(`[{"ticker":"A","position":"1","currency":"USD","pageSize":-3,"conid":9223372036854775807}]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if accts, info, err := decodeAccounts(b, ID); err == nil {
			if len(accts) != len(info) {
				t.Fatalf("%d accounts, %d numbers", len(accts), len(info))
			}
			for i, a := range accts {
				if a.ID == "" || !strings.HasPrefix(a.Number, "••••") || !integrations.IsCurrencyCode(a.Currency) ||
					(len(info[i].number) > 4 && strings.Contains(a.Name, info[i].number)) {
					t.Fatalf("account %+v", a)
				}
			}
		}
		if bal, err := decodeLedger(b); err == nil {
			seen := map[string]bool{}
			for _, x := range bal {
				if !integrations.IsCurrencyCode(x.Currency) || x.Currency == "BASE" || seen[x.Currency] {
					t.Fatalf("balance %+v", x)
				}
				seen[x.Currency] = true
			}
		}
		if pos, rows, _, err := decodePositions(b, time.Unix(0, 0)); err == nil {
			if len(pos) > rows {
				t.Fatalf("%d positions from %d rows", len(pos), rows)
			}
			for _, p := range pos {
				if p.Symbol.Ticker == "" || !integrations.IsCurrencyCode(p.Currency) || p.Units.IsZero() {
					t.Fatalf("position %+v", p)
				}
			}
		}
		if trades, err := decodeTrades(b); err == nil {
			for _, tr := range trades {
				a, err := tr.activity("USD")
				if err != nil {
					continue
				}
				if a.ID == "" || !a.Type.Valid() || a.RawType == "" || a.TradeDate == "" || a.Fee.IsNegative() {
					t.Fatalf("activity %+v", a)
				}
			}
		}
		if w, err := decodeLST(b); err == nil && (w.DHResponse == "" || w.Signature == "") {
			t.Fatalf("token answer %+v", w)
		}
		_, _ = decodeAuthStatus(b)
		_, _ = decodeContractCurrency(b)
		_, _ = decodeSecret(b)
		_, _ = parseDH(string(b))
		_, _ = parsePrivateKey(string(b))
	})
}
