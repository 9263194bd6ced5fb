package fake

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The guide's protected GET (/marketdata/snapshot?conid=8314, signed with
// its live session token): the fake's own base string and check accept it,
// and refuse it altered.
func TestVerifierGuideExample(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "http://localhost:12345/tradingapi/v1/marketdata/snapshot?conid=8314", nil)
	r.Header.Set("Authorization", `OAuth realm="test_realm", oauth_consumer_key="TESTCONS", oauth_nonce="aecef17086308940e861", `+
		`oauth_signature="%2BBdIuZDNooYZAbO9RZUCTC5F%2F3HjFOb04Tu4crpi0v8%3D", oauth_signature_method="HMAC-SHA256", `+
		`oauth_timestamp="1473795686", oauth_token="6f531f8fd316915af53f"`)
	h, err := parseHeader(r)
	if err != nil {
		t.Fatal(err)
	}
	const lst = "YBWbLw+9RYP2nWrPQHxHZkBb1aM="
	if !hmacValid(lst, base(r, "http", h, "", false), h["oauth_signature"]) {
		t.Fatal("the guide's signature does not verify")
	}
	if hmacValid(lst, base(r, "http", h, "", true), h["oauth_signature"]) {
		t.Error("the signature verified without the query parameter it covers")
	}
	r.URL.RawQuery = "conid=8315"
	if hmacValid(lst, base(r, "http", h, "", false), h["oauth_signature"]) {
		t.Error("a changed query verified")
	}
}

// guideNormal is the guide's "Normal base string" (§1.2a): a parameter
// with a '|' and an empty one, sorted among the oauth_ parameters, each
// pair encoded once with the whole list.
const guideNormal = "POST&https%3A%2F%2Fapi.ibkr.com%2Fv1%2Fapi%2Foauth%2Fsession_token&device_id%3DCCCCCC95%7C48-DF-37-57-33-80" +
	"%26oauth_consumer_key%3DTESTCONS%26oauth_nonce%3DmQfUqcZD3TjC5RNguaYVQwOXfFyCgt0m%26oauth_signature_method%3DRSA-" +
	"SHA256%26oauth_timestamp%3D1605211475%26oauth_token%3Deb31c080cc0bd45b2f55%26username%3D"

// guideNormalRequest is that request, its two non-oauth_ parameters in the
// query (the guide's are a form's; the fake reads parameters from the
// query alone), and its header parameters.
func guideNormalRequest() (*http.Request, header) {
	r := httptest.NewRequest(http.MethodPost, "https://api.ibkr.com/v1/api/oauth/session_token?device_id=CCCCCC95%7C48-DF-37-57-33-80&username=", nil)
	return r, header{"realm": "limited_poa", "oauth_consumer_key": "TESTCONS", "oauth_nonce": "mQfUqcZD3TjC5RNguaYVQwOXfFyCgt0m",
		"oauth_signature_method": "RSA-SHA256", "oauth_timestamp": "1605211475", "oauth_token": "eb31c080cc0bd45b2f55", "oauth_signature": "x"}
}

func TestBaseGuideNormal(t *testing.T) {
	r, h := guideNormalRequest()
	if got := base(r, "https", h, "", false); got != guideNormal {
		t.Errorf("base string\n got %s\nwant %s", got, guideNormal)
	}
	if got := base(r, "https", h, liveSecretHex, false); got != liveSecretHex+guideNormal {
		t.Errorf("the prepend is not in front: %s", got)
	}
}

// TestRSAValidVector: the guide gives no RSA signature with its key, so
// the vector is the live session token request's rule applied to the
// guide's Normal base string (the live user's access token secret, in hex,
// in front) and signed with LiveSignatureKey by RSA-SHA256 (PKCS #1 v1.5
// over SHA-256, the only method the OAuth 1.0a Extended page allows for
// it), computed in Python 3 with the rsa package's rsa.sign(…, 'SHA-256').
// It passes; with one byte of the
// base string or of the signature changed, or under another key, it does
// not.
func TestRSAValidVector(t *testing.T) {
	const sig = "lwDP6p9RspmluDp2pZyvJT70snPiSqYwL9hR3ZYmrBRjYcFErjDT1liue4GVbBFrrI29/Jefz4/25m0Pr4jRYJwv0vuycrsU61RLkzhPMpoG2NJefL1lEMeWkutKH5myWfG+1IZEqxhgNaKd0gOWcTW27txLh4GnP0PeqbiHN0Vl9J0Kt1Yf6KKxZZyJKu0tAIrwQEk0rbxaX6ncgYEOabSTtN1eB9sDq6F3U1tMlLODO+yLNfJQrrS4rV8EJGGUYwUsWuxPwo39hNZ9Jx1UuptVw/BrklNycgc1mNBoHEPEZ1xq3frKznwB1MzNvjz+xYH3BIXyd/ypV+7VGCAR3A=="
	pub := func(pemKey string) *rsa.PublicKey {
		k, err := parseKey(pemKey)
		if err != nil {
			t.Fatal(err)
		}
		return &k.PublicKey
	}
	r, h := guideNormalRequest()
	b := base(r, "https", h, liveSecretHex, false)
	if !rsaValid(pub(LiveSignatureKey), b, sig) {
		t.Fatal("the vector is refused")
	}
	if rsaValid(pub(LiveSignatureKey), b[:len(b)-1]+"x", sig) {
		t.Error("a changed base string passes")
	}
	if rsaValid(pub(LiveSignatureKey), b, "m"+sig[1:]) {
		t.Error("a changed signature passes")
	}
	if rsaValid(pub(LiveSignatureKey), b, "not base64!") {
		t.Error("a signature that is not base64 passes")
	}
	if rsaValid(pub(OtherKey), b, sig) {
		t.Error("the signature passes under another key")
	}
}

