package fake

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // IBKR's live session token is an HMAC-SHA1.
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"sort"
	"strings"
)

// This file checks signatures as IBKR defines them, written from its
// documents, not from the ibkr package, so that the fake checks IBKR's
// rules: "OAuth 1.0a Extended"
// (interactivebrokers.com/campus/ibkr-api-page/oauth-1-0a-extended/:
// RSA-SHA256 for the token requests, the live session token request and its
// Diffie-Hellman exchange, HMAC-SHA256 with the live session token
// afterwards) and IBKR API support's OAuth guide for first-party users
// ("How to implement OAuth": §1.2 the base string, the prepend; §2.4 the
// challenge, K with its sign byte as Java's BigInteger writes it, the
// HMAC-SHA1 token and its signature), with the worked examples of "OAuth at
// Interactive Brokers" (interactivebrokers.com/webtradingapi/oauth.pdf),
// which sign_test.go runs. The ibkr package's doc.go lists the same
// sources.

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
	return new(big.Int).Exp(gr.g, b, gr.p).Text(16), base64.StdEncoding.EncodeToString(raw), lstSignature(raw, consumerKey), nil
}

// lstSignature is live_session_token_signature: hex(HMAC-SHA1(token,
// consumer key)), the token's bytes as the key.
func lstSignature(lst []byte, consumerKey string) string {
	s := hmac.New(sha1.New, lst)
	s.Write([]byte(consumerKey))
	return fmt.Sprintf("%x", s.Sum(nil))
}

// parseKey reads a PKCS #1 or PKCS #8 RSA private key, with the standard
// library alone (not the integrations package's reader, which the ibkr
// client uses).
func parseKey(s string) (*rsa.PrivateKey, error) {
	b, _ := pem.Decode([]byte(s))
	if b == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if key, ok := k.(*rsa.PrivateKey); err == nil && ok {
		return key, nil
	}
	return nil, errors.New("not an RSA private key")
}
