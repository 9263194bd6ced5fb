package robinhood

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strconv"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// Signing headers (docs.robinhood.com/crypto/trading, Authentication).
const (
	HeaderAPIKey    = "x-api-key"
	HeaderSignature = "x-signature"
	HeaderTimestamp = "x-timestamp"
)

// Message is the text a request's signature covers, as Robinhood defines
// it: f"{api_key}{current_timestamp}{path}{method}{body}" — the Unix
// timestamp in seconds, the path with its query string, the upper-case
// method and the body exactly as sent ("" for none).
func Message(apiKey string, timestamp int64, path, method, body string) string {
	return apiKey + strconv.FormatInt(timestamp, 10) + path + strings.ToUpper(method) + body
}

// Sign returns the x-signature of message: the base64 Ed25519 signature.
func Sign(key ed25519.PrivateKey, message string) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(key, []byte(message)))
}

// Verify reports whether sig is key's x-signature of message.
func Verify(pub ed25519.PublicKey, message, sig string) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	return err == nil && len(raw) == ed25519.SignatureSize && ed25519.Verify(pub, []byte(message), raw)
}

// ParseKey reads the user's Ed25519 private key as Robinhood's key-pair
// scripts print it: base64 of the 32-byte seed (Python, PyNaCl
// SigningKey.encode()) or of the 64-byte secret key, seed then public key
// (Node.js, tweetnacl keyPair.secretKey) — or a PEM "PRIVATE KEY" block
// (PKCS #8, openssl genpkey -algorithm ed25519). White space and line
// breaks are ignored; a 64-byte key whose public half is not its seed's is
// refused.
func ParseKey(text string) (ed25519.PrivateKey, error) {
	text = strings.ReplaceAll(strings.TrimSpace(text), `\n`, "\n")
	bad := integrations.Wrap(integrations.ErrInvalidCredentials,
		"the private key is not an Ed25519 key: paste the base64 text the key-pair script printed as the private key")
	if strings.HasPrefix(text, "-----BEGIN") {
		blk, _ := pem.Decode([]byte(text))
		if blk == nil {
			return nil, bad
		}
		k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
		if err != nil {
			return nil, bad
		}
		ed, ok := k.(ed25519.PrivateKey)
		if !ok {
			return nil, bad
		}
		return ed, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil {
		return nil, bad
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize])
		if !bytes.Equal(k[ed25519.SeedSize:], raw[ed25519.SeedSize:]) {
			return nil, bad
		}
		return k, nil
	}
	return nil, bad
}
