package integrations

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"testing"
)

// RSAPrivateKey reads both encodings of an RSA key and refuses another kind
// of key and bytes that are no key.
func TestRSAPrivateKey(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(rk)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ec8, err := x509.MarshalPKCS8PrivateKey(ek)
	if err != nil {
		t.Fatal(err)
	}
	for name, der := range map[string][]byte{"pkcs1": x509.MarshalPKCS1PrivateKey(rk), "pkcs8": pkcs8} {
		if k, ok := RSAPrivateKey(der); !ok || !k.Equal(rk) {
			t.Errorf("%s: %v, %v", name, k, ok)
		}
	}
	for name, der := range map[string][]byte{"ecdsa pkcs8": ec8, "garbage": []byte("not a key"), "empty": nil} {
		if k, ok := RSAPrivateKey(der); ok || k != nil {
			t.Errorf("%s: read as %v", name, k)
		}
	}
}
