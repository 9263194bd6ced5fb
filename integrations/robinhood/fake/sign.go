package fake

import (
	"crypto/ed25519"
	"encoding/base64"
)

// validSignature reports whether sig is the x-signature of a request as
// Robinhood's Crypto Trading API docs define it (docs.robinhood.com/crypto/
// trading, Authentication → Headers and Signature, and the Python example's
// get_authorization_header): the base64 Ed25519 signature, by the private
// key whose public key the credential registered, of
// f"{api_key}{current_timestamp}{path}{method}{body}" — the x-timestamp
// sent, the path with its query string, the method and the body as sent.
// Written from the docs, not from the robinhood package, so that the fake
// checks Robinhood's rule.
func validSignature(pub ed25519.PublicKey, apiKey, timestamp, path, method, body, sig string) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(raw) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(pub, []byte(apiKey+timestamp+path+method+body), raw)
}
