package integrations

import "strings"

// MaskLogin returns a hint of a user name that is safe to keep outside the
// vault and show: the first character and the domain of an e-mail address
// ("j•••@example.com"), or the first and last characters of anything else
// ("j•••e"). Short values are masked whole.
func MaskLogin(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	const dots = "•••"
	if at := strings.LastIndexByte(s, '@'); at > 0 && at < len(s)-1 {
		local := []rune(s[:at])
		return string(local[0]) + dots + s[at:]
	}
	r := []rune(s)
	if len(r) < 4 {
		return dots
	}
	return string(r[0]) + dots + string(r[len(r)-1])
}
