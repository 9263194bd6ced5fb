package snaptrade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api is SnapTrade's HTTP side for one Personal key: every request carries
// clientId and timestamp in its query and a Signature header (sign.go), and
// never userId or userSecret (docs/personal-vs-commercial.md: "Omit userId
// and userSecret when making API requests").
type api struct {
	http     *httpx.API
	clientID string
	key      string
	now      func() time.Time
	login    bool // while logging in, a refused key is ErrNeedsApp
}

// newAPI builds the api of env's app registration: the Personal clientId
// and, in ClientSecret, the consumer key.
func newAPI(env integrations.Env, login bool) (*api, error) {
	app, err := integrations.NeedApp(env)
	if err != nil || app.ClientSecret == "" {
		return nil, integrations.Wrap(integrations.ErrNeedsApp,
			"enter your SnapTrade Personal key in Settings: the client id as the client id and the consumer key as the client secret")
	}
	hc := env.Client()
	httpx.RedactorOf(hc).Add(app.ClientSecret)
	a := &api{clientID: app.ClientID, key: app.ClientSecret, now: env.Time, login: login}
	a.http = &httpx.API{Name: "SnapTrade", Client: hc, Base: env.URL("api"), Status: a.status}
	return a, nil
}

// request is one call.
type request struct {
	method string
	path   string // below the base URL, e.g. "/authorizations"
	query  url.Values
	body   any // sent as JSON when not nil
}

// do signs and sends r and returns the body of a 2xx answer.
func (a *api) do(ctx context.Context, r request) ([]byte, error) {
	q := url.Values{}
	for k, vs := range r.query {
		q[k] = append([]string(nil), vs...)
	}
	q.Set("clientId", a.clientID)
	q.Set("timestamp", strconv.FormatInt(a.now().Unix(), 10))
	var body []byte
	var send any
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("snaptrade: encode the request: %w", err)
		}
		body, send = b, json.RawMessage(b)
	}
	// The path signed is the path sent: the base URL's own path (a proxy's
	// prefix, the legacy /api/v1) and the call's.
	u, err := url.Parse(strings.TrimRight(a.http.Base, "/") + "/" + strings.TrimLeft(r.path, "/"))
	if err != nil {
		return nil, errors.New("snaptrade: the API address is not a valid URL")
	}
	sig, err := Signature(a.key, u.EscapedPath(), q.Encode(), body)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Signature", sig)
	return a.http.Do(ctx, httpx.Request{Method: r.method, Path: r.path, Query: q, Header: h, JSON: send})
}

// json sends r and decodes the answer into v.
func (a *api) json(ctx context.Context, r request, v any) error {
	b, err := a.do(ctx, r)
	if err != nil {
		return err
	}
	if err := httpx.Unmarshal(b, v); err != nil {
		return a.http.Malformed()
	}
	return nil
}

// envelope is SnapTrade's error body: {"detail": ..., "code": ...} or
// {"default_detail": ..., "default_code": ...} (api.yaml, components
// 400FailedRequestResponse … 503BrokerageRequestResponse; codes come as
// numbers or strings: 1076, "3003", "throttled").
type envelope struct {
	Code        json.RawMessage `json:"code"`
	DefaultCode json.RawMessage `json:"default_code"`
}

// code returns the envelope's code as text, "" when there is none.
func errorCode(body []byte) string {
	var e envelope
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	for _, raw := range []json.RawMessage{e.Code, e.DefaultCode} {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			return s
		}
		var n json.Number
		if json.Unmarshal(raw, &n) == nil && n != "" {
			return n.String()
		}
	}
	return ""
}

// safeCode keeps a code only when it is a short run of letters, digits and
// underscores: it goes into error texts.
func safeCode(c string) string { return httpx.SafeCode(c, 16, "_") }

// status maps a refusal onto the contract's errors: SnapTrade's statuses
// and codes as api.yaml and docs/ratelimiting.md document them.
func (a *api) status(resp *http.Response, body []byte) error {
	code := safeCode(errorCode(body))
	return &refusal{status: resp.StatusCode, code: code, err: a.mapStatus(resp, code)}
}

// refusal is a mapped refusal that keeps SnapTrade's status and code.
type refusal struct {
	status int
	code   string
	err    error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// isNotFound reports whether err is SnapTrade's 404.
func isNotFound(err error) bool {
	var r *refusal
	return errors.As(err, &r) && r.status == http.StatusNotFound
}

func (a *api) mapStatus(resp *http.Response, code string) error {
	with := func(s string) string {
		if code != "" {
			return fmt.Sprintf("%s (HTTP %d, code %s)", s, resp.StatusCode, code)
		}
		return fmt.Sprintf("%s (HTTP %d)", s, resp.StatusCode)
	}
	switch st := resp.StatusCode; {
	case st == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: rateWait(resp.Header, a.now())}
	case st == http.StatusUnauthorized && a.login:
		// 1076 "Unable to verify signature sent", 0000 "User not found":
		// the Personal key in Settings is wrong or was deleted.
		return integrations.Wrap(integrations.ErrNeedsApp, with("SnapTrade refused your Personal key: check the client id and consumer key in Settings"))
	case st == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, with("SnapTrade refused the request: check your SnapTrade Personal key in Settings"))
	case st == http.StatusPaymentRequired:
		// 3003 "Unable to sync with brokerage account because the
		// connection is disabled", 3011 "already disabled".
		return integrations.Wrap(integrations.ErrReauthRequired, with("SnapTrade reports the connection as disabled"))
	case st == http.StatusForbidden && code == "1141":
		return integrations.Wrap(integrations.ErrNotSupported, with("SnapTrade has not enabled this feature for your key"))
	case st == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, with("SnapTrade refused access to the connection"))
	case st == http.StatusNotFound:
		return integrations.Wrap(integrations.ErrReauthRequired, with("SnapTrade no longer has this connection or account (was it removed in SnapTrade's dashboard?)"))
	case st == http.StatusTooEarly:
		// 3012 "The resource is currently being populated".
		return integrations.Wrap(integrations.ErrUnavailable, with("SnapTrade is still reading the brokerage: try again in a few minutes"))
	case st == http.StatusNotImplemented:
		return integrations.Wrap(integrations.ErrNotSupported, with("SnapTrade cannot read this from the brokerage"))
	case st >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, with("SnapTrade could not answer"))
	}
	return fmt.Errorf("snaptrade: the request was refused (HTTP %d%s)", resp.StatusCode, codeSuffix(code))
}

func codeSuffix(code string) string {
	if code == "" {
		return ""
	}
	return ", code " + code
}

// rateWait is how long a 429 asks to wait: Retry-After when sent, else the
// reset of the limit that ran out — X-RateLimit-Account-Reset when
// X-RateLimit-Account-Remaining is 0 (the per-account limit of Personal
// keys), else X-RateLimit-Reset; both count seconds until the window frees
// a request (docs/ratelimiting.md). A minute when nothing says.
func rateWait(h http.Header, now time.Time) time.Duration {
	if d := httpx.RetryAfter(h, now); d > 0 {
		return d
	}
	secs := func(name string) (time.Duration, bool) {
		n, err := strconv.ParseFloat(strings.TrimSpace(h.Get(name)), 64)
		if err != nil || n < 0 || n > 3600 {
			return 0, false
		}
		return time.Duration(n*float64(time.Second)) + time.Second, true
	}
	if h.Get("X-RateLimit-Account-Remaining") == "0" {
		if d, ok := secs("X-RateLimit-Account-Reset"); ok {
			return d
		}
	}
	if d, ok := secs("X-RateLimit-Reset"); ok {
		return d
	}
	return time.Minute
}
