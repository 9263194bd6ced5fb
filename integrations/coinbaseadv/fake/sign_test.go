package fake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
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
// header alg EdDSA (Ed25519 key) or ES256 (ECDSA key, signature r‖s, 32
// bytes each), kid and nonce; claims sub, iss "cdp", nbf, exp = nbf + 120 and
// uri "GET <host><path>" — with the standard library alone, and checks that
// the fake lets both through and refuses each with one byte of the signature
// or the payload changed, alg "none" or HS256, another key's signature, or a
// claim out of place.
func TestAuthenticateSDKShapedJWT(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	s, err := New(Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	raw, _ := base64.StdEncoding.DecodeString(DemoEd25519Key)
	edKey := ed25519.NewKeyFromSeed(raw[:32])
	ecKey, otherKey := ecKeyOf(t, DemoPrivateKey), ecKeyOf(t, OtherPrivateKey)
	b64 := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	edSign := func(in string) []byte { return ed25519.Sign(edKey, []byte(in)) }
	ecSign := func(k *ecdsa.PrivateKey) func(string) []byte {
		return func(in string) []byte {
			d := sha256.Sum256([]byte(in))
			r, s, err := ecdsa.Sign(rand.Reader, k, d[:])
			if err != nil {
				t.Fatal(err)
			}
			return append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
		}
	}
	hs256 := func(in string) []byte { // keyed with the public key's bytes, the classic alg confusion
		m := hmac.New(sha256.New, elliptic.MarshalCompressed(elliptic.P256(), ecKey.X, ecKey.Y))
		m.Write([]byte(in))
		return m.Sum(nil)
	}
	const uri = "GET api.coinbase.test/api/v3/brokerage/accounts"
	claims := func(kid string, edit func(map[string]any)) map[string]any {
		c := map[string]any{"sub": kid, "iss": "cdp", "nbf": now.Unix(), "exp": now.Unix() + 120, "uri": uri}
		if edit != nil {
			edit(c)
		}
		return c
	}
	header := func(alg, kid string) map[string]any {
		return map[string]any{"alg": alg, "typ": "JWT", "kid": kid, "nonce": "5f3c0e1d2b4a69788796a5b4c3d2e1f0"}
	}
	token := func(h, c map[string]any, sign func(string) []byte) string {
		in := b64(h) + "." + b64(c)
		return in + "." + base64.RawURLEncoding.EncodeToString(sign(in))
	}
	// flip changes the character at i of tok (negative: from the end).
	flip := func(tok string, i int) string {
		if i < 0 {
			i += len(tok)
		}
		other := "A"
		if tok[i] == 'A' {
			other = "B"
		}
		return tok[:i] + other + tok[i+1:]
	}
	check := func(tok string) (string, bool) {
		r := httptest.NewRequest("GET", "http://api.coinbase.test/api/v3/brokerage/accounts", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return s.authenticate(r)
	}

	edGood := token(header("EdDSA", EdKeyName), claims(EdKeyName, nil), edSign)
	ecGood := token(header("ES256", DemoKeyName), claims(DemoKeyName, nil), ecSign(ecKey))
	for kid, tok := range map[string]string{EdKeyName: edGood, DemoKeyName: ecGood} {
		if got, ok := check(tok); !ok || got != kid {
			t.Fatalf("the SDK-shaped %s token is refused (%q, %v)", kid, got, ok)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		if got := kidOf(r); got != kid {
			t.Errorf("kidOf = %q, want %q", got, kid)
		}
	}
	// The v2 paths (the Coinbase App API key authentication page: the same
	// JWT, uri "GET <host>/v2/..." with the path's ids, no query): a token
	// is bound to its own path, so an Advanced Trade token does not open
	// /v2/accounts; an ECDSA token for the v2 path does; an Ed25519 one
	// only once SetAppEdDSA allows it (Coinbase: Ed25519 keys "may fail").
	checkAt := func(path, tok string) bool {
		r := httptest.NewRequest("GET", "http://api.coinbase.test"+path+"?limit=100&starting_after=x", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		_, ok := s.authenticate(r)
		return ok
	}
	const v2 = "/v2/accounts/" + docsBTCWallet + "/transactions"
	v2uri := func(c map[string]any) { c["uri"] = "GET api.coinbase.test" + v2 }
	ecV2 := token(header("ES256", DemoKeyName), claims(DemoKeyName, v2uri), ecSign(ecKey))
	edV2 := token(header("EdDSA", EdKeyName), claims(EdKeyName, v2uri), edSign)
	if checkAt(v2, ecGood) || !checkAt(v2, ecV2) || checkAt("/v2/accounts", ecV2) {
		t.Error("a token is not bound to its v2 path")
	}
	if checkAt(v2, edV2) {
		t.Error("an Ed25519 token opens the v2 API by default")
	}
	s.SetAppEdDSA(true)
	if !checkAt(v2, edV2) {
		t.Error("SetAppEdDSA(true) does not let the Ed25519 token through")
	}
	s.SetAppEdDSA(false)
	// A fractional exp is read to the second below, as golang-jwt read it.
	if _, ok := check(token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["exp"] = float64(now.Unix()) + 0.5 }), edSign)); ok {
		t.Error("exp now + 0.5s passes")
	}

	ecPayload := strings.Index(ecGood, ".") + 3
	edHead, _, _ := strings.Cut(edGood, ".")
	edSig := edGood[strings.LastIndex(edGood, ".")+1:]
	other := func(c map[string]any) { c["uri"] = "GET api.coinbase.test/api/v3/brokerage/products" }
	for name, tok := range map[string]string{
		"a changed Ed25519 signature byte": flip(edGood, -2),
		"a changed ECDSA signature byte":   flip(ecGood, -2),
		"a changed payload byte":           flip(ecGood, ecPayload),
		"another payload, same signature":  edHead + "." + b64(claims(EdKeyName, other)) + "." + edSig,
		"alg none, no signature":           b64(header("none", EdKeyName)) + "." + b64(claims(EdKeyName, nil)) + ".",
		"alg none, the real signature":     b64(header("none", EdKeyName)) + "." + b64(claims(EdKeyName, nil)) + "." + edSig,
		"alg HS256":                        token(header("HS256", DemoKeyName), claims(DemoKeyName, nil), hs256),
		"alg ES256 on the Ed25519 key":     token(header("ES256", EdKeyName), claims(EdKeyName, nil), ecSign(ecKey)),
		"alg EdDSA on an ECDSA key":        token(header("EdDSA", DemoKeyName), claims(DemoKeyName, nil), edSign),
		"no alg":                           token(map[string]any{"kid": EdKeyName}, claims(EdKeyName, nil), edSign),
		"a wrong key":                      token(header("ES256", DemoKeyName), claims(DemoKeyName, nil), ecSign(otherKey)),
		"a short ECDSA signature":          token(header("ES256", DemoKeyName), claims(DemoKeyName, nil), func(in string) []byte { return ecSign(ecKey)(in)[:63] }),
		"an unknown kid":                   token(header("EdDSA", "organizations/x/apiKeys/y"), claims("organizations/x/apiKeys/y", nil), edSign),
		"no kid":                           token(map[string]any{"alg": "EdDSA"}, claims(EdKeyName, nil), edSign),
		"two parts":                        edGood[:strings.LastIndex(edGood, ".")],
		"four parts":                       edGood + "." + edSig,
		"a header not base64url":           "!" + edGood[1:],
		"a signature not base64url":        edGood + "!",
		"a header not JSON":                base64.RawURLEncoding.EncodeToString([]byte("{")) + edGood[len(edHead):],
		"another request":                  token(header("EdDSA", EdKeyName), claims(EdKeyName, other), edSign),
		"a 3-minute token":                 token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["exp"] = now.Unix() + 180 }), edSign),
		"an expired token":                 token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["nbf"], c["exp"] = now.Unix()-120, now.Unix() }), edSign),
		"a token not yet valid":            token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["nbf"], c["exp"] = now.Unix()+1, now.Unix()+60 }), edSign),
		"no exp":                           token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { delete(c, "exp") }), edSign),
		"exp 0":                            token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["exp"] = 0 }), edSign),
		"exp a string":                     token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["exp"] = "1748779320" }), edSign),
		"no nbf":                           token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { delete(c, "nbf") }), edSign),
		"nbf a string":                     token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["nbf"] = "1748779200" }), edSign),
		"another iss":                      token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { c["iss"] = "coinbase-cloud" }), edSign),
		"no iss":                           token(header("EdDSA", EdKeyName), claims(EdKeyName, func(c map[string]any) { delete(c, "iss") }), edSign),
		"sub another key":                  token(header("EdDSA", EdKeyName), claims(DemoKeyName, nil), edSign),
		"claims null":                      token(header("EdDSA", EdKeyName), nil, edSign),
	} {
		if kid, ok := check(tok); ok {
			t.Errorf("%s passes (as %q)", name, kid)
		}
	}
}

// ecKeyOf reads a demo SEC1 PEM key with the standard library.
func ecKeyOf(t *testing.T, text string) *ecdsa.PrivateKey {
	t.Helper()
	blk, _ := pem.Decode([]byte(text))
	if blk == nil {
		t.Fatal("no PEM block")
	}
	k, err := x509.ParseECPrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
