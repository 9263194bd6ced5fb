package tiger

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID   = "tiger"
	HKID = "tiger-hk"
)

// DefaultGateway is the Open API's gateway (the SDK's default server URL,
// the one it falls back to when its domain lookup fails).
const DefaultGateway = "https://openapi.tigerfintech.com/gateway"

// Form fields.
const (
	fieldTigerID    = "tiger_id"
	fieldPrivateKey = "private_key"
	fieldToken      = "token"
)

const (
	developerURL = "https://developer.itigerup.com/profile"
	docsURL      = "https://docs-en.itigerup.com/docs/prepare-python"
)

// Integration is one Tiger Brokers variant: the licences whose Open API
// signs requests with the RSA key alone (Singapore, New Zealand, Australia),
// or Tiger Brokers Hong Kong (TBHK), which adds a 15-day token.
type Integration struct{ hk bool }

// New returns both variants: ID (TBSG, TBNZ, TBAU) and HKID (TBHK).
func New() []integrations.Integration {
	return integrations.Variants(&Integration{}, &Integration{hk: true})
}

func (in *Integration) id() string {
	if in.hk {
		return HKID
	}
	return ID
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	fields := []integrations.Field{
		{Name: fieldTigerID, Label: "Tiger ID", Kind: integrations.FieldText, Digits: true, Placeholder: "20150129",
			HelpURL: developerURL,
			Help:    "Your developer id, shown on Tiger's Open API developer page (developer.itigerup.com/profile) once you registered as a developer."},
		{Name: fieldPrivateKey, Label: "RSA private key", Kind: integrations.FieldSecret, Multiline: true, HelpURL: docsURL,
			Help: "The private key whose public key you registered on the developer page: the private_key_pk1 value of the " +
				"tiger_openapi_config.properties file Tiger lets you download there, or a PEM \"RSA PRIVATE KEY\" block. " +
				"It stays in Latchkey's vault; Tiger never sees it."},
	}
	inst := integrations.Broker(ID, "Tiger Brokers", "Tiger Brokers", "SG", "https://www.tigerbrokers.com.sg",
		"Connects your Tiger Brokers standard accounts read-only through Tiger's Open API with your developer Tiger ID and RSA key. "+
			"Paper accounts and legacy global accounts (U…) are left out.",
		integrations.AuthMethod{
			Kind:  integrations.AuthAPIKey,
			Label: "Tiger ID and RSA key",
			Help: "Tiger's Open API signs every request with an RSA key you register. On developer.itigerup.com/profile " +
				"(a funded Tiger account is required) sign the API agreement, register as a developer, and paste your RSA public key " +
				"(or let the page generate the pair and download tiger_openapi_config.properties). Tiger offers no read-only key: " +
				"Latchkey only reads. Leave the IP whitelist empty or add this computer's address. For Singapore, New Zealand and " +
				"Australia accounts (licences TBSG, TBNZ, TBAU); Hong Kong accounts connect as Tiger Brokers Hong Kong.",
			HelpURL: docsURL,
			Fields:  fields,
		})
	// Quotas are per tiger_id and method: 60 a minute for accounts,
	// assets and positions (see doc.go): per grant, Broker's default.
	inst.RatePerSecond = 1
	inst.RateBurst = 5
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultGateway}}
	// 1: deposits, withdrawals, dividends, interest, taxes and fees
	// (transfer_fund, fund_details) are read beside the fills.
	inst.HistoryRevision = 1
	if in.hk {
		inst.ID, inst.DisplayName, inst.Region, inst.Monogram = HKID, "Tiger Brokers Hong Kong", "HK", HKID
		inst.Website = "https://www.itigerup.com"
		m := &inst.AuthMethods[0]
		m.Label = "Tiger ID, RSA key and token"
		m.Help = "Tiger Brokers Hong Kong (licence TBHK) adds a token to the RSA key. On developer.itigerup.com/profile " +
			"register as a developer with your RSA public key, then generate the token and download tiger_openapi_token.properties. " +
			"Tiger offers no read-only key: Latchkey only reads. The token lasts 15 days; Latchkey renews it as it syncs, and " +
			"shows the connection as expiring when it has not been renewed."
		m.Fields = append(m.Fields, integrations.Field{Name: fieldToken, Label: "Token", Kind: integrations.FieldSecret,
			HelpURL: developerURL,
			Help:    "The token=… value of tiger_openapi_token.properties from the developer page (without \"token=\")."})
		inst.Help = "Connects your Tiger Brokers Hong Kong standard accounts read-only through Tiger's Open API with your Tiger ID, " +
			"RSA key and the 15-day token Latchkey renews. Paper accounts and legacy global accounts (U…) are left out."
		// The token ends 15 days after it was made or renewed: expiring in
		// its last 3.
		inst.ExpiringWithin = 3 * 24 * time.Hour
	}
	return inst
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, g, sec, save)
}
