package tiger

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the developer id, the private key as
// typed, the TBHK token (renewed), and the device id Latchkey sends.
type secret struct {
	TigerID    string `json:"tiger_id"`
	PrivateKey string `json:"private_key"`
	Token      string `json:"token,omitempty"`
	DeviceID   string `json:"device_id"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Tiger login", func(s secret) bool { return s.TigerID != "" && s.PrivateKey != "" })
}

// tokenRenewAfter is how old a TBHK token may grow before the client
// renews it (user_token_refresh); the SDK's refresher checks every 5
// minutes against its configured duration, and tiger-mcp renews daily.
const tokenRenewAfter = 24 * time.Hour

// renewAt is when a token is due for renewal: a day after it was made, and
// never after it expires.
func renewAt(token string) time.Time {
	made, exp, ok := tokenTimes(token)
	if !ok {
		return time.Unix(1, 0) // unreadable: due at once (and refused if dead)
	}
	return minTime(made.Add(tokenRenewAfter), exp)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// api is the gateway's HTTP side: a 429 (code 5) waits a minute, the
// rolling window Tiger counts in.
func newAPI(env integrations.Env, login bool) *httpx.API {
	status := httpx.Status{Name: "Tiger", Now: env.Time, Wait: time.Minute, Login: login}
	return &httpx.API{Name: "Tiger", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultGateway), Status: status.Map}
}

// caller signs and sends Open API requests for one login.
type caller struct {
	api  *httpx.API
	key  *rsa.PrivateKey
	hk   bool
	now  func() time.Time
	red  *httpx.Redactor
	form bool // a login checking what the user typed
}

// apiVersion is the common version parameter the SDK sends (2.0).
const apiVersion = "2.0"

// call sends method with its business parameters, signed, and returns the
// answer's data. Errors carry the answer's code, never its message.
func (c *caller) call(ctx context.Context, s secret, method string, biz map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(biz); err != nil {
		return nil, err
	}
	params := map[string]any{
		"tiger_id":    s.TigerID,
		"method":      method,
		"charset":     "UTF-8",
		"sign_type":   "RSA",
		"version":     apiVersion,
		"timestamp":   c.now().Local().Format("2006-01-02 15:04:05"),
		"device_id":   s.DeviceID,
		"biz_content": strings.TrimSpace(buf.String()),
	}
	sig, err := sign(c.key, signContent(params))
	if err != nil {
		return nil, fmt.Errorf("tiger: signing the request: %w", err)
	}
	params["sign"] = sig
	h := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
	if c.hk && s.Token != "" {
		h.Set("Authorization", s.Token)
	}
	b, err := c.api.Do(ctx, httpx.Request{Method: http.MethodPost, Path: c.api.Base, JSON: params, Header: h})
	if err != nil {
		return nil, err
	}
	code, msg, data, err := openEnvelope(b)
	if err != nil {
		return nil, err
	}
	if code != 0 {
		return nil, c.refusal(code, msg)
	}
	return data, nil
}

// refusal maps an answer's code (the documented error codes): 4 and 5 with
// a rate-limit message, and 5, are the per-minute limit; 4 otherwise a
// refused developer (IP whitelist, blacklist); 1000 a refused signature,
// developer id or token when its message says so; 1 and 2 the server.
func (c *caller) refusal(code int64, msg string) error {
	m := strings.ToLower(msg)
	refused := func(what string) error {
		if c.form {
			return integrations.Wrap(integrations.ErrInvalidCredentials, "Tiger refused "+what)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, "Tiger no longer accepts "+what)
	}
	switch {
	case code == 5 || strings.Contains(m, "rate limit"):
		return &integrations.RateLimitError{RetryAfter: time.Minute}
	case code == 1 || code == 2:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Tiger could not answer (code %d)", code))
	case code == 4:
		return refused("this developer id's requests (code 4: check the IP whitelist on the developer page)")
	case strings.Contains(m, "token"):
		return refused(fmt.Sprintf("the token (code %d); make a new one on the developer page", code))
	case code == 1000 && (strings.Contains(m, "sign") || strings.Contains(m, "private key") || strings.Contains(m, "tiger_id") ||
		strings.Contains(m, "tigerid") || strings.Contains(m, "developer")):
		return refused("the Tiger ID or RSA key (code 1000)")
	}
	return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Tiger refused the request (code %d)", code))
}

// client reads one login's standard accounts.
type client struct {
	in                               *Integration
	caller                           *caller
	now                              func() time.Time
	tokens                           *integrations.TokenSource[secret]
	integrations.AccountBook[string] // Accounts; Latchkey account id → number

	mu     sync.Mutex
	assets map[string]cachedAssets // number → its balances, read with the accounts
}

type cachedAssets struct {
	at  time.Time
	bal []integrations.Balance
}

var _ integrations.Client = (*client)(nil)

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) (*client, error) {
	key, err := parseKey(sec.PrivateKey)
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Tiger key cannot be read")
	}
	c := &client{in: in, now: env.Time, assets: map[string]cachedAssets{},
		caller: &caller{api: newAPI(env, false), key: key, hk: in.hk, now: env.Time, red: httpx.RedactorOf(env.HTTP)}}
	c.caller.red.Add(sec.Token)
	c.AccountBook.Read, c.AccountBook.NotFound = c.readAccounts, integrations.NoAccount("Tiger")
	c.tokens = &integrations.TokenSource[secret]{Name: "Tiger", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access: func(s secret) (string, time.Time) {
			if !in.hk {
				return s.TigerID, time.Time{} // the key never expires
			}
			return s.Token, renewAt(s.Token)
		},
		Encode: func(g integrations.Grant, s secret) integrations.Grant {
			g.Secret = s.encode()
			if _, exp, ok := tokenTimes(s.Token); ok && in.hk {
				g.Expiry = exp
			}
			return g
		}}
	if in.hk {
		c.tokens.Refresh = c.renew
	}
	return c, nil
}

// renew trades the TBHK token for a new one (user_token_refresh), signed
// with the current token.
func (c *client) renew(ctx context.Context, s secret) (secret, error) {
	if _, exp, ok := tokenTimes(s.Token); !ok || !c.now().Before(exp) {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired,
			"the Tiger Brokers Hong Kong token has expired; make a new one on Tiger's developer page and repair the connection")
	}
	data, err := c.caller.call(ctx, s, "user_token_refresh", map[string]any{})
	if err != nil {
		return secret{}, err
	}
	var w struct {
		Token string `json:"token"`
	}
	if err := decode(data, &w); err != nil {
		return secret{}, err
	}
	if _, _, ok := tokenTimes(w.Token); !ok {
		return secret{}, errMalformed
	}
	c.caller.red.Add(w.Token)
	next := s
	next.Token = w.Token
	return next, nil
}

func (c *client) call(ctx context.Context, method string, biz map[string]any) ([]byte, error) {
	var data []byte
	err := c.tokens.Do(ctx, func(ctx context.Context, s secret) error {
		var err error
		data, err = c.caller.call(ctx, s, method, biz)
		return err
	})
	return data, err
}

// assetsLife is how long balances read with the accounts are used for the
// balances call right after.
const assetsLife = time.Minute

// readAccounts reads the accounts with their numbers, and each one's
// balances (kept for the balances call right after).
func (c *client) readAccounts(ctx context.Context) ([]integrations.Account, []string, error) {
	data, err := c.call(ctx, "accounts", map[string]any{})
	if err != nil {
		return nil, nil, err
	}
	profiles, err := decodeAccounts(data)
	if err != nil {
		return nil, nil, err
	}
	out := make([]integrations.Account, 0, len(profiles))
	numbers := make([]string, 0, len(profiles))
	for _, p := range profiles {
		c.caller.red.Add(p.number)
		bal, err := c.primeAssets(ctx, p.number)
		if err != nil {
			return nil, nil, err
		}
		c.mu.Lock()
		c.assets[p.number] = cachedAssets{at: c.now(), bal: bal}
		c.mu.Unlock()
		out, numbers = append(out, p.account(c.in.id(), bal[0].Currency)), append(numbers, p.number)
	}
	return out, numbers, nil
}

func (c *client) primeAssets(ctx context.Context, number string) ([]integrations.Balance, error) {
	data, err := c.call(ctx, "prime_assets", map[string]any{"account": number, "consolidated": true})
	if err != nil {
		return nil, err
	}
	return decodeAssets(data)
}

func (c *client) number(ctx context.Context, id string) (string, error) {
	return c.AccountBook.Lookup(ctx, id)
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	cached, ok := c.assets[n]
	delete(c.assets, n)
	c.mu.Unlock()
	if ok && c.now().Sub(cached.at) < assetsLife {
		return cached.bal, nil
	}
	return c.primeAssets(ctx, n)
}

// secTypes are the security types whose positions are read, one call each
// (the positions method reads one type; STK is its default).
var secTypes = []string{"STK", "OPT", "FUT"}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var out []integrations.Position
	for _, st := range secTypes {
		data, err := c.call(ctx, "positions", map[string]any{"account": n, "sec_type": st, "currency": "ALL", "market": "ALL"})
		if err != nil {
			return nil, err
		}
		pos, err := decodePositions(data, n, c.now().UTC())
		if err != nil {
			return nil, err
		}
		out = append(out, pos...)
	}
	return out, nil
}

// History rules: order_transactions and fund_details are read in windows
// of 90 days (not verified as a limit: the SDKs document none; Tiger's Java
// reference asks fund_details for 2025-01-01 to 2025-04-01), a page of 100
// at a time, a year back at most.
const (
	window  = 90 * 24 * time.Hour
	history = 365 * 24 * time.Hour
)

// pageLimit is the rows asked per page (the SDK's default for
// order_transactions, 100, fund_details' maximum; a variable for tests).
var pageLimit = 100

// maxPages bounds one window's pages against a server that never stops (a
// variable for tests).
var maxPages = 10000

// Activities reads the account's history since since's day (see
// WalkActivities) in one go.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	if err != nil {
		return nil, err
	}
	out = integrations.Dedupe(out)
	integrations.SortByDateID(out)
	return out, nil
}

var _ integrations.HistoryWalker = (*client)(nil)

// walkSteps are what a walk reads of each window, in order: the fills
// (order_transactions), then fund_details kind by kind.
var walkSteps = append([]string{"fills"}, fundTypes...)

// WalkActivities reads the account's history from since's day (a year back
// when since is zero or older) to today: first its deposits and
// withdrawals (transfer_fund, the whole list in one answer), then window
// by window of 90 days its fills (order_transactions) and its dividends,
// interest, fees and other cash entries (fund_details, one kind after the
// other). Each step hands page its activities and the cursor of the next,
// "<window's first day>/<step>" (a walk resumed there skips what was
// read; one that cannot be read starts again), "" after the last.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return err
	}
	now := c.now().UTC()
	today := now.Truncate(24 * time.Hour)
	from := integrations.HistoryStart(since, now.Add(-history).Truncate(24*time.Hour))
	start, step, ok := parseCursor(cursor, from, today)
	if !ok {
		acts, err := c.funding(ctx, n)
		if err != nil {
			return err
		}
		if err := page(integrations.OnOrAfter(acts, from), walkCursor(from, 0)); err != nil {
			return err
		}
		start, step = from, 0
	}
	for ; !start.After(today); start, step = start.Add(window), 0 {
		for ; step < len(walkSteps); step++ {
			var acts []integrations.Activity
			if step == 0 {
				acts, err = c.fills(ctx, n, start, minTime(start.Add(window), now.Add(time.Minute)))
			} else {
				acts, err = c.fundDetails(ctx, n, walkSteps[step], start, minTime(start.Add(window-24*time.Hour), today))
			}
			if err != nil {
				return err
			}
			next := ""
			switch {
			case step+1 < len(walkSteps):
				next = walkCursor(start, step+1)
			case !start.Add(window).After(today):
				next = walkCursor(start.Add(window), 0)
			}
			if err := page(integrations.OnOrAfter(acts, from), next); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkCursor is the cursor of a walk's step in the window starting at start.
func walkCursor(start time.Time, step int) string {
	return start.Format(time.DateOnly) + "/" + walkSteps[step]
}

// parseCursor reads a walk's cursor: the window's first day, within the
// walk (from to today), and the step.
func parseCursor(cursor string, from, today time.Time) (time.Time, int, bool) {
	day, name, ok := strings.Cut(cursor, "/")
	t, err := time.Parse(time.DateOnly, day)
	if !ok || err != nil || t.Before(from) || t.After(today) {
		return time.Time{}, 0, false
	}
	for i, s := range walkSteps {
		if s == name {
			return t, i, true
		}
	}
	return time.Time{}, 0, false
}

// fills reads order_transactions from start to end (milliseconds), paged by
// page_token.
func (c *client) fills(ctx context.Context, n string, start, end time.Time) ([]integrations.Activity, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, token string) ([]integrations.Activity, string, error) {
		biz := map[string]any{"account": n, "start_date": start.UnixMilli(), "end_date": end.UnixMilli(), "limit": pageLimit}
		if token != "" {
			biz["page_token"] = token
		}
		data, err := c.call(ctx, "order_transactions", biz)
		if err != nil {
			return nil, "", err
		}
		acts, next, err := decodeTransactions(data)
		if err != nil || len(acts) == 0 {
			return acts, "", err // an empty page ends the window, whatever it names next
		}
		return acts, next, nil
	})
}

// lang is the language asked for the entries' words (the SDK's
// Language.en_US): fund_details types are told apart by them.
const lang = "en_US"

// funding reads transfer_fund: every deposit and withdrawal of the
// account's securities segment (seg_type SEC, the Java SDK's default), in
// one answer with no range or paging (the SDK sends neither).
func (c *client) funding(ctx context.Context, n string) ([]integrations.Activity, error) {
	data, err := c.call(ctx, "transfer_fund", map[string]any{"account": n, "seg_type": "SEC", "lang": lang})
	if err != nil {
		return nil, err
	}
	return decodeFunding(data)
}

// fundTypes are the fund_details kinds read (fund_type): fees, corporate
// actions (dividends and their taxes), activity awards and the rest
// (interest). Left out: ALL, TRADE (the fills order_transactions gives),
// DEPOSIT_WITHDRAW (transfer_fund gives them), FUNDS_TRANSFER (between the
// account's own segments, whose balances Latchkey adds up) and FOREX
// (conversions within the account).
var fundTypes = []string{"FEE", "CORPORATE_ACTION", "ACTIVITY_AWARD", "OTHER"}

// segTypes are the segments whose entries are read (the Java reference's
// example, ["SEC", "FUT"]).
var segTypes = []string{"SEC", "FUT"}

// fundDetails reads fund_details of one kind (fund_type) from start's
// day to end's (start_date and end_date are days, both included), paged by
// start (an offset) and limit.
func (c *client) fundDetails(ctx context.Context, n, kind string, start, end time.Time) ([]integrations.Activity, error) {
	ids := integrations.RowIDs{Prefix: "detail-row-" + kind + "-"}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]integrations.Activity, string, error) {
		offset, _ := strconv.Atoi(cursor)
		data, err := c.call(ctx, "fund_details", map[string]any{"account": n, "seg_types": segTypes, "fund_type": kind,
			"start_date": start.Format(time.DateOnly), "end_date": end.Format(time.DateOnly),
			"start": offset, "limit": detailLimit(), "lang": lang})
		if err != nil {
			return nil, "", err
		}
		acts, total, err := decodeFundDetails(data, kind, &ids)
		if err != nil || len(acts) == 0 {
			return acts, "", err // an empty page ends the window
		}
		next := offset + len(acts)
		if (total >= 0 && next >= total) || (total < 0 && len(acts) < detailLimit()) {
			return acts, "", nil
		}
		return acts, strconv.Itoa(next), nil
	})
}

// detailLimit is fund_details' page: pageLimit within the documented
// maximum of 100.
func detailLimit() int { return min(pageLimit, 100) }
