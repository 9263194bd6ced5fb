package trading212

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths below the "api" endpoint (which ends in /api/v0).
const (
	pathSummary      = "/equity/account/summary"
	pathPositions    = "/equity/positions"
	pathOrders       = "/equity/history/orders"
	pathDividends    = "/equity/history/dividends"
	pathTransactions = "/equity/history/transactions"
)

// defaultPageSize is the largest page the history lists give.
const defaultPageSize = 50

// maxPages bounds a paged read against a server that never stops.
const maxPages = 2000

// maxPace is the longest wait for a rate-limit window the client sits out
// itself; a longer one is returned as a *integrations.RateLimitError.
const maxPace = 90 * time.Second

// limitState is what the last answer of an endpoint said about its limit.
type limitState struct {
	remaining int
	reset     time.Time
}

// api is the HTTP side of a client or a login: httpx's call with the key
// and Trading 212's statuses, and the pacing of each endpoint's own window
// (limits are per account and per endpoint: the answers' x-ratelimit-*
// headers say how much of each window is left).
type api struct {
	http  *httpx.API
	base  string // ends in /api/v0
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	login bool // a 401 or 403 means the key was refused, not that a grant died

	mu     sync.Mutex
	limits map[string]limitState // by URL path
}

var errMalformed = integrations.Malformed("Trading 212")

func (in *Integration) newAPI(env integrations.Env, s secret, login bool) *api {
	httpx.RedactorOf(env.HTTP).Add(s.Key, s.Secret)
	a := &api{base: strings.TrimRight(env.URL("api"), "/"), now: env.Time, sleep: in.sleep, login: login,
		limits: map[string]limitState{}}
	if a.sleep == nil {
		a.sleep = httpx.Sleep
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.Key+":"+s.Secret))
	if s.Secret == "" {
		auth = s.Key // legacy keys have no secret: the spec's legacyApiKeyHeader
	}
	a.http = &httpx.API{Name: "Trading 212", Client: observe(env.Client(), a.learn), Base: a.base,
		Header: http.Header{"Authorization": {auth}}, Status: a.mapStatus}
	return a
}

// observer lets the api read every answer's rate-limit headers, 2xx ones
// included, which httpx's call does not hand back.
type observer struct {
	next  http.RoundTripper
	learn func(path string, h http.Header)
}

func (o observer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(r)
	if err == nil {
		o.learn(r.URL.Path, resp.Header)
	}
	return resp, err
}

// observe returns c with learn watching its answers.
func observe(c *http.Client, learn func(path string, h http.Header)) *http.Client {
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	w := *c
	w.Transport = observer{next: next, learn: learn}
	return &w
}

// get fetches a path below the base (with its query).
func (a *api) get(ctx context.Context, ref string) ([]byte, error) {
	u, err := url.Parse(a.base + ref)
	if err != nil {
		return nil, fmt.Errorf("trading212: bad path: %w", err)
	}
	return a.fetch(ctx, u)
}

// next resolves a nextPagePath against the request that returned it. It is
// a path from the server's root ("/api/v0/equity/history/orders?..."), or,
// as observed for transactions, a bare query string ("limit=20&cursor=...").
// A page on another host is refused: the key would go with it.
func (a *api) next(cur *url.URL, next string) (*url.URL, error) {
	next = strings.TrimSpace(next)
	var u *url.URL
	var err error
	switch {
	case strings.HasPrefix(next, "/") || strings.Contains(next, "://"):
		u, err = cur.Parse(next)
	default:
		u = &url.URL{Scheme: cur.Scheme, Host: cur.Host, Path: cur.Path}
		u.RawQuery = strings.TrimPrefix(next, "?")
		_, err = url.ParseQuery(u.RawQuery)
	}
	if err != nil || u.Scheme != cur.Scheme || u.Host != cur.Host {
		return nil, errMalformed
	}
	return u, nil
}

// fetch sends one GET, sitting out the endpoint's rate-limit window first
// when the last answer said it was used up, and at most twice more after a
// 429 that says when the window resets.
func (a *api) fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		if err := a.pace(ctx, u.Path); err != nil {
			return nil, err
		}
		b, err := a.http.Do(ctx, httpx.Request{Path: u.String()})
		var rl *integrations.RateLimitError
		if err == nil || !errors.As(err, &rl) || attempt >= 2 {
			return b, err
		}
		if _, known := a.limit(u.Path); !known {
			return nil, err
		}
	}
}

func (a *api) limit(path string) (limitState, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	st, ok := a.limits[path]
	return st, ok
}

func (a *api) pace(ctx context.Context, path string) error {
	st, ok := a.limit(path)
	if !ok || st.remaining > 0 {
		return nil
	}
	wait := st.reset.Sub(a.now())
	if wait <= 0 {
		return nil
	}
	if wait > maxPace {
		return &integrations.RateLimitError{RetryAfter: wait}
	}
	return a.sleep(ctx, wait)
}

