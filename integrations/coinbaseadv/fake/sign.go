package fake

import (
	"crypto"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
)

// publicOf returns the public key Coinbase holds for an API key whose
// private key is text, read as the official SDK reads it (coinbase-advanced-py
// coinbase/jwt_generator.py _load_private_key, commit 54fb8ed): a PEM block
// — the fake's ECDSA demo keys are SEC1 "EC PRIVATE KEY" blocks, as the CDP
// portal issues them — or base64 of an Ed25519 key (32 or 64 bytes) whose
// first 32 bytes are the seed. Written from the SDK with the standard
// library, not from the coinbaseadv package, so that the fake keys its
// demo credentials the way Coinbase documents them.
func publicOf(text string) (crypto.PublicKey, error) {
	if blk, _ := pem.Decode([]byte(text)); blk != nil {
		k, err := x509.ParseECPrivateKey(blk.Bytes)
		if err != nil {
			return nil, err
		}
		return k.Public(), nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil || (len(raw) != ed25519.SeedSize && len(raw) != ed25519.PrivateKeySize) {
		return nil, errors.New("coinbase advanced fake: a key is neither PEM nor base64 of an Ed25519 key")
	}
	return ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]).Public(), nil
}
