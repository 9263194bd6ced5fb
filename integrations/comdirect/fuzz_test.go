package comdirect

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzDecoders feeds arbitrary data to every decoder: no panic, and what
// decodes is well-formed.
func FuzzDecoders(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeToken(b)
		_, _ = decodeSessions(b)
		if c, err := decodeChallenge(string(b)); err == nil {
			if st, err := (&login{}).step(c); err == nil && st == nil {
				t.Fatal("a challenge without a step")
			}
		}
		_, _ = decodeAuthStatus(b)
		_, _ = decodeDepots(b)
		_, _, _ = decodePositions(b, at)
		_, _, _ = decodeBalance(b, "x")
		if w, err := decodeTransactions(b); err == nil {
			for _, tx := range w.Values {
				if a := activity("D", tx); !a.Type.Valid() || a.ID == "" || a.TradeDate == "" || a.RawType == "" {
					t.Fatalf("bad activity %+v", a)
				}
			}
		}
	})
}
