package tiger

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // Tiger's signature scheme is SHA1withRSA (sign_type RSA)
	"encoding/base64"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// errKey is a private key that cannot be read.
var errKey = errors.New("not an RSA private key")

// parseKey reads the user's private key as the SDK does: the base64 body
// of a PKCS#1 key (private_key_pk1 in tiger_openapi_config.properties), a
// PKCS#8 body (private_key_pk8), or either in a PEM block.
func parseKey(s string) (*rsa.PrivateKey, error) {
	var b64 strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "-----") || line == "" {
			continue
		}
		b64.WriteString(line)
	}
	der, err := base64.StdEncoding.DecodeString(b64.String())
	if err != nil || len(der) == 0 || len(der) > 16<<10 {
		return nil, errKey
	}
	k, ok := integrations.RSAPrivateKey(der)
	if !ok {
		return nil, errKey
	}
	return k, nil
}

// signContent is what a request signs (the SDK's get_sign_content): every
// parameter but sign, sorted by name, as name=value joined by "&"; string
// values as they are, others as JSON.
func signContent(params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "sign" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		switch v := params[k].(type) {
		case string:
			b.WriteString(v)
		default:
			j, _ := json.Marshal(v)
			b.Write(j)
		}
	}
	return b.String()
}

// sign is the request's signature: SHA1withRSA (PKCS #1 v1.5) of the sign
// content, base64 (the SDK's sign_with_rsa).
func sign(key *rsa.PrivateKey, content string) (string, error) {
	sum := sha1.Sum([]byte(content)) //nolint:gosec // the scheme Tiger verifies
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA1, sum[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}
