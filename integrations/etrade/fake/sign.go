package fake

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// This file checks a request's OAuth 1.0a signature as E*TRADE defines it:
// its developer guide (developer.etrade.com/getting-started/developer-guides)
// uses OAuth 1.0a and defers to http://oauth.net/core/1.0a/ (now RFC 5849),
// and its API reference (e.g. Get Access Token) names HMAC-SHA1 as the only
// oauth_signature_method: the signature base string of RFC 5849 §3.4.1,
// signed with HMAC-SHA1 keyed with the percent-encoded consumer secret, "&"
// and the percent-encoded token secret (§3.4.2). It is written from those
// pages, not from the etrade package or the client's OAuth library, so
// that the fake checks E*TRADE's rule; sign_test.go runs the guide's
// signature example and the RFC's own.

// percentEncode encodes s as RFC 5849 §3.6 asks: everything but unreserved
// characters as %XX with upper-case hex.
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// BaseString is the signature base string of a request (RFC 5849 §3.4.1):
// the method, the base string URI and the normalized parameters (query,
// form body and protocol parameters except oauth_signature and realm).
func BaseString(method string, u *url.URL, form url.Values, oauth map[string]string) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if (scheme == "http" && strings.HasSuffix(host, ":80")) || (scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	type pair struct{ k, v string }
	var ps []pair
	for k, vs := range u.Query() {
		for _, v := range vs {
			ps = append(ps, pair{percentEncode(k), percentEncode(v)})
		}
	}
	for k, vs := range form {
		for _, v := range vs {
			ps = append(ps, pair{percentEncode(k), percentEncode(v)})
		}
	}
	for k, v := range oauth {
		if k == "oauth_signature" || k == "realm" {
			continue
		}
		ps = append(ps, pair{percentEncode(k), percentEncode(v)})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].k != ps[j].k {
			return ps[i].k < ps[j].k
		}
		return ps[i].v < ps[j].v
	})
	norm := make([]string, len(ps))
	for i, p := range ps {
		norm[i] = p.k + "=" + p.v
	}
	return strings.ToUpper(method) + "&" + percentEncode(scheme+"://"+host+path) + "&" + percentEncode(strings.Join(norm, "&"))
}

// Sign is the HMAC-SHA1 signature of a base string (RFC 5849 §3.4.2).
func Sign(base, consumerSecret, tokenSecret string) string {
	m := hmac.New(sha1.New, []byte(percentEncode(consumerSecret)+"&"+percentEncode(tokenSecret)))
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// formOf returns the form parameters of a request whose body is
// application/x-www-form-urlencoded (which take part in the signature),
// leaving the body readable.
func formOf(r *http.Request) url.Values {
	if r.Body == nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		return nil
	}
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	v, _ := url.ParseQuery(string(b))
	return v
}

// Verify checks the request's HMAC-SHA1 signature against the secrets.
// scheme and host are those the client addressed (the fake listens on
// plain http).
func Verify(r *http.Request, params map[string]string, consumerSecret, tokenSecret string) bool {
	if params["oauth_signature_method"] != "HMAC-SHA1" {
		return false
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	want := Sign(BaseString(r.Method, &u, formOf(r), params), consumerSecret, tokenSecret)
	return hmac.Equal([]byte(want), []byte(params["oauth_signature"]))
}
