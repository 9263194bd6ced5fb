package fakekit

import (
	"encoding/base64"
	"encoding/json"
)

// JWT is a token shaped as an institution's JSON Web Tokens are, for a
// fake whose integration reads the claims (the exp claim: when the token
// ends): header, the JOSE header's JSON as the institution writes it, and
// claims, as base64url without padding, then a random signature. The fake
// keeps the tokens it issues and checks them there, never by signature.
func JWT(header string, claims map[string]any) string {
	enc := base64.RawURLEncoding.EncodeToString
	body, _ := json.Marshal(claims)
	return enc([]byte(header)) + "." + enc(body) + "." + Random(16)
}
