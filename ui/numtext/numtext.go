// Package numtext writes numbers the way the front ends show them: the
// desktop, its charts and the CLI group digits alike.
package numtext

import "strings"

// GroupDigits puts commas between thousands of the integer part of a
// decimal string: "-1234567.50" is "-1,234,567.50". A leading minus stays
// in front; the fraction is left as it is.
func GroupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.Grow(len(s) + len(s)/3 + 1)
	b.WriteString(sign)
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
