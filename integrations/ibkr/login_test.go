package ibkr_test

import (
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/ibkr"
	"github.com/latchkey/latchkey/integrations/ibkr/fake"
)

func with(v map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, x := range v {
		out[k] = x
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// Each wrong value names itself, stays on the form (ErrInvalidCredentials)
// and never echoes what was pasted.
func TestLoginRefusalsSayWhat(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	live, paper := fake.Values(ibkr.ID), fake.Values(ibkr.PaperID)
	for _, c := range []struct {
		name   string
		values map[string]string
		says   string
	}{
		{"consumer key with a dash", with(live, "consumer_key", "ABC-DEFGH"), "consumer key"},
		{"unknown consumer key", with(live, "consumer_key", "NOSUCHKEY"), "refused these keys"},
		{"public key pasted", with(live, "signature_key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"), "not an RSA private key"},
		{"half a file", with(live, "encryption_key", "MIIEowIBAAKCAQEA"), "from -----BEGIN"},
		{"passphrase", with(live, "signature_key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----"), "passphrase"},
		{"other encryption key", with(live, "encryption_key", fake.OtherKey), "does not decrypt"},
		{"small DH prime", with(live, "dh_params", "ffffffffffffffc5"), "Diffie-Hellman"},
		{"other DH group", with(live, "dh_params", otherPrime(t)), "does not verify"},
		{"paper keys on live", paper, "Interactive Brokers Paper"},
	} {
		_, err := r.login(t, c.values)
		if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, v := range c.values {
			if len(v) > 8 && strings.Contains(err.Error(), v) {
				t.Errorf("%s: the error quotes a pasted value", c.name)
			}
		}
	}
	rp := newRig(t, ibkr.PaperID, fake.Options{})
	if _, err := rp.login(t, live); !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "live username") {
		t.Errorf("live keys on paper: %v", err)
	}
}

// otherPrime is a 2048-bit odd number below the group's prime that is not
// the group IBKR holds: the exchange fails its check.
func otherPrime(t *testing.T) string {
	t.Helper()
	p := new(big.Int).Lsh(big.NewInt(1), 2047)
	return p.Add(p, big.NewInt(0x5b)).Text(16) // odd, 2048 bits
}

// What users paste varies: a lower-case consumer key, keys and parameters
// with Windows line ends and text around them, the prime in hex as ibind
// takes it.
func TestLoginAcceptsWhatUsersPaste(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	crlf := func(s string) string { return "Key file:\r\n" + strings.ReplaceAll(s, "\n", "\r\n") + "\r\n" }
	b, _ := pem.Decode([]byte(fake.DHParams))
	var params struct{ P, G *big.Int }
	if _, err := asn1.Unmarshal(b.Bytes, &params); err != nil {
		t.Fatal(err)
	}
	prime := params.P.Text(16)
	v := with(fake.Values(ibkr.ID), "consumer_key", strings.ToLower(fake.LiveConsumerKey),
		"signature_key", crlf(fake.LiveSignatureKey), "encryption_key", crlf(fake.LiveEncryptionKey), "dh_params", "00:"+prime)
	done, err := r.login(t, v)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := r.login(t, fake.Values(ibkr.ID))
	if done.Grant.Fingerprint != first.Grant.Fingerprint {
		t.Error("the same username gives another fingerprint")
	}
	// Pasted into a single-line entry, which turns line ends into spaces,
	// or written with literal \n as in a JSON or .env file.
	flat := func(s string) string { return strings.ReplaceAll(s, "\n", " ") }
	escaped := func(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }
	for name, v := range map[string]map[string]string{
		"single line": with(fake.Values(ibkr.ID), "signature_key", flat(fake.LiveSignatureKey), "encryption_key", flat(fake.LiveEncryptionKey),
			"dh_params", flat(fake.DHParams)),
		"escaped": with(fake.Values(ibkr.ID), "signature_key", escaped(fake.LiveSignatureKey), "dh_params", escaped(fake.DHParams)),
	} {
		if _, err := r.login(t, v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
