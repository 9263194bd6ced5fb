package zerodha

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// Checksum is Kite's token-exchange checksum: the hex SHA-256 of
// api_key + request_token + api_secret.
func Checksum(apiKey, requestToken, apiSecret string) string {
	sum := sha256.Sum256([]byte(apiKey + requestToken + apiSecret))
	return hex.EncodeToString(sum[:])
}

// oauthConfig describes Kite's login as an authorization-code flow: the
// login page takes the API key, and the registered redirect URL receives a
// request_token (the code) instead of a code.
func oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	return oauthflow.Config{
		Institution:  ID,
		AuthURL:      httpx.Endpoint(env, "login", DefaultLoginURL) + "/connect/login",
		TokenURL:     httpx.Endpoint(env, "api", DefaultAPIURL) + "/session/token",
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectPort: integrations.RedirectPort(env, "api", DefaultRedirectPort),
		RedirectPath: RedirectPath,
		CodeParam:    "request_token",
		HTTPClient:   env.Client(),
	}
}

// kiteLoginURL rewrites the flow's authorize URL into Kite's login URL:
// https://kite.zerodha.com/connect/login?v=3&api_key=KEY&redirect_params=...
// Kite takes no state parameter, but sends redirect_params (a URL-encoded
// query) back to the redirect URL: the flow's state travels there, so the
// callback is checked as usual. redirect_uri is kept: Kite goes to the
// registered URL and ignores it; the fake uses it as the registration.
func kiteLoginURL(authorize, apiKey string) string {
	u, err := url.Parse(authorize)
	if err != nil {
		return authorize
	}
	q := u.Query()
	out := url.Values{"v": {kiteVersion}, "api_key": {apiKey}}
	if st := q.Get("state"); st != "" {
		out.Set("redirect_params", url.Values{"state": {st}}.Encode())
	}
	if r := q.Get("redirect_uri"); r != "" {
		out.Set("redirect_uri", r)
	}
	u.RawQuery = out.Encode()
	return u.String()
}

// login wraps the oauthflow login to show Kite's own login URL.
type login struct {
	inner  integrations.Login
	apiKey string
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	step, err := l.inner.Next(ctx, a)
	if b, ok := step.(*integrations.BrowserStep); ok {
		cp := *b
		cp.URL = kiteLoginURL(b.URL, l.apiKey)
		cp.Message = "Log in to Kite in your browser (user ID, password and TOTP). If the browser does not come back to " +
			"Latchkey, copy the address it ends on (it holds request_token=...) and paste it here."
		step = &cp
	}
	return step, err
}

func (l *login) Paste(s string) error { return l.inner.Paste(s) }
func (l *login) Close() error         { return l.inner.Close() }

// newLogin drives the Kite login: the browser comes back with
// request_token, which is exchanged at POST /session/token with the
// checksum SHA-256(api_key + request_token + api_secret).
func newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	conn := newConn(env)
	inner := oauthflow.NewLoginFunc(oauthConfig(env, app), func(ctx context.Context, _ *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		if st := cb.Get("status"); st != "" && st != "success" {
			return nil, integrations.Wrap(integrations.ErrApprovalDenied, "the Kite login did not complete")
		}
		rt := strings.TrimSpace(cb.Get("request_token"))
		httpx.RedactorOf(env.HTTP).Add(rt)
		form := url.Values{"api_key": {app.ClientID}, "request_token": {rt}, "checksum": {Checksum(app.ClientID, rt, app.ClientSecret)}}
		b, err := conn.LoginDo(ctx, httpx.Request{Method: http.MethodPost, Path: "/session/token", Form: form})
		data, err := envelope(b, err, true, env.Time())
		if err != nil {
			return nil, err
		}
		s, err := decodeSession(data)
		if err != nil {
			return nil, err
		}
		httpx.RedactorOf(env.HTTP).Add(s.AccessToken)
		start := env.Time()
		if t, err := time.ParseInLocation(time.DateTime, s.LoginTime, IST); err == nil && t.Before(start) && start.Sub(t) < 24*time.Hour {
			start = t
		}
		sec := secret{APIKey: app.ClientID, Access: s.AccessToken, UserID: s.UserID, Expires: SessionEnd(start)}
		g := integrations.Grant{
			Method:      integrations.AuthOAuth2,
			Secret:      sec.encode(),
			Expiry:      sec.Expires,
			Fingerprint: integrations.Fingerprint(ID, s.UserID),
		}
		return &integrations.DoneStep{Grant: g, Accounts: accounts(s.UserID, s.Exchanges)}, nil
	})
	return &login{inner: inner, apiKey: app.ClientID}
}
