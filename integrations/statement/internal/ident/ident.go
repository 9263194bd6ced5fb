// Package ident holds what the statement parsers share and must agree on:
// masked account numbers and stable ids derived from account numbers and rows.
package ident

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// Dots is the mask shown in place of the hidden digits of an account number.
const Dots = "••••"

// Mask returns an account number as integrations.MaskNumber shows it
// ("••••1234", the form every integration uses), except that a number of
// four characters or fewer is hidden whole, so no number leaves in full.
func Mask(number string) string {
	n := strings.TrimSpace(number)
	switch r := []rune(n); {
	case len(r) == 0:
		return ""
	case len(r) <= 4:
		return Dots
	}
	return integrations.MaskNumber(n)
}

// AccountID returns a stable id for an account from the institution hint and
// the full account number, without revealing the number: the same pair always
// gives the same id (integrations.AccountHash, as the API integrations whose
// only account id is the number use), so a newer statement of the same
// account lands on it.
func AccountID(institution, number string) string {
	return integrations.AccountHash(strings.TrimSpace(institution), strings.TrimSpace(number))
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
