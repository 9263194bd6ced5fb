package fake

import (
	"net/http/httptest"
	"net/url"
	"testing"
)

// TestETradeGuideExample: the signature example of E*TRADE's developer
// guide (consumer key c5bb4dcb…, secret 7d302462…, access token VbiNYl63…,
// access secret XCF9RzyQ…, timestamp 1344885636, nonce 0bba225a…, GET
// https://api.etrade.com/v1/accounts/list, no oauth_version) gives the
// guide's oauth_signature UOnPVdzExTAgHkcGWLLfeTaaMSM%3D; with one byte of
// the request, of a secret or of the signature changed, it does not.
func TestETradeGuideExample(t *testing.T) {
	const (
		consumerSecret = "7d30246211192cda43ede3abd9b393b9"
		tokenSecret    = "XCF9RzyQr4UEPloA+WlC06BnTfYC1P0Fwr3GUw/B0Es="
		sig            = "UOnPVdzExTAgHkcGWLLfeTaaMSM="
	)
	oauth := map[string]string{"oauth_consumer_key": "c5bb4dcb7bd6826c7c4340df3f791188",
		"oauth_token": "VbiNYl63EejjlKdQM6FeENzcnrLACrZ2JYD6NQROfVI=", "oauth_timestamp": "1344885636",
		"oauth_nonce": "0bba225a40d1bbac2430aa0c6163ce44", "oauth_signature_method": "HMAC-SHA1"}
	u, _ := url.Parse("https://api.etrade.com/v1/accounts/list")
	base := BaseString("GET", u, nil, oauth)
	if got := Sign(base, consumerSecret, tokenSecret); got != sig {
		t.Fatalf("the guide's example signs as %s, want %s (base %s)", got, sig, base)
	}
	oauth["oauth_nonce"] = "0bba225a40d1bbac2430aa0c6163ce45"
	if Sign(BaseString("GET", u, nil, oauth), consumerSecret, tokenSecret) == sig {
		t.Error("a changed nonce signs the same")
	}
	if Sign(base, consumerSecret, tokenSecret[:len(tokenSecret)-2]+"t=") == sig {
		t.Error("a changed token secret signs the same")
	}
}

// TestVerify: a request signed by the rule passes Verify; the same request
// with one byte of its signature changed, or claiming another signature
// method, does not.
func TestVerify(t *testing.T) {
	r := httptest.NewRequest("GET", "http://127.0.0.1:8080/v1/accounts/list?count=1", nil)
	params := map[string]string{"oauth_consumer_key": "ck", "oauth_token": "tok", "oauth_timestamp": "1344885636",
		"oauth_nonce": "n1", "oauth_signature_method": "HMAC-SHA1"}
	u, _ := url.Parse("http://127.0.0.1:8080/v1/accounts/list?count=1")
	sig := Sign(BaseString("GET", u, nil, params), "cs", "ts")
	params["oauth_signature"] = sig
	if !Verify(r, params, "cs", "ts") {
		t.Fatal("a well-signed request is refused")
	}
	params["oauth_signature"] = sig[:3] + string(sig[3]^1) + sig[4:]
	if Verify(r, params, "cs", "ts") {
		t.Error("a changed signature passes")
	}
	params["oauth_signature"], params["oauth_signature_method"] = sig, "PLAINTEXT"
	if Verify(r, params, "cs", "ts") {
		t.Error("another signature method passes")
	}
}

// The three signed requests of RFC 5849 §1.2, with the secrets it gives
// (client kd94hf93k423kf44, temporary hdhd0244k9j7ao03, token
// pfkkdhi9sl3r4s00). The RFC's example headers carry no oauth_version. The
// first example's printed signature (74KNZJeDHnMBp0EMJ9ZG5szSkqk=) is wrong
// past its 19th character, as the RFC's errata report; the value below is
// the corrected one.
func TestRFC5849Examples(t *testing.T) {
	cases := []struct {
		name, method, url  string
		oauth              map[string]string
		consumer, tokenSec string
		sig                string
	}{
		{"temporary credentials", "POST", "https://photos.example.net/initiate", map[string]string{
			"realm": "Photos", "oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_signature_method": "HMAC-SHA1",
			"oauth_timestamp": "137131200", "oauth_nonce": "wIjqoS", "oauth_callback": "http://printer.example.com/ready"},
			"kd94hf93k423kf44", "", "74KNZJeDHnMBp0EMJ9ZHt/XKycU="},
		{"token credentials", "POST", "https://photos.example.net/token", map[string]string{
			"realm": "Photos", "oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_token": "hh5s93j4hdidpola",
			"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201", "oauth_nonce": "walatlh",
			"oauth_verifier": "hfdp7dh39dks9884"},
			"kd94hf93k423kf44", "hdhd0244k9j7ao03", "gKgrFCywp7rO0OXSjdot/IHF7IU="},
		{"protected resource", "GET", "http://photos.example.net/photos?file=vacation.jpg&size=original", map[string]string{
			"realm": "Photos", "oauth_consumer_key": "dpf43f3p2l4k3l03", "oauth_token": "nnch734d00sl2jdk",
			"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131202", "oauth_nonce": "chapoH"},
			"kd94hf93k423kf44", "pfkkdhi9sl3r4s00", "MdpQcU8iPSUjWoN/UDMsK2sui9I="},
	}
	for _, c := range cases {
		u, _ := url.Parse(c.url)
		if got := Sign(BaseString(c.method, u, nil, c.oauth), c.consumer, c.tokenSec); got != c.sig {
			t.Errorf("%s: signature %s, want %s (base %s)", c.name, got, c.sig, BaseString(c.method, u, nil, c.oauth))
		}
	}
}

// RFC 5849 §3.4.1.1's worked example of a base string, with a form body,
// a repeated key and an encoded space.
func TestRFC5849BaseString(t *testing.T) {
	u, _ := url.Parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")
	form := url.Values{"c2": {""}, "a3": {"2 q"}}
	oauth := map[string]string{"realm": "Example", "oauth_consumer_key": "9djdj82h48djs9d2", "oauth_token": "kkk9d7dh3k39sjv7",
		"oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": "137131201", "oauth_nonce": "7d8f3e4a",
		"oauth_signature": "djosJKDKJSD8743243%2Fjdk33klY%3D"}
	want := "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q" +
		"%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_" +
		"key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m" +
		"ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk" +
		"9d7dh3k39sjv7"
	if got := BaseString("POST", u, form, oauth); got != want {
		t.Errorf("base string\n got %s\nwant %s", got, want)
	}
}
