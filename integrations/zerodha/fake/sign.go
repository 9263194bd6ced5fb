package fake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// validChecksum reports whether checksum is the one Kite Connect asks of
// POST /session/token, as its User docs define it
// (kite.trade/docs/connect/v3/user/, "Authentication and token exchange":
// checksum is the SHA-256 of api_key + request_token + api_secret) and the
// official Python client computes it (zerodha/pykiteconnect,
// kiteconnect/connect.py, generate_session: hashlib.sha256 of the three
// UTF-8 strings concatenated, .hexdigest()). Upper-case hex is accepted as
// well. Written from those, not from the zerodha package, so that the fake
// checks Kite's rule.
func validChecksum(apiKey, requestToken, apiSecret, checksum string) bool {
	sum := sha256.Sum256([]byte(apiKey + requestToken + apiSecret))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(strings.ToLower(checksum))) == 1
}
