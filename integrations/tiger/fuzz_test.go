package tiger

import (
	"testing"
	"time"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"accounts.json", "positions.json", "transactions.json", "prime_assets.json", "rate_limit.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"code":0,"data":"{\"items\":[{\"account\":\"1\",\"symbol\":\"X\",\"currency\":\"USD\",\"position\":1,\"positionScale\":1e9}]}"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, d, err := openEnvelope(b)
		if err != nil {
			d = b
		}
		if ps, err := decodeAccounts(d); err == nil {
			for _, p := range ps {
				if p.number == "" || isPaper(p.number) {
					t.Fatalf("bad account %+v", p)
				}
			}
		}
		if bals, err := decodeAssets(d); err == nil && len(bals) == 0 {
			t.Fatal("assets without a balance")
		}
		if pos, err := decodePositions(d, "1", time.Unix(0, 0)); err == nil {
			for _, p := range pos {
				if p.Symbol.Ticker == "" || p.Currency == "" {
					t.Fatalf("bad position %+v", p)
				}
			}
		}
		if acts, _, err := decodeTransactions(d); err == nil {
			for _, a := range acts {
				if a.ID == "" || !a.Type.Valid() || a.RawType == "" || a.TradeDate == "" {
					t.Fatalf("bad activity %+v", a)
				}
			}
		}
		_, _, _ = tokenTimes(string(b))
	})
}
