package bitvavo

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// ID is Bitvavo's institution id.
const ID = "bitvavo"

// Production base URL; every path starts with /v2, which the signature
// covers.
const apiURL = "https://api.bitvavo.com"

const keyHelpURL = "https://support.bitvavo.com/hc/en-us/articles/4405059841809"

// Integration is Bitvavo. Its grants are API keys: they never refresh and
// never expire on their own.
type Integration struct {
	// Wait sits out a rate-limit window; the zero Wait waits on the wall clock.
	cryptokit.Wait
}

// New returns Bitvavo's only variant.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// Institution describes Bitvavo. Its 1000 weight points a minute are
// counted per API key for signed requests (every request here is signed):
// the default per-grant scope.
func (*Integration) Institution() integrations.Institution {
	in := cryptokit.Institution(ID, "Bitvavo", "Bitvavo", "NL", "https://bitvavo.com",
		"Connect Bitvavo with a View-only API key. Latchkey reads your balances, values them in euros with "+
			"Bitvavo's prices, and reads your trades in the markets of the coins you hold or moved and your "+
			"deposits and withdrawals. A View key cannot trade or withdraw.",
		apiURL, integrations.AuthMethod{
			Label: "API key and secret (View only)",
			Help: "On bitvavo.com open Settings → API → \"Request new API key\", name it \"Latchkey\" and give it only " +
				"the \"View\" permission (leave Trade and Withdraw off). Confirm the key from the e-mail Bitvavo sends. " +
				"Copy the API key and the API secret: the secret is shown only once.",
			HelpURL: keyHelpURL,
			Fields: cryptokit.KeyFields(keyHelpURL,
				"The API key, 64 characters.",
				"API secret", "The API secret, 128 characters, shown once. It stays in your vault and only signs requests."),
		})
	return in
}

// StartLogin begins an API-key login: one form, checked with two calls.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return cryptokit.PairLogin(in.Institution(), "Bitvavo", req, in.validate)
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, "Bitvavo", decodeSecret, in.newAPI)
	if err != nil {
		return nil, err
	}
	c := &client{api: a}
	c.Spot = cryptokit.Spot{Account: spotAccount(), NoAccount: integrations.NoAccount("Bitvavo"), Check: cryptokit.Checks(a.balances), Read: c.holdings}
	return c, nil
}

// secret is the grant's secret: the key pair.
type secret = cryptokit.KeyPair

func decodeSecret(b []byte) (secret, error) { return cryptokit.DecodeKeyPair(b, "Bitvavo") }
