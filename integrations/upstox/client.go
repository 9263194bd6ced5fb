package upstox

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// secret is the grant's secret: the day's access token, its end and the
// Upstox user id (UCC).
type secret struct {
	Access  string    `json:"access_token"`
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "an Upstox login", func(s secret) bool { return s.Access != "" && s.UserID != "" })
}

// apiBase is the "api" endpoint (the API, the login dialog and the token
// endpoint).
func apiBase(env integrations.Env) string {
	return httpx.Endpoint(env, "api", DefaultAPIURL)
}

// newAPI is the HTTP side of the Upstox API: Accept: application/json and
// Api-Version: 2.0 on every request, Upstox's statuses and error codes.
func newAPI(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "Upstox", Client: env.Client(), Base: apiBase(env),
		Header: http.Header{"Api-Version": {"2.0"}}, Status: mapStatus(env.Time)}
}

// client reads the Upstox API with the day's access token. Upstox issues no
// refresh token: once the token ends (03:30 IST) every call is
// ErrReauthRequired until the user logs in again.
type client struct {
	indiakit.Segments // the login's segment accounts, and the API (refusing calls once the session has ended)
	sec               secret
}

func newClient(env integrations.Env, sec secret) *client {
	c := &client{Segments: indiakit.Segments{Conn: indiakit.Conn{API: newAPI(env), Env: env}}, sec: sec}
	c.Segments = c.segments()
	return c
}

// get fetches pathQuery, refusing locally once the session has ended.
func (c *client) get(ctx context.Context, pathQuery string) ([]byte, error) {
	return c.Do(ctx, c.sec.Expires, httpx.Request{Path: pathQuery, Bearer: c.sec.Access})
}

// segments reads the login's segment accounts (package indiakit).
func (c *client) segments() indiakit.Segments {
	return indiakit.Segments{Conn: c.Conn, UserID: c.sec.UserID, Profile: c.profile,
		Holdings: indiakit.ReadAt(c.get, "/v2/portfolio/long-term-holdings", c.Env.Time, decodeHoldings),
		Open:     indiakit.ReadSegment(c.get, "/v2/portfolio/short-term-positions", c.Env.Time, decodePositions),
		Funds: func(ctx context.Context, seg string) (decimal.Decimal, decimal.Decimal, error) {
			param := "SEC"
			if seg == segCommodity {
				param = "COM"
			}
			b, err := c.get(ctx, "/v2/user/get-funds-and-margin?segment="+param)
			if err != nil {
				return decimal.Zero, decimal.Zero, err
			}
			f, err := decodeFunds(b, seg)
			cash := f.AvailableMargin.Decimal.Round(2) // rupees and paise, sent as a float
			return cash, cash, err
		},
	}
}

// profile reads the user the session answers for and its accounts: the
// equity account and, when MCX is enabled, the commodity one.
func (c *client) profile(ctx context.Context) (string, []integrations.Account, error) {
	b, err := c.get(ctx, "/v2/user/profile")
	if err != nil {
		return "", nil, err
	}
	p, err := decodeProfile(b)
	return p.UserID, accounts(p.UserID, p.Exchanges, p.IsActive == nil || *p.IsActive), err
}

// pageSize is the trade history's page size.
const pageSize = 100

// EarliestTradeDate is the first day the trade history serves on the given
// day: the start (1 April) of the financial year two before the current
// one, "the last three financial years".
func EarliestTradeDate(now time.Time) time.Time {
	l := now.In(IST)
	fy := l.Year()
	if l.Month() < time.April {
		fy--
	}
	return time.Date(fy-2, time.April, 1, 0, 0, 0, 0, time.UTC)
}

// ActivitiesReach is the first day the trade history serves from since
// (at most three financial years back): the payment lists may reach
// further, so rows older than the trades' reach are added to what the app
// keeps, never taken as the whole of those days.
func (c *client) ActivitiesReach(since time.Time) integrations.Date {
	return integrations.DateOf(integrations.HistoryStart(since, EarliestTradeDate(c.Env.Time())))
}

