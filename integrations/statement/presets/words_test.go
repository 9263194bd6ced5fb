package presets

import (
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations/statement"
)

func FuzzContainsWords(f *testing.F) {
	for _, s := range [][2]string{{"cash dividend received", "dividend"}, {"dividends", "dividend"}, {"a b a b", "a b"}, {"x", "x"}, {"", "a"}, {"ab ab", "b"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, rule string) {
		w, k := statement.Words(raw), statement.Words(rule)
		if k == "" {
			return
		}
		if got, want := containsWords(w, k), strings.Contains(" "+w+" ", " "+k+" "); got != want {
			t.Fatalf("containsWords(%q, %q) = %v, want %v", w, k, got, want)
		}
	})
}

func FuzzStartsWithWords(f *testing.F) {
	for _, s := range [][2]string{{"YOU BOUGHT APPLE (AAPL)", "you bought"}, {"YOU BOUGHTX", "you bought"}, {"  you--bought", "you bought"}, {"Dividend", "dividend"}, {"Div", "dividend"}, {"Ümlaut a", "ümlaut"}, {"a b", "a"}, {"ab", "a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, rule string) {
		w, k := statement.Words(raw), statement.Words(rule)
		if k == "" {
			return
		}
		want := strings.HasPrefix(w, k) && (len(w) == len(k) || w[len(k)] == ' ')
		if got := startsWithWords(raw, k); got != want {
			t.Fatalf("startsWithWords(%q, %q) = %v, want %v", raw, k, got, want)
		}
	})
}
