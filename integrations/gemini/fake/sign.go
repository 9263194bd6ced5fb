package fake

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
)

// validSignature reports whether sig is the X-GEMINI-SIGNATURE of the
// X-GEMINI-PAYLOAD b64 as Gemini's REST docs define it
// (docs.gemini.com/rest-api "Private API invocation" → "Authentication",
// now developer.gemini.com/authentication/api-key): the hex HMAC-SHA384,
// keyed with the API secret, of the base64 payload as sent. Written from
// the docs, not from the gemini package, so that the fake checks Gemini's
// rule.
func validSignature(apiSecret, b64, sig string) bool {
	m := hmac.New(sha512.New384, []byte(apiSecret))
	m.Write([]byte(b64))
	return hmac.Equal([]byte(sig), []byte(hex.EncodeToString(m.Sum(nil))))
}
