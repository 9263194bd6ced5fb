package bitvavo

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns Bitvavo-Access-Signature as the official SDKs compute it
// (node-bitvavo-api lib/utils.js createSignature, python-bitvavo-api
// createSignature): hex HMAC-SHA256(secret, timestamp ‖ method ‖ path from
// /v2 with its query ‖ body).
func Sign(apiSecret, timestamp, method, path, body string) string {
	m := hmac.New(sha256.New, []byte(apiSecret))
	m.Write([]byte(timestamp + method + path + body))
	return hex.EncodeToString(m.Sum(nil))
}

// accessWindow is how long (ms) after its timestamp a request stays valid:
// the SDKs' default ACCESSWINDOW.
const accessWindow = "10000"

// paceBelow is the remaining weight under which a client sits out the rest
// of the minute before its next call: twice the heaviest call it makes.
const paceBelow = 10

// maxPace is the longest wait a client sits out itself; past it the call
// fails with a *integrations.RateLimitError and the app's retry waits.
const maxPace = 65 * time.Second

// api is Bitvavo's HTTP side for one key pair.
type api struct {
	httpx.API
	now  func() time.Time
	wait cryptokit.Wait
	sec  secret

	mu        sync.Mutex
	remaining int       // Bitvavo-Ratelimit-Remaining of the last answer; -1 unknown
	resetAt   time.Time // Bitvavo-Ratelimit-ResetAt of the last answer
}

// newAPI builds the HTTP side. While logging in (login) a refused key is
// ErrInvalidCredentials; afterwards ErrReauthRequired. Its client is env's,
// watched for Bitvavo's rate-limit headers.
func (in *Integration) newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	base, err := httpx.NeedEndpoint(env, "api", "Bitvavo API")
	if err != nil {
		return nil, err
	}
	hc := env.Client()
	httpx.RedactorOf(hc).Add(sec.Key, sec.Secret)
	a := &api{now: env.Time, wait: in.Wait, sec: sec, remaining: -1}
	watched := *hc
	watched.Transport = watcher{base: hc.Transport, a: a}
	a.API = httpx.API{Name: "Bitvavo", Client: &watched, Base: base,
		Status: func(resp *http.Response, body []byte) error {
			return mapError(resp.StatusCode, resp.Header, body, login, env.Time())
		}}
	return a, nil
}

// watcher records the rate-limit headers of every answer.
type watcher struct {
	base http.RoundTripper
	a    *api
}

func (w watcher) RoundTrip(r *http.Request) (*http.Response, error) {
	base := w.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(r)
	if err == nil {
		w.a.learn(resp.Header)
	}
	return resp, err
}

