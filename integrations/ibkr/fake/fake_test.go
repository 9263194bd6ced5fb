package fake

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseHeaderRefuses(t *testing.T) {
	for _, v := range []string{"", "Bearer x", `OAuth realm="x"`, `OAuth realm="x", oauth_consumer_key=K`,
		`OAuth realm="a", oauth_consumer_key="K", oauth_nonce="n", oauth_signature="s", oauth_signature_method="HMAC-SHA256", oauth_timestamp="12a", oauth_token="t"`,
		`OAuth realm="a", realm="b", oauth_consumer_key="K", oauth_nonce="n", oauth_signature="s", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_token="t"`,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", v)
		if _, err := parseHeader(r); err == nil {
			t.Errorf("%q parsed", v)
		}
	}
}

// The test logins hold together: each access token secret decrypts, with
// its user's encryption key, to the secret the fake keeps; each signature
// key is the one the fake checks with.
func TestTestLogins(t *testing.T) {
	for _, u := range []struct{ secret, enc, plain, sig string }{
		{LiveAccessTokenSecret, LiveEncryptionKey, liveSecretHex, LiveSignatureKey},
		{PaperAccessTokenSecret, PaperEncryptionKey, paperSecretHex, PaperSignatureKey},
	} {
		k, err := parseKey(u.enc)
		if err != nil {
			t.Fatal(err)
		}
		ct, _ := base64.StdEncoding.DecodeString(u.secret)
		plain, err := rsa.DecryptPKCS1v15(nil, k, ct) //nolint:staticcheck // IBKR's scheme
		if err != nil || hex.EncodeToString(plain) != u.plain {
			t.Errorf("secret does not decrypt to the fake's: %v", err)
		}
		if _, err := parseKey(u.sig); err != nil {
			t.Error(err)
		}
	}
	if b, _ := pem.Decode([]byte(LiveSignatureKey)); b.Type != "RSA PRIVATE KEY" {
		t.Error("the live keys are PKCS #1")
	}
	if b, _ := pem.Decode([]byte(PaperSignatureKey)); b.Type != "PRIVATE KEY" {
		t.Error("the paper keys are PKCS #8")
	} else if _, err := x509.ParsePKCS8PrivateKey(b.Bytes); err != nil {
		t.Error(err)
	}
	g, err := parseGroup(DHParams)
	if err != nil || g.p.BitLen() != 2048 || g.g.Int64() != 2 {
		t.Errorf("DH parameters: %v", err)
	}
}

// The live session token request: a signature by another key, a wrong
// token, an unknown consumer and a revoked one are refused.
func TestLiveSessionTokenRefusals(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	post := func(auth string) int {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/api/oauth/live_session_token", nil)
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	hdr := func(ck, tok string) string {
		return `OAuth realm="limited_poa", diffie_hellman_challenge="0abc", oauth_consumer_key="` + ck + `", oauth_nonce="n", ` +
			`oauth_signature="c2ln", oauth_signature_method="RSA-SHA256", oauth_timestamp="` +
			strings.TrimSpace(time.Now().Format("20060102")) + `", oauth_token="` + tok + `"`
	}
	if c := post(hdr(LiveConsumerKey, LiveAccessToken)); c != http.StatusUnauthorized {
		t.Errorf("a bad signature: %d", c)
	}
	if c := post(hdr(LiveConsumerKey, PaperAccessToken)); c != http.StatusUnauthorized {
		t.Errorf("another user's token: %d", c)
	}
	if c := post(hdr("NOSUCHKEY", LiveAccessToken)); c != http.StatusUnauthorized {
		t.Errorf("an unknown consumer: %d", c)
	}
	if c := post("OAuth nonsense"); c != http.StatusUnauthorized {
		t.Errorf("a malformed header: %d", c)
	}
	// A protected request without a signature.
	resp, err := http.Get(s.URL() + "/v1/api/portfolio/accounts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", resp.StatusCode)
	}
}
