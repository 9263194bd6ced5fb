package gemini

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// nonce returns the nonce of a call. A key with a time-based nonce takes
// the clock in seconds (Gemini accepts it within 30 seconds of its own);
// other keys take the clock in milliseconds, kept strictly increasing per
// key, so it increases across restarts too.
func nonce(sec secret, now time.Time) int64 {
	if sec.Nonce != nonceIncreasing {
		return now.Unix()
	}
	return processNonces.next(sec.Key, now)
}

// nonces remembers the last increasing nonce used per key.
type nonces struct {
	mu   sync.Mutex
	last map[string]int64
}

var processNonces = nonces{last: map[string]int64{}}

func (n *nonces) next(key string, now time.Time) int64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	v := now.UnixMilli()
	if v <= n.last[key] {
		v = n.last[key] + 1
	}
	n.last[key] = v
	return v
}

// transfersEvery is how often the transfers list may be read: "1 request
// per 5 seconds per subaccount" (developer.gemini.com List Past Transfers).
const transfersEvery = 5 * time.Second

// api talks to one Gemini variant with one key pair.
type api struct {
	httpx.API
	v    variant
	now  func() time.Time
	wait cryptokit.Wait
	sec  secret

	login bool
	// transfersStatus maps the transfers list's refusals: a 429 that names
	// no wait asks for transfersEvery.
	transfersStatus httpx.StatusMapper
	// pace is the transfers list's pace for this key's account, shared by
	// every client of it in the process.
	pace *pacer
}

// pacer spaces the reads of one account's transfers list.
type pacer struct {
	mu   sync.Mutex
	last time.Time // when the list was last read
}

// pacers are the transfers paces by API address and account.
var pacers sync.Map // string → *pacer

func pacerFor(base, account string) *pacer {
	p, _ := pacers.LoadOrStore(base+"\x00"+account, &pacer{})
	return p.(*pacer)
}

// newAPI builds the HTTP side. While logging in (login) a refused key is
// ErrInvalidCredentials; afterwards ErrReauthRequired.
func (in *Integration) newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	base, err := httpx.NeedEndpoint(env, "api", "Gemini API")
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.Client()).Add(sec.Key, sec.Secret)
	a := &api{v: in.v, now: env.Time, wait: in.Wait, sec: sec, login: login, pace: pacerFor(base, "key:"+sec.Key)}
	a.API = httpx.API{Name: "Gemini", Client: env.Client(), Base: base, Status: a.status(env, rateWait)}
	a.transfersStatus = a.status(env, transfersEvery)
	return a, nil
}

// status maps refusals (mapError); a 429 that names no wait asks for wait.
func (a *api) status(env integrations.Env, wait time.Duration) httpx.StatusMapper {
	return func(resp *http.Response, body []byte) error {
		return mapError(resp.StatusCode, resp.Header, body, a.login, env.Time(), wait)
	}
}

// private POSTs path with an empty body, as the reference shows: the
// request and its parameters travel in the signed payload header. POSTs are
// never retried by the transport: a retry would reuse the nonce.
func (a *api) private(ctx context.Context, path string, params map[string]any) ([]byte, error) {
	return a.call(ctx, path, params, nil)
}

// call is private with the request's own status mapper (nil: the API's).
func (a *api) call(ctx context.Context, path string, params map[string]any, status httpx.StatusMapper) ([]byte, error) {
	p := map[string]any{"request": path, "nonce": strconv.FormatInt(nonce(a.sec, a.now()), 10)}
	for k, v := range params {
		p[k] = v
	}
	payload, _ := json.Marshal(p)
	b64, sig := Sign(a.sec.Secret, payload)
	h := http.Header{}
	h.Set("Content-Type", "text/plain")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-GEMINI-APIKEY", a.sec.Key)
	h.Set("X-GEMINI-PAYLOAD", b64)
	h.Set("X-GEMINI-SIGNATURE", sig)
	return a.Do(ctx, httpx.Request{Method: http.MethodPost, Path: path, Header: h, Status: status})
}

func (a *api) account(ctx context.Context) (accountInfo, error) {
	b, err := a.private(ctx, "/v1/account", nil)
	if err != nil {
		return accountInfo{}, err
	}
	return decodeAccount(b)
}

