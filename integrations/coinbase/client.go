package coinbase

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// client reads the Coinbase App API with an OAuth grant. It refreshes the
// access token when Coinbase says it expired; the new token pair (the
// refresh token is single-use) is handed to save before it is used.
type client struct {
	api  *api
	env  integrations.Env
	conf *oauth2.Config // nil without the app registration: no refresh
	save integrations.SaveFunc

	mu      sync.Mutex
	grant   integrations.Grant
	sec     secret
	pending *secret // refreshed, not yet saved: never used until it is
	user    *wireUser
}

// refreshMargin refreshes an access token this long before it expires.
const refreshMargin = time.Minute

// accessToken returns the access token to use. With stale set (the token a
// request was refused with as expired), the grant is refreshed unless
// another call already did.
func (c *client) accessToken(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending != nil {
		if err := c.persist(ctx, *c.pending); err != nil {
			return "", err
		}
		c.sec, c.pending = *c.pending, nil
	}
	now := c.env.Time()
	due := !c.sec.AccessExpiry.IsZero() && !now.Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	if c.conf == nil || c.sec.Refresh == "" {
		return "", integrations.Wrap(integrations.ErrReauthRequired, "the Coinbase access token expired and cannot be refreshed without the app registration")
	}
	var next secret
	save := func(ctx context.Context, tok *oauth2.Token) error {
		next = secretFromToken(tok, now)
		next.UserID = c.sec.UserID
		httpx.RedactorOf(c.env.HTTP).Add(next.Access, next.Refresh)
		if err := c.persist(ctx, next); err != nil {
			p := next
			c.pending = &p
			return err
		}
		return nil
	}
	// The token handed to the source is expired by construction: the
	// decision to refresh was taken above, on the integration's clock.
	old := &oauth2.Token{AccessToken: c.sec.Access, RefreshToken: c.sec.Refresh, TokenType: "Bearer", Expiry: time.Unix(1, 0)}
	ts := oauthflow.TokenSource(oauthflow.WithHTTPClient(ctx, c.api.http), c.conf, old, save)
	if _, err := ts.Token(); err != nil {
		return "", err
	}
	c.sec = next
	return c.sec.Access, nil
}

// persist hands the grant with a new secret to the SaveFunc.
func (c *client) persist(ctx context.Context, s secret) error {
	g := c.grant
	g.Secret = s.encode()
	g.Expiry = s.RefreshExpiry
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("coinbase: saving the refreshed login: %w", err)
		}
	}
	c.grant = g
	return nil
}

// get fetches pathQuery; when Coinbase says the access token expired, the
// grant is refreshed and the request sent once more.
func (c *client) get(ctx context.Context, pathQuery string) ([]byte, error) {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return nil, err
	}
	b, err := c.api.get(ctx, tok, pathQuery)
	if err == nil || !isExpired(err) {
		return b, err
	}
	if tok, err = c.accessToken(ctx, tok); err != nil {
		return nil, err
	}
	return c.api.get(ctx, tok, pathQuery)
}

// getUser reads the user (its id and native currency).
func (c *client) getUser(ctx context.Context) (wireUser, error) {
	b, err := c.get(ctx, "/v2/user")
	if err != nil {
		return wireUser{}, err
	}
	u, err := decodeUser(b)
	if err != nil {
		return wireUser{}, err
	}
	c.mu.Lock()
	c.user = &u
	c.mu.Unlock()
	return u, nil
}

// userFor returns the user of accountID, read once per client.
func (c *client) userFor(ctx context.Context, accountID string) (wireUser, error) {
	c.mu.Lock()
	u := c.user
	c.mu.Unlock()
	if u == nil {
		got, err := c.getUser(ctx)
		if err != nil {
			return wireUser{}, err
		}
		u = &got
	}
	if accountID != u.ID {
		return wireUser{}, errNoAccount
	}
	return *u, nil
}

// errNoAccount is asked for an account the login does not have.
var errNoAccount = errors.New("coinbase: no such account")

// Accounts returns the login's one account.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	u, err := c.getUser(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{accountOf(u)}, nil
}

