package ibkrflex

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// userAgent is what the Flex Web Service asks programs to send: "Accepted
// values are: Blackberry or Java."
const userAgent = "Java"

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "IBKR sent a statement that could not be read")

// api is the HTTP side of a client or a login: httpx's call with the
// User-Agent the service asks for, and the polling of one statement.
type api struct {
	http  *httpx.API
	base  string // .../AccountManagement/FlexWebService
	now   func() time.Time
	sec   secret
	login bool

	wait                       func(ctx context.Context, d time.Duration) error
	firstPoll, maxPoll, budget time.Duration
}

func (in *Integration) api(env integrations.Env, s secret) *api {
	httpx.RedactorOf(env.HTTP).Add(s.Token)
	a := &api{base: strings.TrimRight(env.URL("flex"), "/"), now: env.Time, sec: s,
		wait: in.wait, firstPoll: in.firstPoll, maxPoll: in.maxPoll, budget: in.budget}
	a.http = &httpx.API{Name: "the IBKR Flex Web Service", Client: env.Client(), Base: a.base,
		Header: http.Header{"User-Agent": {userAgent}, "Accept": {"*/*"}}, Status: a.mapStatus}
	if a.wait == nil {
		a.wait = httpx.Sleep
	}
	if a.firstPoll <= 0 {
		a.firstPoll = defaultFirstPoll
	}
	if a.maxPoll <= 0 {
		a.maxPoll = defaultMaxPoll
	}
	if a.budget <= 0 {
		a.budget = defaultBudget
	}
	return a
}

// retryCodes are the Flex error codes that mean "not ready or busy, ask
// again shortly"; 1019 is "Statement generation in progress".
var retryCodes = map[string]bool{
	"1001": true, "1004": true, "1005": true, "1006": true, "1007": true,
	"1008": true, "1009": true, "1019": true, "1021": true,
}

const codeThrottled = "1018"

// flexError maps a Flex error code onto the contract. Its text names the
// code and IBKR's meaning, never the body.
func (a *api) flexError(code string) error {
	refused := func(detail string) error {
		if a.login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, detail)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, detail)
	}
	switch code {
	case "1012":
		return refused("the Flex token has expired (IBKR error 1012): generate a new one in Client Portal")
	case "1015":
		return refused("IBKR does not accept the Flex token (error 1015)")
	case "1011":
		return refused("the Flex Web Service account is inactive (IBKR error 1011)")
	case "1013":
		return refused("the Flex token is restricted to other IP addresses (IBKR error 1013)")
	case "1014":
		return refused("IBKR does not know the query id (error 1014)")
	case "1010":
		return refused("the query is a legacy Flex Query (IBKR error 1010): make an Activity Flex Query")
	case "1016":
		return refused("the query names an account that is not valid (IBKR error 1016)")
	case codeThrottled:
		return &integrations.RateLimitError{RetryAfter: time.Minute}
	case "":
		return errMalformed
	default:
		if retryCodes[code] {
			return integrations.Wrap(integrations.ErrUnavailable, "IBKR is still preparing the statement (error "+code+"); try again later")
		}
		return integrations.Wrap(integrations.ErrUnavailable, "IBKR could not provide the statement (error "+code+")")
	}
}

// mapStatus reads an HTTP refusal: the service answers every Flex error
// with 200 and an ErrorCode, so a refused status is rare.
func (a *api) mapStatus(resp *http.Response, _ []byte) error {
	switch c := resp.StatusCode; {
	case c == http.StatusUnauthorized || c == http.StatusForbidden:
		return a.flexError("1015")
	case c == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: max(httpx.RetryAfter(resp.Header, a.now()), time.Second)}
	case c >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("IBKR answered HTTP %d", c))
	default:
		return httpx.StatusError(resp)
	}
}

// call sends one GET to a Flex URL with the token, q and v=3, and reads
// the answer of a 200: a status (a reference code, or an error code) or the
// statement itself.
func (a *api) call(ctx context.Context, base, q string) (*statementResponse, *queryResponse, error) {
	b, err := a.http.Do(ctx, httpx.Request{Path: base, Query: url.Values{"t": {a.sec.Token}, "q": {q}, "v": {"3"}}})
	if err != nil {
		return nil, nil, err
	}
	return decodeAnswer(b)
}

