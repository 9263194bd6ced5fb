package comdirect

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// newAPI is comdirect's HTTP side.
func newAPI(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "comdirect", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL)}
}

// client reads the depot with the banking-scope token, refreshing it
// (refresh_token grant, rotating) when it is due and saving the new grant
// before it is used. Once the refresh token has ended — minutes after the
// last sync — the grant is dead: ErrReauthRequired, a new TAN login.
type client struct {
	api *httpx.API
	env integrations.Env
	ts  *integrations.TokenSource[secret]

	depots  map[string]wireDepot
	settles map[string]string // settlement account → the first depot naming it
}

func newClient(env integrations.Env, g integrations.Grant, s secret, save integrations.SaveFunc) *client {
	httpx.RedactorOf(env.HTTP).Add(s.Access, s.Refresh, s.ClientSecret)
	c := &client{api: newAPI(env), env: env}
	c.ts = &integrations.TokenSource[secret]{Name: "comdirect", Grant: g, Secret: s, Save: save, Now: env.Time,
		Access:  func(s secret) (string, time.Time) { return s.Access, s.AccessExpiry },
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, func(s secret) time.Time { return s.RefreshExpiry }),
	}
	return c
}

// refresh trades the refresh token for a new pair (3.1.1).
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.env.Time()
	if !s.RefreshExpiry.IsZero() && !now.Before(s.RefreshExpiry) {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired,
			"the comdirect session ended (it lasts minutes between syncs); log in again with a TAN")
	}
	t, err := token(ctx, c.api, c.env, url.Values{"client_id": {s.ClientID}, "client_secret": {s.ClientSecret},
		"grant_type": {"refresh_token"}, "refresh_token": {s.Refresh}}, false)
	if err != nil {
		return secret{}, err
	}
	httpx.RedactorOf(c.env.HTTP).Add(t.Access, t.Refresh)
	s.Access, s.Refresh = t.Access, t.Refresh
	s.AccessExpiry, s.RefreshExpiry = now.Add(time.Duration(t.ExpiresIn)*time.Second), now.Add(refreshLife)
	return s, nil
}

// get reads path with a live token and the x-http-request-info header.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	b, _, err := c.read(ctx, path, q, readOpts{})
	return b, err
}

// readOpts say how read takes two of comdirect's refusals.
type readOpts struct {
	// empty404: a 404 is no error but an answer of nothing (found false),
	// the swagger's "No transactions found".
	empty404 bool
	// refused403: a 403 is this call refused (ErrUnavailable, with
	// comdirect's code), not the end of the login: the settlement
	// account's reads (the balances list and its bookings), which
	// Balances and Activities can do without.
	refused403 bool
}

// read is get, taking a 404 and a 403 as o says.
func (c *client) read(ctx context.Context, path string, q url.Values, o readOpts) (out []byte, found bool, err error) {
	err = c.ts.Do(ctx, func(ctx context.Context, s secret) error {
		found = true
		b, err := c.api.Do(ctx, httpx.Request{Path: path, Query: q, Bearer: s.Access,
			Header: http.Header{"x-http-request-info": {requestInfo(s.SessionID)}},
			Status: func(resp *http.Response, b []byte) error {
				switch {
				case o.empty404 && resp.StatusCode == http.StatusNotFound:
					found = false
					return nil
				case o.refused403 && resp.StatusCode == http.StatusForbidden:
					return refused(resp.StatusCode, b)
				}
				return mapStatus(resp.StatusCode, resp.Header, b, c.env.Time())
			}})
		out = b
		return err
	})
	return out, found, err
}

// Accounts returns the depots (GET /brokerage/clients/user/v3/depots).
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	b, err := c.get(ctx, "/api/brokerage/clients/user/v3/depots", nil)
	if err != nil {
		return nil, err
	}
	ds, err := decodeDepots(b)
	if err != nil {
		return nil, err
	}
	c.depots = map[string]wireDepot{}
	c.settles = map[string]string{}
	out := make([]integrations.Account, 0, len(ds))
	for _, d := range ds {
		c.depots[d.DepotID] = d
		if a := d.DefaultSettlementAccount; a != "" && c.settles[a] == "" {
			c.settles[a] = d.DepotID
		}
		out = append(out, account(d))
	}
	return out, nil
}

