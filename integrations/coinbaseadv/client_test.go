package coinbaseadv

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The official SDK's test keys (coinbase-advanced-py tests/constants.py,
// v1.8.4): one ECDSA key, and one Ed25519 key in its three accepted forms.
const (
	sdkKeyName      = "organizations/test-organization/apiKeys/test-api-key"
	sdkECSecret     = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKwf3Uox30cRWzRBOPoPOH5p0Gpb0Dt8zUKXUEM5fMkGoAoGCCqGSM49\nAwEHoUQDQgAEbAtpLlSZYVOwYICz+uEyxcS29vRIujiES/gQ1DC7FV4zK4JuYE9v\nqDyGZQYjdXHLM7I6f/QnnOITL+dXYWBHRA==\n-----END EC PRIVATE KEY-----\n"
	sdkEdSecret     = "k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputDOKsRAwgyrpEQLeBtS1znTmzPX6Xr2eOWpzx6nW8knkA=="
	sdkEdPKCS8      = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJNAVJ4tKdL2RtQXaVY0uqIASe5MZut9ACdnTfrbqbrQ\n-----END PRIVATE KEY-----\n"
	sdkEdSeedSecret = "k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputA="
)

// TestToken checks each request's JWT the way the SDK's tests do
// (tests/test_jwt_generator.py): alg by key type, kid and sub the key name,
// iss "cdp", uri "GET api.coinbase.com/api/v3/brokerage/accounts"; and, as
// build_jwt writes them, exp = nbf + 120 and a 32-byte hex nonce. A PEM
// with literal \n (the JSON key file) reads too.
func TestToken(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name, secret, alg string
	}{
		{"ecdsa", sdkECSecret, "ES256"},
		{"ecdsa, escaped newlines", `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKwf3Uox30cRWzRBOPoPOH5p0Gpb0Dt8zUKXUEM5fMkGoAoGCCqGSM49\nAwEHoUQDQgAEbAtpLlSZYVOwYICz+uEyxcS29vRIujiES/gQ1DC7FV4zK4JuYE9v\nqDyGZQYjdXHLM7I6f/QnnOITL+dXYWBHRA==\n-----END EC PRIVATE KEY-----\n`, "ES256"},
		{"ed25519 base64", sdkEdSecret, "EdDSA"},
		{"ed25519 pkcs8", sdkEdPKCS8, "EdDSA"},
		{"ed25519 seed", sdkEdSeedSecret + "\n", "EdDSA"},
	}
	for _, c := range cases {
		k, err := ParseKey(c.secret)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		tok, err := Token(sdkKeyName, k, "GET", "api.coinbase.com", "/api/v3/brokerage/accounts", now)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		claims := jwt.MapClaims{}
		parsed, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return k.Public(), nil },
			jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithValidMethods([]string{c.alg}))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if parsed.Header["kid"] != sdkKeyName || parsed.Header["alg"] != c.alg || len(parsed.Header["nonce"].(string)) != 64 {
			t.Errorf("%s: header %v", c.name, parsed.Header)
		}
		if claims["uri"] != "GET api.coinbase.com/api/v3/brokerage/accounts" || claims["sub"] != sdkKeyName ||
			claims["iss"] != "cdp" || claims["exp"].(float64)-claims["nbf"].(float64) != 120 {
			t.Errorf("%s: claims %v", c.name, claims)
		}
	}
	// The three Ed25519 forms are one key.
	a, _ := ParseKey(sdkEdSecret)
	b, _ := ParseKey(sdkEdPKCS8)
	c, _ := ParseKey(sdkEdSeedSecret)
	if !a.Public().(ed25519.PublicKey).Equal(b.Public()) || !a.Public().(ed25519.PublicKey).Equal(c.Public()) {
		t.Error("the Ed25519 forms read as different keys")
	}
}

// TestParseKeyRefusals: what the SDK refuses (test_wrong_length_base64,
// test_invalid_base64_raises, test_malformed_pem_raises_clearly) is
// ErrInvalidCredentials here, and so is a public key.
func TestParseKeyRefusals(t *testing.T) {
	bad := []string{
		base64.StdEncoding.EncodeToString(make([]byte, 31)),
		base64.StdEncoding.EncodeToString(make([]byte, 33)),
		base64.StdEncoding.EncodeToString(make([]byte, 65)),
		"not-valid-base64!!!",
		"-----BEGIN EC PRIVATE KEY-----\nNOTVALIDDATA\n-----END EC PRIVATE KEY-----\n",
		"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
		"-----BEGIN EC PRIVATE KEY-----",
	}
	for _, s := range bad {
		if _, err := ParseKey(s); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// TestParseKeyPKCS8: the SDK's EC key re-encoded as PKCS #8 ("PRIVATE KEY")
// reads as the same ECDSA key; an EC key on another curve than P-256 (ES256)
// and an RSA key are refused as credentials.
func TestParseKeyPKCS8(t *testing.T) {
	sec, err := ParseKey(sdkECSecret)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(sec)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKey(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
	if err != nil {
		t.Fatal(err)
	}
	if ec, ok := k.(*ecdsa.PrivateKey); !ok || !ec.Equal(sec) {
		t.Errorf("PKCS #8 EC key read as %T", k)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, err := x509.MarshalECPrivateKey(p384)
	if err != nil {
		t.Fatal(err)
	}
	p384DER, _ := x509.MarshalPKCS8PrivateKey(p384)
	rsaDER, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	for name, blk := range map[string]*pem.Block{
		"P-384 EC":     {Type: "EC PRIVATE KEY", Bytes: ecDER},
		"P-384 PKCS#8": {Type: "PRIVATE KEY", Bytes: p384DER},
		"RSA PKCS#8":   {Type: "PRIVATE KEY", Bytes: rsaDER},
	} {
		if _, err := ParseKey(string(pem.EncodeToMemory(blk))); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("%s: %v, want ErrInvalidCredentials", name, err)
		}
	}
}

// TestStatus maps Advanced Trade's refusals, in a data call and while
// logging in.
func TestStatus(t *testing.T) {
	env := integrations.Env{Now: func() time.Time { return time.Unix(1700000000, 0) }}
	data, login := statusMapper(env, false), statusMapper(env, true)
	for status, want := range map[int]error{401: integrations.ErrReauthRequired, 403: integrations.ErrReauthRequired,
		429: integrations.ErrRateLimited, 503: integrations.ErrUnavailable, 400: integrations.ErrUnavailable} {
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		if err := data(resp, fixture(t, "error_permission.json")); !errors.Is(err, want) {
			t.Errorf("%d: %v", status, err)
		}
	}
	for _, status := range []int{401, 403} {
		if err := login(&http.Response{StatusCode: status, Header: http.Header{}}, []byte("Unauthorized")); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("login %d: %v", status, err)
		}
	}
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3"}}}
	brokertest.WantWait(t, "Retry-After", data(resp, nil), 3*time.Second)
	if d, _ := integrations.RetryAfter(data(&http.Response{StatusCode: 429, Header: http.Header{}}, nil)); d != 5*time.Second {
		t.Errorf("a 429 without Retry-After waits %v", d)
	}
}

// TestSavedKeyRefused: a saved key that does not read asks for a new
// login; without Coinbase's API address the client is unavailable.
func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, New()[0], secret{Name: sdkKeyName, PrivateKey: sdkECSecret}.encode())
}
