package tradier

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// secret is the grant's secret: a personal access token, or OAuth tokens.
type secret struct {
	Kind         string    `json:"kind"` // kindToken or kindOAuth
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"` // the access token's, on the integration's clock
}

const (
	kindToken = "token"
	kindOAuth = "oauth"
)

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Tradier login", func(s secret) bool { return (s.Kind == kindToken || s.Kind == kindOAuth) && s.AccessToken != "" })
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// newAPI is Tradier's HTTP side. While logging in (login), a refused token
// (401 or 403) is ErrInvalidCredentials; afterwards a 401 is
// ErrReauthRequired. Tradier answers XML unless asked for JSON: httpx asks,
// and refuses anything else as malformed.
func newAPI(env integrations.Env, login bool) *httpx.API {
	refused := []int{http.StatusUnauthorized}
	if login {
		refused = append(refused, http.StatusForbidden)
	}
	// 429s may name the window's end in X-Ratelimit-Expiry (Unix ms); the
	// limits are per minute.
	status := httpx.Status{Name: "Tradier", Refused: refused, Login: login, Now: env.Time,
		Reset: httpx.ResetUnixMilli("X-Ratelimit-Expiry"), Wait: time.Minute}
	return &httpx.API{Name: "Tradier", Client: env.Client(), Base: env.URL("api"), Status: status.Map, JSONOnly: true}
}

// client reads one Tradier login's accounts.
type client struct {
	in                               *Integration
	api                              *httpx.API
	now                              func() time.Time
	conf                             *oauth2.Config // refresh endpoint; nil without a refresh token
	tokens                           *integrations.TokenSource[secret]
	integrations.AccountBook[string] // Accounts; account id → number
}

var _ integrations.Client = (*client)(nil)

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{in: in, api: newAPI(env, false), now: env.Time}
	c.AccountBook.Read, c.AccountBook.NotFound = integrations.LoginAccounts(c.get, profilePath, c.in.decodeProfile), integrations.NoAccount("Tradier")
	httpx.RedactorOf(c.api.Client).Add(sec.AccessToken, sec.RefreshToken)
	c.tokens = &integrations.TokenSource[secret]{Name: "Tradier", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Ended: "the Tradier sign-in ended after 24 hours; sign in again",
		Access: func(s secret) (string, time.Time) {
			if s.Kind != kindOAuth {
				return s.AccessToken, time.Time{}
			}
			return s.AccessToken, s.Expiry
		},
		Encode: integrations.EncodeGrant(secret.encode, nil)}
	if sec.Kind == kindOAuth && sec.RefreshToken != "" && env.App != nil {
		c.conf = &oauth2.Config{ClientID: env.App.ClientID, ClientSecret: env.App.ClientSecret,
			Endpoint: oauth2.Endpoint{TokenURL: strings.TrimRight(env.URL("auth"), "/") + "/v1/oauth/refreshtoken", AuthStyle: oauth2.AuthStyleInHeader}}
		c.tokens.Refresh = c.refresh
	}
	return c
}

// refresh trades the refresh token for new tokens.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.now()
	tok, err := oauthflow.Refresh(ctx, c.api.Client, c.conf, s.AccessToken, s.RefreshToken)
	if err != nil {
		return secret{}, err
	}
	next := oauthSecret(tok, now)
	httpx.RedactorOf(c.api.Client).Add(next.AccessToken, next.RefreshToken)
	return next, nil
}

// oauthSecret is an OAuth token's secret, its expiry on the integration's
// clock.
func oauthSecret(tok *oauth2.Token, now time.Time) secret {
	s := secret{Kind: kindOAuth, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
	if tok.ExpiresIn > 0 {
		s.Expiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return s
}

// get fetches path; a refused token with a refresh token is refreshed and
// the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: path, Query: q})
}

// accountsPath is where an account's lists are, under its number.
const accountsPath = "/v1/accounts/"

// Balances returns the account's USD balance.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	return integrations.ReadList(ctx, &c.AccountBook, accountID, c.get, accountsPath, "balances", decodeBalances)
}

// Positions returns the account's positions, priced with one quotes call.
// When the quotes call fails, the positions keep their units with the price
// unknown, and the error matches ErrPartial.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	raw, err := integrations.ReadList(ctx, &c.AccountBook, accountID, c.get, accountsPath, "positions", decodePositions)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	asOf := c.now().UTC()
	out, qerr := integrations.Described(ctx, raw, wirePosition.symbol, c.quotes,
		func(r wirePosition, q wireQuote) integrations.Position { return position(r, q, asOf) })
	return integrations.PricesUnknown(out, qerr)
}

// quotes reads the quotes of symbols with one call.
func (c *client) quotes(ctx context.Context, symbols []string) (map[string]wireQuote, error) {
	b, err := c.get(ctx, "/v1/markets/quotes", url.Values{"symbols": {strings.Join(symbols, ",")}, "greeks": {"false"}})
	if err != nil {
		return nil, err
	}
	return decodeQuotes(b)
}

// historyLimit is the page size asked of the history endpoint.
const historyLimit = 100

// maxPages bounds a paged read against a server that never stops.
const maxPages = 10000

// Activities returns the account's history from since's date, reading every
// page until a short one.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	n, err := c.AccountBook.Lookup(ctx, accountID)
	if err != nil {
		return nil, err
	}
	p := integrations.AccountPath(accountsPath, n, "history")
	q := url.Values{"limit": {strconv.Itoa(historyLimit)}}
	if !since.IsZero() {
		q.Set("start", since.UTC().Format(time.DateOnly))
	}
	events, err := integrations.ReadNumbered(ctx, maxPages, 1, func(ctx context.Context, page int) ([]wireEvent, bool, error) {
		q.Set("page", strconv.Itoa(page))
		b, err := c.get(ctx, p, q)
		if err != nil {
			return nil, false, err
		}
		ev, err := decodeHistory(b)
		return ev, len(ev) >= historyLimit, err
	})
	if err != nil {
		return nil, err
	}
	acts, err := mapEvents(accountID, events)
	if err != nil {
		return nil, err
	}
	return integrations.OnOrAfter(acts, since), nil
}