// transfers reads one page of the transfers list from ms on, waiting first
// until transfersEvery has passed since the account's last read in this
// process. A 429 that names no wait asks for those 5 seconds.
func (a *api) transfers(ctx context.Context, from int64) ([]transfer, error) {
	p := a.pace
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.last.IsZero() {
		if wait := p.last.Add(transfersEvery).Sub(a.now()); wait > 0 {
			if err := a.wait.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
	}
	p.last = a.now()
	b, err := a.call(ctx, "/v1/transfers", map[string]any{"limit_transfers": transferLimit, "timestamp": from,
		"show_completed_deposit_advances": false}, a.transfersStatus)
	if err != nil {
		return nil, err
	}
	return decodeTransfers(b)
}

// balances reads POST /v1/balances: what the key's account holds, without
// its value (the account check, and the currencies a walk reads).
func (a *api) balances(ctx context.Context) ([]notional, error) {
	b, err := a.private(ctx, "/v1/balances", nil)
	if err != nil {
		return nil, err
	}
	return decodeNotional(b)
}

// spotID is the id of the one account a login has (its key's account).
const spotID = "exchange"

func spotAccount(v variant) integrations.Account {
	a := cryptokit.Account(spotID, v.display+" exchange account", "exchange", valuation)
	a.Paper = v.paper
	return a
}

const (
	tradeLimit    = 500 // limit_trades maximum
	transferLimit = 50  // limit_transfers maximum
	maxPages      = 10000
)

// client reads one Gemini account.
// Balances and Positions come from one read of the holdings
// (cryptokit.Spot): the cash per fiat currency, the USD total counting the
// crypto at Gemini's notional value; the crypto held, valued in USD.
type client struct {
	cryptokit.Spot // Accounts, Balances and Positions
	api            *api
}

var (
	_ integrations.Client        = (*client)(nil)
	_ integrations.HistoryWalker = (*client)(nil)
)

// holdings reads the notional balances: each currency with its USD value,
// so positions need no separate price call.
func (c *client) holdings(ctx context.Context) ([]integrations.Balance, []integrations.Position, error, error) {
	b, err := c.api.private(ctx, "/v1/notionalbalances/usd", nil)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := decodeNotional(b)
	if err != nil {
		return nil, nil, nil, err
	}
	bals, pos, err := holdings(rows, c.api.now().UTC())
	return bals, pos, nil, err
}

// Activities reads the whole history from since (see WalkActivities) in
// one go.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	integrations.SortByDate(out)
	return out, err
}

// walkCursor is where a walk resumes: a phase, the timestamp (ms) of the
// next page, and what the phase needs to carry on.
type walkCursor struct {
	Phase string `json:"p"` // phaseTransfers, phaseMarkets or phaseTrades
	From  int64  `json:"t"`
	// Moved are the currencies the transfers read so far moved (transfers
	// phase), for the choice of markets.
	Moved []string `json:"c,omitempty"`
	// Symbols are the markets whose trades are still to read, the one being
	// read first (trades phase).
	Symbols []string `json:"s,omitempty"`
}

const (
	phaseTransfers = "transfers"
	phaseMarkets   = "markets"
	phaseTrades    = "trades"
)

func (w walkCursor) String() string {
	b, _ := json.Marshal(w)
	return string(b)
}

// parseCursor reads a cursor; one it cannot read (or none) starts a new walk.
func parseCursor(s string, start int64) walkCursor {
	var w walkCursor
	if s == "" || json.Unmarshal([]byte(s), &w) != nil ||
		(w.Phase != phaseTransfers && w.Phase != phaseMarkets && w.Phase != phaseTrades) ||
		(w.Phase == phaseTrades && len(w.Symbols) == 0) {
		return walkCursor{Phase: phaseTransfers, From: start}
	}
	w.From = max(w.From, start)
	return w
}

// walked is a row of a list Gemini walks by timestamp: its id and its time
// (ms).
type walked interface{ key() (id, at int64) }

func (t transfer) key() (id, at int64) { return t.EID, t.TimestampMS }
func (t trade) key() (id, at int64)    { return t.TID, t.TimestampMS }

// freshRows reads one page of a list walked by timestamp from from (each
// page starts at the newest timestamp of the one before, as Gemini's
// reference walks them): the rows not read before (by id in seen, which it
// extends), the newest timestamp, and whether the page ends the list
// (shorter than limit, or nothing new).
func freshRows[T walked](rows []T, limit int, seen map[int64]bool, from int64) (fresh []T, newest int64, last bool) {
	newest = from
	for _, r := range rows {
		id, at := r.key()
		newest = max(newest, at)
		if !seen[id] {
			seen[id] = true
			fresh = append(fresh, r)
		}
	}
	return fresh, newest, len(rows) < limit || len(fresh) == 0
}

