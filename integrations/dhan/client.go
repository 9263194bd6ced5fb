package dhan

import (
	"context"
	"net/http"
	"sort"
	"strconv"
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
	r := httpx.Request{Path: path, Header: http.Header{"access-token": {c.sec.Token}, "client-id": {c.sec.ClientID}}}
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

// historyYears is how far back a first sync reads the trade history.
const historyYears = 5

// Activities returns the fills on or after since: the trade history
// (GET /trades/{from}/{to}/{page}, pages from 0 until an empty one) and
// today's trade book (GET /trades), the same fill once.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.Check(accountID); err != nil {
		return nil, err
	}
	today := c.Env.Time().In(indiakit.IST)
	floor := today.AddDate(-historyYears, 0, 0)
	from := since.In(indiakit.IST)
	if since.IsZero() || from.Before(floor) {
		from = floor
	}
	fromDate := integrations.DateOf(from)
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
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return out, nil
}
