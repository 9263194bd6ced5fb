package tradestation

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Institution ids.
const (
	ID    = "tradestation"
	SimID = "tradestation-sim"
)

// Default endpoints.
const (
	DefaultAPI    = "https://api.tradestation.com/v3"
	DefaultSimAPI = "https://sim-api.tradestation.com/v3"
	DefaultAuth   = "https://signin.tradestation.com"
	// Audience is the authorize request's required audience.
	Audience = "https://api.tradestation.com"
	// DefaultRedirectPort is the port of the default callback URL Latchkey
	// uses, http://localhost:31022, one of those every TradeStation API key
	// allows (see doc.go); the user may pick another in Settings.
	DefaultRedirectPort = 31022
)

// Integration is one TradeStation variant: live or simulation (Paper).
type Integration struct{ integrations.Twin }

// New returns both variants: live (ID) and simulation (SimID).
func New() []integrations.Integration {
	return integrations.Twins(ID, SimID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

// ownApp is the API key the user gets, entered for the variant named
// display: its help and its missing-app error. Every key comes with its
// callback URLs: there is none to register.
func ownApp(display string) integrations.OwnApp {
	return integrations.OwnApp{Name: display, Product: "TradeStation", App: "API key", Key: "API Key", Secret: "Secret", FixedRedirect: true,
		Steps: "Request one from TradeStation Client Services " +
			"(https://api.tradestation.com/docs/fundamentals/authentication/auth-overview; it is free for TradeStation customers and reaches " +
			"only the accounts of your own login). Every key comes with the callback URLs http://localhost, http://localhost:80, :3000, :3001, " +
			":8080 and :31022; Latchkey uses http://localhost:31022 (enter another of those ports here if that one is busy).",
		Then: "Keep the default refresh tokens (they do not expire); Latchkey asks only for ReadAccount, read-only access.",
		Note: "The same key serves the simulator."}
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "TradeStation", "TradeStation", "US", "https://www.tradestation.com",
		"Connects your TradeStation equity, options and futures accounts read-only through TradeStation's API (v3). "+
			"You need your own TradeStation API key (see Settings → TradeStation). Activity is your filled orders of the last 90 days: "+
			"the API offers no deposits, dividends or fees.",
		integrations.OwnAppOAuth("Sign in with TradeStation",
			"Opens TradeStation's sign-in in your browser; sign in (with your two-factor code) and allow Latchkey to read your accounts. "+
				"The browser then comes back to http://localhost:31022; if it does not, copy the address it ends on and paste it here. "+
				"TradeStation's default refresh tokens do not expire; a key set to rotating refresh tokens ends every sign-in after 24 hours.",
			"https://api.tradestation.com/docs/fundamentals/authentication/auth-code",
			ownApp("TradeStation").Help(), DefaultRedirectPort))
	// Default keys never expire (Grant.Expiry zero); a rotating key's
	// sign-in ends 24 hours after it began: expiring in its last 6.
	inst.ExpiringWithin = 6 * time.Hour
	// TradeStation counts its quotas per user and API key, 250 requests
	// per resource category in 5 minutes (see doc.go); per grant, Broker's
	// default.
	inst.RatePerSecond = 250.0 / 300
	inst.RateBurst = 30
	inst.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: DefaultAPI},
		{Name: "auth", URL: DefaultAuth},
	}
	if in.Paper {
		inst.ID, inst.DisplayName, inst.Monogram, inst.Paper = SimID, "TradeStation Simulator", SimID, true
		inst.Help = "Connects your TradeStation simulated (paper-trading) accounts read-only, with the same API key and sign-in as the live accounts."
		inst.Endpoints[0].URL = DefaultSimAPI
		inst.AuthMethods[0].AppHelp = ownApp(inst.DisplayName).Help()
	}
	return inst
}

// StartLogin begins the browser login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp("TradeStation").Browser(req, in.newLogin)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	sec.ClientSecret = integrations.RenewedSecret(env, sec.ClientID, sec.ClientSecret)
	return in.newClient(env, g, sec, save), nil
}

func (in *Integration) apiBase(env integrations.Env) string {
	if in.Paper {
		return httpx.Endpoint(env, "api", DefaultSimAPI)
	}
	return httpx.Endpoint(env, "api", DefaultAPI)
}
