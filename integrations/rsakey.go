package integrations

import (
	"crypto/rsa"
	"crypto/x509"
)

// RSAPrivateKey reads an RSA private key from its DER bytes, in PKCS #1
// ("RSA PRIVATE KEY") or PKCS #8 ("PRIVATE KEY") form: the keys an
// institution has the user generate for signing (IBKR's OAuth, Tiger's
// requests). ok is false for anything else, another kind of key included;
// the caller says what was wrong in its own words.
func RSAPrivateKey(der []byte) (key *rsa.PrivateKey, ok bool) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, true
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, false
	}
	key, ok = k.(*rsa.PrivateKey)
	return key, ok
}
