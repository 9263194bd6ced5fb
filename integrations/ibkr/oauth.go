package ibkr

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // IBKR's live session token is an HMAC-SHA1, as its OAuth guide specifies.
	"crypto/sha256"
	"crypto/subtle"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// This file is IBKR's OAuth 1.0a as its "OAuth at Interactive Brokers" guide
// and the OAuth 1.0a Extended page describe it (see doc.go): the signature
// base string, the Authorization header, the RSA-SHA256 signature of the
// live session token request with its prepend, the Diffie-Hellman challenge,
// the live session token and its check, and the HMAC-SHA256 signature of
// every other request. Nothing here talks to the network.

// Signature methods.
const (
	methodRSA  = "RSA-SHA256"
	methodHMAC = "HMAC-SHA256"
)

// Realms: "limited_poa" for consumer keys of the self-service portal,
// "test_realm" for IBKR's public test consumer TESTCONS.
const (
	realmDefault = "limited_poa"
	realmTest    = "test_realm"
	testConsumer = "TESTCONS"
)

func realmFor(consumerKey string) string {
	if consumerKey == testConsumer {
		return realmTest
	}
	return realmDefault
}

// percentEncode is RFC 3986 percent-encoding: letters, digits and -._~ stay,
// every other byte is %XX (upper-case hex). It is what IBKR's guide calls
// "percent encoded"; Python's quote_plus, which ibind uses, gives the same
// for every value IBKR's requests carry (no spaces).
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// param is one key/value pair of the signature's parameter list.
type param struct{ k, v string }

// baseString is [prepend]METHOD&enc(URL)&enc(k=v&k=v...): the parameters
// sorted by key, their values as they are (not encoded one by one: the
// guide's examples encode the joined list once), the URL without its query.
func baseString(prepend, method, rawURL string, params []param) string {
	ps := append([]param(nil), params...)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].k != ps[j].k {
			return ps[i].k < ps[j].k
		}
		return ps[i].v < ps[j].v
	})
	kv := make([]string, len(ps))
	for i, p := range ps {
		kv[i] = p.k + "=" + p.v
	}
	return prepend + strings.ToUpper(method) + "&" + percentEncode(rawURL) + "&" + percentEncode(strings.Join(kv, "&"))
}

// signingURL splits a request URL into the URL the base string names (no
// query, no fragment) and its query parameters.
func signingURL(raw string) (string, []param, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", nil, errors.New("ibkr: the request URL is not absolute")
	}
	var q []param
	for k, vs := range u.Query() {
		for _, v := range vs {
			q = append(q, param{k, v})
		}
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String(), q, nil
}

// oauthParams are the Authorization header's parameters before the
// signature.
func oauthParams(consumerKey, token, method, nonce string, ts time.Time, extra ...param) []param {
	ps := []param{
		{"oauth_consumer_key", consumerKey},
		{"oauth_nonce", nonce},
		{"oauth_signature_method", method},
		{"oauth_timestamp", strconv.FormatInt(ts.Unix(), 10)},
		{"oauth_token", token},
	}
	return append(ps, extra...)
}

// authorization is the header value: OAuth realm="...", then the
// parameters sorted by key, each value quoted; the signature is
// percent-encoded (its base64 holds + / =), the others are sent as they are.
func authorization(realm string, params []param, signature string) string {
	ps := append(append([]param(nil), params...), param{"oauth_signature", percentEncode(signature)})
	sort.Slice(ps, func(i, j int) bool { return ps[i].k < ps[j].k })
	var b strings.Builder
	b.WriteString(`OAuth realm="` + realm + `"`)
	for _, p := range ps {
		b.WriteString(", " + p.k + `="` + p.v + `"`)
	}
	return b.String()
}

