package fakekit

import (
	"crypto/sha256"
	"encoding/hex"
)

// HashedID is the id an integration keeps for an account known by its
// number alone (Public.com's, IBKR Flex's): prefix, then the first 8 bytes
// in hex of SHA-256 of "<institution>:<number>". A fake's Counter names the
// accounts the suite asks about by it.
func HashedID(prefix, institution, number string) string {
	h := sha256.Sum256([]byte(institution + ":" + number))
	return prefix + hex.EncodeToString(h[:8])
}
