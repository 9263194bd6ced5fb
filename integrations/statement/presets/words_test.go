package presets

import (
	"strings"
	"testing"
	"unicode"
)

// wordsRunes is words without its ASCII fast path.
func wordsRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "buy", "You Bought", "  a  b ", "a b", "a b ", " a", "Price ($)", "DIVIDEND-RECEIVED", "Ümlaut Kauf", "a\tb", "A1 b2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := words(s), wordsRunes(s); got != want {
			t.Fatalf("words(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzContainsWords(f *testing.F) {
	for _, s := range [][2]string{{"cash dividend received", "dividend"}, {"dividends", "dividend"}, {"a b a b", "a b"}, {"x", "x"}, {"", "a"}, {"ab ab", "b"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, rule string) {
		w, k := words(raw), words(rule)
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
		w, k := words(raw), words(rule)
		if k == "" {
			return
		}
		want := strings.HasPrefix(w, k) && (len(w) == len(k) || w[len(k)] == ' ')
		if got := startsWithWords(raw, k); got != want {
			t.Fatalf("startsWithWords(%q, %q) = %v, want %v", raw, k, got, want)
		}
	})
}
