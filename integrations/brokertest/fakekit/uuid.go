package fakekit

import (
	"crypto/sha256"
	"encoding/hex"
)

// UUID is a stable UUID-shaped id made from seed: the first 16 bytes of
// its SHA-256 in hex, grouped 8-4-4-4-12 (the exchanges' order, trade and
// wallet ids; a fake prefixes its own name so two fakes never share one).
func UUID(seed string) string {
	h := sha256.Sum256([]byte(seed))
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}
