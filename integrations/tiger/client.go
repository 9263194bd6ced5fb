package tiger

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
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
// refused developer (IP whitelist, blacklist); 1000 a refused signature or
// developer id when its message says so; a refusal naming the token, by a
// TBHK client (the only one sending a token) or a login, a dead token —
// unless it refuses a business parameter (1010–1099, never the login: a
// page_token, a method's own parameter); 1 and 2 the server; anything else
// a refused request, transient.
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
	case (c.hk || c.form) && !bizParam(code) && strings.Contains(m, "token"):
		return refused(fmt.Sprintf("the token (code %d); make a new one on the developer page", code))
	case code == 1000 && (strings.Contains(m, "sign") || strings.Contains(m, "private key") || strings.Contains(m, "tiger_id") ||
		strings.Contains(m, "tigerid") || strings.Contains(m, "developer")):
		return refused("the Tiger ID or RSA key (code 1000)")
	}
	return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Tiger refused the request (code %d)", code))
}

// bizParam says whether code refuses a business parameter (1010–1099, the
// Go SDK's ClassifyErrorCode "biz_param_error"; 1000–1009 are the common
// parameters': signature, developer id, timestamp).
func bizParam(code int64) bool { return code >= 1010 && code < 1100 }

// client reads one login's standard accounts.
type client struct {
	in                               *Integration
	caller                           *caller
	now                              func() time.Time
	tokens                           *integrations.TokenSource[secret]
	integrations.AccountBook[string] // Accounts; Latchkey account id → number

	mu      sync.Mutex
	assets  map[string]cachedAssets            // number → its balances, read with the accounts
	futures map[string]bool                    // number → prime_assets shows a futures segment
	wfees   map[string][]integrations.Activity // number → transfer_fund's withdrawal fees, once read
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
	c := &client{in: in, now: env.Time, assets: map[string]cachedAssets{}, futures: map[string]bool{},
		wfees:  map[string][]integrations.Activity{},
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
	bal, futures, err := decodeAssets(data)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.futures[number] = futures
	c.mu.Unlock()
	return bal, nil
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
// WalkActivities) in one go. When a cash-flow method could not be read the
// rest comes with an error matching ErrPartial that says which part is
// missing.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	out = integrations.Dedupe(out)
	integrations.SortByDateID(out)
	return out, err
}

var _ integrations.HistoryWalker = (*client)(nil)

// walkSteps are what a walk reads of each window, in order: the fills
// (order_transactions), then fund_details kind by kind.
var walkSteps = append([]string{"fills"}, fundTypes...)

// The cash-flow parts a walk may miss, named in its cursor so that a walk
// resumed after a rate limit still tells what it missed before.
const (
	missedFunding = 1 << iota // transfer_fund
	missedDetails             // fund_details, some kind in some window
)

// missedPart is a part a walk may miss: its bit, its name in the cursor
// and its words for the user.
type missedPart struct {
	bit        int
	name, what string
}

var missedWords = []missedPart{
	{missedFunding, "funding", "the deposits and withdrawals"},
	{missedDetails, "details", "some of the dividends, interest, fees and other cash entries"},
}

// WalkActivities reads the account's history from since's day (a year back
// when since is zero or older) to today: first its deposits and
// withdrawals (transfer_fund, the whole list in one answer), then window
// by window of 90 days its fills (order_transactions) and its dividends,
// interest, fees and other cash entries (fund_details, one kind after the
// other). Each step hands page its activities and the cursor of the next,
// "<window's first day>/<step>" and, once a cash-flow part was missed,
// "/<parts>" (a walk resumed there skips what was read; one that cannot be
// read starts again), "" after the last.
//
// The cash-flow reads are best effort: one that fails other than by a rate
// limit, a dead grant or an ended context (a refusal, a server error, an
// answer that cannot be read) is skipped, the walk goes on with the fills,
// and it ends with an error matching ErrPartial that says which part could
// not be read. A failing fills read stops the walk at its step.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return err
	}
	now := c.now().UTC()
	today := now.Truncate(24 * time.Hour)
	from := integrations.HistoryStart(since, now.Add(-history).Truncate(24*time.Hour))
	start, step, missed, ok := parseCursor(cursor, from, today)
	if ok && missed&missedFunding != 0 {
		// transfer_fund's rows were not handed over in this walk (the
		// cursor says so, whichever client began it): fund_details' fees
		// stay whole, the withdrawal fees among them.
		c.setWithdrawalFees(n, nil)
	}
	errs := map[int]error{} // a part missed in this call → its first error
	miss := func(part int, err error) error {
		if ctx.Err() != nil {
			return ctx.Err() // whatever the read answered
		}
		if stopsWalk(ctx, err) {
			return err
		}
		if errs[part] == nil {
			errs[part] = err
		}
		missed |= part
		return nil
	}
	if !ok {
		missed = 0
		acts, err := c.funding(ctx, n, from)
		if err != nil {
			if err := miss(missedFunding, err); err != nil {
				return err
			}
			c.setWithdrawalFees(n, nil) // fund_details' fees kept whole
		}
		if err := page(acts, walkCursor(from, 0, missed)); err != nil {
			return err
		}
		start, step = from, 0
	}
	for ; !start.After(today); start, step = start.Add(window), 0 {
		for ; step < len(walkSteps); step++ {
			var acts []integrations.Activity
			if step == 0 {
				acts, err = c.fills(ctx, n, start, minTime(start.Add(window), now.Add(time.Minute)))
				if err != nil {
					return err
				}
			} else {
				acts, err = c.fundDetails(ctx, n, walkSteps[step], start, minTime(start.Add(window-24*time.Hour), today))
				if err != nil {
					if err := miss(missedDetails, err); err != nil {
						return err
					}
				}
			}
			next := ""
			switch {
			case step+1 < len(walkSteps):
				next = walkCursor(start, step+1, missed)
			case !start.Add(window).After(today):
				next = walkCursor(start.Add(window), 0, missed)
			}
			if err := page(integrations.OnOrAfter(acts, from), next); err != nil {
				return err
			}
		}
	}
	return missedError(missed, errs)
}