// wallets reads every wallet, following pagination.next_uri.
func (c *client) wallets(ctx context.Context) ([]wireAccount, error) {
	var out []wireAccount
	pq := "/v2/accounts?limit=100"
	for range maxPages {
		b, err := c.get(ctx, pq)
		if err != nil {
			return nil, err
		}
		page, nxt, err := decodeAccounts(b)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if nxt == "" {
			return out, nil
		}
		if pq, err = nextPath(nxt, "/v2/accounts"); err != nil {
			return nil, err
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
}

// nextPath checks a pagination.next_uri before it is followed: a path (with
// its query) under the list's own path, never another host, which would
// receive the access token. Coinbase writes it as "/v2/...?&limit=25&...".
func nextPath(next, prefix string) (string, error) {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, prefix) ||
		strings.Contains(u.Path, "..") {
		return "", integrations.Wrap(integrations.ErrUnavailable, "Coinbase sent an unusable next page")
	}
	q := u.Query()
	if len(q) == 0 {
		return u.EscapedPath(), nil
	}
	return u.EscapedPath() + "?" + q.Encode(), nil
}

// prices returns the spot price in native of every crypto held. A pair
// Coinbase does not price is left out.
func (c *client) prices(ctx context.Context, wallets []wireAccount, native string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, w := range wallets {
		cur := w.Currency.Code
		if isFiat(w) || w.Balance.Amount.Decimal.IsZero() {
			continue
		}
		if _, done := out[cur]; done {
			continue
		}
		if cur == native {
			out[cur] = decimal.NewFromInt(1)
			continue
		}
		b, err := c.get(ctx, "/v2/prices/"+url.PathEscape(cur+"-"+native)+"/spot")
		if errors.Is(err, errNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p, err := decodePrice(b)
		if err != nil {
			return nil, err
		}
		out[cur] = p
	}
	return out, nil
}

// holdings reads the wallets and prices them.
func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	u, err := c.userFor(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	ws, err := c.wallets(ctx)
	if err != nil {
		return nil, nil, err
	}
	prices, err := c.prices(ctx, ws, u.NativeCurrency)
	if err != nil {
		return nil, nil, err
	}
	bals, pos := holdings(ws, u.NativeCurrency, prices, c.env.Time())
	return bals, pos, nil
}

// Balances returns one balance per fiat currency; the native currency's
// total includes the crypto valued at spot.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, err := c.holdings(ctx, accountID)
	return b, err
}

// Positions returns the crypto held, valued at Coinbase's spot price.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, err := c.holdings(ctx, accountID)
	return p, err
}

// Activities returns every wallet's completed transactions on or after
// since. Transactions come newest first, so a wallet's pages stop once they
// reach older ones.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	u, err := c.userFor(ctx, accountID)
	if err != nil {
		return nil, err
	}
	ws, err := c.wallets(ctx)
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
	}
	var out []integrations.Activity
	seen := map[string]bool{}
	for _, w := range ws {
		if w.CreatedAt == nil && w.Balance.Amount.Decimal.IsZero() {
			continue // a wallet Coinbase lists but the user never used: no history
		}
		prefix := "/v2/accounts/" + url.PathEscape(w.ID) + "/transactions"
		pq := prefix + "?limit=100"
		for page := 0; ; page++ {
			if page == maxPages {
				return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
			}
			b, err := c.get(ctx, pq)
			if err != nil {
				return nil, err
			}
			txs, nxt, err := decodeTransactions(b)
			if err != nil {
				return nil, err
			}
			older := false
			for _, t := range txs {
				if created, err := time.Parse(time.RFC3339, t.CreatedAt); err == nil && from != "" &&
					integrations.DateOf(created.UTC()) < from {
					older = true
					continue
				}
				a, ok := activity(w, t, u.NativeCurrency)
				if !ok {
					continue
				}
				if seen[a.ID] {
					continue
				}
				seen[a.ID] = true
				out = append(out, a)
			}
			if nxt == "" || older {
				break
			}
			if pq, err = nextPath(nxt, prefix); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return out, nil
}
