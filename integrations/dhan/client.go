package dhan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// newConn is DhanHQ's HTTP side with Dhan's refusal mapping.
func newConn(env integrations.Env) indiakit.Conn {
	return indiakit.Conn{API: &httpx.API{Name: "Dhan", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL)},
		Env: env, Map: mapStatus}
}

// client reads DhanHQ with the day's access token. There is no refresh:
// once the token has ended every call is ErrReauthRequired until the user
// pastes a new one.
type client struct {
	indiakit.Book // the login's one account, and the API (refusing calls once the session has ended)
	sec           secret
}

func account(clientID string) integrations.Account { return indiakit.Account(ID, clientID, "Dhan") }

// get fetches path with the access-token and client-id headers, refusing
// locally once the token has ended.
func (c *client) get(ctx context.Context, path string, login bool) ([]byte, error) {
	return c.call(ctx, httpx.Request{Path: path}, login)
}

// call sends r with the access-token and client-id headers.
func (c *client) call(ctx context.Context, r httpx.Request, login bool) ([]byte, error) {
	r.Header = http.Header{"access-token": {c.sec.Token}, "client-id": {c.sec.ClientID}}
	if login {
		return c.LoginDo(ctx, r)
	}
	return c.Do(ctx, c.sec.Expires, r)
}

func (c *client) profile(ctx context.Context, login bool) (wireProfile, error) {
	b, err := c.get(ctx, "/profile", login)
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

// owner is the client the token answers for (GET /profile): the Book's
// Accounts checks it.
func (c *client) owner(ctx context.Context) (string, error) {
	p, err := c.profile(ctx, false)
	return p.ClientID, err
}

// read reads path with the day's token.
func (c *client) read(ctx context.Context, path string) ([]byte, error) {
	return c.get(ctx, path, false)
}

// book is the login's one account: Accounts, after checking the token with
// GET /profile; Balances, GET /fundlimit's available
// balance with the holdings at their last price; Positions, the demat
// holdings and the open positions.
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.ClientID), Client: c.sec.ClientID, Owner: c.owner,
		Funds:    indiakit.ReadFunds(c.read, "/fundlimit", decodeFunds, balance),
		Holdings: indiakit.ReadAt(c.read, "/holdings", c.Env.Time, decodeHoldings),
		Open:     indiakit.ReadAt(c.read, "/positions", c.Env.Time, decodePositions),
	}
}

// maxPages bounds one walk of the trade history.
const maxPages = 500

// historyYears is how far back a first sync reads the trade history and
// the ledger.
const historyYears = 5

// ledgerWindowDays is the most days one GET /ledger asks for. The
// documentation names no limit; a year a call keeps each answer small
// and within a yearly limit should Dhan have one.
const ledgerWindowDays = 365

// ActivitiesReach is since's day: Dhan's trade history and ledger reach
// back to it, unlike the day's trade book of the embedded indiakit.Book.
func (c *client) ActivitiesReach(since time.Time) integrations.Date {
	return integrations.DateOf(since.UTC())
}

// Activities returns the account's activities on or after since (at most
// historyYears back): the fills of the trade history
// (GET /trades/{from}/{to}/{page}, pages from 0 until an empty one) and of
// today's trade book (GET /trades), the same fill once; and the ledger's
// rows (GET /ledger, a year a call) but those a fill already accounts for.
// The ledger does not gate the fills: when part of it cannot be read the
// fills come with what was read of it and an error matching ErrPartial; a
// dead grant or an ended context fails the read.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.Check(accountID); err != nil {
		return nil, err
	}
	today := c.Env.Time().In(indiakit.IST)
	floor := today.AddDate(-historyYears, 0, 0)
	start := integrations.HistoryStart(since, time.Date(floor.Year(), floor.Month(), floor.Day(), 0, 0, 0, 0, time.UTC))
	out, err := c.fills(ctx, integrations.DateOf(start), today)
	if err != nil {
		return nil, err
	}
	ledger, err := c.ledger(ctx, start, today)
	if err != nil && !errors.Is(err, integrations.ErrPartial) {
		return nil, err
	}
	out = append(out, ledger...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return out, err
}

