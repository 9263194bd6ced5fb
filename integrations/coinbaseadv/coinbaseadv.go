package coinbaseadv

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// ID is Coinbase Advanced Trade's institution id.
const ID = "coinbase-advanced"

const apiURL = "https://api.coinbase.com"

const keyHelpURL = "https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication"

// Integration is Coinbase Advanced Trade with a CDP API key. Its grants never
// refresh: each request carries a fresh JWT signed with the key.
type Integration struct{}

// New returns Coinbase Advanced Trade.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// Institution describes Coinbase Advanced Trade. Its private endpoints are
// limited per user (30 requests a second): the default per-grant scope.
func (*Integration) Institution() integrations.Institution {
	in := cryptokit.Institution(ID, "Coinbase", "Coinbase Advanced", "global", "https://www.coinbase.com/advanced-trade",
		"Connect Coinbase (Advanced Trade) with a View-only CDP API key. Latchkey reads the wallets of the "+
			"key's portfolio, values them in US dollars with Coinbase's prices, and reads your Advanced Trade "+
			"fills and, through the Coinbase App API, your deposits, withdrawals, transfers and rewards. A View key "+
			"cannot trade or transfer.",
		apiURL, integrations.AuthMethod{
			Label: "CDP API key (View)",
			Help: "On portal.cdp.coinbase.com open API Keys → Secret API Keys → Create API key. Name it \"Latchkey\", " +
				"choose your Default portfolio and tick only the \"View\" permission (not Trade or Transfer). Choose the " +
				"ECDSA signature algorithm: Coinbase says its App API, which lists deposits, withdrawals, transfers and " +
				"rewards, may refuse Ed25519 keys (Coinbase's default); with an Ed25519 key Latchkey reads the balances " +
				"and fills only. Copy the key name or id and the " +
				"private key: the base64 text of an Ed25519 key, or for ECDSA the whole block from " +
				"-----BEGIN EC PRIVATE KEY----- to -----END EC PRIVATE KEY-----.",
			HelpURL: keyHelpURL,
			Fields: cryptokit.SigningFields(
				integrations.Field{Label: "API key name", HelpURL: keyHelpURL, Placeholder: "organizations/{org_id}/apiKeys/{key_id}"},
				integrations.Field{HelpURL: keyHelpURL,
					Help: "The private key shown once when the key was created. It stays in your vault and only signs requests."}),
		})
	// 30 requests a second per user for private endpoints.
	in.RatePerSecond = 30
	// 1: deposits, withdrawals, transfers and rewards from the App API.
	// 2: intx_deposit and intx_withdrawal are transfers by their sign (were
	// OTHER), as the coinbase package maps them (appapi).
	in.HistoryRevision = 2
	return in
}

// StartLogin begins an API-key login: one form, checked with one call.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return cryptokit.SigningLogin(in.Institution(), "Coinbase Advanced", req,
		func(ctx context.Context, env integrations.Env, key, private string) (*integrations.DoneStep, error) {
			return validate(ctx, env, secret{Name: key, PrivateKey: private})
		})
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, "Coinbase", decodeSecret, newAPI)
	if err != nil {
		return nil, err
	}
	c := &client{api: a}
	c.Spot = cryptokit.Spot{Account: portfolioAccount(), NoAccount: integrations.NoAccount("Coinbase"), Check: cryptokit.Checks(a.wallets), Read: c.holdings}
	return c, nil
}

type secret struct {
	Name       string `json:"name"`
	PrivateKey string `json:"private_key"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Coinbase API key", func(s secret) bool { return s.Name != "" && s.PrivateKey != "" })
}

// ParseKey reads a CDP key's private key the way the official SDK does
// (coinbase-advanced-py jwt_generator.py, v1.8.4): a PEM block — an ECDSA
// P-256 key as "EC PRIVATE KEY" (SEC 1), or an ECDSA or Ed25519 key as
// "PRIVATE KEY" (PKCS #8) — or the base64 text of an Ed25519 key as the CDP
// portal issues it (the 32-byte seed, or the 64-byte seed and public key).
// Literal "\n" sequences (as in the JSON key file) are newlines. It returns
// an *ecdsa.PrivateKey (signed ES256) or an ed25519.PrivateKey (EdDSA).
func ParseKey(text string) (crypto.Signer, error) {
	text = strings.ReplaceAll(strings.TrimSpace(text), `\n`, "\n")
	if strings.HasPrefix(text, "-----BEGIN") {
		blk, _ := pem.Decode([]byte(text))
		if blk == nil {
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is not a whole PEM block: copy it whole, BEGIN and END lines included")
		}
		if k, err := x509.ParseECPrivateKey(blk.Bytes); err == nil {
			return p256(k)
		}
		if k, err := x509.ParsePKCS8PrivateKey(blk.Bytes); err == nil {
			switch k := k.(type) {
			case *ecdsa.PrivateKey:
				return p256(k)
			case ed25519.PrivateKey:
				return k, nil
			}
		}
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is neither an ECDSA nor an Ed25519 key")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil || (len(raw) != ed25519.SeedSize && len(raw) != ed25519.PrivateKeySize) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is neither a PEM block nor the base64 text of an Ed25519 key")
	}
	return ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]), nil
}

func p256(k *ecdsa.PrivateKey) (crypto.Signer, error) {
	if k.Curve.Params().Name != "P-256" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the ECDSA private key is not a P-256 key")
	}
	return k, nil
}
