package fake

import (
	"net/http"
	"net/url"
	"testing"
)

// TestSignatureDocExample: the worked example of Webull's Signature page
// (developer.webull.com/apis/docs/authentication/signature: POST
// /trade/place_order on api.webull.com with query a1, a2, a3, q1, its JSON
// body, App Key 776da210…, App Secret 0f50a2e8…) gives the page's
// HMAC-SHA1 signature kvlS6opd…; the same request under HMAC-SHA256 gives
// the value the Python SDK's composer steps
// (default_signature_composer.calc_signature with sha_hmac256_new, commit
// c85a32a) compute for it, WmKFpDtQ… (the page publishes SHA-1 only). One
// byte changed in the path, the query, the body, a signed header or the
// secret changes the signature.
func TestSignatureDocExample(t *testing.T) {
	const (
		path   = "/trade/place_order"
		host   = "api.webull.com"
		secret = "0f50a2e853334a9aae1a783bee120c1f"
		body   = `{"k1":123,"k2":"this is the api request body","k3":true,"k4":{"foo":[1,2]}}`
	)
	query := url.Values{"a1": {"webull"}, "a2": {"123"}, "a3": {"xxx"}, "q1": {"yyy"}}
	headers := func(alg string) http.Header {
		h := http.Header{}
		h.Set(hAppKey, "776da210ab4a452795d74e726ebd74b6")
		h.Set(hTimestamp, "2022-01-04T03:55:31Z")
		h.Set(hSigAlgorithm, alg)
		h.Set(hSigVersion, sigVersion)
		h.Set(hSigNonce, "48ef5afed43d4d91ae514aaeafbc29ba")
		h.Set(hVersion, apiVersion) // not signed
		return h
	}
	for alg, want := range map[string]string{algSHA1: "kvlS6opdZDhEBo5jq40nHYXaLvM=", algSHA256: "WmKFpDtQMSUhCYjmgA66EX5dQo+pS4qOwu3Kl0tb6KU="} {
		h := headers(alg)
		if got := signature(secret, path, host, h, query, []byte(body)); got != want {
			t.Errorf("%s: %s, want %s", alg, got, want)
		}
		nonce := headers(alg)
		nonce.Set(hSigNonce, "48ef5afed43d4d91ae514aaeafbc29bb")
		q := url.Values{"a1": {"webull"}, "a2": {"124"}, "a3": {"xxx"}, "q1": {"yyy"}}
		for name, got := range map[string]string{
			"path":   signature(secret, "/trade/place_ordes", host, h, query, []byte(body)),
			"host":   signature(secret, path, "api.webull.co", h, query, []byte(body)),
			"query":  signature(secret, path, host, h, q, []byte(body)),
			"body":   signature(secret, path, host, h, query, []byte(body[:len(body)-2]+"]}")),
			"nonce":  signature(secret, path, host, nonce, query, []byte(body)),
			"secret": signature(secret[:31]+"d", path, host, h, query, []byte(body)),
		} {
			if got == want {
				t.Errorf("%s: a changed %s signs the same", alg, name)
			}
		}
	}
}

// TestSignatureRules: a repeated query parameter signs its values sorted
// and joined by "&" whatever order they came in; a request without a body
// signs no digest; quote encodes as Python's quote(s, safe="").
func TestSignatureRules(t *testing.T) {
	h := http.Header{}
	h.Set(hSigAlgorithm, algSHA1)
	a := signature("s", "/p", "h", h, url.Values{"n": {"v3", "v1", "v2"}}, nil)
	if b := signature("s", "/p", "h", h, url.Values{"n": {"v1", "v2", "v3"}}, nil); a != b {
		t.Error("the order of a repeated parameter's values changes the signature")
	}
	if signature("s", "/p", "h", h, nil, nil) == signature("s", "/p", "h", h, nil, []byte("{}")) {
		t.Error("a body does not change the signature")
	}
	if got := quote("/a b&c=d~e-f_g.h+é"); got != "%2Fa%20b%26c%3Dd~e-f_g.h%2B%C3%A9" {
		t.Errorf("quote: %s", got)
	}
}