// fills reads the trade history from fromDate to today, then today's trade
// book, each fill once.
func (c *client) fills(ctx context.Context, fromDate integrations.Date, today time.Time) ([]integrations.Activity, error) {
	var out []integrations.Activity
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, integrations.Wrap(integrations.ErrUnavailable, "Dhan's trade history did not end")
		}
		b, err := c.get(ctx, "/trades/"+fromDate.String()+"/"+today.Format(time.DateOnly)+"/"+strconv.Itoa(page), false)
		if err != nil {
			return nil, err
		}
		rows, err := decodeTrades(b)
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, t := range rows {
			a := activity(t)
			if seen[a.ID] {
				continue
			}
			seen[a.ID], fresh = true, fresh+1
			if a.TradeDate >= fromDate {
				out = append(out, a)
			}
		}
		if len(rows) == 0 || fresh == 0 {
			break
		}
	}
	book, err := indiakit.ReadFills(c.read, "/trades", decodeTrades, activity)(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range book {
		if !seen[a.ID] && a.TradeDate >= fromDate {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out, nil
}

// ledgerWhat names the ledger in a partial read's message.
const ledgerWhat = "the ledger (deposits, withdrawals, charges)"

// ledger reads the Ledger Report (GET /ledger?from-date=&to-date=) from
// start's date to today in windows of ledgerWindowDays, keeping of each
// answer the rows dated within its window (so no row is read twice) that
// ledgerActivity lists: not the trades' settlements, which the trade
// history gives.
//
// A window that cannot be read does not stop the others: a refused or
// malformed answer, or rows whose date or amount cannot be read
// (decodeLedger), make the read partial — the rows read come with an
// error matching ErrPartial naming the dates not read in full. A rate
// limit ends the walk there (what follows is not read either). A dead
// grant or an ended context fails the read (integrations.Partial).
func (c *client) ledger(ctx context.Context, start, today time.Time) ([]integrations.Activity, error) {
	ids := integrations.RowIDs{Prefix: "ledger-"}
	end := integrations.DateOf(today)
	var out []integrations.Activity
	var gaps []dateSpan // the windows not read in full, oldest first
	var failed error    // the first refusal of a window
	unreadable := 0
	for from := start; integrations.DateOf(from) <= end; {
		to := from.AddDate(0, 0, ledgerWindowDays-1)
		if integrations.DateOf(to) > end {
			to = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		}
		lo, hi := integrations.DateOf(from), integrations.DateOf(to)
		from = to.AddDate(0, 0, 1)
		b, err := c.call(ctx, httpx.Request{Path: "/ledger", Query: url.Values{"from-date": {lo.String()}, "to-date": {hi.String()}}}, false)
		var rows []wireLedger
		bad := 0
		if err == nil {
			rows, bad, err = decodeLedger(b)
		}
		if err != nil {
			if integrations.EndsRead(err) {
				return nil, err
			}
			if failed == nil {
				failed = err
			}
			if errors.Is(err, integrations.ErrRateLimited) {
				gaps = addSpan(gaps, dateSpan{lo, end})
				break
			}
			gaps = addSpan(gaps, dateSpan{lo, hi})
			continue
		}
		if bad > 0 {
			unreadable += bad
			gaps = addSpan(gaps, dateSpan{lo, hi})
		}
		for _, r := range rows {
			if d := r.date(); d < lo || d > hi {
				continue
			}
			if a, ok := ledgerActivity(r, &ids); ok {
				out = append(out, a)
			}
		}
	}
	out = integrations.Dedupe(out)
	if len(gaps) == 0 {
		return out, nil
	}
	what := ledgerWhat + " " + spansText(gaps)
	if failed != nil {
		return integrations.KeepPartial(what, out, failed)
	}
	return out, integrations.Wrap(integrations.ErrPartial,
		fmt.Sprintf("%s could not be read (%s Dhan sent could not be understood)", what, plural(unreadable, "row")))
}

// dateSpan is the days from lo to hi, both included.
type dateSpan struct{ lo, hi integrations.Date }

// addSpan adds s, later than every span of spans, joining it to the last
// one when the two meet.
func addSpan(spans []dateSpan, s dateSpan) []dateSpan {
	if n := len(spans); n > 0 {
		if integrations.DateOf(spans[n-1].hi.Time().AddDate(0, 0, 1)) >= s.lo {
			spans[n-1].hi = max(spans[n-1].hi, s.hi)
			return spans
		}
	}
	return append(spans, s)
}

// spansText writes the spans for a user: "from 2022-12-08 to 2023-12-07
// and from 2025-12-07 to 2026-12-07".
func spansText(spans []dateSpan) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = "from " + s.lo.String() + " to " + s.hi.String()
	}
	return strings.Join(parts, " and ")
}

// plural is n and word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
