package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// validSignature reports whether sig is the signature of a SIGNED request
// as Binance's "Request security" page defines it
// (developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security,
// "SIGNED (TRADE and USER_DATA) Endpoint security" and its HMAC Keys
// example): the hex HMAC-SHA256, keyed with the secret key, of totalParams
// — the query string, then the request body. Written from that page, not
// from the binance package, so that the fake checks the documented rule.
func validSignature(secretKey, totalParams, sig string) bool {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(totalParams))
	return hmac.Equal([]byte(sig), []byte(hex.EncodeToString(m.Sum(nil))))
}
