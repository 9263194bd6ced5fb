package kraken

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// ID is the institution id of Kraken's spot exchange.
const ID = "kraken"

// Production base URL of the REST API (public and private calls).
const apiURL = "https://api.kraken.com"

const keyHelpURL = "https://support.kraken.com/articles/360000919966-how-to-create-an-api-key"

// Integration is Kraken spot. Its grants are API keys: they never refresh
// and never expire on their own.
type Integration struct {
	// Wait waits between two ledger pages of a paced walk (the zero Wait on
	// the wall clock).
	cryptokit.Wait
}

// New returns Kraken's only variant.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// Institution describes Kraken.
func (*Integration) Institution() integrations.Institution {
	in := cryptokit.Institution(ID, "Kraken", "Kraken", "global", "https://www.kraken.com",
		"Connect Kraken with a read-only API key (Query Funds and Query Ledger Entries). Latchkey reads your "+
			"balances and your ledger (trades, deposits, withdrawals, staking rewards) and values crypto in US dollars "+
			"with Kraken's public ticker. It cannot trade or withdraw with such a key.",
		apiURL, integrations.AuthMethod{
			Label: "API key and private key",
			Help: "On kraken.com open Settings → API → Create API key (Kraken Pro: Settings → Connections & API). " +
				"Give it a description such as \"Latchkey\" and tick only the read permissions Query Funds and " +
				"Query Ledger Entries (Query Open Orders & Trades and Query Closed Orders & Trades are optional). " +
				"Leave every deposit, withdraw and trade permission off, and leave the key's two-factor password unset. " +
				"Copy the API key and the private key: Kraken shows the private key only once.",
			HelpURL: keyHelpURL,
			Fields: cryptokit.KeyFields(keyHelpURL,
				"The public API key, 56 characters.",
				"Private key", "The private key (base64, ends with ==). It is kept in your vault and only used to sign requests."),
		})
	// Kraken counts private calls per API key ("Each API key's counter is
	// separate", Spot REST Rate Limits): per grant, the kit's default.
	return in
}

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return cryptokit.PairLogin(in.Institution(), "Kraken", req, in.validate)
}

// NewClient builds a client from an API-key grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	a, err := cryptokit.SignedAPI(g, env, "Kraken", decodeSecret, in.newAPI)
	if err != nil {
		return nil, err
	}
	c := &client{api: a}
	c.Spot = cryptokit.Spot{Account: spotAccount(), NoAccount: integrations.NoAccount("Kraken"), Check: cryptokit.Checks(a.balances),
		Read: c.holdings, KeepBalances: true}
	return c, nil
}

// secret is the grant's secret: the key pair.
type secret = cryptokit.KeyPair

func decodeSecret(b []byte) (secret, error) { return cryptokit.DecodeKeyPair(b, "Kraken") }
