package gemini

import (
	"context"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// Institution ids.
const (
	ID        = "gemini"
	SandboxID = "gemini-sandbox"
)

// fieldNonce is the API-key form's choice of nonce, beside the kit's key
// and secret.
const fieldNonce = "nonce_kind"

// Nonce kinds of a Gemini API key, chosen when it is created.
const (
	nonceTime       = "time"       // "Uses a time based nonce": seconds, within 30 s of the clock
	nonceIncreasing = "increasing" // any number, increasing from call to call
)

// variant is what differs between production and the sandbox.
type variant struct {
	id, display, api, website, keyURL string
	paper                             bool
}

var (
	production = variant{id: ID, display: "Gemini", api: "https://api.gemini.com", website: "https://www.gemini.com",
		keyURL: "https://exchange.gemini.com/settings/api"}
	sandbox = variant{id: SandboxID, display: "Gemini Sandbox", api: "https://api.sandbox.gemini.com", paper: true,
		website: "https://exchange.sandbox.gemini.com", keyURL: "https://exchange.sandbox.gemini.com/settings/api"}
)

const keyHelpURL = "https://support.gemini.com/hc/en-us/articles/360031080191-How-do-I-create-an-API-key"

// Integration is one Gemini variant. Its grants are API keys: they never
// refresh and never expire on their own.
type Integration struct {
	v variant
	// Wait paces the transfers endpoint; the zero Wait waits on the wall clock.
	cryptokit.Wait
}

// New returns Gemini and the Gemini sandbox.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{v: production}, &Integration{v: sandbox})
}

// Institution describes the variant. Gemini does not say what its
// limits count against (600 private requests a minute, 120 public per
// minute, the transfers list once per 5 seconds per subaccount): the
// default per-grant scope.
func (in *Integration) Institution() integrations.Institution {
	v := in.v
	help := "On " + strings.TrimPrefix(v.website, "https://") + " open Settings → API (" + v.keyURL + ") and choose " +
		"\"Create API key\" with the scope \"Primary\" (the trading account, not Master). Give it only the " +
		"Auditor role, which can read but never trade or withdraw, and tick \"Uses a time based nonce\". " +
		"Copy the API key and the API secret: the secret is shown only once."
	if v.paper {
		help = "The Gemini sandbox is Gemini's test exchange with play money. " + help
	}
	inst := cryptokit.Institution(v.id, "Gemini", v.display, "US", v.website,
		"Connect "+v.display+" with an API key that has only the Auditor role. Latchkey reads your "+
			"balances with their US dollar value, your trades in the markets of the coins you hold or moved, and your "+
			"deposits, withdrawals and rewards. An Auditor key cannot trade or withdraw.",
		v.api, integrations.AuthMethod{
			Label:   "API key and secret (Auditor role)",
			Help:    help,
			HelpURL: keyHelpURL,
			Fields: append(cryptokit.KeyFields(v.keyURL, "The API key, e.g. account-AbCdEf0123456789.",
				"API secret", "The secret shown once when the key was created. It stays in your vault and only signs requests."),
				integrations.Field{Name: fieldNonce, Label: "Nonce", Kind: integrations.FieldChoice, Optional: true, HelpURL: keyHelpURL,
					Help: "Whether \"Uses a time based nonce\" was ticked when the key was created (recommended).",
					Choices: []integrations.Choice{
						{Value: nonceTime, Label: "Time based (\"Uses a time based nonce\" ticked)"},
						{Value: nonceIncreasing, Label: "Increasing (not ticked)"},
					}}),
		})
	inst.Paper = v.paper
	// "We recommend that you not exceed 5 requests per second", with a
	// queued burst of five.
	inst.RatePerSecond, inst.RateBurst = 5, 5
	return inst
}

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), in.v.display, integrations.AuthAPIKey, req,
		func(ctx context.Context, env integrations.Env, vals map[string]string) (*integrations.DoneStep, error) {
			sec := secret{Key: vals[cryptokit.FieldKey], Secret: vals[cryptokit.FieldSecret], Nonce: nonceTime}
			if vals[fieldNonce] == nonceIncreasing {
				sec.Nonce = nonceIncreasing
			}
			return in.validate(ctx, env, sec)
		})
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, "Gemini", decodeSecret, in.newAPI)
	if err != nil {
		return nil, err
	}
	if g.Fingerprint != "" {
		// Every key of the account shares its transfers pace.
		a.pace = pacerFor(env.URL("api"), g.Fingerprint)
	}
	c := &client{api: a}
	c.Spot = cryptokit.Spot{Account: spotAccount(in.v), NoAccount: integrations.NoAccount("Gemini"), Check: cryptokit.Checks(a.balances), Read: c.holdings}
	return c, nil
}

// secret is the grant's secret: the key pair.
type secret struct {
	Key    string `json:"key"`
	Secret string `json:"secret"`
	Nonce  string `json:"nonce,omitempty"` // nonceTime (default) or nonceIncreasing
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Gemini API key", func(s secret) bool { return s.Key != "" && s.Secret != "" })
}
