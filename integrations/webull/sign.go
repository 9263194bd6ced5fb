package webull

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Signing header names and values (developer.webull.com, Authentication →
// Signature).
const (
	HeaderAppKey       = "x-app-key"
	HeaderTimestamp    = "x-timestamp"
	HeaderSigAlgorithm = "x-signature-algorithm"
	HeaderSigVersion   = "x-signature-version"
	HeaderSigNonce     = "x-signature-nonce"
	HeaderSignature    = "x-signature"
	HeaderAccessToken  = "x-access-token"
	HeaderVersion      = "x-version"

	SigAlgorithm = "HMAC-SHA1"
	SigVersion   = "1.0"
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
}

// SignString builds the string Webull signs: the signing headers (lower-case
// names, with host) and the query parameters sorted by name and joined as
// k=v&k=v, prefixed by the path and "&", suffixed by "&" and the upper-case
// hex MD5 of the body when there is one, then percent-encoded as a whole
// (everything but A-Z a-z 0-9 - _ . ~, space as %20). A parameter given
// several times has its values sorted and joined with "&".
func SignString(in SignInput) string {
	params := map[string][]string{
		HeaderAppKey:       {in.AppKey},
		HeaderTimestamp:    {in.Timestamp},
		HeaderSigVersion:   {SigVersion},
		HeaderSigAlgorithm: {SigAlgorithm},
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
		sum := md5.Sum(in.Body)
		s += "&" + strings.ToUpper(hex.EncodeToString(sum[:]))
	}
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// Signature returns base64(HMAC-SHA1(appSecret + "&", SignString(in))).
func Signature(in SignInput, appSecret string) string {
	m := hmac.New(sha1.New, []byte(appSecret+"&"))
	m.Write([]byte(SignString(in)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
