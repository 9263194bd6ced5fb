package fake

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math"
	"math/big"
	"strings"
	"time"
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

// jws is a compact JWS (RFC 7515 §7.1) taken apart: its JOSE header and
// payload, each base64url (unpadded) JSON, the signing input
// "header.payload" the signature covers, and the signature itself.
type jws struct {
	header, claims map[string]any
	input          string
	sig            []byte
}

// splitJWS takes tok apart; it is false unless tok has exactly three
// dot-separated parts that each base64url-decode and whose first two are
// JSON objects (or null).
func splitJWS(tok string) (jws, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return jws{}, false
	}
	var (
		j    jws
		raw  [3][]byte
		errs [3]error
	)
	for i, part := range parts {
		raw[i], errs[i] = base64.RawURLEncoding.DecodeString(part)
	}
	if errors.Join(errs[:]...) != nil || json.Unmarshal(raw[0], &j.header) != nil || json.Unmarshal(raw[1], &j.claims) != nil {
		return jws{}, false
	}
	j.input, j.sig = parts[0]+"."+parts[1], raw[2]
	return j, true
}

// verifyJWT checks the signature of tok, a JWT as coinbase-advanced-py
// builds it (coinbase/jwt_generator.py build_jwt: jwt.encode with
// algorithm "ES256" for an ECDSA key, "EdDSA" for an Ed25519 key, header kid
// naming the API key), against keys[kid], and returns kid and the claims.
// ES256 (RFC 7518 §3.4) is ECDSA P-256 over the SHA-256 digest of the
// signing input, the signature the 32-byte big-endian r followed by the
// 32-byte s; EdDSA (RFC 8037 §3.1) is Ed25519 over the signing input itself.
// Any other alg ("none", HS256, …), an alg that does not match the key's
// kind, an unknown kid or a bad signature is refused. The claims are not
// checked here.
func verifyJWT(tok string, keys map[string]crypto.PublicKey) (kid string, claims map[string]any, ok bool) {
	j, ok := splitJWS(tok)
	if !ok {
		return "", nil, false
	}
	alg, _ := j.header["alg"].(string)
	kid, _ = j.header["kid"].(string)
	valid := false
	switch k := keys[kid].(type) {
	case *ecdsa.PublicKey:
		if alg != "ES256" || len(j.sig) != 64 {
			return "", nil, false
		}
		digest := sha256.Sum256([]byte(j.input))
		valid = ecdsa.Verify(k, digest[:], new(big.Int).SetBytes(j.sig[:32]), new(big.Int).SetBytes(j.sig[32:]))
	case ed25519.PublicKey:
		valid = alg == "EdDSA" && len(k) == ed25519.PublicKeySize && ed25519.Verify(k, []byte(j.input), j.sig)
	}
	if !valid {
		return "", nil, false
	}
	return kid, j.claims, true
}

// numericDate reads the claim name as a NumericDate (RFC 7519 §2): JSON
// seconds since the epoch, kept to the whole second below. An absent claim,
// or 0, is no date (nil, true); anything but a number is refused (false).
func numericDate(claims map[string]any, name string) (*time.Time, bool) {
	v, ok := claims[name]
	if !ok {
		return nil, true
	}
	f, ok := v.(float64)
	if !ok {
		return nil, false
	}
	if f == 0 {
		return nil, true
	}
	sec, frac := math.Modf(f)
	t := time.Unix(int64(sec), int64(frac*1e9)).Truncate(time.Second)
	return &t, true
}
