package tradier

import (
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzDecoders feeds every decoder arbitrary bytes: none may panic, and
// what they return is either an error or rows with their required fields.
func FuzzDecoders(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if b, err := os.ReadFile("testdata/" + e.Name()); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"history":{"event":{"amount":"1e9","date":"2026-01-01","type":"trade","trade":"null"}}}`))
	f.Add([]byte(`{"positions":{"position":[]}}`))
	f.Add([]byte(`{"balances":"null"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, accts, err := decodeProfile(b, ID, false); err == nil {
			for _, a := range accts {
				if a.ID == "" || a.number == "" || !strings.HasPrefix(a.Number, "••••") {
					t.Fatalf("incomplete account %+v", a)
				}
			}
		}
		_, _ = decodeBalances(b)
		if pos, err := decodePositions(b); err == nil {
			for _, p := range pos {
				if p.Symbol == "" || !p.Quantity.Valid {
					t.Fatalf("incomplete position %+v", p)
				}
				_ = position(p, wireQuote{}, time.Unix(0, 0))
			}
		}
		_, _ = decodeQuotes(b)
		if ev, err := decodeHistory(b); err == nil {
			if acts, err := mapEvents("a", ev); err == nil {
				for _, a := range acts {
					if a.ID == "" || !a.Type.Valid() || a.RawType == "" || a.TradeDate == "" {
						t.Fatalf("incomplete activity %+v", a)
					}
				}
			}
		}
		_, _ = decodeSecret(b)
	})
}
