package presets

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations/statement"
)

// FuzzPresets feeds every preset arbitrary files: detected among all
// presets, and forced by name (so each preset's hooks see rows they were
// not written for). Parsing must never panic, and what it returns must hold
// together: valid types, ids present and unique per account, masked
// numbers, good rows counted among rows.
func FuzzPresets(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.csv")
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		// Truncated in the middle of a row.
		f.Add(b[:len(b)*2/3], uint8(len(b)))
	}
	f.Add([]byte("Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,Proceeds,Comm/Fee\nTrades,Data,Order,Stocks,USD,X,\"2026-01-01, 10:00:00\",1e9,NaN,--,\n"), uint8(7))
	f.Add([]byte("Datum,Tijd,Valutadatum,Product,ISIN,Omschrijving,FX,Mutatie,,Saldo,,Order Id\n,,,,,,,,,,,\n01-01-2026,,,,,Dividend,,EUR,\"1,2,3\",,,\n"), uint8(3))
	f.Add([]byte("\xef\xbb\xbfName,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time\n,,,,,,,,,,\n"), uint8(1))
	all := All()
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		opts := statement.Options{Presets: all, MaxBytes: 1 << 20, Now: importDay}
		if pick%2 == 1 {
			opts.Preset = all[int(pick/2)%len(all)].Name
		}
		res, err := statement.Parse(context.Background(), "fuzz.csv", bytes.NewReader(data), opts)
		if err != nil || res == nil {
			return
		}
		if res.Good > res.Rows {
			t.Fatalf("good %d > rows %d", res.Good, res.Rows)
		}
		for _, a := range res.Dataset.Accounts {
			if a.Number != "" && !strings.HasPrefix(a.Number, "••••") {
				t.Fatalf("unmasked number %q", a.Number)
			}
			seen := make(map[string]bool)
			for _, act := range res.Dataset.Activities[a.ID] {
				if !act.Type.Valid() || act.ID == "" || seen[act.ID] {
					t.Fatalf("activity %+v (type valid %v, id seen %v)", act, act.Type.Valid(), seen[act.ID])
				}
				seen[act.ID] = true
				if act.Fee.IsNegative() {
					t.Fatalf("negative fee %s", act.Fee)
				}
			}
			for _, p := range res.Dataset.Positions[a.ID] {
				if p.AsOf.IsZero() {
					t.Fatalf("position %s without an as-of date", p.Symbol.Ticker)
				}
			}
		}
		for id := range res.Dataset.Activities {
			if !hasAccount(res, id) {
				t.Fatalf("activities of account %q that the result does not list", id)
			}
		}
		for id := range res.Dataset.Positions {
			if !hasAccount(res, id) {
				t.Fatalf("positions of account %q that the result does not list", id)
			}
		}
	})
}

func hasAccount(res *statement.Result, id string) bool {
	for _, a := range res.Dataset.Accounts {
		if a.ID == id {
			return true
		}
	}
	return false
}
