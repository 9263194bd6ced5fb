package integrations

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

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

// MaskNumber shows only the last four characters of an account number or
// id ("••••1234"): what Account.Number holds and what a user ever sees.
func MaskNumber(n string) string {
	r := []rune(strings.TrimSpace(n))
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

// AccountHash is a stable id for an account that does not reveal its
// number: a hash of the institution and the number, for institutions whose
// only account id is the account number itself.
func AccountHash(institutionID, number string) string {
	h := sha256.Sum256([]byte(institutionID + "\x00" + number))
	return "acct-" + hex.EncodeToString(h[:10])
}