// TestLSTSignatureGuideExample: the guide's live session token
// YBWbLw+9RYP2nWrPQHxHZkBb1aM= signs as 543c55…3f4 for TESTCONS, and not
// for a consumer key one byte off.
func TestLSTSignatureGuideExample(t *testing.T) {
	lst, _ := base64.StdEncoding.DecodeString("YBWbLw+9RYP2nWrPQHxHZkBb1aM=")
	if got := lstSignature(lst, "TESTCONS"); got != "543c55477d6cbb0e792d1e4f8111cec7305ba3f4" {
		t.Errorf("signature %s", got)
	}
	if lstSignature(lst, "TESTCONX") == "543c55477d6cbb0e792d1e4f8111cec7305ba3f4" {
		t.Error("another consumer key signs the same")
	}
}

// TestTokenVector: the guide publishes no exchange with its secrets, so the
// vectors were computed in Python 3 with the guide's §2.4 steps (K =
// A^b mod p; K's bytes as Java's BigInteger.toByteArray writes them, a 0
// byte in front when its bit length is a multiple of 8; the token
// base64(HMAC-SHA1(K's bytes, the decrypted secret)); its signature
// hex(HMAC-SHA1(token, consumer key))) for the challenge A = g^a mod p of a
// fixed a, the live user's secret and consumer key, and b = 3 (K with the
// extra 0 byte) and b = 4 (without). Each matches; with one byte of the
// secret changed, or a challenge out of range, it does not.
func TestTokenVector(t *testing.T) {
	const challenge = "c3d048e5ac8531fa229501ad6ec7b2e87b94edeb918faef66e953a081a3d1c4f72b5740398e51ca0b2fd73e3a47063684fc6269632bd472b67ed81a81447d737654efe70a36fc78bf60a39ba51e9f9bb4d38fa909c72ff8542f6a5beaef08b987d7201c5c89e0343089e48ab471c9069326ddce4ebe864b912037be1d1ab942c" +
		"6d6c6afa04aac9130d53c09a6414f2759b857df76ebb3e52dcffff800db05fc74ce74f3744e3c617a3cb65a5b9706f3484deea8eb73bd37b1dd2c9fd63b15dc930875ea3c7b02e1a376e2657e1ffce27b0937fd7d8d5da35dc534708952de41bb7f0d12a30e409fb7c3214c31fd8f687ab47be318e1eddad3bd80f44ee35803f"
	g, err := parseGroup(DHParams)
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := hex.DecodeString(liveSecretHex)
	for _, c := range []struct {
		b             int64
		response, lst string
		sig           string
	}{
		{3, "8", "h/9G4A2gTZ5HIJsdJtL4tcQvnS8=", "762fbf736539480cd1e2bf87971f0d4bf925f384"},
		{4, "10", "7UiIklAAkVQMBs6eQHlk7PU0NOg=", "200bbfe29590052a42f85f075f3ddf575a45a8dd"},
	} {
		resp, lst, sig, err := g.token(challenge, big.NewInt(c.b), secret, LiveConsumerKey)
		if err != nil || resp != c.response || lst != c.lst || sig != c.sig {
			t.Errorf("b=%d: %s %s %s %v, want %s %s %s", c.b, resp, lst, sig, err, c.response, c.lst, c.sig)
		}
		changed := append([]byte(nil), secret...)
		changed[0] ^= 1
		if _, lst, _, _ := g.token(challenge, big.NewInt(c.b), changed, LiveConsumerKey); lst == c.lst {
			t.Errorf("b=%d: a changed secret gives the same token", c.b)
		}
	}
	for _, bad := range []string{"1", "zz", g.p.Text(16)} {
		if _, _, _, err := g.token(bad, big.NewInt(3), secret, LiveConsumerKey); err == nil {
			t.Errorf("challenge %s accepted", bad)
		}
	}
}