// learn keeps Bitvavo-Ratelimit-Remaining and -ResetAt (ms).
func (a *api) learn(h http.Header) {
	rem, err1 := strconv.Atoi(h.Get("Bitvavo-Ratelimit-Remaining"))
	reset, err2 := strconv.ParseInt(h.Get("Bitvavo-Ratelimit-ResetAt"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	a.mu.Lock()
	a.remaining, a.resetAt = rem, time.UnixMilli(reset)
	a.mu.Unlock()
}

// pace sits out the rest of the rate-limit minute when the last answer
// left less than paceBelow points: Bitvavo bans (105) a key that keeps
// calling past its limit.
func (a *api) pace(ctx context.Context) error {
	a.mu.Lock()
	rem, reset := a.remaining, a.resetAt
	a.mu.Unlock()
	if rem < 0 || rem >= paceBelow {
		return nil
	}
	wait := reset.Sub(a.now())
	switch {
	case wait <= 0:
		return nil
	case wait > maxPace:
		return &integrations.RateLimitError{RetryAfter: wait}
	}
	if err := a.wait.Sleep(ctx, wait); err != nil {
		return err
	}
	a.mu.Lock()
	a.remaining = -1
	a.mu.Unlock()
	return nil
}

// get sends a signed GET of path (starting /v2) with q, as the SDKs do:
// Bitvavo-Access-Key, -Timestamp (ms), -Signature and -Window.
func (a *api) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	if err := a.pace(ctx); err != nil {
		return nil, err
	}
	signed := path
	if len(q) > 0 {
		signed += "?" + q.Encode()
	}
	ts := strconv.FormatInt(a.now().UnixMilli(), 10)
	h := http.Header{}
	h.Set("Bitvavo-Access-Key", a.sec.Key)
	h.Set("Bitvavo-Access-Timestamp", ts)
	h.Set("Bitvavo-Access-Signature", Sign(a.sec.Secret, ts, http.MethodGet, signed, ""))
	h.Set("Bitvavo-Access-Window", accessWindow)
	return a.Do(ctx, httpx.Request{Path: path, Query: q, Header: h})
}

func (a *api) balances(ctx context.Context) (map[string]decimal.Decimal, error) {
	b, err := a.get(ctx, "/v2/balance", nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(b)
}

// owner reads a new key's balance (its View permission), then names the
// account for the fingerprint: the personal reference of
// its euro bank deposits, which a new key of the same account finds again;
// the key when there is none.
func (a *api) owner(ctx context.Context) (string, error) {
	if _, err := a.balances(ctx); err != nil { // the key's View permission
		return "", err
	}
	b, err := a.get(ctx, "/v2/deposit", url.Values{"symbol": {quote}})
	if err != nil {
		return "", err
	}
	d, err := decodeDeposit(b)
	if err != nil {
		return "", err
	}
	if d.Description != "" {
		return "ref:" + d.Description, nil
	}
	return "key:" + a.sec.Key, nil
}

// markets returns every market's last price.
func (a *api) markets(ctx context.Context) ([]tickerPrice, error) {
	b, err := a.get(ctx, "/v2/ticker/price", nil)
	if err != nil {
		return nil, err
	}
	return decodeTicker(b)
}

// spotID is the id of the one account a login has.
const spotID = "spot"

func spotAccount() integrations.Account {
	return cryptokit.Account(spotID, "Bitvavo account", "spot", quote)
}

const (
	tradeLimit    = 1000 // /trades maximum
	transferLimit = 500  // /depositHistory, /withdrawalHistory maximum
	maxPages      = 10000
)

// client reads one Bitvavo account.
// Balances and Positions come from one read of the holdings
// (cryptokit.Spot): the euro balance, its total counting the coins at
// Bitvavo's prices (none when the prices fail); the coins held, valued in
// euros.
type client struct {
	cryptokit.Spot // Accounts, Balances and Positions
	api            *api
}

var _ integrations.Client = (*client)(nil)

// holdings reads the balance and prices the coins with one ticker call.
// When that call fails, the positions keep their units with the price
// unknown and perr is that failure (see cryptokit.Spot).
func (c *client) holdings(ctx context.Context) ([]integrations.Balance, []integrations.Position, error, error) {
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	px := map[string]decimal.Decimal{}
	var perr error
	if len(bal) > 1 || bal[quote].IsZero() {
		var ticks []tickerPrice
		if ticks, perr = c.api.markets(ctx); perr == nil {
			px = eurPrices(ticks)
		}
	}
	b, p := holdings(bal, px, c.api.now().UTC())
	return b, p, perr, nil
}

// Activities reads deposits and withdrawals, then the trades of every
// market of the coins held or moved, each from since on.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.Own(accountID); err != nil {
		return nil, err
	}
	start := max(since.UnixMilli(), 0)
	var out []integrations.Activity
	moved := map[string]bool{}
	for _, deposit := range []bool{true, false} {
		path := "/v2/depositHistory"
		if !deposit {
			path = "/v2/withdrawalHistory"
		}
		rows, err := pages(ctx, c.api, path, url.Values{}, start, transferLimit, decodeTransfers,
			func(t transfer) (string, int64) { return rowID(path, t), t.Timestamp })
		if err != nil {
			return nil, err
		}
		for _, t := range rows {
			moved[t.Symbol] = true
			if !t.done(deposit) {
				continue
			}
			a, err := transferActivity(t, deposit)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, err
	}
	for s, amt := range bal {
		if !amt.IsZero() {
			moved[s] = true
		}
	}
	ticks, err := c.api.markets(ctx)
	if err != nil {
		return nil, err
	}
	var markets []string
	for _, t := range ticks {
		if base, _, ok := splitMarket(t.Market); ok && moved[base] {
			markets = append(markets, t.Market)
		}
	}
	sort.Strings(markets)
	for _, m := range markets {
		rows, err := pages(ctx, c.api, "/v2/trades", url.Values{"market": {m}}, start, tradeLimit, decodeTrades,
			func(t trade) (string, int64) { return t.ID, t.Timestamp })
		if err != nil {
			return nil, err
		}
		for _, t := range rows {
			a, err := tradeActivity(t)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	integrations.SortByDate(out)
	return out, nil
}

// pages reads a newest-first history from start on: a full page moves end
// back to its oldest row and reads again, dropping rows already seen.
func pages[T any](ctx context.Context, a *api, path string, q url.Values, start int64, limit int,
	decode func([]byte) ([]T, error), key func(T) (string, int64)) ([]T, error) {
	seen := map[string]bool{}
	var out []T
	q.Set("start", strconv.FormatInt(start, 10))
	q.Set("limit", strconv.Itoa(limit))
	for range maxPages {
		b, err := a.get(ctx, path, q)
		if err != nil {
			return nil, err
		}
		page, err := decode(b)
		if err != nil {
			return nil, err
		}
		fresh, oldest := 0, int64(-1)
		for _, r := range page {
			id, at := key(r)
			if oldest < 0 || at < oldest {
				oldest = at
			}
			if !seen[id] && at >= start {
				seen[id] = true
				out = append(out, r)
				fresh++
			}
		}
		if len(page) < limit || fresh == 0 {
			return out, nil
		}
		q.Set("end", strconv.FormatInt(oldest, 10))
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Bitvavo's history did not end")
}