// statementURL is where to poll: the Url SendRequest named when it is on
// the Flex endpoint's own host or on an IBKR host over https (the token goes
// with it), else GetStatement next to SendRequest.
func (a *api) statementURL(named string) string {
	def := a.base + "/GetStatement"
	u, err := url.Parse(strings.TrimSpace(named))
	if err != nil || u.Host == "" {
		return def
	}
	base, err := url.Parse(a.base)
	if err != nil {
		return def
	}
	h := strings.ToLower(u.Hostname())
	ibkr := u.Scheme == "https" && (h == "interactivebrokers.com" || strings.HasSuffix(h, ".interactivebrokers.com"))
	if (u.Scheme == base.Scheme && u.Host == base.Host) || ibkr {
		return u.Scheme + "://" + u.Host + u.EscapedPath()
	}
	return def
}

// poller paces the requests of one statement: waits that double up to a
// ceiling, within a budget.
type poller struct {
	a      *api
	next   time.Duration
	waited time.Duration
}

// sleep waits before asking again. Throttled waits at least throttleWait. It
// reports false when the budget is spent.
func (p *poller) sleep(ctx context.Context, throttled bool) (bool, error) {
	d := p.next
	if throttled {
		d = max(d, throttleWait)
	}
	if p.waited+d > p.a.budget {
		return false, nil
	}
	if err := p.a.wait(ctx, d); err != nil {
		return false, err
	}
	p.waited += d
	p.next = min(p.next*2, p.a.maxPoll)
	return true, nil
}

// statement asks for the query's statement and polls until it is ready,
// IBKR refuses, the budget is spent or ctx ends.
func (a *api) statement(ctx context.Context) (*queryResponse, error) {
	p := &poller{a: a, next: a.firstPoll}
	var ref, where string
	for ref == "" {
		r, q, err := a.call(ctx, a.base+"/SendRequest", a.sec.Query)
		if err != nil {
			return nil, err
		}
		if q != nil {
			return q, nil
		}
		if strings.EqualFold(r.Status, "Success") && r.ReferenceCode != "" {
			ref, where = r.ReferenceCode, a.statementURL(r.URL)
			break
		}
		if !retryCodes[r.ErrorCode] && r.ErrorCode != codeThrottled {
			return nil, a.flexError(r.ErrorCode)
		}
		if ok, err := p.sleep(ctx, r.ErrorCode == codeThrottled); err != nil || !ok {
			return nil, orErr(err, a.flexError(r.ErrorCode))
		}
	}
	// The statement is prepared asynchronously: give it a moment first.
	for {
		if ok, err := p.sleep(ctx, false); err != nil || !ok {
			return nil, orErr(err, a.flexError("1019"))
		}
		r, q, err := a.call(ctx, where, ref)
		if err != nil {
			return nil, err
		}
		if q != nil {
			return q, nil
		}
		switch {
		case r.ErrorCode == codeThrottled:
			p.next = max(p.next, throttleWait)
		case !retryCodes[r.ErrorCode]:
			return nil, a.flexError(r.ErrorCode)
		}
	}
}

func orErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// --- Client ---------------------------------------------------------------------

// reuseFor is how long the statement Accounts fetched serves the calls that
// follow it (one sync); IBKR limits a token to ten requests a minute.
const reuseFor = 5 * time.Minute

type client struct {
	api *api

	mu      sync.Mutex
	last    *queryResponse
	fetched time.Time
}

var _ integrations.Client = (*client)(nil)

// Accounts always fetches a fresh statement; the other calls read it while
// it is recent.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	q, err := c.fetch(ctx)
	if err != nil {
		return nil, err
	}
	return q.accounts(), nil
}

func (c *client) fetch(ctx context.Context) (*queryResponse, error) {
	q, err := c.api.statement(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.last, c.fetched = q, c.api.now()
	c.mu.Unlock()
	return q, nil
}

func (c *client) recent(ctx context.Context, id string) (*flexStatement, error) {
	c.mu.Lock()
	q, at := c.last, c.fetched
	c.mu.Unlock()
	if q == nil || c.api.now().Sub(at) > reuseFor {
		var err error
		if q, err = c.fetch(ctx); err != nil {
			return nil, err
		}
	}
	return q.find(id)
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	s, err := c.recent(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return s.balances()
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	s, err := c.recent(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return s.positions()
}

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	s, err := c.recent(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
	}
	return s.activities(from)
}