// Activities returns the account's trades on or after since, from the trade
// history (all segments in one read, split between the accounts; since is
// clamped to the history's first day), and, for the equity account, the
// deposits and withdrawals of the payment lists (funds are one pool under
// equity since 19 July 2025). A trade history that cannot be read fails
// the read; payment lists that cannot be read, or that may have lost older
// rows to their 20-row cut, leave the trades with an error matching
// ErrPartial (the app then adds the rows to those it keeps rather than
// taking the read as the whole window).
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	seg, err := c.Segment(accountID)
	if err != nil {
		return nil, err
	}
	out, err := c.trades(ctx, seg, since)
	if err != nil {
		return nil, err
	}
	var notes []string
	if seg == segEquity {
		for _, k := range []payKind{payins, payouts} {
			acts, note, err := c.payments(ctx, k, since)
			if err != nil {
				if integrations.EndsRead(err) {
					return nil, err
				}
				note = integrations.Detail(integrations.Partial("the "+k.what, err), integrations.ErrPartial)
			}
			out = append(out, acts...)
			if note != "" {
				notes = append(notes, note)
			}
		}
	}
	out = integrations.OnOrAfter(integrations.Dedupe(out), since)
	integrations.SortByDateID(out)
	if len(notes) > 0 {
		return out, integrations.Wrap(integrations.ErrPartial, strings.Join(notes, "; "))
	}
	return out, nil
}

// trades reads the trade history of one segment's account from since.
func (c *client) trades(ctx context.Context, seg string, since time.Time) ([]integrations.Activity, error) {
	now := c.Env.Time()
	start := integrations.HistoryStart(since, EarliestTradeDate(now))
	end := now.In(IST)
	if start.Format(time.DateOnly) > end.Format(time.DateOnly) {
		return nil, nil
	}
	q := url.Values{
		"start_date": {start.Format(time.DateOnly)},
		"end_date":   {end.Format(time.DateOnly)},
		"page_size":  {strconv.Itoa(pageSize)},
	}
	return integrations.ReadNumbered(ctx, maxPages, 1, func(ctx context.Context, page int) ([]integrations.Activity, bool, error) {
		q.Set("page_number", strconv.Itoa(page))
		b, err := c.get(ctx, "/v2/charges/historical-trades?"+q.Encode())
		if err != nil {
			return nil, false, err
		}
		rows, pg, err := decodeTrades(b)
		if err != nil {
			return nil, false, err
		}
		var acts []integrations.Activity
		for _, t := range rows {
			if tradeSegment(t) == seg {
				acts = append(acts, activity(t))
			}
		}
		// The last page is an empty one, a short one without a page object,
		// or the one the page object counts last.
		last := len(rows) == 0 || pg.TotalPages == 0 && len(rows) < pageSize || pg.TotalPages != 0 && pg.TotalPages <= page
		return acts, !last, nil
	})
}

// payments reads one payment list (a single call: no paging, no dates) into
// the activities of its moved rows on or after since, and a note when the
// list is full (20 rows) and its oldest row is not before since's date:
// older rows of the window may have been cut off, and only what earlier
// syncs read of them is kept.
func (c *client) payments(ctx context.Context, k payKind, since time.Time) ([]integrations.Activity, string, error) {
	b, err := c.get(ctx, k.path)
	if err != nil {
		return nil, "", err
	}
	rows, err := decodePayments(b)
	if err != nil {
		return nil, "", err
	}
	acts, whole := paymentActivities(k, rows)
	if !whole.IsZero() && integrations.DateOf(whole) >= integrations.DateOf(since.UTC()) {
		return acts, fmt.Sprintf("Upstox lists only the latest %d %s: those before %s are the ones earlier syncs read",
			paymentsListed, k.what, integrations.DateOf(whole)), nil
	}
	return acts, "", nil
}
