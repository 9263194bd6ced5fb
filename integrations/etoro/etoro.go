package etoro

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID     = "etoro"
	DemoID = "etoro-demo"
)

// DefaultAPI is the public API's base URL.
const DefaultAPI = "https://public-api.etoro.com"

// Form fields.
const (
	fieldAPIKey  = "api_key"
	fieldUserKey = "user_key"
	fieldExpires = "expires"
)

const (
	authURL     = "https://api-portal.etoro.com/getting-started/authentication"
	settingsURL = "https://www.etoro.com/settings/trade"
)

// Integration is one eToro environment: the real portfolio, or the demo
// (virtual) one, its paper twin (Paper). Each has its own user key.
type Integration struct{ integrations.Twin }

// New returns both environments: ID (real) and DemoID (virtual).
func New() []integrations.Integration {
	return integrations.Twins(ID, DemoID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	env := "Real"
	if in.Paper {
		env = "Virtual"
	}
	inst := integrations.Broker(ID, "eToro", "eToro", "global", "https://www.etoro.com",
		"Connects your eToro real portfolio read-only through eToro's public API with a read-only user key. "+
			"Holdings are your positions by instrument and your copy-trading mirrors; activity is your opened and closed positions "+
			"of the last year (the API lists no deposits or dividends).",
		integrations.AuthMethod{
			Kind:  integrations.AuthAPIKey,
			Label: "eToro API key and user key",
			Help: "eToro's public API reads your portfolio with two keys. On etoro.com open Settings → Trading → API Key Management, " +
				"click Create New Key, choose the " + env + " environment and the Read permission only (Latchkey never trades), " +
				"confirm the code eToro sends to your phone, and copy the user key; the public API key comes from eToro's API portal " +
				"(api-portal.etoro.com). If you gave the key an expiration date, enter it too: Latchkey then shows the connection as " +
				"expiring before it ends.",
			HelpURL: authURL,
			Fields: []integrations.Field{
				{Name: fieldAPIKey, Label: "Public API key", Kind: integrations.FieldSecret, HelpURL: authURL,
					Help: "The x-api-key of eToro's API portal: it identifies the application."},
				{Name: fieldUserKey, Label: "User key", Kind: integrations.FieldSecret, HelpURL: settingsURL,
					Help: "The key Settings → Trading → API Key Management generated for the " + env + " environment, with the Read permission."},
				{Name: fieldExpires, Label: "Key expiration date", Kind: integrations.FieldText, Optional: true, Placeholder: "2026-12-31",
					Help: "Only if you set an expiration date on the key (YYYY-MM-DD)."},
			},
		})
	// The default shared quota: 60 requests per 60 seconds per user key (per
	// grant, Broker's default).
	inst.RatePerSecond = 1
	inst.RateBurst = 5
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPI}}
	if in.Paper {
		inst.ID, inst.DisplayName, inst.Monogram, inst.Paper = DemoID, "eToro Virtual Portfolio", DemoID, true
		inst.Help = "Connects your eToro virtual (demo) portfolio read-only, with a user key made for the Virtual environment."
	}
	return inst
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, sec), nil
}

// secret is the grant's secret: the two keys.
type secret struct {
	APIKey  string `json:"api_key"`
	UserKey string `json:"user_key"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "an eToro key", func(s secret) bool { return s.APIKey != "" && s.UserKey != "" })
}
