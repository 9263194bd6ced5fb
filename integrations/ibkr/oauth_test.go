package ibkr

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"
)

// The worked examples of IBKR's OAuth guide ("OAuth at Interactive Brokers",
// the PDF linked from the OAuth 1.0a Extended page; its examples are quoted
// byte for byte in doc.go's sources).

func TestBaseStringGuideExample(t *testing.T) {
	// Guide §1.2a, "Normal base string": a form parameter with a '|' and an
	// empty one, sorted among the oauth_ parameters, encoded once.
	got := baseString("", "POST", "https://api.ibkr.com/v1/api/oauth/session_token", []param{
		{"oauth_consumer_key", "TESTCONS"}, {"oauth_nonce", "mQfUqcZD3TjC5RNguaYVQwOXfFyCgt0m"},
		{"oauth_signature_method", "RSA-SHA256"}, {"oauth_timestamp", "1605211475"},
		{"oauth_token", "eb31c080cc0bd45b2f55"}, {"device_id", "CCCCCC95|48-DF-37-57-33-80"}, {"username", ""},
	})
	want := "POST&https%3A%2F%2Fapi.ibkr.com%2Fv1%2Fapi%2Foauth%2Fsession_token&device_id%3DCCCCCC95%7C48-DF-37-57-33-80" +
		"%26oauth_consumer_key%3DTESTCONS%26oauth_nonce%3DmQfUqcZD3TjC5RNguaYVQwOXfFyCgt0m%26oauth_signature_method%3DRSA-" +
		"SHA256%26oauth_timestamp%3D1605211475%26oauth_token%3Deb31c080cc0bd45b2f55%26username%3D"
	if got != want {
		t.Errorf("base string\n got %s\nwant %s", got, want)
	}
}

// guideGET is the guide's protected GET of /marketdata/snapshot?conid=8314:
// the query parameter joins the oauth_ parameters in the base string.
const guideGET = "GET&http%3A%2F%2Flocalhost%3A12345%2Ftradingapi%2Fv1%2Fmarketdata%2Fsnapshot" +
	"&conid%3D8314%26oauth_consumer_key%3DTESTCONS%26oauth_nonce%3Daecef17086308940e861" +
	"%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1473795686" +
	"%26oauth_token%3D6f531f8fd316915af53f"

const guideLST = "YBWbLw+9RYP2nWrPQHxHZkBb1aM="

func TestProtectedRequestGuideExample(t *testing.T) {
	u, q, err := signingURL("http://localhost:12345/tradingapi/v1/marketdata/snapshot?conid=8314")
	if err != nil {
		t.Fatal(err)
	}
	ps := append(oauthParams("TESTCONS", "6f531f8fd316915af53f", methodHMAC, "aecef17086308940e861", time.Unix(1473795686, 0)), q...)
	base := baseString("", "GET", u, ps)
	if base != guideGET {
		t.Fatalf("base string\n got %s\nwant %s", base, guideGET)
	}
	lst, _ := base64.StdEncoding.DecodeString(guideLST)
	if sig := signHMAC(lst, base); sig != "+BdIuZDNooYZAbO9RZUCTC5F/3HjFOb04Tu4crpi0v8=" {
		t.Errorf("HMAC-SHA256 signature %s", sig)
	}
}

func TestLSTSignatureGuideExample(t *testing.T) {
	lst, _ := base64.StdEncoding.DecodeString(guideLST)
	if got := lstSignature(lst, "TESTCONS"); got != "543c55477d6cbb0e792d1e4f8111cec7305ba3f4" {
		t.Errorf("live_session_token_signature %s", got)
	}
	if !lstVerified(guideLST, "TESTCONS", "543C55477D6CBB0E792D1E4F8111CEC7305BA3F4") {
		t.Error("the guide's signature (any case) does not verify its token")
	}
	if lstVerified(guideLST, "TESTCONX", "543c55477d6cbb0e792d1e4f8111cec7305ba3f4") {
		t.Error("a signature verified for another consumer key")
	}
}

