package fake

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the scheme Tiger verifies
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
)

// validSignature reports whether sig is the sign of a gateway request's
// params as Tiger's Open API docs define it ("Signature Description":
// Signature Rules and Signature Algorithm Sample) and its official Python
// SDK computes it (tigerfintech/openapi-python-sdk,
// tigeropen/common/util/signature_utils.py: get_sign_content, then
// sign_with_rsa, rsa.sign(…, 'SHA-1'), base64): base64 of the SHA1withRSA
// (PKCS #1 v1.5) signature, with the developer's private key, of
// signContent(params). Written from those, not from the tiger package, so
// that the fake checks Tiger's rule.
func validSignature(pub *rsa.PublicKey, params map[string]any, sig string) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	sum := sha1.Sum([]byte(signContent(params))) //nolint:gosec // the scheme Tiger verifies
	return err == nil && rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], raw) == nil
}

// signContent is the SDK's get_sign_content and the docs' Signature Rules:
// every parameter but sign, sorted by name, as name=value joined by "&".
// A value that is not a string is written as Go's json.Marshal writes it,
// where the SDK writes Python's json.dumps (", " and ": " between members):
// the two differ for an object or a list, but every parameter the docs and
// the SDK send is a string (biz_content is JSON already written out).
func signContent(params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "sign" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v, ok := params[k].(string)
		if !ok {
			b, _ := json.Marshal(params[k])
			v = string(b)
		}
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "&")
}
