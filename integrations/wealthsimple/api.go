package wealthsimple

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths and headers of Wealthsimple's web app.
const (
	pathLoginPage = "/app/login"
	pathToken     = "/v1/oauth/v2/token"
	pathTokenInfo = "/v1/oauth/v2/token/info"
	pathGraphQL   = "/graphql"

	headerClient     = "x-wealthsimple-client"
	clientName       = "@wealthsimple/wealthsimple"
	headerProfile    = "x-ws-profile"
	headerDevice     = "x-ws-device-id"
	headerSession    = "x-ws-session-id"
	headerOTP        = "x-wealthsimple-otp"
	headerOTPNeeded  = "x-wealthsimple-otp-required"
	headerOTPClaim   = "x-wealthsimple-otp-authenticated-claim"
	headerAPIVersion = "x-ws-api-version"
	apiVersion       = "12"

	scope = "invest.read trade.read tax.read"
)

// api talks to Wealthsimple's OAuth server and web app.
type api struct {
	auth, app string
	http      *http.Client
	now       func() time.Time
	clientID  string // the web app's OAuth client id
	deviceID  string // the wssdi device cookie
	sessionID string
}

func newAPI(env integrations.Env) (*api, error) {
	auth, err := endpoint(env, "auth")
	if err != nil {
		return nil, err
	}
	app, err := endpoint(env, "api")
	if err != nil {
		return nil, err
	}
	return &api{auth: auth, app: app, http: env.Client(), now: env.Time, sessionID: randomHex(16)}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (a *api) redact(s ...string) { httpx.RedactorOf(a.http).Add(s...) }

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple's answer could not be understood")

// send sends req and reads the answer: its status, headers and body.
func (a *api) send(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, nil, httpx.TransportError(ctx, err, "Wealthsimple")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple's answer was cut short")
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, nil, &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, time.Now())}
	case resp.StatusCode >= 500:
		return nil, nil, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Wealthsimple answered HTTP %d", resp.StatusCode))
	}
	return resp, b, nil
}

// --- Bootstrap -----------------------------------------------------------------

var (
	reScript   = regexp.MustCompile(`<script[^>]*src="([^"]*/app-[a-f0-9]+\.js)"`)
	reClientID = regexp.MustCompile(`"production"[^}]*clientId:"([a-f0-9]+)"`)
)

// bootstrap reads, as the web app does, the device id (the wssdi cookie of
// the login page) and the web app's OAuth client id (in its JS bundle).
func (a *api) bootstrap(ctx context.Context) error {
	if a.clientID != "" && a.deviceID != "" {
		return nil
	}
	changed := integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple's login page changed; Latchkey needs an update")
	page, err := url.Parse(a.app + pathLoginPage)
	if err != nil {
		return changed
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, page.String(), nil)
	resp, body, err := a.send(ctx, req)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return changed
	}
	for _, c := range resp.Cookies() {
		if c.Name == "wssdi" && c.Value != "" {
			a.deviceID = c.Value
		}
	}
	m := reScript.FindSubmatch(body)
	if a.deviceID == "" || m == nil {
		return changed
	}
	js, err := page.Parse(string(m[1]))
	if err != nil || (js.Scheme != "https" && js.Scheme != "http") {
		return changed
	}
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, js.String(), nil)
	resp, body, err = a.send(ctx, req)
	if err != nil {
		return err
	}
	id := reClientID.FindSubmatch(body)
	if resp.StatusCode >= 300 || id == nil {
		return changed
	}
	a.clientID = string(id[1])
	return nil
}

// --- OAuth -----------------------------------------------------------------------