func TestJavaBytesGuideExamples(t *testing.T) {
	// Guide §2.4d: K = 0xff is [0, 255]; K = 0x7f is [127].
	if b := javaBytes(big.NewInt(0xff)); len(b) != 2 || b[0] != 0 || b[1] != 0xff {
		t.Errorf("0xff: %v", b)
	}
	if b := javaBytes(big.NewInt(0x7f)); len(b) != 1 || b[0] != 0x7f {
		t.Errorf("0x7f: %v", b)
	}
	if b := javaBytes(big.NewInt(0x1ff)); len(b) != 2 || b[0] != 1 {
		t.Errorf("0x1ff: %v", b)
	}
}

func TestAuthorizationHeader(t *testing.T) {
	ps := oauthParams("TESTCONS", "6f531f8fd316915af53f", methodHMAC, "n1", time.Unix(5, 0))
	h := authorization(realmFor("TESTCONS"), ps, "a+b/c=")
	want := `OAuth realm="test_realm", oauth_consumer_key="TESTCONS", oauth_nonce="n1", oauth_signature="a%2Bb%2Fc%3D", ` +
		`oauth_signature_method="HMAC-SHA256", oauth_timestamp="5", oauth_token="6f531f8fd316915af53f"`
	if h != want {
		t.Errorf("header\n got %s\nwant %s", h, want)
	}
	if realmFor("ABCDEFGHI") != "limited_poa" {
		t.Error("a self-service consumer key's realm is limited_poa")
	}
}

// TestHandshake plays both sides of the Diffie-Hellman exchange: the token
// the client computes from the server's response is the server's, and its
// signature verifies.
func TestHandshake(t *testing.T) {
	g := testGroup(t)
	a, hexA, err := g.challenge()
	if err != nil {
		t.Fatal(err)
	}
	bigA, _ := new(big.Int).SetString(hexA, 16)
	b, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 256))
	hexB := new(big.Int).Exp(g.G, b, g.P).Text(16)
	secret := []byte("0123456789abcdef0123")
	server := liveSessionToken(new(big.Int).Exp(bigA, b, g.P), secret)
	k, err := g.sharedSecret(a, hexB)
	if err != nil {
		t.Fatal(err)
	}
	if got := liveSessionToken(k, secret); got != server {
		t.Fatalf("client token %s, server token %s", got, server)
	}
	raw, _ := base64.StdEncoding.DecodeString(server)
	if !lstVerified(server, "ABCDEFGHI", lstSignature(raw, "ABCDEFGHI")) {
		t.Error("the server's signature does not verify")
	}
	for _, bad := range []string{"0", "1", new(big.Int).Sub(g.P, big.NewInt(1)).Text(16), g.P.Text(16), "zz", ""} {
		if _, err := g.sharedSecret(a, bad); err == nil {
			t.Errorf("response %.10q accepted", bad)
		}
	}
}

func TestRSASignature(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signRSA(key, "prependPOST&x&y")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sig)
	sum := sha256.Sum256([]byte("prependPOST&x&y"))
	if err := rsa.VerifyPKCS1v15(&key.PublicKey, 5 /* crypto.SHA256 */, sum[:], raw); err != nil {
		t.Errorf("RSA-SHA256 signature does not verify: %v", err)
	}
}

func TestParseDH(t *testing.T) {
	g := testGroup(t)
	hexP := g.P.Text(16)
	colons := "00:" + strings.Join(splitEvery(hexP, 2), ":")
	for name, in := range map[string]string{"pem": testDHPEM, "hex": hexP, "openssl text": colons, "0x": "0x" + hexP,
		"crlf pem": strings.ReplaceAll(testDHPEM, "\n", "\r\n")} {
		got, err := parseDH(in)
		if err != nil || got.P.Cmp(g.P) != 0 || got.G.Int64() != 2 {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, in := range []string{"", "abc", "ff", "-----BEGIN DH PARAMETERS-----\nAAAA\n-----END DH PARAMETERS-----", testKeyPEM} {
		if _, err := parseDH(in); err == nil {
			t.Errorf("%.30q accepted", in)
		}
	}
}

func splitEvery(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}
