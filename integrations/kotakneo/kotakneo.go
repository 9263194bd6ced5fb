package kotakneo

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Kotak Neo integration.
const ID = "kotakneo"

// DefaultLoginURL is the "login" endpoint: where tradeApiLogin and
// tradeApiValidate live. The data calls go to the baseUrl the validation
// answers.
const DefaultLoginURL = "https://mis.kotaksecurities.com"

// neoFinKey is the static neo-fin-key header of the Trade API.
const neoFinKey = "neotradeapi"

// Field names of the login form.
const (
	FieldToken  = "access_token"
	FieldMobile = "mobile_number"
	FieldUCC    = "ucc"
	FieldTOTP   = "totp"
	FieldMPIN   = "mpin"
)

// expiringWithin is how long before the session's end a connection shows as
// expiring.
const expiringWithin = 3 * time.Hour

// Integration is the "kotakneo" integration: Kotak Neo's Trade API.
type Integration struct{}

var _ integrations.Integration = (*Integration)(nil)

// New returns the package's integrations: Kotak Neo.
func New() []integrations.Integration { return []integrations.Integration{&Integration{}} }

const loginHelp = "In Kotak Neo (web or app) open Invest → Trade API, create an application and copy its access token, and " +
	"register TOTP for the Trade API with your authenticator app. Log in with that token, your registered mobile number, " +
	"your UCC (client code), the 6-digit TOTP and your 6-digit MPIN. Trade API sessions last a day, so Latchkey asks you to " +
	"log in again each day you sync. Latchkey only reads your limits, holdings, positions and trades."

// Institution describes Kotak Neo.
func (*Integration) Institution() integrations.Institution {
	return integrations.Institution{
		ID:          ID,
		Name:        "Kotak Securities",
		DisplayName: "Kotak Neo",
		Region:      "IN",
		Kind:        integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{{
			Kind:    integrations.AuthCredentials,
			Label:   "TOTP and MPIN",
			Help:    loginHelp,
			HelpURL: "https://github.com/Kotak-Neo/Kotak-neo-api-v2",
			Fields: []integrations.Field{
				{Name: FieldToken, Label: "Trade API access token", Kind: integrations.FieldSecret,
					Help: "The access token of your Trade API application (Kotak Neo → Invest → Trade API)."},
				{Name: FieldMobile, Label: "Mobile number", Kind: integrations.FieldText, Placeholder: "+919999999999",
					Help: "Your registered mobile number with its country code (+91 is added when missing)."},
				{Name: FieldUCC, Label: "UCC (client code)", Kind: integrations.FieldText, Placeholder: "ABC12",
					Help: "Your unique client code, shown in your Kotak Neo profile."},
				{Name: FieldTOTP, Label: "TOTP code", Kind: integrations.FieldText, Digits: true, Length: 6,
					Help: "The 6-digit code your authenticator app shows for the Kotak Neo Trade API."},
				{Name: FieldMPIN, Label: "MPIN", Kind: integrations.FieldSecret, Digits: true,
					Help: "Your 6-digit Kotak Neo MPIN."},
			},
		}},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Your Kotak Securities account through the Kotak Neo Trade API: limits, demat holdings, open positions and " +
			"today's trades (the Trade API keeps no older trades; Latchkey keeps each day's as it syncs).",
		Website:        "https://www.kotaksecurities.com",
		ExpiringWithin: expiringWithin,
		RateScope:      integrations.RateScopeGrant,
		Monogram:       ID,
		Endpoints:      []integrations.Endpoint{{Name: "login", URL: DefaultLoginURL}},
	}
}