// tokenAnswer is the token endpoint's answer.
type tokenAnswer struct {
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	ExpiresIn        int64  `json:"expires_in"`
	IdentityID       string `json:"identity_canonical_id"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// otpChallenge is a 401 asking for a two-step verification code.
type otpChallenge struct {
	method string // sms, email, app...
	claim  string // x-wealthsimple-otp-authenticated-claim, sent back with the code
}

var errOTPRequired = errors.New("wealthsimple: a two-step verification code is required")

// token posts to the token endpoint. A 401 with the OTP headers returns the
// challenge and errOTPRequired; other refusals return the answer and
// errRefused.
func (a *api) token(ctx context.Context, body map[string]any, h http.Header) (tokenAnswer, otpChallenge, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.auth+pathToken, bytes.NewReader(b))
	if err != nil {
		return tokenAnswer{}, otpChallenge{}, integrations.Wrap(integrations.ErrUnavailable, "the Wealthsimple address is not a valid URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set(headerClient, clientName)
	req.Header.Set(headerSession, a.sessionID)
	if a.deviceID != "" {
		req.Header.Set(headerDevice, a.deviceID)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp, rb, err := a.send(ctx, req)
	if err != nil {
		return tokenAnswer{}, otpChallenge{}, err
	}
	var ans tokenAnswer
	jerr := json.Unmarshal(rb, &ans)
	if resp.StatusCode == http.StatusUnauthorized && otpRequired(resp.Header) {
		ch := otpChallenge{method: otpMethod(resp.Header.Get(headerOTP)), claim: resp.Header.Get(headerOTPClaim)}
		a.redact(ch.claim)
		return ans, ch, errOTPRequired
	}
	if resp.StatusCode >= 300 {
		if jerr != nil {
			return tokenAnswer{}, otpChallenge{}, httpx.StatusError(resp)
		}
		return ans, otpChallenge{}, errRefused
	}
	if jerr != nil || ans.AccessToken == "" || ans.RefreshToken == "" {
		return tokenAnswer{}, otpChallenge{}, errMalformed
	}
	a.redact(ans.AccessToken, ans.RefreshToken)
	return ans, otpChallenge{}, nil
}

var errRefused = errors.New("wealthsimple: the token request was refused")

// otpRequired reads the 401's OTP signal: x-wealthsimple-otp-required: true,
// or x-wealthsimple-otp: required; method=...
func otpRequired(h http.Header) bool {
	return strings.EqualFold(strings.TrimSpace(h.Get(headerOTPNeeded)), "true") ||
		strings.Contains(strings.ToLower(h.Get(headerOTP)), "required")
}

// otpMethod reads the method of "required; method=sms; digits=6".
func otpMethod(v string) string {
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "method") {
			return strings.ToLower(strings.TrimSpace(val))
		}
	}
	return ""
}

// refresh trades a refresh token for new tokens. A refused refresh is
// ErrReauthRequired.
func (a *api) refresh(ctx context.Context, refreshToken string) (tokenAnswer, error) {
	ans, _, err := a.token(ctx, map[string]any{"grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": a.clientID},
		http.Header{headerProfile: {"invest"}})
	switch {
	case errors.Is(err, errRefused), errors.Is(err, errOTPRequired):
		return tokenAnswer{}, integrations.Wrap(integrations.ErrReauthRequired, "Wealthsimple refused to refresh the login")
	case err != nil:
		var sc *httpx.StatusCodeError
		if errors.As(err, &sc) && sc.StatusCode < 500 {
			return tokenAnswer{}, integrations.Wrap(integrations.ErrReauthRequired, "Wealthsimple refused to refresh the login")
		}
		return tokenAnswer{}, err
	}
	return ans, nil
}

// identity reads the identity id of an access token (GET token/info).
func (a *api) identity(ctx context.Context, access string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.auth+pathTokenInfo, nil)
	req.Header.Set("Authorization", "Bearer "+access)
	req.Header.Set(headerClient, clientName)
	resp, b, err := a.send(ctx, req)
	if err != nil {
		return "", err
	}
	if resp.StatusCode >= 300 {
		return "", httpx.StatusError(resp)
	}
	var info struct {
		IdentityID    string `json:"identity_canonical_id"`
		ResourceOwner string `json:"resource_owner_id"`
	}
	if json.Unmarshal(b, &info) != nil {
		return "", errMalformed
	}
	if info.IdentityID != "" {
		return info.IdentityID, nil
	}
	if info.ResourceOwner == "" {
		return "", errMalformed
	}
	return info.ResourceOwner, nil
}

// --- GraphQL ---------------------------------------------------------------------

// errNotAuthorized is GraphQL's refusal of an access token ("Not
// Authorized."), which a refresh may cure.
var errNotAuthorized = integrations.Wrap(integrations.ErrReauthRequired, "Wealthsimple no longer accepts this login")

type gqlError struct {
	Message string `json:"message"`
}

// graphql runs one query with an access token and returns its data.
func (a *api) graphql(ctx context.Context, access, op, query string, vars map[string]any) (json.RawMessage, error) {
	b, _ := json.Marshal(map[string]any{"operationName": op, "query": query, "variables": vars})
	ctx = httpx.MarkRetryable(ctx) // a query only reads
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.app+pathGraphQL, bytes.NewReader(b))
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the Wealthsimple address is not a valid URL")
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	h.Set("Authorization", "Bearer "+access)
	h.Set(headerProfile, "trade")
	h.Set(headerAPIVersion, apiVersion)
	h.Set("x-ws-locale", "en-CA")
	h.Set("x-platform-os", "web")
	h.Set(headerSession, a.sessionID)
	if a.deviceID != "" {
		h.Set(headerDevice, a.deviceID)
	}
	resp, rb, err := a.send(ctx, req)
	if err != nil {
		return nil, err
	}
	var w struct {
		Data    json.RawMessage `json:"data"`
		Errors  []gqlError      `json:"errors"`
		Message string          `json:"message"`
	}
	jerr := json.Unmarshal(rb, &w)
	notAuth := w.Message == "Not Authorized."
	for _, e := range w.Errors {
		notAuth = notAuth || e.Message == "Not Authorized."
	}
	switch {
	case notAuth || resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, errNotAuthorized
	case resp.StatusCode >= 300:
		return nil, httpx.StatusError(resp)
	case jerr != nil:
		return nil, errMalformed
	case len(w.Errors) > 0 || len(w.Data) == 0 || string(w.Data) == "null":
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Wealthsimple could not answer the query "+op)
	}
	return w.Data, nil
}
