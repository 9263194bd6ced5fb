package fake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPublicOf: the Ed25519 demo key's public key is the second half of the
// portal's base64 text (seed ‖ public key); the ECDSA demo key is a P-256
// key; anything else is refused.
func TestPublicOf(t *testing.T) {
	ed, err := publicOf(DemoEd25519Key)
	raw, _ := base64.StdEncoding.DecodeString(DemoEd25519Key)
	if err != nil || string(ed.(ed25519.PublicKey)) != string(raw[32:]) {
		t.Errorf("Ed25519 demo key: %v", err)
	}
	if seedOnly, err := publicOf(base64.StdEncoding.EncodeToString(raw[:32])); err != nil || string(seedOnly.(ed25519.PublicKey)) != string(raw[32:]) {
		t.Errorf("the seed alone: %v", err)
	}
	ec, err := publicOf(DemoPrivateKey)
	if k, ok := ec.(*ecdsa.PublicKey); err != nil || !ok || k.Curve != elliptic.P256() {
		t.Errorf("ECDSA demo key: %T %v", ec, err)
	}
	for _, bad := range []string{"", "not a key", base64.StdEncoding.EncodeToString(make([]byte, 33)),
		"-----BEGIN EC PRIVATE KEY-----\nTk9UVkFMSUQ=\n-----END EC PRIVATE KEY-----\n"} {
		if _, err := publicOf(bad); err == nil {
			t.Errorf("%q read as a key", bad)
		}
	}
}

// TestAuthenticateSDKShapedJWT: no fixed JWT is published (the SDK's token
// carries a random nonce, and ES256 signatures are randomised), so this
// builds the REST JWT the way coinbase-advanced-py's build_rest_jwt does —
// header alg EdDSA, kid and nonce; claims sub, iss "cdp", nbf, exp = nbf +
// 120 and uri "GET <host><path>" — with the standard library alone, and
// checks that the fake lets it through and refuses it with one byte of the
// signature changed, another request's uri, or a lifetime over 2 minutes.
func TestAuthenticateSDKShapedJWT(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	raw, _ := base64.StdEncoding.DecodeString(DemoEd25519Key)
	priv := ed25519.NewKeyFromSeed(raw[:32])
	b64 := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	token := func(uri string, life int64) string {
		in := b64(map[string]any{"alg": "EdDSA", "typ": "JWT", "kid": EdKeyName, "nonce": "5f3c0e1d2b4a69788796a5b4c3d2e1f0"}) + "." +
			b64(map[string]any{"sub": EdKeyName, "iss": "cdp", "nbf": now.Unix(), "exp": now.Unix() + life, "uri": uri})
		return in + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(priv, []byte(in)))
	}
	check := func(tok string) bool {
		r := httptest.NewRequest("GET", "http://api.coinbase.test/api/v3/brokerage/accounts", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		kid, ok := s.authenticate(r)
		return ok && kid == EdKeyName
	}
	good := token("GET api.coinbase.test/api/v3/brokerage/accounts", 120)
	if !check(good) {
		t.Fatal("the SDK-shaped token is refused")
	}
	i, other := strings.LastIndex(good, ".")+1, "A"
	if good[i] == 'A' {
		other = "B"
	}
	flipped := good[:i] + other + good[i+1:]
	for name, tok := range map[string]string{
		"a changed signature": flipped,
		"another request":     token("GET api.coinbase.test/api/v3/brokerage/products", 120),
		"a 3-minute token":    token("GET api.coinbase.test/api/v3/brokerage/accounts", 180),
	} {
		if check(tok) {
			t.Errorf("%s passes", name)
		}
	}
}