// settlement is the settlement account whose cash and bookings are d's:
// its defaultSettlementAccountId, unless an earlier depot of the list
// names the same account, whose the account then is (its cash and flows
// counted once, with that depot); "" for none.
func (c *client) settlement(d wireDepot) string {
	if a := d.DefaultSettlementAccount; a != "" && c.settles[a] == d.DepotID {
		return a
	}
	return ""
}

func (c *client) depot(ctx context.Context, id string) (wireDepot, error) {
	if c.depots == nil {
		if _, err := c.Accounts(ctx); err != nil {
			return wireDepot{}, err
		}
	}
	d, ok := c.depots[id]
	if !ok {
		return wireDepot{}, integrations.Wrap(integrations.ErrNotSupported, "comdirect has no such depot for this login")
	}
	return d, nil
}

func (c *client) positions(ctx context.Context, d wireDepot) ([]integrations.Position, decimal.Decimal, error) {
	b, err := c.get(ctx, "/api/brokerage/v3/depots/"+url.PathEscape(d.DepotID)+"/positions", url.Values{"with-attr": {"instrument"}})
	if err != nil {
		return nil, decimal.Zero, err
	}
	return decodePositions(b, c.env.Time())
}

// Balances returns the EUR balance: the depot's settlement account (cash,
// available cash as buying power) and the depot's value. A settlement
// account is the first depot's that names it (settlement): a depot sharing
// it with an earlier one has its value alone, the cash not counted twice.
// The balances list is read as Activities reads it (readOpts.refused403):
// when it is refused (a 403 among them: a call this login may not make,
// not a dead one), not understood or down, the depot's value comes alone
// (no cash, no buying power) with an error matching ErrPartial, "the cash
// account's balance could not be read" (the app then keeps the cached
// balance and says so); only a dead login or an ended context fails it.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	d, err := c.depot(ctx, accountID)
	if err != nil {
		return nil, err
	}
	_, value, err := c.positions(ctx, d)
	if err != nil {
		return nil, err
	}
	bal := integrations.Balance{Currency: "EUR", Cash: decimal.Zero, Total: value}
	acct := c.settlement(d)
	if acct == "" {
		return []integrations.Balance{bal}, nil
	}
	a, ok, err := c.settlementBalance(ctx, acct)
	if err != nil {
		return integrations.KeepPartial("the cash account's balance", []integrations.Balance{bal}, err)
	}
	if ok {
		bal.Cash = a.Balance.Value.Decimal.Round(2)
		if a.AvailableCashAmount.Value.Valid {
			bal.BuyingPower = decimal.NewNullDecimal(a.AvailableCashAmount.Value.Decimal.Round(2))
		}
		bal.Total = value.Add(bal.Cash)
	}
	return []integrations.Balance{bal}, nil
}

// settlementBalance is acct's entry in the balances list (ok false when
// the list does not have it), a 403 taken as this read refused.
func (c *client) settlementBalance(ctx context.Context, acct string) (wireAccountBalance, bool, error) {
	b, _, err := c.read(ctx, balancesPath, nil, readOpts{refused403: true})
	if err != nil {
		return wireAccountBalance{}, false, fmt.Errorf("the accounts' balances: %w", err)
	}
	return decodeBalance(b, acct)
}

// balancesPath lists the accounts' balances: the settlement account is
// read only when it is listed there.
const balancesPath = "/api/banking/clients/user/v2/accounts/balances"

// Positions returns the depot's positions with their instruments.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	d, err := c.depot(ctx, accountID)
	if err != nil {
		return nil, err
	}
	ps, _, err := c.positions(ctx, d)
	return ps, err
}

// pageSize is how many transactions one request asks for (comdirect's
// clients report 500 as the most it takes for account transactions).
const pageSize = 100

// maxRows ends a list that never ends.
const maxRows = 100000

// Activities returns the depot's booked transactions and those of its
// settlement account from since, newest first: the depot's buys, sells and
// transfers, and the cash account's dividends, interest, fees, taxes,
// deposits and withdrawals, without the cash legs of the depot's trades
// (cashActivity). The depot's transactions do not wait on the settlement
// account: when its bookings cannot be read (any refusal, a 403 among
// them, an answer not understood, a rate limit), the depot's rows come
// with an error matching ErrPartial that says so; only a dead login or
// an ended context fails the read.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	d, err := c.depot(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out, err := c.depotActivities(ctx, d, since)
	if err != nil {
		return nil, err
	}
	// Booked rows without an amount (comdirect's clients see amount null on
	// some live rows) are left out: no read would give them an amount, so
	// they are no partial read (doc.go).
	cash, cerr := c.settlementActivities(ctx, d, since)
	out = integrations.Dedupe(integrations.OnOrAfter(append(out, cash...), since))
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return integrations.KeepPartial("the cash account's bookings", out, cerr)
}

