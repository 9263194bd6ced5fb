package simplefin

import (
	"context"
	"encoding/base64"
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

// api is one access URL's side of a SimpleFIN server: GET /accounts with
// the URL's Basic credentials (protocol.html, "GET /accounts",
// Authentication).
type api struct {
	http  *httpx.API
	name  string // "SimpleFIN Bridge", or the server's host
	base  *url.URL
	login bool // while logging in, a refused access URL is ErrInvalidCredentials
}

// accessURL is a parsed access URL: the server's root without the
// credentials, and the credentials.
type accessURL struct {
	root       *url.URL
	user, pass string
}

// secureURL accepts https, and plain http only on this machine (a fake):
// "Only makes requests to SSL/TLS URLs (i.e. HTTPS and never HTTP)"
// (protocol.html, Checklist).
func secureURL(u *url.URL) bool {
	return u.Host != "" && (u.Scheme == "https" || u.Scheme == "http" && integrations.Loopback(u.String()))
}

// parseAccessURL reads an access URL: "a URL with included Basic Auth
// credentials" (protocol.html, POST /claim/:token), e.g.
// https://user123:pass456@bridge.simplefin.org/simplefin.
func parseAccessURL(s string) (accessURL, error) {
	bad := integrations.Wrap(integrations.ErrInvalidCredentials, "that is not a SimpleFIN access URL (https://user:password@host/path)")
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || !secureURL(u) || u.User == nil || u.RawQuery != "" || u.Fragment != "" {
		return accessURL{}, bad
	}
	pass, ok := u.User.Password()
	user := u.User.Username()
	if !ok || user == "" || pass == "" {
		return accessURL{}, bad
	}
	root := *u
	root.User = nil
	root.Path = strings.TrimRight(root.Path, "/")
	root.RawPath = ""
	return accessURL{root: &root, user: user, pass: pass}, nil
}

// parseToken reads what the user pasted: a setup token ("a Base64-encoded
// URL", protocol.html, "3. Claim the Access URL") whose URL is the claim
// URL, or that claim URL itself. The claim URL carries no credentials.
func parseToken(s string) (*url.URL, error) {
	s = strings.Join(strings.Fields(s), "")
	raw := s
	if !strings.Contains(s, "://") {
		raw = ""
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				raw = strings.TrimSpace(string(b))
				break
			}
		}
	}
	u, err := url.Parse(raw)
	if raw == "" || err != nil || !secureURL(u) || u.User != nil || u.Fragment != "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials,
			"that is not a SimpleFIN setup token: copy the whole token the SimpleFIN Bridge shows (or an access URL)")
	}
	return u, nil
}

// serverName is how errors name the server: the Bridge, or another
// SimpleFIN server by its host.
func serverName(u *url.URL) string {
	h := strings.ToLower(u.Hostname())
	if h == "simplefin.org" || strings.HasSuffix(h, ".simplefin.org") || integrations.Loopback(u.String()) {
		return "SimpleFIN Bridge"
	}
	return "the SimpleFIN server at " + h
}

// newAPI builds the api of an access URL. The password, the URL and the
// Authorization header are registered with the client's redactor.
func newAPI(env integrations.Env, access string, login bool) (*api, error) {
	au, err := parseAccessURL(access)
	if err != nil {
		if login {
			return nil, err
		}
		return nil, errNotOurs
	}
	hc := env.Client()
	basic := base64.StdEncoding.EncodeToString([]byte(au.user + ":" + au.pass))
	httpx.RedactorOf(hc).Add(au.pass, access, basic, au.user+":"+au.pass)
	a := &api{name: serverName(au.root), base: au.root, login: login}
	h := http.Header{}
	h.Set("Authorization", "Basic "+basic)
	a.http = &httpx.API{Name: a.name, Client: hc, Base: au.root.String(), Header: h, Status: a.status}
	return a, nil
}

// accounts reads GET /accounts with q: once, never retried by the
// plumbing (every request counts against the day's budget; the app's
// next sync is the retry).
func (a *api) accounts(ctx context.Context, q url.Values) ([]byte, error) {
	return a.http.Do(httpx.NoRetry(ctx), httpx.Request{Path: "/accounts", Query: q})
}

// status maps a refusal of GET /accounts (protocol.html: 402 "Payment
// required", 403 "Authentication failed. This could be because access has
// been revoked or if the credentials are incorrect."). 401 is read as 403.
func (a *api) status(resp *http.Response, _ []byte) error {
	return &refusal{status: resp.StatusCode, err: a.mapStatus(resp)}
}

