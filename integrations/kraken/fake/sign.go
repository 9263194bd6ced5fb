package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
)

// validSignature reports whether sig is the API-Sign of a private call as
// Kraken's "Spot REST Authentication" guide defines it
// (docs.kraken.com/api/docs/guides/spot-rest-auth, "Setting the API-Sign
// Parameter"): base64 of the HMAC-SHA512, keyed with the base64-decoded
// private key, of the URI path (from /0/private) followed by the SHA-256 of
// nonce ‖ POST data. Written from the guide, not from the kraken package,
// so that the fake checks Kraken's rule.
func validSignature(privateKey []byte, uriPath, nonce, postData, sig string) bool {
	inner := sha256.Sum256([]byte(nonce + postData))
	m := hmac.New(sha512.New, privateKey)
	m.Write(append([]byte(uriPath), inner[:]...))
	return hmac.Equal([]byte(sig), []byte(base64.StdEncoding.EncodeToString(m.Sum(nil))))
}
