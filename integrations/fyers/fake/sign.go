package fake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// validAppIDHash reports whether appIDHash is the appIdHash FYERS asks of
// POST /api/v3/validate-authcode, as its API v3 docs define it
// (myapi.fyers.in/docsv3, "Validate Authcode": appIdHash is the SHA-256 of
// app_id + ":" + app_secret) and its official Node SDK computes it
// (fyers-api-v3, apiService/apiService.js, generate_access_token:
// getSHA256Hash(`${client_id}:${secret_key}`), a lower-case hex digest; as
// FyersDev/fyers-api-sample-code vendors it under v3/node/node_modules).
// Written from those, not from the fyers package, so that the fake checks
// FYERS' rule.
func validAppIDHash(appID, appSecret, appIDHash string) bool {
	sum := sha256.Sum256([]byte(appID + ":" + appSecret))
	return subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(appIDHash)) == 1
}
