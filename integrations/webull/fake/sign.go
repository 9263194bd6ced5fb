package fake

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webull's wire strings, as its Signature page
// (developer.webull.com/apis/docs/authentication/signature) and the
// official Python SDK (webull-inc/webull-openapi-python-sdk, commit
// c85a32a: webull/core/headers.py, webull/core/auth/algorithm/*.py,
// webull/core/utils/common.py) write them. The fake spells them itself, not
// through the webull package, so that it checks Webull's rules.
const (
	hAppKey       = "x-app-key"
	hTimestamp    = "x-timestamp"
	hSigAlgorithm = "x-signature-algorithm"
	hSigVersion   = "x-signature-version"
	hSigNonce     = "x-signature-nonce"
	hSignature    = "x-signature"
	hAccessToken  = "x-access-token"
	hVersion      = "x-version"

	apiVersion = "v2" // Versions.V2, sent on every call
	algSHA1    = "HMAC-SHA1"
	algSHA256  = "HMAC-SHA256"
	sigVersion = "1.0"
	// timestampLayout is FORMAT_ISO_8601, "%Y-%m-%dT%H:%M:%SZ" (UTC).
	timestampLayout = "2006-01-02T15:04:05Z"
	// tokenLifetime: a token turns INVALID after 15 days without a call.
	tokenLifetime = 15 * 24 * time.Hour
)

// signature returns the x-signature Webull expects of a request, following
// the Python SDK's default_signature_composer.calc_signature and the
// Signature page: the signing headers (x-app-key, x-timestamp,
// x-signature-version, x-signature-algorithm, x-signature-nonce, as sent)
// and host, with the query parameters, sorted by name as name=value joined
// by "&" (a name given more than once has its values sorted and joined by
// "&", name1=value1&value2&value3: the Python SDK's query is a dict and
// never repeats a name, and that part of the page was not re-read for this
// fake, so a repeated name is the one rule here not checked against a
// source); prefixed by the path and "&";
// suffixed by "&" and the upper-case hex digest of the body when there is
// one (MD5 under HMAC-SHA1, SHA-256 under HMAC-SHA256); percent-encoded
// whole as Python's quote(s, safe="") does. The signature is base64 of the
// HMAC (SHA-1 or SHA-256 as x-signature-algorithm says) keyed with the App
// Secret followed by "&".
func signature(secret, path, host string, h http.Header, query url.Values, body []byte) string {
	params := map[string][]string{"host": {host}}
	for _, k := range []string{hAppKey, hTimestamp, hSigVersion, hSigAlgorithm, hSigNonce} {
		params[k] = []string{h.Get(k)}
	}
	for k, vs := range query {
		params[k] = append(params[k], vs...)
	}
	pairs := []string{}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		pairs = append(pairs, k+"="+strings.Join(slices.Sorted(slices.Values(params[k])), "&"))
	}
	s := strings.Join(pairs, "&")
	if path != "" {
		s = path + "&" + s
	}
	mac, digest := sha1.New, hash.Hash(md5.New())
	if h.Get(hSigAlgorithm) == algSHA256 {
		mac, digest = sha256.New, sha256.New()
	}
	if len(body) > 0 {
		digest.Write(body)
		s += "&" + strings.ToUpper(hex.EncodeToString(digest.Sum(nil)))
	}
	m := hmac.New(mac, []byte(secret+"&"))
	m.Write([]byte(quote(s)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// quote percent-encodes every byte but A-Z a-z 0-9 - _ . ~, in upper-case
// hex: Python 3's urllib.parse.quote(s, safe="").
func quote(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