// secret is the grant's secret: the application's access token and the
// day's trade session (token, sid, the base URL the data lives on).
type secret struct {
	Access  string    `json:"access_token"`
	UCC     string    `json:"ucc"`
	Token   string    `json:"session_token"`
	SID     string    `json:"sid"`
	BaseURL string    `json:"base_url"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Kotak Neo login", func(s secret) bool { return s.Token != "" && s.SID != "" && s.BaseURL != "" && s.UCC != "" })
}

// StartLogin begins the TOTP and MPIN login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthCredentials {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "Kotak Neo connects with TOTP and MPIN")
	}
	return &integrations.FormLogin{
		Form:   integrations.MethodForm(in.Institution(), integrations.AuthCredentials),
		Values: req.Values,
		Validate: func(ctx context.Context, v map[string]string) (*integrations.DoneStep, error) {
			return logIn(ctx, req.Env, v)
		},
	}, nil
}

// mobile writes a mobile number with its country code (+91 when missing).
func mobile(s string) string {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	if s != "" && !strings.HasPrefix(s, "+") {
		s = "+91" + strings.TrimPrefix(s, "0")
	}
	return s
}

// logIn runs tradeApiLogin (TOTP → view token) and tradeApiValidate (MPIN
// → trade token, sid and baseUrl).
func logIn(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	access, ucc := strings.TrimSpace(v[FieldToken]), strings.ToUpper(strings.TrimSpace(v[FieldUCC]))
	mob, totp, mpin := mobile(v[FieldMobile]), strings.TrimSpace(v[FieldTOTP]), strings.TrimSpace(v[FieldMPIN])
	switch {
	case len(access) < 8 || ucc == "" || len(mob) < 8:
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the access token, your mobile number and your UCC")
	case mpin == "" || strings.Trim(mpin, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the MPIN is digits only")
	case len(totp) != 6 || strings.Trim(totp, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "the TOTP code is 6 digits")
	}
	red := httpx.RedactorOf(env.HTTP)
	red.Add(access, totp, mpin)
	api := newAPI(env, httpx.Endpoint(env, "login", DefaultLoginURL))
	view, err := postLogin(ctx, api, env, "/login/1.0/tradeApiLogin", access, nil, map[string]string{"mobileNumber": mob, "ucc": ucc, "totp": totp})
	if err != nil {
		return nil, err
	}
	red.Add(view.Token, view.SID)
	trade, err := postLogin(ctx, api, env, "/login/1.0/tradeApiValidate", access, &view, map[string]string{"mpin": mpin})
	if err != nil {
		return nil, err
	}
	red.Add(trade.Token, trade.SID)
	base, err := checkBase(trade.BaseURL, httpx.Endpoint(env, "login", DefaultLoginURL))
	if err != nil {
		return nil, err
	}
	if trade.UCC != "" && !strings.EqualFold(trade.UCC, ucc) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "Kotak Neo answered for another client code")
	}
	sec := secret{Access: access, UCC: ucc, Token: trade.Token, SID: trade.SID, BaseURL: base, Expires: sessionEnd(trade.Token, env.Time())}
	c := &client{env: env, sec: sec, api: newAPI(env, base)}
	if _, err := c.limits(ctx); err != nil {
		return nil, err
	}
	return &integrations.DoneStep{
		Grant: integrations.Grant{Method: integrations.AuthCredentials, Secret: sec.encode(), Expiry: sec.Expires,
			Fingerprint: integrations.Fingerprint(ID, ucc)},
		Accounts:  []integrations.Account{account(ucc)},
		LoginHint: integrations.MaskLogin(ucc),
	}, nil
}

// sessionEnd is the trade token's JWT exp claim, else the end of the India
// day (midnight).
func sessionEnd(token string, now time.Time) time.Time {
	if t, ok := integrations.JWTExpiry(token); ok && t.After(now) {
		return t
	}
	return indiakit.NextAt(now, 0, 0)
}

// checkBase accepts the baseUrl the validation answered only on Kotak's own
// hosts (https, *.kotaksecurities.com), or on the login endpoint's host when
// it was overridden (a fake on loopback): the session token goes there.
func checkBase(raw, login string) (string, error) {
	bad := integrations.Wrap(integrations.ErrUnavailable, "Kotak Neo answered an unexpected address for your session")
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", bad
	}
	l, _ := url.Parse(login)
	switch {
	case u.Scheme == "https" && (u.Hostname() == "kotaksecurities.com" || strings.HasSuffix(u.Hostname(), ".kotaksecurities.com")):
	case l != nil && l.Host != "" && u.Host == l.Host && u.Scheme == l.Scheme:
	default:
		return "", bad
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	base, err := checkBase(s.BaseURL, httpx.Endpoint(env, "login", DefaultLoginURL))
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Kotak Neo session has an unexpected address")
	}
	httpx.RedactorOf(env.HTTP).Add(s.Token, s.SID, s.Access)
	return &client{api: newAPI(env, base), env: env, sec: s}, nil
}
