package statement

import (
	"testing"
	"unicode"
)

func FuzzNormWord(f *testing.F) {
	for _, s := range []string{"", "buy", "You Bought", "  a  b ", "a b", "a b ", " a", "Price ($)", "DIVIDEND-RECEIVED", "Ümlaut Kauf", "a\tb", "A1 b2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normWord(s), normWordRunes(s); got != want {
			t.Fatalf("normWord(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzEqNorm(f *testing.F) {
	for _, s := range [][2]string{{"Run Date", "run date"}, {"Price ($)", "Price"}, {"Währung", "WÄHRUNG"}, {"a-b", "ab"}, {"", " "}, {"Ab1", "aB2"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		// eqNorm agrees with comparing the letters and digits rune by rune.
		alnum := func(s string) string {
			var out []rune
			for _, r := range s {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					out = append(out, unicode.ToLower(r))
				}
			}
			return string(out)
		}
		if got, want := eqNorm(a, b), alnum(a) == alnum(b); got != want {
			t.Fatalf("eqNorm(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}
