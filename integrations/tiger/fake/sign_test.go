package fake

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"testing"
)

// docRequest is the request of the example in Tiger's "Signature
// Description" (Signature Rules), as its JSON is printed there.
const docRequest = `{"tiger_id": "20151237", "charset": "UTF-8", "sign_type": "RSA", "version": "1.0", "method": "market_state", "biz_content": "{\"market\": \"US\"}", "timestamp": "2018-11-26 15:31:19"}`

// TestSignContentDocExample: the docs' example request gives the docs'
// signed string, and sign takes no part in it.
func TestSignContentDocExample(t *testing.T) {
	const want = `biz_content={"market": "US"}&charset=UTF-8&method=market_state&sign_type=RSA&tiger_id=20151237&timestamp=2018-11-26 15:31:19&version=1.0`
	var params map[string]any
	if err := json.Unmarshal([]byte(docRequest), &params); err != nil {
		t.Fatal(err)
	}
	params["sign"] = "tP1NandnEdB7LTiYoMGUF4="
	if got := signContent(params); got != want {
		t.Errorf("sign content\n got %s\nwant %s", got, want)
	}
}

// TestValidSignatureSDKVector: the docs print no whole signature (theirs is
// cut short and made with a key they do not give), so the vector is the
// docs' example request signed with DemoPrivateKey by the official Python
// SDK's own code (signature_utils.py's get_sign_content and sign_with_rsa,
// run in Python 3 with the rsa package it uses). It passes; with one byte
// of the request or of the signature changed, or under another key, it
// does not.
func TestValidSignatureSDKVector(t *testing.T) {
	const sig = "gscX7H2DywDDvWMam85tAHGElC7Hy2OBW/cnZ4J7kszN46ixxg6Q90fxN8Eyxkkw5a62cKe7S5btCKgTY9M7E6rfNTU2ibhfDJSzJQe9YyZVapS+zJgUsjQN3NabNttFXUE1XrL1cH8ZBrF3DqVflK0am1fFBeTl4T85/RchsNE="
	pub := func(k string) *rsa.PublicKey {
		der, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			t.Fatal(err)
		}
		key, err := x509.ParsePKCS1PrivateKey(der)
		if err != nil {
			t.Fatal(err)
		}
		return &key.PublicKey
	}
	var params map[string]any
	if err := json.Unmarshal([]byte(docRequest), &params); err != nil {
		t.Fatal(err)
	}
	demo := pub(DemoPrivateKey)
	if !validSignature(demo, params, sig) {
		t.Fatal("the SDK's signature of the docs' request is refused")
	}
	if validSignature(demo, params, sig[:10]+"A"+sig[11:]) {
		t.Error("a changed signature passes")
	}
	if validSignature(demo, params, "not base64!") {
		t.Error("a signature that is not base64 passes")
	}
	if validSignature(pub(OtherPrivateKey), params, sig) {
		t.Error("the signature passes under another key")
	}
	params["timestamp"] = "2018-11-26 15:31:18"
	if validSignature(demo, params, sig) {
		t.Error("a changed timestamp passes")
	}
}
