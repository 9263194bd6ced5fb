package cli

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// clean makes text from outside the program (labels, institution names and
// messages, file paths, error text) safe to print on a terminal: control
// characters (C0 including tab and newline, DEL, C1), the Unicode bidi
// controls and line separators, and invalid UTF-8 are written as visible
// escapes (\x1b, \u202e), so a label cannot retitle the terminal, move the
// cursor, hide text or reorder a line. Everything else is kept as is. Human
// output only: JSON output is exact (encoding/json escapes what JSON must).
func clean(s string) string {
	i := strings.IndexFunc(s, needsEscape)
	if i < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports the runes clean escapes.
func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // Arabic letter mark, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2028, r == 0x2029:   // line and paragraph separators
		return true
	}
	return false
}

// cleanArgs cleans the string-kinded and error arguments of a format call;
// the format itself is the program's own. Other values (numbers, a
// FileMode printed with %o) are left to their verbs.
func cleanArgs(a []any) []any {
	out := make([]any, len(a))
	for i, x := range a {
		switch v := x.(type) {
		case string:
			out[i] = clean(v)
		case error:
			out[i] = clean(v.Error())
		default:
			if rv := reflect.ValueOf(x); rv.Kind() == reflect.String {
				out[i] = clean(rv.String())
			} else {
				out[i] = x
			}
		}
	}
	return out
}

// printf is fmt.Fprintf for human output: its arguments are cleaned.
func printf(w io.Writer, format string, a ...any) {
	fmt.Fprintf(w, format, cleanArgs(a)...)
}
