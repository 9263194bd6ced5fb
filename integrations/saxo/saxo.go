// Package saxo connects Saxo Bank accounts through Saxo's OpenAPI, read-only:
// "saxo" (live) and "saxo-sim" (the simulation environment, a paper
// institution).
//
// # Login
//
// OAuth 2.0 authorization code with PKCE (S256) for a native app: the user's
// own app registration (its AppKey is the client id; there is no secret) with
// the redirect URL http://127.0.0.1:3000/callback, or the port entered in
// Settings. Access tokens last 20 minutes and refresh tokens 1 hour; every
// refresh returns a new refresh token and the old one is spent, so every
// rotation is saved through SaveFunc before the new tokens are used, and
// Grant.Expiry is the current refresh token's end (a connection not synced
// within the hour must be repaired). Saxo's PKCE sample sends the login's
// code_verifier and redirect_uri with every refresh: the client keeps both in
// the grant and does the same (see verifierCapture for how the verifier is
// obtained).
//
// # Data
//
// The client key comes from GET /port/v1/clients/me, the accounts from
// GET /port/v1/accounts/me (account ids shown masked; the opaque AccountKey
// is the Latchkey account id), balances from GET /port/v1/balances, positions
// from GET /port/v1/positions (FieldGroups PositionBase, PositionView,
// DisplayAndFormat) and activities from the client-services bookings report
// GET /cs/v1/reports/bookings/{ClientKey}; lists are read page by page by
// following __next, only on the API's own host. Bookings are cash amounts:
// a trade appears as its "Share Amount" plus separate commission and fee
// rows, without units or price. Every amount is a JSON number read as
// decimal text.
//
// # Sources
//
// Verified against:
//   - https://developer.saxo/openapi/learn/oauth-authorization-code-grant-pkce
//     and SaxoBank/openapi-samples-js (authentication/oauth2-pkce-flow,
//     example_nodejs/server.js, authentication/README.md): endpoints, PKCE,
//     token and refresh requests, 20-minute and 1-hour lifetimes.
//   - https://www.developer.saxo/openapi/learn/rate-limiting and
//     .../status-codes: 120 requests a minute per session and service group,
//     X-RateLimit-*-Remaining/-Reset headers, 429; 401 for a bad token, 403
//     for permissions.
//   - gidven/saxo-openapi-guide (retrieving-entity-data.md): users/me,
//     clients/me and accounts/me bodies.
//   - systematic-trader/saxobank-client (src/types/records/balance-response.ts,
//     position-response.ts, derives/position-static.ts, position-dynamic.ts,
//     instrument-display-and-format.ts): balance and position fields.
//   - CBorum/go-saxo (service-groups/clientservices/getbookings_response.go,
//     historicalreportdata-bookings-v1.go): the bookings path, parameters and
//     fields; BkAmountType values ("Share Amount", "Commission",
//     "Corporate Actions - Cash Dividends", "Withholding Tax") from public
//     client tests (secondary).
//
// Not verified: whether Saxo's token endpoint requires code_verifier on a
// refresh (its sample sends it; so do we) and whether it needs client_id
// (RFC 6749 says a public client sends it; we do); the full list of
// BkAmountType values (unknown ones map to OTHER); the largest $top the
// positions and bookings endpoints accept; whether a loopback redirect URL
// may use any port (we assume the exact registered one).
package saxo

import (
	"context"
	"fmt"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID    = "saxo"
	SimID = "saxo-sim"
)

// DefaultRedirectPort is the callback port Latchkey's help asks the user to
// register (the port of Saxo's own PKCE sample).
const DefaultRedirectPort = 3000

// RedirectPath is the callback path to register.
const RedirectPath = "/callback"

type variant struct {
	id, display, api, auth, portal string
	sim                            bool
}

var (
	live = variant{id: ID, display: "Saxo Bank", api: "https://gateway.saxobank.com/openapi",
		auth: "https://live.logonvalidation.net", portal: "https://www.developer.saxo/openapi/appmgmt"}
	sim = variant{id: SimID, display: "Saxo Bank SIM", api: "https://gateway.saxobank.com/sim/openapi",
		auth: "https://sim.logonvalidation.net", portal: "https://www.developer.saxo/openapi/appmgmt", sim: true}
)

// Integration is one Saxo environment.
type Integration struct{ v variant }

var _ integrations.Integration = (*Integration)(nil)

// New returns Saxo live and Saxo SIM.
func New() []integrations.Integration {
	return []integrations.Integration{&Integration{v: live}, &Integration{v: sim}}
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	v := in.v
	env := "live"
	if v.sim {
		env = "simulation (SIM)"
	}
	appHelp := fmt.Sprintf("Saxo needs your own app registration for its %s environment. Sign in to Saxo's developer portal "+
		"(%s), create an application with the grant type \"PKCE\" (Authorization Code with PKCE, a native app without a secret) "+
		"and the Redirect URL exactly http://127.0.0.1:%d%s (if you use another port, enter it here in Settings too), then copy "+
		"its AppKey into Latchkey's Settings for %s as the client id. No secret is needed.",
		env, v.portal, DefaultRedirectPort, RedirectPath, v.display)
	if !v.sim {
		appHelp += " Live apps must be approved by Saxo for live access first."
	}
	help := "Connects your Saxo Bank accounts read-only through Saxo's OpenAPI. Saxo logins last an hour between syncs: " +
		"Latchkey renews them while it syncs, and asks you to repair the connection when it was idle longer."
	if v.sim {
		help = "Saxo's simulation environment (paper money), for trying Latchkey with a free Saxo developer account. " + help
	}
	return integrations.Institution{
		ID:          v.id,
		Name:        "Saxo Bank",
		DisplayName: v.display,
		Region:      "global",
		Kind:        integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{{
			Kind:  integrations.AuthOAuth2,
			Label: "Sign in with Saxo",
			Help: "Opens Saxo's login in your browser; log in and allow access. " +
				"If the browser does not come back to Latchkey, copy the address it ends on and paste it here.",
			HelpURL:           "https://www.developer.saxo/openapi/learn/oauth-authorization-code-grant-pkce",
			NeedsApp:          true,
			AppHelp:           appHelp,
			FixedRedirectPort: DefaultRedirectPort,
		}},
		Paper:        v.sim,
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help:         help,
		Website:      "https://www.home.saxo",
		Monogram:     v.id,
		// The 1-hour refresh token rolls forward on every sync: no badge for it.
		ExpiringWithin: -1,
		Endpoints: []integrations.Endpoint{
			{Name: "api", URL: v.api},
			{Name: "auth", URL: v.auth},
		},
	}
}

// StartLogin begins the OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthOAuth2 {
		return nil, fmt.Errorf("%w: Saxo offers only the browser login, not %q", integrations.ErrNotSupported, req.Method)
	}
	app := req.Env.App
	if app == nil || app.ClientID == "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials,
			"add your Saxo app's AppKey in Settings → "+in.v.display+" before connecting")
	}
	return in.newLogin(req.Env, *app), nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, g, sec, save), nil
}

func endpoint(env integrations.Env, name, def string) string {
	u := env.URL(name)
	if u == "" {
		u = def
	}
	return strings.TrimRight(u, "/")
}

func maskNumber(n string) string {
	r := []rune(strings.TrimSpace(n))
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}
