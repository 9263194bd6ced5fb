package tiger

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
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
			brokertest.WantPositions(t, pos...)
		}
		if acts, _, err := decodeTransactions(d); err == nil {
			brokertest.WantActivities(t, acts...)
		}
		_, _, _ = tokenTimes(string(b))
	})
}
