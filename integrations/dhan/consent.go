package dhan

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// ErrNoApp is returned when the API-key login starts without the user's
// Dhan API key and secret in Settings.
var ErrNoApp = ownApp.Missing()

// consentTimeout is how long the login waits for Dhan's redirect.
const consentTimeout = 10 * time.Minute

// consent is one API-key login: generate-consent, Dhan's login page in the
// browser, then consumeApp-consent with the tokenId of the redirect.
type consent struct {
	env integrations.Env
	app integrations.AppRegistration
	api *httpx.API

	mu       sync.Mutex
	clientID string
	flow     *oauthflow.Flow
}

func (in *Integration) consentLogin(req integrations.LoginRequest) (integrations.Login, error) {
	env := req.Env
	app, err := integrations.NeedAppSecret(env, ErrNoApp)
	if err != nil {
		return nil, err
	}
	c := &consent{env: env, app: app, api: &httpx.API{Name: "Dhan", Client: env.Client(), Base: httpx.Endpoint(env, "auth", DefaultAuthURL)}}
	httpx.RedactorOf(env.HTTP).Add(c.app.ClientSecret)
	m, _ := in.Institution().Method(integrations.AuthOAuth2)
	return &integrations.StepLogin{
		Form:    &integrations.FormStep{Title: "Connect Dhan", Message: m.Help, Fields: m.Fields},
		Values:  req.Values,
		Submit:  c.start,
		Browse:  c.browse,
		OnPaste: c.paste,
		OnEnd:   c.close,
	}, nil
}

func (c *consent) headers() http.Header {
	return http.Header{"app_id": {strings.TrimSpace(c.app.ClientID)}, "app_secret": {c.app.ClientSecret}}
}

// status maps a refusal of generate-consent: the Client ID, the API key or
// its secret (ErrInvalidCredentials: the form may be answered again).
func (c *consent) status(resp *http.Response, b []byte) error {
	if s := resp.StatusCode; s == http.StatusTooManyRequests || s >= 500 {
		return mapStatus(s, resp.Header, b, c.env.Time(), true)
	}
	return integrations.Wrap(integrations.ErrInvalidCredentials, "Dhan refused the Client ID, the API key or its secret: check them here and in Settings")
}

// consumeStatus maps a refusal of consumeApp-consent, after the browser
// came back: the app registration is at fault (or the tokenId went stale),
// so the login ends and says where to look.
func (c *consent) consumeStatus(resp *http.Response, b []byte) error {
	if s := resp.StatusCode; s == http.StatusTooManyRequests || s >= 500 {
		return mapStatus(s, resp.Header, b, c.env.Time(), true)
	}
	return integrations.Wrap(integrations.ErrNeedsApp, "Dhan refused to hand over the access token: check the API key and secret in Settings, then log in again")
}

// start asks Dhan for a consent (POST /app/generate-consent?client_id=)
// and opens its login page.
func (c *consent) start(ctx context.Context, v map[string]string) (integrations.Step, error) {
	cid := strings.TrimSpace(v[FieldClientID])
	if strings.Trim(cid, "0123456789") != "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the Dhan Client ID is digits only")
	}
	b, err := c.api.Do(ctx, httpx.Request{Method: http.MethodPost, Path: "/app/generate-consent", Query: url.Values{"client_id": {cid}},
		Header: c.headers(), Status: c.status})
	if err != nil {
		return nil, err
	}
	var w struct {
		ConsentAppID string `json:"consentAppId"`
		Status       string `json:"status"`
	}
	if json.Unmarshal(b, &w) != nil || w.ConsentAppID == "" || (w.Status != "" && !strings.EqualFold(w.Status, "success")) {
		return nil, errMalformed
	}
	// Dhan sends the browser to the redirect URL registered with the API
	// key, with tokenId and no state: the callback path is fixed, the
	// tokenId is worth nothing without the API secret.
	f, err := oauthflow.Start(ctx, oauthflow.Config{
		Institution: ID, AuthURL: httpx.Endpoint(c.env, "auth", DefaultAuthURL) + "/login/consentApp-login?consentAppId=" + url.QueryEscape(w.ConsentAppID),
		ClientID: strings.TrimSpace(c.app.ClientID), RedirectPort: integrations.RedirectPort(c.env, "auth", DefaultRedirectPort),
		RedirectPath: RedirectPath, CodeParam: "tokenId", NoState: true, HTTPClient: c.env.Client(), Timeout: consentTimeout,
	})
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "cannot wait for Dhan's redirect: "+err.Error())
	}
	c.mu.Lock()
	if c.flow != nil {
		_ = c.flow.Close()
	}
	c.clientID, c.flow = cid, f
	c.mu.Unlock()
	return &integrations.BrowserStep{URL: f.URL(), CanPaste: true, Timeout: consentTimeout,
		Message: "Log in to Dhan in your browser. If the browser does not come back to Latchkey, copy the address it ends on " +
			"(it holds tokenId=...) and paste it here."}, nil
}

// browse waits for the redirect's tokenId and trades it at
// GET /app/consumeApp-consent for the access token.
func (c *consent) browse(ctx context.Context, _ *integrations.BrowserStep, pasted string) (integrations.Step, error) {
	c.mu.Lock()
	f, cid := c.flow, c.clientID
	c.mu.Unlock()
	if f == nil {
		return nil, integrations.ErrLoginOver
	}
	if pasted != "" {
		if err := f.Paste(pasted); err != nil {
			return nil, err
		}
	}
	vals, err := f.WaitCallback(ctx)
	if err != nil {
		return nil, err
	}
	tokenID := strings.TrimSpace(vals.Get("tokenId"))
	httpx.RedactorOf(c.env.HTTP).Add(tokenID)
	b, err := c.api.Do(ctx, httpx.Request{Path: "/app/consumeApp-consent", Query: url.Values{"tokenId": {tokenID}},
		Header: c.headers(), Status: c.consumeStatus})
	if err != nil {
		return nil, err
	}
	var w struct {
		ClientID    json.Number `json:"dhanClientId"`
		AccessToken string      `json:"accessToken"`
		ExpiryTime  string      `json:"expiryTime"`
	}
	if json.Unmarshal(b, &w) != nil || w.AccessToken == "" {
		return nil, errMalformed
	}
	if got := strings.TrimSpace(w.ClientID.String()); got != "" && got != cid {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "you logged in to Dhan as another Client ID than the one entered")
	}
	done, err := validate(ctx, c.env, map[string]string{FieldClientID: cid, FieldToken: w.AccessToken})
	if err != nil {
		return nil, err
	}
	if _, ok := integrations.JWTExpiry(w.AccessToken); !ok {
		for _, l := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
			if t, err := time.ParseInLocation(l, strings.TrimSpace(w.ExpiryTime), indiakit.IST); err == nil {
				s, _ := decodeSecret(done.Grant.Secret)
				s.Expires = t.UTC()
				done.Grant.Secret, done.Grant.Expiry = s.encode(), s.Expires
				break
			}
		}
	}
	done.Grant.Method = integrations.AuthOAuth2
	return done, nil
}

func (c *consent) paste(s string) error {
	c.mu.Lock()
	f := c.flow
	c.mu.Unlock()
	if f == nil {
		return integrations.Wrap(integrations.ErrNotSupported, "nothing is waiting for Dhan's redirect yet")
	}
	return f.Paste(s)
}

func (c *consent) close() {
	c.mu.Lock()
	f := c.flow
	c.flow = nil
	c.mu.Unlock()
	if f != nil {
		_ = f.Close()
	}
}
