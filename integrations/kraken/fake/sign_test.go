package fake

import (
	"encoding/base64"
	"testing"
)

// TestValidSignatureDocExample: the example of Kraken's "Spot REST
// Authentication" guide (a limit order buying 1.25 XBTUSD at 37500: its
// private key, nonce, encoded payload, URI path and API-Sign) passes; one
// byte changed in the path, the nonce, the payload or the signature does
// not.
func TestValidSignatureDocExample(t *testing.T) {
	key, err := base64.StdEncoding.DecodeString("kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==")
	if err != nil {
		t.Fatal(err)
	}
	const (
		path  = "/0/private/AddOrder"
		nonce = "1616492376594"
		data  = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
		sig   = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
	)
	if !validSignature(key, path, nonce, data, sig) {
		t.Fatal("the documented example is refused")
	}
	for name, bad := range map[string]bool{
		"path":      validSignature(key, "/0/private/AddOrdes", nonce, data, sig),
		"nonce":     validSignature(key, path, "1616492376595", data, sig),
		"payload":   validSignature(key, path, nonce, data[:len(data)-1]+"6", sig),
		"signature": validSignature(key, path, nonce, data, "5"+sig[1:]),
	} {
		if bad {
			t.Errorf("a changed %s passes", name)
		}
	}
}
