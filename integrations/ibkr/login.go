package ibkr

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func refused(detail string) error {
	return integrations.Wrap(integrations.ErrInvalidCredentials, detail)
}

// readKeys checks the form's values and builds the secret (without a live
// session token) and its parsed keys.
func readKeys(v map[string]string) (secret, keys, error) {
	ck := strings.ToUpper(strings.TrimSpace(v[fieldConsumer]))
	tok := strings.TrimSpace(v[fieldToken])
	if !alnum(ck, 4, 64) {
		return secret{}, keys{}, refused("the consumer key is the nine letters you chose on IBKR's self-service page")
	}
	if !alnum(tok, 8, 256) {
		return secret{}, keys{}, refused("the access token is the letters and digits shown by Generate Token")
	}
	signing, err := parsePrivateKey(v[fieldSignature])
	if err != nil {
		return secret{}, keys{}, refused(keyProblem("private signature key", "private_signature.pem", err))
	}
	enc, err := parsePrivateKey(v[fieldEncryption])
	if err != nil {
		return secret{}, keys{}, refused(keyProblem("private encryption key", "private_encryption.pem", err))
	}
	group, err := parseDH(v[fieldDH])
	if err != nil {
		return secret{}, keys{}, refused("the Diffie-Hellman parameters are the whole of dhparam.pem (2048 bits or more), or its prime in hex")
	}
	plain, err := decryptSecret(enc, v[fieldSecret])
	if err != nil || len(plain) == 0 {
		return secret{}, keys{}, refused("the access token secret does not decrypt with this encryption key: paste the secret shown " +
			"with the access token and the private key of the encryption key you uploaded")
	}
	sec := secret{ConsumerKey: ck, AccessToken: tok, TokenSecret: hex.EncodeToString(plain), SigningKey: strings.TrimSpace(v[fieldSignature]),
		DHPrime: group.P.Text(16), DHGenerator: group.G.Int64()}
	if !group.G.IsInt64() {
		return secret{}, keys{}, refused("the Diffie-Hellman generator is not a small number")
	}
	return sec, keys{signing: signing, group: group, secret: plain}, nil
}

func keyProblem(what, file string, err error) string {
	switch {
	case errors.Is(err, errEncryptedKey):
		return "the " + what + " is protected by a passphrase: paste " + file + " as openssl genrsa wrote it, without one"
	case errors.Is(err, errNotPEM):
		return "the " + what + " is the whole of " + file + ", from -----BEGIN to -----END"
	}
	return "the " + what + " is not an RSA private key: paste " + file
}

func alnum(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// validate checks what the self-service portal gave the user (the key form's
// values): the keys are read, the access token secret decrypted, a live
// session token made (the Diffie-Hellman exchange, whose signature proves
// every value), and the accounts listed.
func (in *Integration) validate(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	sec, k, err := readKeys(v)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.ConsumerKey, sec.AccessToken, strings.TrimSpace(v[fieldSecret]), sec.TokenSecret)
	s := newSession(env, k)
	sec, err = s.liveSessionToken(ctx, sec, true)
	if errors.Is(err, integrations.ErrInvalidCredentials) && !errors.Is(err, errMismatchLogin) {
		return nil, refused("Interactive Brokers refused these keys: check the consumer key and the access token, that Enable " +
			"OAuth Access is on, and that IBKR has activated the keys (new keys start working after IBKR's weekend restart)")
	}
	if err != nil {
		return nil, err
	}
	c, err := newClient(in, env, integrations.Grant{}, sec, nil)
	if err != nil {
		return nil, err
	}
	accts, info, err := c.listAccounts(ctx, sec)
	if errors.Is(err, integrations.ErrReauthRequired) {
		return nil, refused("Interactive Brokers made a session for these keys but refused to list their accounts")
	}
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, integrations.LoginWithoutAccounts("Interactive Brokers")
	}
	for _, a := range accts {
		switch {
		case a.Paper && !in.Paper:
			return nil, refused("these keys belong to a paper-trading username: connect them as Interactive Brokers Paper")
		case !a.Paper && in.Paper:
			return nil, refused("these keys belong to a live username: connect them as Interactive Brokers, not the paper variant")
		}
	}
	numbers := make([]string, len(info))
	for i, a := range info {
		numbers[i] = a.number
	}
	d := integrations.Done(in.ID(), integrations.AuthAPIKey, sec.encode(), accts, numbers...)
	d.LoginHint = integrations.MaskLogin(sec.ConsumerKey)
	return d, nil
}
