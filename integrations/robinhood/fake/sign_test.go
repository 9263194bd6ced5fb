package fake

import (
	"crypto/ed25519"
	"encoding/base64"
	"testing"
)

// TestValidSignatureDocExample: the Example Signature of
// docs.robinhood.com/crypto/trading (Authentication → Headers and
// Signature: its API key, public key, timestamp 1698708981, a POST of
// /api/v1/crypto/trading/orders/ and the signature q/nEtx…) passes under
// the documented public key, DemoPublicKey. The published signature is of
// the Python example's str(body) — the dict's repr, single quotes and all
// — so that is the body here. One byte changed in the key, the timestamp,
// the path, the method, the body or the signature does not pass.
func TestValidSignatureDocExample(t *testing.T) {
	pub, err := publicKey(DemoPublicKey)
	if err != nil {
		t.Fatal(err)
	}
	const (
		key  = "rh-api-6148effc-c0b1-486c-8940-a1d099456be6"
		ts   = "1698708981"
		path = "/api/v1/crypto/trading/orders/"
		body = `{'client_order_id': '131de903-5a9c-4260-abc1-28d562a5dcf0', 'side': 'buy', 'symbol': 'BTC-USD', 'type': 'market', 'market_order_config': {'asset_quantity': '0.1'}}`
		sig  = "q/nEtxp/P2Or3hph3KejBqnw5o9qeuQ+hYRnB56FaHbjDsNUY9KhB1asMxohDnzdVFSD7StaTqjSd9U9HvaRAw=="
	)
	if !validSignature(pub, key, ts, path, "POST", body, sig) {
		t.Fatal("the documented example is refused")
	}
	for name, bad := range map[string]bool{
		"key":        validSignature(pub, key[:len(key)-1]+"7", ts, path, "POST", body, sig),
		"timestamp":  validSignature(pub, key, "1698708982", path, "POST", body, sig),
		"path":       validSignature(pub, key, ts, path[:len(path)-1], "POST", body, sig),
		"method":     validSignature(pub, key, ts, path, "post", body, sig),
		"body":       validSignature(pub, key, ts, path, "POST", body[:len(body)-2]+"}", sig),
		"signature":  validSignature(pub, key, ts, path, "POST", body, "r"+sig[1:]),
		"not base64": validSignature(pub, key, ts, path, "POST", body, "!"),
	} {
		if bad {
			t.Errorf("a changed %s passes", name)
		}
	}
}

// TestPublicKeysPairTheDemoKeys: each public key the fake registers is the
// public half of the private key its package doc gives (RFC 8032: the seed
// derives the key pair), and the Node.js form ends with it.
func TestPublicKeysPairTheDemoKeys(t *testing.T) {
	for priv, pub := range map[string]string{DemoPrivateKey: DemoPublicKey, LegacyPrivateKey: LegacyPublicKey} {
		seed, err := base64.StdEncoding.DecodeString(priv)
		if err != nil || len(seed) != ed25519.SeedSize {
			t.Fatalf("%s: %v", priv, err)
		}
		if got := base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)); got != pub {
			t.Errorf("the public key of %s is %s, not %s", priv, got, pub)
		}
	}
	secret, _ := base64.StdEncoding.DecodeString(DemoSecretKey)
	if base64.StdEncoding.EncodeToString(secret[32:]) != DemoPublicKey {
		t.Error("DemoSecretKey does not end with DemoPublicKey")
	}
	if _, err := publicKey("c2hvcnQ="); err == nil {
		t.Error("a short public key decodes")
	}
}
