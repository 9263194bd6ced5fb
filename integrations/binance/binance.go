package binance

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID   = "binance"
	USID = "binance-us"
)

// Field names of the API-key form.
const (
	fieldKey    = "key_id"
	fieldSecret = "secret"
)

// variant is what differs between Binance and Binance.US.
type variant struct {
	id, name, display, region, api, website, keyHelpURL, help string
	// quote is the currency holdings are valued in: Binance's USDT, or
	// Binance.US's dollar.
	quote string
}

var (
	global = variant{
		id: ID, name: "Binance", display: "Binance", region: "global", api: "https://api.binance.com",
		website: "https://www.binance.com", quote: "USDT",
		keyHelpURL: "https://www.binance.com/en/support/faq/how-to-create-api-keys-on-binance-360002502072",
		help: "On binance.com open Account → API Management → Create API → System generated, name it \"Latchkey\" " +
			"and pass the security check. Leave only \"Enable Reading\" ticked (the default): do not enable spot " +
			"trading, withdrawals or transfers. IP restriction is optional. Copy the API key and the secret key: " +
			"Binance shows the secret only once.",
	}
	us = variant{
		id: USID, name: "Binance.US", display: "Binance.US", region: "US", api: "https://api.binance.us",
		website: "https://www.binance.us", quote: "USD",
		keyHelpURL: "https://support.binance.us/en/articles/9842798-how-to-create-an-api-key-on-binance-us",
		help: "On binance.us open your profile → API Management, choose \"Create API\", name it \"Latchkey\" and " +
			"verify. Keep the permissions read-only (leave trading and withdrawals off). Copy the API key and the " +
			"secret key: the secret is shown only once.",
	}
)

// Integration is one Binance variant. Its grants are API keys: they never
// refresh and never expire on their own.
type Integration struct {
	v variant
	// sleep waits for the next rate-limit window; nil waits on the wall
	// clock.
	sleep func(ctx context.Context, d time.Duration) error
}

// WithSleep returns the integration with sleep as the wait for the next
// rate-limit window, for tests that move a fake clock instead of waiting
// (fakekit.ClockSleep).
func (in *Integration) WithSleep(sleep func(ctx context.Context, d time.Duration) error) *Integration {
	c := *in
	c.sleep = sleep
	return &c
}

var _ integrations.Integration = (*Integration)(nil)

// New returns Binance (binance.com) and Binance.US.
func New() []integrations.Integration {
	return []integrations.Integration{&Integration{v: global}, &Integration{v: us}}
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	v := in.v
	return integrations.Institution{
		ID:          v.id,
		Name:        v.name,
		DisplayName: v.display,
		Region:      v.region,
		Kind:        integrations.KindCryptoExchange,
		AuthMethods: []integrations.AuthMethod{{
			Kind:    integrations.AuthAPIKey,
			Label:   "API key and secret key (read-only)",
			Help:    v.help,
			HelpURL: v.keyHelpURL,
			Fields: []integrations.Field{
				{Name: fieldKey, Label: "API key", Kind: integrations.FieldText, HelpURL: v.keyHelpURL,
					Help: "The API key, 64 letters and digits."},
				{Name: fieldSecret, Label: "Secret key", Kind: integrations.FieldSecret, HelpURL: v.keyHelpURL,
					Help: "The secret key shown once when the key was created. It stays in your vault and only signs requests."},
			},
		}},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Connect " + v.display + " with a read-only API key (Enable Reading only). Latchkey reads your spot " +
			"balances, your trades in the markets of the coins you hold or moved, and your crypto deposits and " +
			"withdrawals, and values coins in " + v.quote + " with the public ticker. It cannot trade or withdraw with such a key.",
		Website:  v.website,
		Monogram: v.id,
		// "The limits on the API are based on the IPs, not the API keys"
		// (rest-api.md, LIMITS): one limiter for every connection.
		RateScope: integrations.RateScopeIP,
		Endpoints: []integrations.Endpoint{{Name: "api", URL: v.api}},
	}
}

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), in.v.display, integrations.AuthAPIKey, req,
		func(ctx context.Context, env integrations.Env, vals map[string]string) (*integrations.DoneStep, error) {
			return validate(ctx, in.v, env, secret{Key: vals[fieldKey], Secret: vals[fieldSecret]})
		})
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	a, err := newAPI(in.v, env, sec)
	if err != nil {
		return nil, err
	}
	if in.sleep != nil {
		a.sleep = in.sleep
	}
	return &client{api: a}, nil
}

// secret is the grant's secret: the key pair.
type secret struct {
	Key    string `json:"key"`
	Secret string `json:"secret"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Binance API key", func(s secret) bool { return s.Key != "" && s.Secret != "" })
}