// stopsWalk says whether a cash-flow read's error stops the walk rather
// than being skipped: a rate limit (the walk resumes at the step), a dead
// grant, an ended context.
func stopsWalk(ctx context.Context, err error) bool {
	if _, limited := integrations.RetryAfter(err); limited || ctx.Err() != nil {
		return true
	}
	return integrations.EndsRead(err)
}

// missedError is the end of a walk that missed the parts in missed (nil
// when none): an error matching ErrPartial naming each part, with the
// reason where this call met it (a walk resumed knows only the part); the
// reasons are the client's own words, never Tiger's message.
func missedError(missed int, errs map[int]error) error {
	var says []string
	for _, m := range missedWords {
		if missed&m.bit == 0 {
			continue
		}
		s := m.what + " could not be read"
		if err := errs[m.bit]; err != nil {
			why := integrations.Detail(err, integrations.ErrUnavailable) // "Tiger refused the request (code 1010)"
			if why == "" {
				why = integrations.UserMessage(err)
			}
			s += " (" + strings.TrimSuffix(why, ".") + ")"
		}
		says = append(says, s)
	}
	if len(says) == 0 {
		return nil
	}
	return integrations.Wrap(integrations.ErrPartial, strings.Join(says, "; "))
}

// walkCursor is the cursor of a walk's step in the window starting at
// start, with the cash-flow parts missed so far.
func walkCursor(start time.Time, step, missed int) string {
	c := start.Format(time.DateOnly) + "/" + walkSteps[step]
	var names []string
	for _, m := range missedWords {
		if missed&m.bit != 0 {
			names = append(names, m.name)
		}
	}
	if len(names) > 0 {
		c += "/" + strings.Join(names, "+")
	}
	return c
}

