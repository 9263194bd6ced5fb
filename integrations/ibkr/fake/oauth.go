package fake

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // IBKR's live session token is an HMAC-SHA1.
	"crypto/sha256"
	"crypto/subtle"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// This file is IBKR's side of OAuth 1.0a, written apart from the ibkr
// package so that a mistake in one is not repeated in the other: it reads
// the Authorization header, rebuilds the signature base string as IBKR's
// guide defines it and checks the signature.

// header is a parsed Authorization header: its parameters, percent-decoded.
type header map[string]string

var errNoOAuth = errors.New("no OAuth Authorization header")

// parseHeader reads `OAuth realm="…", k="v", …`.
func parseHeader(r *http.Request) (header, error) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "OAuth ")
	if !ok {
		return nil, errNoOAuth
	}
	h := header{}
	for _, part := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || len(val) < 2 || val[0] != '"' || val[len(val)-1] != '"' {
			return nil, fmt.Errorf("malformed parameter %q", k)
		}
		dec, err := url.PathUnescape(val[1 : len(val)-1])
		if err != nil {
			return nil, err
		}
		if _, dup := h[k]; dup {
			return nil, fmt.Errorf("parameter %s repeated", k)
		}
		h[k] = dec
	}
	for _, k := range []string{"realm", "oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_token"} {
		if h[k] == "" {
			return nil, fmt.Errorf("parameter %s missing", k)
		}
	}
	if strings.Trim(h["oauth_timestamp"], "0123456789") != "" {
		return nil, errors.New("oauth_timestamp is not a number of seconds")
	}
	return h, nil
}

// enc is RFC 3986 percent-encoding.
func enc(s string) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + string(hexdig[c>>4]) + string(hexdig[c&15]))
	}
	return b.String()
}

// base rebuilds a request's signature base string: the method, the URL
// without its query (this server's scheme and the request's host and
// path), and every header parameter but the realm and the signature, with
// the query's parameters unless queryless, sorted and joined, then
// percent-encoded once, with prepend in front.
func base(r *http.Request, scheme string, h header, prepend string, queryless bool) string {
	var kv []string
	for k, v := range h {
		if k == "realm" || k == "oauth_signature" {
			continue
		}
		kv = append(kv, k+"="+v)
	}
	if !queryless {
		for k, vs := range r.URL.Query() {
			for _, v := range vs {
				kv = append(kv, k+"="+v)
			}
		}
	}
	sort.Strings(kv)
	u := scheme + "://" + r.Host + r.URL.EscapedPath()
	return prepend + r.Method + "&" + enc(u) + "&" + enc(strings.Join(kv, "&"))
}

// hmacValid checks an HMAC-SHA256 signature made with the live session
// token lst (base64) over the base string.
func hmacValid(lst, baseString, signature string) bool {
	key, err := base64.StdEncoding.DecodeString(lst)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(baseString))
	want := base64.StdEncoding.EncodeToString(m.Sum(nil))
	return subtle.ConstantTimeCompare([]byte(want), []byte(signature)) == 1
}

// rsaValid checks an RSA-SHA256 (PKCS #1 v1.5) signature.
func rsaValid(pub *rsa.PublicKey, baseString, signature string) bool {
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	sum := sha256.Sum256([]byte(baseString))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) == nil
}

// group is a user's Diffie-Hellman group.
type group struct{ p, g *big.Int }

// token is IBKR's side of the exchange: from the challenge A it picks b,
// answers B = g^b mod p, and derives K = A^b mod p, the live session token
// HMAC-SHA1(K as Java writes it, secret) and its signature
// hex(HMAC-SHA1(token, consumer key)).
func (gr group) token(challenge string, b *big.Int, secret []byte, consumerKey string) (response, lst, signature string, err error) {
	a, ok := new(big.Int).SetString(challenge, 16)
	if !ok || a.Cmp(big.NewInt(1)) <= 0 || a.Cmp(new(big.Int).Sub(gr.p, big.NewInt(1))) >= 0 {
		return "", "", "", errors.New("the Diffie-Hellman challenge is not a valid public value")
	}
	k := new(big.Int).Exp(a, b, gr.p)
	kb := k.Bytes()
	if k.BitLen()%8 == 0 {
		kb = append([]byte{0}, kb...)
	}
	m := hmac.New(sha1.New, kb)
	m.Write(secret)
	raw := m.Sum(nil)
	s := hmac.New(sha1.New, raw)
	s.Write([]byte(consumerKey))
	return new(big.Int).Exp(gr.g, b, gr.p).Text(16), base64.StdEncoding.EncodeToString(raw), fmt.Sprintf("%x", s.Sum(nil)), nil
}

// parseKey reads a PKCS #1 or PKCS #8 RSA private key.
func parseKey(s string) (*rsa.PrivateKey, error) {
	b, _ := pem.Decode([]byte(s))
	if b == nil {
		return nil, errors.New("no PEM block")
	}
	k, ok := integrations.RSAPrivateKey(b.Bytes)
	if !ok {
		return nil, errors.New("not an RSA private key")
	}
	return k, nil
}

// parseGroup reads PKCS #3 DH PARAMETERS.
func parseGroup(s string) (group, error) {
	b, _ := pem.Decode([]byte(s))
	if b == nil || b.Type != "DH PARAMETERS" {
		return group{}, errors.New("no DH PARAMETERS block")
	}
	var w struct{ P, G *big.Int }
	if _, err := asn1.Unmarshal(b.Bytes, &w); err != nil {
		return group{}, err
	}
	return group{p: w.P, g: w.G}, nil
}
