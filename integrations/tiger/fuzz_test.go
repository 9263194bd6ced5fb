package tiger

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// FuzzDecode feeds every decoder arbitrary bytes: none may panic, and what
// decodes has its required fields.
func FuzzDecode(f *testing.F) {
	brokertest.SeedTestdata(f, "*.json")
	f.Add([]byte(`{"code":0,"data":"{\"items\":[{\"account\":\"1\",\"symbol\":\"X\",\"currency\":\"USD\",\"position\":1,\"positionScale\":1e9}]}"}`))
	f.Add([]byte(`[{"id":"7","type":3,"currency":"USD","amount":-1e3,"businessDate":"2025/01/02","completedStatus":true},{"type":22,"currency":"USD","amount":1,"createdAt":1736035200000}]`))
	f.Add([]byte(`{"itemCount":-4,"items":[{"id":12,"currency":"HKD","type":"Dividend Tax","amount":"-0.5","businessDate":"20250102"},{"currency":"HKD","type":"","amount":1,"updatedAt":1741247923000}]}`))
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
		if bals, _, err := decodeAssets(d); err == nil && len(bals) == 0 {
			t.Fatal("assets without a balance")
		}
		if pos, err := decodePositions(d, "1", time.Unix(0, 0)); err == nil {
			brokertest.WantPositions(t, pos...)
		}
		if acts, _, err := decodeTransactions(d); err == nil {
			brokertest.WantActivities(t, acts...)
		}
		if acts, err := decodeFunding(d, time.Time{}); err == nil {
			brokertest.WantActivities(t, acts...)
			for _, a := range acts {
				if (a.Type == integrations.ActivityContribution && a.Amount.IsNegative()) ||
					(a.Type == integrations.ActivityWithdrawal && a.Amount.IsPositive()) {
					t.Fatalf("a %s of %s", a.Type, a.Amount)
				}
			}
		}
		var ids integrations.RowIDs
		if acts, total, err := decodeFundDetails(d, "FEE", &ids); err == nil {
			brokertest.WantActivities(t, acts...)
			if total < -1 {
				t.Fatalf("item count %d", total)
			}
		}
		_, _, _ = tokenTimes(string(b))
	})
}