// settlementActivities reads the bookings of d's settlement account
// (settlement: none when an earlier depot names the same account) when the
// balances list has the account, as Balances reads its cash; an account
// not listed is not read. What was read before a failure comes with the
// error (cashActivities).
func (c *client) settlementActivities(ctx context.Context, d wireDepot, since time.Time) ([]integrations.Activity, error) {
	acct := c.settlement(d)
	if acct == "" {
		return nil, nil
	}
	b, _, err := c.read(ctx, balancesPath, nil, readOpts{refused403: true})
	if err != nil {
		return nil, fmt.Errorf("the accounts' balances: %w", err)
	}
	listed, err := listsAccount(b, acct)
	if err != nil || !listed {
		return nil, err
	}
	return c.cashActivities(ctx, acct, since)
}

// depotActivities reads the depot's booked transactions (GET
// .../transactions?min-bookingDate=&bookingStatus=BOOKED, paged with
// paging-first and paging-count).
func (c *client) depotActivities(ctx context.Context, d wireDepot, since time.Time) ([]integrations.Activity, error) {
	q := url.Values{"bookingStatus": {"BOOKED"}, "paging-count": {strconv.Itoa(pageSize)}}
	if !since.IsZero() {
		q.Set("min-bookingDate", integrations.DateOf(since.UTC()).String())
	}
	var out []integrations.Activity
	for first := 0; ; {
		q.Set("paging-first", strconv.Itoa(first))
		b, err := c.get(ctx, "/api/brokerage/v3/depots/"+url.PathEscape(d.DepotID)+"/transactions", q)
		if err != nil {
			return nil, err
		}
		w, err := decodeTransactions(b)
		if err != nil {
			return nil, err
		}
		for _, t := range w.Values {
			if t.BookingStatus != "" && t.BookingStatus != "BOOKED" {
				continue
			}
			out = append(out, activity(d.DepotID, t))
		}
		first += len(w.Values)
		if len(w.Values) == 0 || first >= w.Paging.Matches {
			return out, nil
		}
		if first > maxRows {
			return nil, integrations.Wrap(integrations.ErrUnavailable, "comdirect's transaction list did not end")
		}
	}
}

// oldestBooking is the min-bookingDate asked of the settlement account when
// since is zero: without one comdirect answers only about the last six
// months.
const oldestBooking = "2000-01-01"

// cashActivities reads the settlement account's booked transactions (GET
// /banking/v1/accounts/{id}/transactions?transactionState=BOOKED
// &min-bookingDate=, paged with paging-first and paging-count). The rows
// come newest first, so a page that reaches before since is the last one
// read even where min-bookingDate were not heeded. A 404 on the first page
// is an account without transactions (the account is one the balances
// list has: settlementActivities). On an error the rows read before it
// are returned with it. A booked row without an amount is left out
// (cashActivity).
func (c *client) cashActivities(ctx context.Context, accountID string, since time.Time) (out []integrations.Activity, err error) {
	q := url.Values{"transactionState": {"BOOKED"}, "paging-count": {strconv.Itoa(pageSize)}, "min-bookingDate": {oldestBooking}}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
		q.Set("min-bookingDate", from.String())
	}
	path := "/api/banking/v1/accounts/" + url.PathEscape(accountID) + "/transactions"
	ids := &integrations.RowIDs{Prefix: "cash-"}
	for first := 0; ; {
		q.Set("paging-first", strconv.Itoa(first))
		b, found, err := c.read(ctx, path, q, readOpts{empty404: first == 0, refused403: true})
		if err != nil {
			return out, fmt.Errorf("the settlement account's transactions: %w", err)
		}
		if !found {
			return nil, nil
		}
		w, err := decodeCashTransactions(b)
		if err != nil {
			return out, err
		}
		before := false
		for _, t := range w.Values {
			if a, ok := cashActivity(accountID, t, ids); ok {
				out = append(out, a)
			}
			if d := date(t.BookingDate); from != "" && d != "" && d < from {
				before = true
			}
		}
		first += len(w.Values)
		if len(w.Values) == 0 || first >= w.Paging.Matches || before {
			return out, nil
		}
		if first > maxRows {
			return out, integrations.Wrap(integrations.ErrUnavailable, "comdirect's account transaction list did not end")
		}
	}
}