// WalkActivities reads the account's history from since in pages, handing
// each to page with the cursor to resume from: first the transfers list
// (deposits, withdrawals, rewards; 50 a page, read at most once per 5
// seconds as Gemini allows, the client waiting out the rest), then the
// trades of every market whose base currency was held or moved (500 a page).
// Each page starts at the newest timestamp of the one before, as Gemini's
// reference walks them; rows read twice are dropped. A walk resumed from a
// cursor starts there; a cursor it cannot read starts over.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	if err := c.Own(accountID); err != nil {
		return err
	}
	start := max(since.UnixMilli(), 0)
	cur := parseCursor(cursor, start)
	if cur.Phase == phaseTransfers {
		moved := map[string]bool{}
		for _, m := range cur.Moved {
			moved[m] = true
		}
		seen := map[int64]bool{}
		for n := 0; ; n++ {
			if n == maxPages {
				return integrations.Wrap(integrations.ErrUnavailable, "Gemini's transfer history did not end")
			}
			rows, err := c.api.transfers(ctx, cur.From)
			if err != nil {
				return err
			}
			var acts []integrations.Activity
			fresh, newest, last := freshRows(rows, transferLimit, seen, cur.From)
			for _, t := range fresh {
				moved[strings.ToUpper(t.Currency)] = true
				if !t.settled() || t.TimestampMS < start {
					continue
				}
				a, err := transferActivity(t)
				if err != nil {
					return err
				}
				acts = append(acts, a)
			}
			cur.Moved = slices.Sorted(maps.Keys(moved))
			if last {
				cur.Phase, cur.From = phaseMarkets, start
			} else {
				cur.From = newest
			}
			if err := page(acts, cur.String()); err != nil {
				return err
			}
			if cur.Phase != phaseTransfers {
				break
			}
		}
	}
	if cur.Phase == phaseMarkets {
		syms, err := c.markets(ctx, cur.Moved)
		if err != nil {
			return err
		}
		next := ""
		if len(syms) > 0 {
			next = walkCursor{Phase: phaseTrades, From: start, Symbols: syms}.String()
		}
		if err := page(nil, next); err != nil || next == "" {
			return err
		}
		cur = parseCursor(next, start)
	}
	seen := map[int64]bool{}
	for n := 0; len(cur.Symbols) > 0; n++ {
		if n == maxPages {
			return integrations.Wrap(integrations.ErrUnavailable, "Gemini's trade history did not end")
		}
		sym := cur.Symbols[0]
		b, err := c.api.private(ctx, "/v1/mytrades", map[string]any{"symbol": sym, "limit_trades": tradeLimit, "timestamp": cur.From})
		if err != nil {
			return err
		}
		rows, err := decodeTrades(b)
		if err != nil {
			return err
		}
		var acts []integrations.Activity
		fresh, newest, last := freshRows(rows, tradeLimit, seen, cur.From)
		for _, t := range fresh {
			if t.TimestampMS < start {
				continue
			}
			a, err := tradeActivity(sym, t)
			if err != nil {
				return err
			}
			acts = append(acts, a)
		}
		if last {
			cur.Symbols, cur.From, seen = cur.Symbols[1:], start, map[int64]bool{}
		} else {
			cur.From = newest
		}
		next := ""
		if len(cur.Symbols) > 0 {
			next = cur.String()
		}
		if err := page(acts, next); err != nil {
			return err
		}
	}
	return nil
}

// markets returns the markets whose trades a walk reads: those of GET
// /v1/symbols whose base currency is held now or was moved.
func (c *client) markets(ctx context.Context, moved []string) ([]string, error) {
	set := map[string]bool{}
	for _, m := range moved {
		set[m] = true
	}
	bals, err := c.api.balances(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range bals {
		if !r.Amount.IsZero() {
			set[strings.ToUpper(r.Currency)] = true
		}
	}
	b, err := c.api.Do(ctx, httpx.Request{Path: "/v1/symbols"})
	if err != nil {
		return nil, err
	}
	symbols, err := decodeSymbols(b)
	if err != nil {
		return nil, err
	}
	return tradeSymbols(symbols, set), nil
}
