package fake

import "testing"

// TestValidSignatureSDKVectors: the official SDK's own createSignature
// vectors (node-bitvavo-api test/utils.spec.js, commit 644f2d1: secret
// "bitvavo", a GET of /websocket and a POST of /order with its JSON body,
// each signed over "/v2" + the path) pass; each with one byte of the
// timestamp, the path, the body or the signature changed does not.
func TestValidSignatureSDKVectors(t *testing.T) {
	const body = `{"market":"BTC-EUR","side":"buy","price":"5000","amount":"1.23","orderType":"limit"}`
	for _, v := range []struct{ ts, method, uri, body, sig string }{
		{"1548175200641", "GET", "/v2/websocket", "", "653fc0505431c63a043273da4bd2f0927eae83948d796084f313e5d1131b0d6f"},
		{"1548172481125", "POST", "/v2/order", body, "44d022723a20973a18f7ee97398b9fdd405d2d019c8d39e24b8cc0dcb39ca016"},
	} {
		if !validSignature("bitvavo", v.ts, v.method, v.uri, v.body, v.sig) {
			t.Errorf("%s %s: the SDK's vector is refused", v.method, v.uri)
		}
		for name, bad := range map[string]bool{
			"timestamp": validSignature("bitvavo", v.ts[:12]+"9", v.method, v.uri, v.body, v.sig),
			"path":      validSignature("bitvavo", v.ts, v.method, v.uri+"/", v.body, v.sig),
			"body":      validSignature("bitvavo", v.ts, v.method, v.uri, v.body+" ", v.sig),
			"signature": validSignature("bitvavo", v.ts, v.method, v.uri, v.body, "0"+v.sig[1:]),
		} {
			if bad {
				t.Errorf("%s %s: a changed %s passes", v.method, v.uri, name)
			}
		}
	}
}