// nonce is 16 random bytes in hex.
func nonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// signRSA is RSASSA-PKCS1-v1_5 over SHA-256 of the base string, in base64.
func signRSA(key *rsa.PrivateKey, base string) (string, error) {
	sum := sha256.Sum256([]byte(base))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// signHMAC is HMAC-SHA256 of the base string keyed by the live session
// token's bytes (the base64 LST decoded), in base64.
func signHMAC(lst []byte, base string) string {
	m := hmac.New(sha256.New, lst)
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// dhGroup is the user's Diffie-Hellman prime and generator.
type dhGroup struct {
	P *big.Int
	G *big.Int
}

// challenge picks a 256-bit random a and returns it with A = g^a mod p, in
// lower-case hex without leading zeros (as the guide's example and ibind
// send it).
func (g dhGroup) challenge() (a *big.Int, hexA string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	a = new(big.Int).SetBytes(b)
	if a.Sign() == 0 {
		a.SetInt64(1)
	}
	return a, new(big.Int).Exp(g.G, a, g.P).Text(16), nil
}

// errDHResponse is a diffie_hellman_response that is not a usable public
// value.
var errDHResponse = errors.New("ibkr: the Diffie-Hellman response is not a valid public value")

// sharedSecret is K = B^a mod p for the server's B (hex), refusing
// degenerate values (B ≤ 1 or B ≥ p-1).
func (g dhGroup) sharedSecret(a *big.Int, hexB string) (*big.Int, error) {
	b, ok := new(big.Int).SetString(strings.TrimSpace(hexB), 16)
	if !ok || b.Sign() <= 0 || b.Cmp(big.NewInt(1)) <= 0 || b.Cmp(new(big.Int).Sub(g.P, big.NewInt(1))) >= 0 {
		return nil, errDHResponse
	}
	return new(big.Int).Exp(b, a, g.P), nil
}

// javaBytes is k as Java's BigInteger.toByteArray writes a positive value:
// big-endian with a leading zero byte when the top bit is set (the guide's
// "IMPORTANT NOTE": a bit length divisible by 8 gets a 0 byte in front).
func javaBytes(k *big.Int) []byte {
	b := k.Bytes()
	if k.BitLen()%8 == 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

// liveSessionToken is HMAC-SHA1 keyed by K's bytes over the decrypted
// access token secret, in base64.
func liveSessionToken(k *big.Int, secret []byte) string {
	m := hmac.New(sha1.New, javaBytes(k))
	m.Write(secret)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// lstSignature is what IBKR returns to check a computed token: hex of
// HMAC-SHA1 keyed by the token's bytes over the consumer key.
func lstSignature(lst []byte, consumerKey string) string {
	m := hmac.New(sha1.New, lst)
	m.Write([]byte(consumerKey))
	return hex.EncodeToString(m.Sum(nil))
}

// lstVerified reports whether IBKR's live_session_token_signature matches
// the token we computed.
func lstVerified(lst, consumerKey, signature string) bool {
	raw, err := base64.StdEncoding.DecodeString(lst)
	if err != nil {
		return false
	}
	want := lstSignature(raw, consumerKey)
	got := strings.ToLower(strings.TrimSpace(signature))
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// --- The user's keys ---------------------------------------------------------

var (
	errNotPEM       = errors.New("not a PEM block")
	errEncryptedKey = errors.New("the key is protected by a passphrase")
	errNotRSA       = errors.New("not an RSA private key")
)

// pemRE is one PEM block: its type and body, whatever separates the lines.
var pemRE = regexp.MustCompile(`(?s)-----BEGIN ([A-Z0-9 ]{1,40})-----(.*?)-----END ([A-Z0-9 ]{1,40})-----`)

// pemBlock finds the first PEM block in what the user pasted, forgiving
// text around it, Windows line ends, the line ends a single-line field
// turns into spaces (the desktop's password entry does) and literal \n.
func pemBlock(s string) (*pem.Block, error) {
	if len(s) > 64<<10 {
		return nil, errNotPEM
	}
	s = strings.ReplaceAll(s, `\n`, "\n")
	m := pemRE.FindStringSubmatch(s)
	if m == nil || m[1] != m[3] {
		return nil, errNotPEM
	}
	body := m[2]
	if strings.Contains(body, "Proc-Type:") || strings.Contains(body, "DEK-Info:") {
		return &pem.Block{Type: m[1], Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}}, nil
	}
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil || len(der) == 0 {
		return nil, errNotPEM
	}
	return &pem.Block{Type: m[1], Bytes: der}, nil
}

// parsePrivateKey reads an RSA private key in PEM: PKCS #1 ("RSA PRIVATE
// KEY", what openssl genrsa wrote before OpenSSL 3) or PKCS #8 ("PRIVATE
// KEY", what it writes now).
func parsePrivateKey(s string) (*rsa.PrivateKey, error) {
	b, err := pemBlock(s)
	if err != nil {
		return nil, err
	}
	if b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] != "" {
		return nil, errEncryptedKey
	}
	k, ok := integrations.RSAPrivateKey(b.Bytes)
	if !ok {
		return nil, errNotRSA
	}
	return k, nil
}

// minPrimeBits is the smallest Diffie-Hellman prime accepted (IBKR asks for
// 2048-bit parameters); maxPrimeBits bounds the work a pasted value can ask.
const (
	minPrimeBits = 2048
	maxPrimeBits = 8192
)

var errDHParams = errors.New("not Diffie-Hellman parameters")

// parseDH reads the Diffie-Hellman parameters: the dhparam.pem file
// ("DH PARAMETERS", PKCS #3: prime, generator and an optional length), or
// the prime alone in hex (as ibind takes it: colons, spaces and a leading
// 0x are ignored) with the generator 2.
func parseDH(s string) (dhGroup, error) {
	s = strings.TrimSpace(s)
	var g dhGroup
	if strings.Contains(s, "-----BEGIN") {
		b, err := pemBlock(s)
		if err != nil || b.Type != "DH PARAMETERS" {
			return dhGroup{}, errDHParams
		}
		var w struct {
			P, G   *big.Int
			Length int `asn1:"optional"`
		}
		if rest, err := asn1.Unmarshal(b.Bytes, &w); err != nil || len(rest) > 0 || w.P == nil || w.G == nil {
			return dhGroup{}, errDHParams
		}
		g = dhGroup{P: w.P, G: w.G}
	} else {
		h := strings.Map(func(r rune) rune {
			switch r {
			case ':', ' ', '\n', '\r', '\t':
				return -1
			}
			return r
		}, strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"))
		if len(h) > 2*maxPrimeBits/8+8 {
			return dhGroup{}, errDHParams
		}
		p, ok := new(big.Int).SetString(h, 16)
		if !ok {
			return dhGroup{}, errDHParams
		}
		g = dhGroup{P: p, G: big.NewInt(2)}
	}
	if g.P.Sign() <= 0 || g.P.BitLen() < minPrimeBits || g.P.BitLen() > maxPrimeBits || g.P.Bit(0) == 0 || g.G.Cmp(big.NewInt(1)) <= 0 || g.G.Cmp(g.P) >= 0 {
		return dhGroup{}, errDHParams
	}
	return g, nil
}

// decryptSecret turns the access token secret the portal shows (base64 of
// an RSA PKCS #1 v1.5 ciphertext under the user's public encryption key)
// into its bytes, with the private encryption key. It runs once, at login,
// on the user's own input: there is no padding oracle to query.
func decryptSecret(key *rsa.PrivateKey, secret string) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret))
	if err != nil {
		return nil, err
	}
	//nolint:staticcheck // IBKR encrypts the access token secret with PKCS #1 v1.5; it has no other scheme.
	return rsa.DecryptPKCS1v15(nil, key, ct)
}