// parseCursor reads a walk's cursor: the window's first day, within the
// walk (from to today), the step, and the parts missed.
func parseCursor(cursor string, from, today time.Time) (time.Time, int, int, bool) {
	parts := strings.Split(cursor, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return time.Time{}, 0, 0, false
	}
	t, err := time.Parse(time.DateOnly, parts[0])
	if err != nil || t.Before(from) || t.After(today) {
		return time.Time{}, 0, 0, false
	}
	missed := 0
	if len(parts) == 3 {
		for _, name := range strings.Split(parts[2], "+") {
			i := slices.IndexFunc(missedWords, func(m missedPart) bool { return m.name == name })
			if i < 0 {
				return time.Time{}, 0, 0, false
			}
			missed |= missedWords[i].bit
		}
	}
	step := slices.Index(walkSteps, parts[1])
	if step < 0 {
		return time.Time{}, 0, 0, false
	}
	return t, step, missed, true
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

// funding reads transfer_fund: every deposit and withdrawal, in one answer
// with no range or paging, asked as the Python and Go SDKs ask it by
// default (get_funding_history and FundingHistoryRequest send no seg_type;
// the Java SDK's DepositWithdrawRequest sends SEC). Its withdrawal fees,
// once read, are kept for fund_details' FEE kind (withdrawalFees).
func (c *client) funding(ctx context.Context, n string, from time.Time) ([]integrations.Activity, error) {
	data, err := c.call(ctx, "transfer_fund", map[string]any{"account": n, "lang": lang})
	if err != nil {
		return nil, err
	}
	acts, err := decodeFunding(data, from)
	if err != nil {
		return nil, err
	}
	// The fees from from on serve the walk's windows, which all start
	// there; each new walk reads them anew.
	var fees []integrations.Activity
	for _, a := range acts {
		if a.Type == integrations.ActivityFee {
			fees = append(fees, a)
		}
	}
	c.setWithdrawalFees(n, fees)
	return acts, nil
}

// setWithdrawalFees keeps the withdrawal fees fund_details' FEE entries are
// checked against for the account's walk; nil keeps those entries whole.
func (c *client) setWithdrawalFees(n string, fees []integrations.Activity) {
	c.mu.Lock()
	c.wfees[n] = fees
	c.mu.Unlock()
}

// withdrawalFees are the withdrawal fees (and their refunds) transfer_fund
// lists for the account, as the walk set them (nil when its transfer_fund
// rows were not handed over), else read from transfer_fund — a walk resumed
// by a new client after transfer_fund's rows were handed over. That read
// failing is an error: the entries cannot be told from the withdrawal fees
// already counted, so the FEE kind's window is missed (a partial walk)
// rather than counted twice.
func (c *client) withdrawalFees(ctx context.Context, n string) ([]integrations.Activity, error) {
	c.mu.Lock()
	fees, ok := c.wfees[n]
	c.mu.Unlock()
	if ok {
		return fees, nil
	}
	if _, err := c.funding(ctx, n, time.Time{}); err != nil {
		return nil, fmt.Errorf("tiger: reading the withdrawal fees: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wfees[n], nil
}

// withoutWithdrawalFees drops from fund_details' FEE entries each one that
// repeats a withdrawal fee transfer_fund lists (type 20, or its refund 23):
// the same business day, currency and signed amount, one entry per
// transfer_fund row. Withdrawal fees come from transfer_fund alone, so
// they are never counted twice, whether or not Tiger files them among the
// fees too (not verified).
func withoutWithdrawalFees(acts, fees []integrations.Activity) []integrations.Activity {
	used := make([]bool, len(fees))
	out := acts[:0]
next:
	for _, a := range acts {
		for i, f := range fees {
			if !used[i] && f.TradeDate == a.TradeDate && f.Currency == a.Currency && f.Amount.Equal(a.Amount) {
				used[i] = true
				continue next
			}
		}
		out = append(out, a)
	}
	return out
}

// fundTypes are the fund_details kinds read (fund_type): fees, corporate
// actions (dividends and their taxes), activity awards and the rest
// (interest). Left out: ALL, TRADE (the fills order_transactions gives),
// DEPOSIT_WITHDRAW (transfer_fund gives them), FUNDS_TRANSFER (between the
// account's own segments, whose balances Latchkey adds up) and FOREX
// (conversions within the account).
var fundTypes = []string{"FEE", "CORPORATE_ACTION", "ACTIVITY_AWARD", "OTHER"}

// segTypes are the segments whose entries are read: the securities
// segment, and the futures segment when prime_assets shows one (category C
// or F) — the Java reference's example asks ["SEC", "FUT"]; whether Tiger
// accepts FUT for an account without futures is not verified.
func (c *client) segTypes(ctx context.Context, n string) ([]string, error) {
	c.mu.Lock()
	fut, ok := c.futures[n]
	c.mu.Unlock()
	if !ok {
		if _, err := c.primeAssets(ctx, n); err != nil {
			return nil, err
		}
		c.mu.Lock()
		fut = c.futures[n]
		c.mu.Unlock()
	}
	if fut {
		return []string{"SEC", "FUT"}, nil
	}
	return []string{"SEC"}, nil
}

// fundDetails reads fund_details of one kind (fund_type) from start's
// day to end's (start_date and end_date are days, both included), paged by
// start (an offset) and limit; the FEE kind without the withdrawal fees
// transfer_fund gives.
func (c *client) fundDetails(ctx context.Context, n, kind string, start, end time.Time) ([]integrations.Activity, error) {
	segs, err := c.segTypes(ctx, n)
	if err != nil {
		return nil, err
	}
	ids := integrations.RowIDs{Prefix: "detail-row-" + kind + "-"}
	acts, err := integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]integrations.Activity, string, error) {
		offset, _ := strconv.Atoi(cursor)
		data, err := c.call(ctx, "fund_details", map[string]any{"account": n, "seg_types": segs, "fund_type": kind,
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
	if err != nil || kind != "FEE" {
		return acts, err
	}
	fees, err := c.withdrawalFees(ctx, n)
	if err != nil {
		return nil, err
	}
	return withoutWithdrawalFees(acts, fees), nil
}

// detailLimit is fund_details' page: pageLimit within the documented
// maximum of 100.
func detailLimit() int { return min(pageLimit, 100) }
