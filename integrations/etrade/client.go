package etrade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api is the HTTP side of a client or a login: requests signed with
// OAuth 1.0a HMAC-SHA1 by github.com/dghubble/oauth1, sent through the
// institution's client (Env.HTTP).
type api struct {
	in    *Integration
	base  string // "api" endpoint
	auth  string // "auth" endpoint
	http  *http.Client
	now   func() time.Time
	app   integrations.AppRegistration
	token *oauth1.Token // nil before the login has one
}

func newAPI(in *Integration, env integrations.Env, app integrations.AppRegistration) *api {
	a := &api{in: in, base: strings.TrimRight(env.URL("api"), "/"), auth: strings.TrimRight(env.URL("auth"), "/"),
		http: env.Client(), now: env.Time, app: app}
	a.register(app.ClientSecret)
	return a
}

// register hands secrets to the plumbing's redactor.
func (a *api) register(secrets ...string) { httpx.RedactorOf(a.http).Add(secrets...) }

func (a *api) config(client *http.Client) *oauth1.Config {
	return &oauth1.Config{
		ConsumerKey:    a.app.ClientID,
		ConsumerSecret: a.app.ClientSecret,
		CallbackURL:    "oob",
		Endpoint: oauth1.Endpoint{
			RequestTokenURL: a.base + "/oauth/request_token",
			AuthorizeURL:    a.auth + authPath,
			AccessTokenURL:  a.base + "/oauth/access_token",
		},
		HTTPClient: client,
	}
}

// signed returns a client that signs each request with the access token
// and sends it through Env.HTTP's transport.
func (a *api) signed() *http.Client {
	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, a.http)
	return oauth1.NewClient(ctx, a.config(nil), a.token)
}

// answer is the last response a token endpoint gave the library: its
// status and the oauth_problem it named, so errors are mapped without
// showing the library's text (which quotes the body).
type answer struct {
	status  int
	problem string
	netErr  error
}

// watcher runs the library's token requests under ctx through Env.HTTP and
// records their answers.
type watcher struct {
	ctx  context.Context
	http *http.Client
	last answer
}

var problemRE = regexp.MustCompile(`oauth_problem=([A-Za-z_]+)`)

func (w *watcher) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := httpx.Do(w.http, req.WithContext(w.ctx))
	if err != nil {
		w.last = answer{netErr: err}
		return nil, err
	}
	w.last = answer{status: resp.StatusCode}
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<14))
		_ = resp.Body.Close()
		if m := problemRE.FindSubmatch(b); m != nil {
			w.last.problem = string(m[1])
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	return resp, nil
}

// tokenRequest runs one of the library's token requests and maps its
// failure by the recorded answer.
func (a *api) tokenRequest(ctx context.Context, f func(cfg *oauth1.Config) error) (answer, error) {
	w := &watcher{ctx: ctx, http: a.http}
	err := f(a.config(&http.Client{Transport: w}))
	if err == nil {
		return w.last, nil
	}
	switch {
	case ctx.Err() != nil:
		return w.last, ctx.Err()
	case w.last.netErr != nil:
		return w.last, httpx.TransportError(ctx, w.last.netErr, "E*TRADE")
	case w.last.status == http.StatusTooManyRequests:
		return w.last, &integrations.RateLimitError{RetryAfter: time.Second}
	case w.last.status >= 500:
		return w.last, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("E*TRADE answered HTTP %d", w.last.status))
	case w.last.status == 0 || w.last.status < 300:
		return w.last, integrations.Wrap(integrations.ErrUnavailable, "E*TRADE answered the token request with something that could not be read")
	}
	return w.last, errRefused
}

// errRefused marks a token request E*TRADE refused; the caller maps the
// answer's problem.
var errRefused = integrations.Wrap(integrations.ErrInvalidCredentials, "E*TRADE refused the request")

// consumerRefused is how a refused consumer key reads.
var consumerRefused = integrations.Wrap(integrations.ErrInvalidCredentials,
	"E*TRADE refused the consumer key or secret: check them in Settings › App registrations (sandbox and production keys differ)")

// refusal is a 401 to a signed request: the oauth_problem it named
// (token_expired, token_rejected, ...). It matches ErrReauthRequired; the
// client renews once before believing it.
type refusal struct{ problem string }

func (r *refusal) Error() string {
	return integrations.ErrReauthRequired.Error() + ": E*TRADE refused the access token"
}

func (r *refusal) Unwrap() error { return integrations.ErrReauthRequired }

// status reads E*TRADE's refusals: a 401 names its oauth_problem; too many
// requests is a 429 or a 400 page "Number of requests exceeded the rate
// limit set" (the rate-limit guide), waiting Retry-After or a second; 5xx
// is ErrUnavailable.
func (a *api) status(resp *http.Response, body []byte) error {
	if resp.StatusCode == http.StatusUnauthorized {
		r := &refusal{}
		if m := problemRE.FindSubmatch(body); m != nil {
			r.problem = string(m[1])
		}
		return r
	}
	return httpx.Status{Name: "E*TRADE", Refused: []int{-1}, Now: a.now, Wait: time.Second,
		Body: func(code int, b []byte) error {
			if code == http.StatusBadRequest && bytes.Contains(bytes.ToLower(b), []byte("exceeded the rate limit")) {
				return &integrations.RateLimitError{RetryAfter: time.Second}
			}
			return nil
		}}.Map(resp, body)
}

