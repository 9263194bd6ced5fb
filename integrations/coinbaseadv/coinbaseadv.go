package coinbaseadv

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// ID is Coinbase Advanced Trade's institution id.
const ID = "coinbase-advanced"

const apiURL = "https://api.coinbase.com"

const (
	fieldKey        = "key_id"
	fieldPrivateKey = "private_key"
)

const keyHelpURL = "https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication"

// Integration is Coinbase Advanced Trade with a CDP API key. Its grants never
// refresh: each request carries a fresh JWT signed with the key.
type Integration struct{}

var _ integrations.Integration = (*Integration)(nil)

// New returns Coinbase Advanced Trade.
func New() []integrations.Integration { return []integrations.Integration{&Integration{}} }

// Institution describes Coinbase Advanced Trade.
func (*Integration) Institution() integrations.Institution {
	return integrations.Institution{
		ID:          ID,
		Name:        "Coinbase",
		DisplayName: "Coinbase Advanced",
		Region:      "global",
		Kind:        integrations.KindCryptoExchange,
		AuthMethods: []integrations.AuthMethod{{
			Kind:  integrations.AuthAPIKey,
			Label: "CDP API key (View)",
			Help: "On portal.cdp.coinbase.com open API Keys → Secret API Keys → Create API key. Name it \"Latchkey\", " +
				"choose your Default portfolio and tick only the \"View\" permission (not Trade or Transfer). Under " +
				"Advanced Settings choose the ECDSA signature algorithm (Ed25519 keys are not supported). Copy the key " +
				"name (organizations/…/apiKeys/…) and the private key, the whole block from -----BEGIN EC PRIVATE KEY----- " +
				"to -----END EC PRIVATE KEY-----.",
			HelpURL: keyHelpURL,
			Fields: []integrations.Field{
				{Name: fieldKey, Label: "API key name", Kind: integrations.FieldText, HelpURL: keyHelpURL,
					Placeholder: "organizations/{org_id}/apiKeys/{key_id}"},
				{Name: fieldPrivateKey, Label: "Private key (PEM)", Kind: integrations.FieldSecret, Multiline: true, HelpURL: keyHelpURL,
					Help: "The EC private key shown once when the key was created. It stays in your vault and only signs requests."},
			},
		}},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Connect Coinbase (Advanced Trade) with a View-only CDP API key. Latchkey reads the wallets of the " +
			"key's portfolio, values them in US dollars with Coinbase's public prices, and reads your Advanced Trade " +
			"fills. A View key cannot trade or transfer.",
		Website:   "https://www.coinbase.com/advanced-trade",
		Monogram:  ID,
		Endpoints: []integrations.Endpoint{{Name: "api", URL: apiURL}},
	}
}

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, fmt.Errorf("%w: Coinbase Advanced has no %q login", integrations.ErrNotSupported, req.Method)
	}
	m, _ := in.Institution().Method(integrations.AuthAPIKey)
	return &integrations.FormLogin{Values: req.Values, Form: &integrations.FormStep{
		Title: "Connect Coinbase Advanced", Message: m.Help, Fields: m.Fields,
	}, Validate: func(ctx context.Context, vals map[string]string) (*integrations.DoneStep, error) {
		return validate(ctx, req.Env, secret{Name: vals[fieldKey], PrivateKey: vals[fieldPrivateKey]})
	}}, nil
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	a, err := newAPI(env, sec)
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Coinbase key cannot be read")
	}
	return &client{api: a}, nil
}

type secret struct {
	Name       string `json:"name"`
	PrivateKey string `json:"private_key"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Name == "" || s.PrivateKey == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Coinbase API key")
	}
	return s, nil
}

// ParseKey reads a CDP key's EC private key: PEM "EC PRIVATE KEY" (SEC 1) or
// "PRIVATE KEY" (PKCS #8), with literal "\n" sequences (as in the JSON file
// Coinbase offers) turned into newlines.
func ParseKey(pemText string) (*ecdsa.PrivateKey, error) {
	pemText = strings.ReplaceAll(strings.TrimSpace(pemText), `\n`, "\n")
	blk, _ := pem.Decode([]byte(pemText))
	if blk == nil {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is not a PEM block: copy it whole, BEGIN and END lines included")
	}
	if k, err := x509.ParseECPrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS8PrivateKey(blk.Bytes); err == nil {
		if ek, ok := k.(*ecdsa.PrivateKey); ok {
			return ek, nil
		}
	}
	return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is not an ECDSA key: create the key with the ECDSA algorithm")
}

func baseURL(env integrations.Env) (string, error) {
	u := strings.TrimRight(env.URL("api"), "/")
	if u == "" {
		return "", integrations.Wrap(integrations.ErrUnavailable, "no Coinbase API address is configured")
	}
	return u, nil
}
