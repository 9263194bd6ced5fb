package robinhood

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// ID is Robinhood Crypto's institution id.
const ID = "robinhood-crypto"

// APIURL is the Crypto Trading API's base URL (docs.robinhood.com/crypto/trading,
// the official sample's base_url).
const APIURL = "https://trading.robinhood.com"

const (
	docsURL     = "https://docs.robinhood.com/crypto/trading/"
	settingsURL = "https://robinhood.com/account/crypto"
)

// Integration is Robinhood Crypto through its official Crypto Trading API:
// an API key registered with the user's own Ed25519 public key, each
// request signed with the private key. Its grants never expire on a date.
type Integration struct{}

// New returns Robinhood Crypto.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// Institution describes Robinhood Crypto. Requests are limited per user
// account (100 a minute, bursts of 300: a token bucket): the per-grant
// scope.
func (*Integration) Institution() integrations.Institution {
	in := cryptokit.Institution(ID, "Robinhood", "Robinhood Crypto", "US", "https://robinhood.com/us/en/about/crypto/",
		"Connect Robinhood Crypto with an API credential from Robinhood's crypto settings (a computer's web "+
			"browser only). Latchkey reads your crypto account's buying power and holdings, values them at "+
			"Robinhood's current prices, and lists your filled crypto orders. Stocks and options at Robinhood have "+
			"no official API: import their statements instead.",
		APIURL, integrations.AuthMethod{
			Label: "Crypto API key and private key",
			Help: "Robinhood's Crypto Trading API signs every request with an Ed25519 key pair you make yourself. " +
				"Generate one with the script on Robinhood's API documentation (Authentication → Creating a key pair), " +
				"then on a computer open robinhood.com → Account → Settings → Crypto → API Trading (robinhood.com/account/crypto), " +
				"add a credential, paste the public key and, where Robinhood offers a choice, allow reading only. Copy " +
				"the API key it shows (rh-api-…) and paste it here with the private key. The private key stays in " +
				"Latchkey's vault; Robinhood never sees it.",
			HelpURL: docsURL + "#section/Authentication",
			Fields: cryptokit.SigningFields(
				integrations.Field{Label: "API key", HelpURL: settingsURL,
					Placeholder: "rh-api-00000000-0000-0000-0000-000000000000",
					Help:        "Shown when you add the credential in Robinhood's crypto settings (older keys have no rh-api- prefix)."},
				integrations.Field{HelpURL: docsURL + "#section/Authentication/Creating-a-key-pair",
					Help: "The base64 private key your key-pair script printed (its Python version prints 44 characters, " +
						"its Node.js version 88), or a PEM \"PRIVATE KEY\" block. Its public key is the one registered with Robinhood."}),
		})
	in.RatePerSecond = 100.0 / 60 // 100 requests a minute per user account
	in.RateBurst = 300            // in bursts
	return in
}

// StartLogin begins an API-key login: one form, checked with one call.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return cryptokit.SigningLogin(in.Institution(), "Robinhood Crypto", req,
		func(ctx context.Context, env integrations.Env, key, private string) (*integrations.DoneStep, error) {
			return validate(ctx, env, secret{APIKey: key, PrivateKey: private})
		})
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, "Robinhood", decodeSecret, newAPI)
	if err != nil {
		return nil, err
	}
	return &client{api: a}, nil
}

// secret is the grant's secret: the API key and the private key, as typed.
type secret struct {
	APIKey     string `json:"api_key"`
	PrivateKey string `json:"private_key"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Robinhood API key", func(s secret) bool { return s.APIKey != "" && s.PrivateKey != "" })
}

// timestampLife is how long a signed request's timestamp is valid.
const timestampLife = 30 * time.Second
