package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// validSignature reports whether sig is the Bitvavo-Access-Signature of a
// request as Bitvavo's official SDKs compute it (node-bitvavo-api
// lib/utils.js createSignature, commit 644f2d1; python-bitvavo-api
// python_bitvavo_api/bitvavo.py createSignature, commit 27c0640): the hex
// HMAC-SHA256, keyed with the API secret, of timestamp ‖ method ‖ the path
// from /v2 with its query ‖ the body. Written from the SDKs, not from the
// bitvavo package, so that the fake checks Bitvavo's rule.
func validSignature(apiSecret, timestamp, method, uri, body, sig string) bool {
	m := hmac.New(sha256.New, []byte(apiSecret))
	m.Write([]byte(timestamp + method + uri + body))
	return hmac.Equal([]byte(sig), []byte(hex.EncodeToString(m.Sum(nil))))
}