// learn records the rate-limit headers of an answer.
func (a *api) learn(path string, h http.Header) {
	rem, err1 := strconv.Atoi(h.Get("x-ratelimit-remaining"))
	reset, err2 := strconv.ParseInt(h.Get("x-ratelimit-reset"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	a.mu.Lock()
	a.limits[path] = limitState{remaining: rem, reset: time.Unix(reset, 0)}
	a.mu.Unlock()
}

// permissions names the key permission each endpoint needs, as the key
// settings screen shows it.
var permissions = map[string]string{
	pathSummary: "Account data", pathPositions: "Portfolio", pathOrders: "History – orders",
	pathDividends: "History – dividends", pathTransactions: "History – transactions",
}

// mapStatus is Trading 212's reading of a refusal (its error bodies are
// not documented: only the status counts).
func (a *api) mapStatus(resp *http.Response, _ []byte) error {
	path := ""
	if resp.Request != nil {
		path = resp.Request.URL.Path
	}
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests:
		wait := httpx.RetryAfter(resp.Header, a.now())
		if st, known := a.limit(path); known {
			wait = max(wait, st.reset.Sub(a.now()))
		}
		return &integrations.RateLimitError{RetryAfter: max(wait, time.Second)}
	case c == http.StatusUnauthorized && a.login:
		return integrations.Wrap(integrations.ErrInvalidCredentials,
			"Trading 212 refused the API key or secret: check both, and that the key was made in this environment (live or practice)")
	case c == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "Trading 212 no longer accepts the API key (deleted or restricted to other IP addresses?)")
	case c == http.StatusForbidden:
		perm := permissions[strings.TrimPrefix(path, strings.TrimSuffix(basePath(a.base), "/"))]
		if perm == "" {
			perm = "a needed"
		} else {
			perm = "the " + perm
		}
		detail := "the API key lacks " + perm + " permission; create a key with the read permissions Latchkey needs"
		if a.login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, detail)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, detail)
	case c == http.StatusRequestTimeout || c >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Trading 212 answered HTTP %d", c))
	default:
		return httpx.StatusError(resp)
	}
}

func basePath(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Path
}

func (a *api) summary(ctx context.Context) (wireSummary, error) {
	b, err := a.get(ctx, pathSummary)
	if err != nil {
		return wireSummary{}, err
	}
	return decodeSummary(b)
}

// --- Client ---------------------------------------------------------------------

type client struct {
	api *api
	in  *Integration

	mu    sync.Mutex
	known string // the account id Accounts returned
}

var (
	_ integrations.Client        = (*client)(nil)
	_ integrations.HistoryWalker = (*client)(nil)
)

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	s, err := c.api.summary(ctx)
	if err != nil {
		return nil, err
	}
	acct := s.account(c.in)
	c.mu.Lock()
	c.known = acct.ID
	c.mu.Unlock()
	return []integrations.Account{acct}, nil
}

var errNoAccount = errors.New("trading212: no such account for this key")

func (c *client) check(accountID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known != "" && accountID != c.known {
		return errNoAccount
	}
	return nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	s, err := c.api.summary(ctx)
	if err != nil {
		return nil, err
	}
	if accountID != AccountID(c.in.ID(), s.ID) {
		return nil, errNoAccount
	}
	return s.balances(), nil
}

// Positions come priced with the instrument's current price: there is no
// price call apart from them.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.api.get(ctx, pathPositions)
	if err != nil {
		return nil, err
	}
	return decodePositions(b, c.api.now())
}

type decoder func([]byte) ([]integrations.Activity, []time.Time, string, error)

// historyLists are the three lists activities come from, in the order a
// walk reads them.
var historyLists = []struct {
	name, path string
	dec        decoder
}{{"orders", pathOrders, decodeOrders}, {"dividends", pathDividends, decodeDividends}, {"transactions", pathTransactions, decodeTransactions}}

// Activities reads the three history lists from since (see WalkActivities),
// newest first.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	all, err := integrations.ReadWalk(ctx, c, accountID, since)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].TradeDate != all[j].TradeDate {
			return all[i].TradeDate > all[j].TradeDate
		}
		return all[i].ID < all[j].ID
	})
	return all, nil
}

// WalkActivities reads the order, dividend and transaction lists one page
// at a time, each newest first, following nextPagePath until a page reaches
// before since or the list ends. Each list allows six requests a minute, so
// a long history takes minutes: after every page it hands page that page's
// activities and the cursor to resume from — "<list> <nextPagePath>", the
// path empty at a list's first page — so a walk cut short (a sync
// cancelled, an error) resumes there instead of starting over. A cursor it
// cannot read starts the walk again.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	if err := c.check(accountID); err != nil {
		return err
	}
	size := c.in.pageSize
	if size <= 0 {
		size = defaultPageSize
	}
	from, ref := c.resume(cursor)
	for i := from; i < len(historyLists); i++ {
		l := historyLists[i]
		u, err := url.Parse(c.api.base + l.path + "?limit=" + strconv.Itoa(size))
		if err != nil {
			return err
		}
		if i == from && ref != "" {
			if u, err = c.api.next(u, ref); err != nil {
				return err
			}
		}
		for n := 0; ; n++ {
			if n == maxPages {
				return integrations.Wrap(integrations.ErrUnavailable, "too many pages")
			}
			b, err := c.api.fetch(ctx, u)
			if err != nil {
				return err
			}
			acts, times, next, err := l.dec(b)
			if err != nil {
				return err
			}
			kept := acts[:0:0]
			older := false
			for j, a := range acts {
				if times[j].Before(since) {
					older = true
					continue
				}
				kept = append(kept, a)
			}
			done := next == "" || older
			resume := ""
			switch {
			case !done:
				resume = l.name + " " + next
			case i+1 < len(historyLists):
				resume = historyLists[i+1].name + " "
			}
			if err := page(kept, resume); err != nil {
				return err
			}
			if done {
				break
			}
			if u, err = c.api.next(u, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// resume reads a walk's cursor: the list to read from and the page within
// it ("" for its first). A cursor it cannot read starts from the beginning.
func (c *client) resume(cursor string) (int, string) {
	name, ref, _ := strings.Cut(cursor, " ")
	for i, l := range historyLists {
		if l.name != name {
			continue
		}
		if ref == "" {
			return i, ""
		}
		cur, err := url.Parse(c.api.base + l.path)
		if err != nil {
			return 0, ""
		}
		if _, err := c.api.next(cur, ref); err != nil {
			return 0, ""
		}
		return i, ref
	}
	return 0, ""
}
