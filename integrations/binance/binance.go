package binance

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// Institution ids.
const (
	ID   = "binance"
	USID = "binance-us"
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
	// Wait waits for the next rate-limit window (the zero Wait on the wall
	// clock).
	cryptokit.Wait
}

// New returns Binance (binance.com) and Binance.US.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{v: global}, &Integration{v: us})
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	v := in.v
	inst := cryptokit.Institution(v.id, v.name, v.display, v.region, v.website,
		"Connect "+v.display+" with a read-only API key (Enable Reading only). Latchkey reads your spot "+
			"balances, your trades in the markets of the coins you hold or moved, and your crypto deposits and "+
			"withdrawals, and values coins in "+v.quote+" with the public ticker. It cannot trade or withdraw with such a key.",
		v.api, integrations.AuthMethod{
			Label:   "API key and secret key (read-only)",
			Help:    v.help,
			HelpURL: v.keyHelpURL,
			Fields: cryptokit.KeyFields(v.keyHelpURL,
				"The API key, 64 letters and digits.",
				"Secret key", "The secret key shown once when the key was created. It stays in your vault and only signs requests."),
		})
	// "The limits on the API are based on the IPs, not the API keys"
	// (rest-api.md, LIMITS): one limiter for every connection.
	inst.RateScope = integrations.RateScopeIP
	return inst
}

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return cryptokit.PairLogin(in.Institution(), in.v.display, req, in.validate)
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, in.v.display, decodeSecret, in.newAPI)
	if err != nil {
		return nil, err
	}
	c := &client{api: a}
	c.Spot = cryptokit.Spot{Account: spotAccount(in.v), NoAccount: integrations.NoAccount("Binance"), Check: cryptokit.Checks(a.account),
		Read: c.holdings, KeepBalances: true}
	return c, nil
}

// secret is the grant's secret: the key pair.
type secret = cryptokit.KeyPair

func decodeSecret(b []byte) (secret, error) { return cryptokit.DecodeKeyPair(b, "Binance") }