// get sends one signed GET to a path below the api endpoint, once: a retry
// by the plumbing would resend the same OAuth nonce.
func (a *api) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	data := &httpx.API{Name: "E*TRADE", Client: a.signed(), Base: a.base, Status: a.status}
	return data.Do(httpx.NoRetry(ctx), httpx.Request{Path: path, Query: q})
}

// --- Client ---------------------------------------------------------------------

// idleAfter is how long E*TRADE keeps an unused token active; the client
// renews before using a token it has not used for longer.
const idleAfter = 110 * time.Minute

// portfolioPageSize and transactionPageSize are the page sizes asked for.
const (
	portfolioPageSize   = 50
	transactionPageSize = 50
	maxPages            = 2000
)

type client struct {
	api    *api
	expiry time.Time

	mu       sync.Mutex
	lastUsed time.Time
}

var _ integrations.Client = (*client)(nil)

var errLoginEnded = integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE ended the login at midnight US Eastern time: sign in again")

// renew reactivates the access token after idle time.
func (c *client) renew(ctx context.Context) error {
	_, err := c.api.get(ctx, "/oauth/renew_access_token", nil)
	var r *refusal
	switch {
	case !errors.As(err, &r):
		return err
	case r.problem == "token_expired":
		return errLoginEnded
	default:
		return integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE no longer accepts this login (revoked?)")
	}
}

// get fetches a data path. A token refused with 401 is renewed once and
// the request tried again; past its midnight the login is over.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	now := c.api.now()
	if !c.expiry.IsZero() && !now.Before(c.expiry) {
		return nil, errLoginEnded
	}
	c.mu.Lock()
	idle := !c.lastUsed.IsZero() && now.Sub(c.lastUsed) > idleAfter
	c.mu.Unlock()
	renewed := false
	if idle {
		if err := c.renew(ctx); err != nil {
			return nil, err
		}
		renewed = true
	}
	for {
		b, err := c.api.get(ctx, path, q)
		var r *refusal
		switch {
		case err == nil:
			c.mu.Lock()
			c.lastUsed = c.api.now()
			c.mu.Unlock()
			return b, nil
		case !errors.As(err, &r):
			return nil, err
		case renewed:
			return nil, integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE no longer accepts this login")
		}
		if err := c.renew(ctx); err != nil {
			return nil, err
		}
		renewed = true
	}
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	b, err := c.get(ctx, "/v1/accounts/list.json", nil)
	if err != nil {
		return nil, err
	}
	accts, _, err := decodeAccounts(b, c.api.in.sandbox)
	return accts, err
}

func accountPath(key, what string) string {
	return integrations.AccountPath("/v1/accounts/", key, what+".json")
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, err := c.get(ctx, accountPath(accountID, "balance"), url.Values{"instType": {"BROKERAGE"}, "realTimeNAV": {"true"}})
	if err != nil {
		return nil, err
	}
	return decodeBalance(b)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	return integrations.ReadNumbered(ctx, maxPages, 1, func(ctx context.Context, page int) ([]integrations.Position, bool, error) {
		b, err := c.get(ctx, accountPath(accountID, "portfolio"), url.Values{"count": {fmt.Sprint(portfolioPageSize)}, "pageNumber": {fmt.Sprint(page)}})
		if err != nil || len(bytes.TrimSpace(b)) == 0 {
			return nil, false, err // 204: no positions
		}
		ps, pages, err := decodePortfolio(b, c.api.now())
		return ps, page < pages, err
	})
}

// historyLimit is how far back E*TRADE keeps transactions.
const historyLimit = 2 * 365 * 24 * time.Hour

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	now := c.api.now()
	if oldest := now.Add(-historyLimit); since.Before(oldest) {
		since = oldest
	}
	q := url.Values{
		"startDate": {eastern(since).Format("01022006")},
		"endDate":   {eastern(now).Format("01022006")},
		"count":     {fmt.Sprint(transactionPageSize)},
	}
	from := integrations.DateOf(eastern(since))
	seen := map[string]bool{}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, marker string) ([]integrations.Activity, string, error) {
		if marker != "" {
			q.Set("marker", marker)
		}
		b, err := c.get(ctx, accountPath(accountID, "transactions"), q)
		if err != nil {
			return nil, "", err
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil, "", nil // E*TRADE answers 204 when there are none
		}
		acts, next, more, err := decodeTransactions(b)
		if err != nil {
			return nil, "", err
		}
		var page []integrations.Activity
		for _, a := range acts {
			if a.TradeDate < from || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			page = append(page, a)
		}
		if !more {
			next = ""
		}
		if next != "" && next == marker {
			return nil, "", errMalformed
		}
		return page, next, nil
	})
}