// refusal is a mapped refusal that keeps the server's status.
type refusal struct {
	status int
	err    error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// status is the HTTP status of a refusal, 0 for other errors.
func status(err error) int {
	var r *refusal
	if errors.As(err, &r) {
		return r.status
	}
	return 0
}

func (a *api) mapStatus(resp *http.Response) error {
	switch st := resp.StatusCode; {
	case st == http.StatusForbidden || st == http.StatusUnauthorized:
		return integrations.KeyRefused(a.login,
			fmt.Sprintf("%s refused this access URL (HTTP %d): it was disabled there or is mistyped", a.name, st),
			fmt.Sprintf("%s refused Latchkey's access (HTTP %d): the access was disabled at the Bridge, or used more than its daily "+
				"budget of requests. Repair with a new setup token", a.name, st))
	case st == http.StatusPaymentRequired:
		if a.login {
			return integrations.Wrap(integrations.ErrAccountLocked, a.name+" asks for payment (HTTP 402): renew your subscription there, then try again")
		}
		return integrations.Wrap(integrations.ErrReauthRequired, a.name+" asks for payment (HTTP 402): renew your subscription there, then repair the connection")
	case st == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: rateWait(resp.Header)}
	case st >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s could not answer (HTTP %d)", a.name, st))
	}
	return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s refused the request (HTTP %d)", a.name, resp.StatusCode))
}

// rateWait is a 429's wait: Retry-After, else an hour (the Bridge's quota
// is "replenished throughout the day").
func rateWait(h http.Header) time.Duration {
	if d := httpx.RetryAfter(h, time.Now()); d > 0 {
		return d
	}
	return time.Hour
}

// claim trades a setup token's claim URL for an access URL: POST to it
// with an empty body (the developer guide sends "Content-Length: 0"); 200
// answers the access URL as text, 403 means "The claim token either does
// not exist or has already been used claimed by someone else. Receiving
// this could mean that the user's transaction information has been
// compromised." (protocol.html). The POST is sent once.
func claim(ctx context.Context, env integrations.Env, claimURL *url.URL) (string, error) {
	hc := env.Client()
	httpx.RedactorOf(hc).Add(claimURL.String(), claimURL.Path)
	name := serverName(claimURL)
	a := &httpx.API{Name: name, Client: hc, Header: http.Header{"Accept": {"text/plain, */*"}},
		Status: func(resp *http.Response, _ []byte) error {
			switch st := resp.StatusCode; {
			case st == http.StatusForbidden:
				return integrations.Wrap(integrations.ErrInvalidCredentials, name+" refused the setup token: it was already claimed, "+
					"or it does not exist. If you did not claim it yourself, someone else may have: disable it at the Bridge and create a new one. "+
					"Nothing was saved")
			case st == http.StatusTooManyRequests:
				return &integrations.RateLimitError{RetryAfter: rateWait(resp.Header)}
			case st >= 500:
				return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s could not answer the claim (HTTP %d): try the same token again later", name, st))
			}
			return integrations.Wrap(integrations.ErrInvalidCredentials, fmt.Sprintf("%s did not accept the setup token (HTTP %d). Nothing was saved", name, resp.StatusCode))
		}}
	b, err := a.Do(httpx.NoRetry(ctx), httpx.Request{Method: http.MethodPost, Path: claimURL.String()})
	if err != nil {
		return "", err
	}
	access := strings.TrimSpace(string(b))
	if _, err := parseAccessURL(access); err != nil {
		return "", integrations.Wrap(integrations.ErrUnavailable, name+" answered the claim with something that is not an access URL")
	}
	httpx.RedactorOf(hc).Add(access)
	return access, nil
}

// query is GET /accounts' query: version=2 (the developer guide's
// "/accounts?version=2", which asks for connections and errlist),
// start-date and end-date as Unix seconds (end-date "before (but not on)"),
// balances-only=1. Pending transactions are left out: the protocol's
// default ("By default, pending transaction are NOT included").
func query(start, end time.Time, balancesOnly bool) url.Values {
	q := url.Values{"version": {"2"}}
	if balancesOnly {
		q.Set("balances-only", "1")
		return q
	}
	if !start.IsZero() {
		q.Set("start-date", strconv.FormatInt(start.Unix(), 10))
	}
	if !end.IsZero() {
		q.Set("end-date", strconv.FormatInt(end.Unix(), 10))
	}
	return q
}
