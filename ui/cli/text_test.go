package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Main broker":                 "Main broker",
		"Zürich 株式 €5":                "Zürich 株式 €5",
		"Evil\x1b]0;pwned\x07":        `Evil\x1b]0;pwned\x07`,
		"a\tb\nc\rd\x00e\x7f":         `a\x09b\x0ac\x0dd\x00e\x7f`,
		"csi\u009b31m":                `csi\u009b31m`,
		"exe.\u202etxt \u2066x\u2069": `exe.\u202etxt \u2066x\u2069`,
		"bad\xffutf8":                 `bad\xffutf8`,
		"line\u2028sep":               `line\u2028sep`,
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Evil\x1b]0;pwned\x07")
	f.Add("a\u202eb\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := clean(s)
		if !utf8.ValidString(out) || strings.IndexFunc(out, needsEscape) >= 0 {
			t.Fatalf("clean(%q) = %q keeps a control character", s, out)
		}
		if utf8.ValidString(s) && strings.IndexFunc(s, needsEscape) < 0 && out != s {
			t.Fatalf("clean changed the safe %q to %q", s, out)
		}
	})
}
