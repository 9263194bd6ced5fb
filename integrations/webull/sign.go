package webull

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/url"
	"sort"
	"strings"
)

// Signing header names and values (developer.webull.com, Authentication →
// Signature; webull-openapi-python-sdk webull/core/headers.py).
const (
	HeaderAppKey       = "x-app-key"
	HeaderTimestamp    = "x-timestamp"
	HeaderSigAlgorithm = "x-signature-algorithm"
	HeaderSigVersion   = "x-signature-version"
	HeaderSigNonce     = "x-signature-nonce"
	HeaderSignature    = "x-signature"
	HeaderAccessToken  = "x-access-token"
	HeaderVersion      = "x-version"

	// APIVersion is the x-version both official SDKs send on every request
	// (Versions.V2), data calls included.
	APIVersion = "v2"

	// SigAlgorithm is the documented default, what Latchkey sends and what
	// the Python SDK uses for api.webull.com.
	SigAlgorithm = "HMAC-SHA1"
	// SigAlgorithmSHA256 is what the Java SDK (1.1.19) signs with for every
	// region; its body digest is SHA-256 instead of MD5.
	SigAlgorithmSHA256 = "HMAC-SHA256"
	SigVersion         = "1.0"
	// TimestampLayout is x-timestamp's format: UTC, second precision.
	TimestampLayout = "2006-01-02T15:04:05Z"
)

// SignInput is everything a Webull signature covers.
type SignInput struct {
	Path      string     // the request path, e.g. /account/balance
	Query     url.Values // query parameters, not URL-encoded
	Body      []byte     // the exact body bytes sent; nil or empty for none
	Host      string     // the request's host[:port]
	AppKey    string
	Timestamp string // TimestampLayout
	Nonce     string
	// Algorithm is the x-signature-algorithm sent: SigAlgorithm (the
	// default when empty) or SigAlgorithmSHA256.
	Algorithm string
}

func (in SignInput) algorithm() string {
	if in.Algorithm == "" {
		return SigAlgorithm
	}
	return in.Algorithm
}

// SignString builds the string Webull signs: the signing headers (lower-case
// names, with host) and the query parameters sorted by name and joined as
// k=v&k=v, prefixed by the path and "&", suffixed by "&" and the upper-case
// hex digest of the body when there is one (MD5 for HMAC-SHA1, SHA-256 for
// HMAC-SHA256), then percent-encoded as a whole (everything but A-Z a-z 0-9
// - _ . ~, space as %20). A parameter given several times has its values
// sorted and joined with "&". x-version is not signed.
func SignString(in SignInput) string {
	params := map[string][]string{
		HeaderAppKey:       {in.AppKey},
		HeaderTimestamp:    {in.Timestamp},
		HeaderSigVersion:   {SigVersion},
		HeaderSigAlgorithm: {in.algorithm()},
		HeaderSigNonce:     {in.Nonce},
		"host":             {in.Host},
	}
	for k, vs := range in.Query {
		params[k] = append(params[k], vs...)
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, 0, len(keys))
	for _, k := range keys {
		vs := append([]string(nil), params[k]...)
		sort.Strings(vs)
		pairs = append(pairs, k+"="+strings.Join(vs, "&"))
	}
	s := strings.Join(pairs, "&")
	if in.Path != "" {
		s = in.Path + "&" + s
	}
	if len(in.Body) > 0 {
		var sum []byte
		if in.algorithm() == SigAlgorithmSHA256 {
			h := sha256.Sum256(in.Body)
			sum = h[:]
		} else {
			h := md5.Sum(in.Body)
			sum = h[:]
		}
		s += "&" + strings.ToUpper(hex.EncodeToString(sum))
	}
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// Signature returns base64(HMAC(appSecret + "&", SignString(in))), with
// SHA-1 or SHA-256 as in.Algorithm says.
func Signature(in SignInput, appSecret string) string {
	h := sha1.New
	if in.algorithm() == SigAlgorithmSHA256 {
		h = func() hash.Hash { return sha256.New() }
	}
	m := hmac.New(h, []byte(appSecret+"&"))
	m.Write([]byte(SignString(in)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
