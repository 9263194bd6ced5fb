// Package ident holds what the statement parsers share and must agree on:
// masked account numbers and stable ids derived from account numbers and rows.
package ident

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// Dots is the mask shown in place of the hidden digits of an account number.
const Dots = "••••"

// Mask returns an account number with all but its last four letters or
// digits hidden ("••••1234"). Numbers of four characters or fewer are hidden
// whole, so a short number never leaves the parser in full.
func Mask(number string) string {
	var keep []rune
	for _, r := range strings.TrimSpace(number) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			keep = append(keep, r)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	if len(keep) <= 4 {
		return Dots
	}
	return Dots + string(keep[len(keep)-4:])
}

// AccountID returns a stable id for an account from the institution hint and
// the full account number, without revealing the number: the same pair always
// gives the same id, so a newer statement of the same account lands on it.
func AccountID(institution, number string) string {
	return "acct-" + Hash(strings.ToLower(strings.TrimSpace(institution)), normNumber(number))[:16]
}

func normNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// Hash returns the hex SHA-256 of the parts joined by a separator that text
// cannot hold, so ("a","bc") and ("ab","c") differ.
func Hash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
