package robinhood

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths of the Crypto Trading API (v1: docs.robinhood.com/crypto/trading).
const (
	pathAccount  = "/api/v1/crypto/trading/accounts/"
	pathHoldings = "/api/v1/crypto/trading/holdings/"
	pathOrders   = "/api/v1/crypto/trading/orders/"
	pathBestBid  = "/api/v1/crypto/marketdata/best_bid_ask/"
)

const (
	maxPages = 1000
	// quote is the currency Robinhood Crypto trades and values in: every
	// trading pair is against USD ("Only USD symbols are accepted").
	quote = "USD"
	// accountID is the id of the one crypto account a credential reads.
	accountID = "crypto"
	// throttleWait is how long a 429 asks to wait when it names no wait:
	// the token bucket refills 100 a minute, one in 0.6 seconds.
	throttleWait = 2 * time.Second
)

// api is the Crypto Trading API for one credential: httpx.API with every
// request signed.
type api struct {
	httpx.API
	basePath string
	now      func() time.Time
	key      string
	priv     ed25519.PrivateKey
}

// newAPI reads the private key and builds the HTTP side. While logging in
// (login) a refused credential is ErrInvalidCredentials; afterwards
// ErrReauthRequired.
func newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	base, u, err := httpx.NeedHost(env, "api", "Robinhood API")
	if err != nil {
		return nil, err
	}
	priv, err := ParseKey(sec.PrivateKey)
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(sec.APIKey)
	httpx.RedactorOf(env.Client()).Add(sec.PrivateKey, key)
	a := &api{basePath: strings.TrimRight(u.Path, "/"), now: env.Time, key: key, priv: priv}
	a.API = httpx.API{Name: "Robinhood", Client: env.Client(), Base: base, Status: statusMapper(env, login), JSONOnly: true}
	return a, nil
}

// wireError is the documented error body: {"type": "validation_error" |
// "client_error" | "server_error", "errors": [{"attr", "detail"}]}.
type wireError struct {
	Type   string `json:"type"`
	Errors []struct {
		Attr   string `json:"attr"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

// statusMapper reads the documented refusals: 401 and 403 refuse the
// credential (an unknown, disabled or deleted API key, a signature that
// does not match its public key, a timestamp older than 30 seconds); 429 is
// a rate limit (Retry-After when sent, else throttleWait); 5xx and
// server_error are unavailable; a validation_error (400) or another
// client_error is a refusal of the request, named by its type and field,
// never its detail.
func statusMapper(env integrations.Env, login bool) httpx.StatusMapper {
	st := httpx.Status{Name: "Robinhood", Login: login, Now: env.Time, Wait: throttleWait, Refused: []int{http.StatusUnauthorized, http.StatusForbidden},
		Body: func(status int, body []byte) error {
			var e wireError
			_ = json.Unmarshal(body, &e)
			why := "HTTP " + strconv.Itoa(status)
			if t := safeWord(e.Type); t != "" {
				why += ", " + t
				if len(e.Errors) > 0 {
					if attr := safeWord(e.Errors[0].Attr); attr != "" {
						why += " of " + attr
					}
				}
			}
			return integrations.Wrap(integrations.ErrUnavailable, "Robinhood refused the request ("+why+")")
		}}
	return func(resp *http.Response, body []byte) error {
		if login && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			return integrations.Wrap(integrations.ErrInvalidCredentials,
				"Robinhood refused the API key: check it, and that its credential holds this private key's public key and is enabled")
		}
		return st.Map(resp, body)
	}
}

// safeWord keeps an error type or field name only when it looks like one.
func safeWord(s string) string {
	if s == "" || len(s) > 40 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_0123456789") != "" {
		return ""
	}
	return s
}

// get sends a signed GET of path with q and returns the body. The
// signature covers the path as sent, query string included, and the
// current Unix time (valid 30 seconds).
func (a *api) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	signed := a.basePath + path
	if len(q) > 0 {
		signed += "?" + q.Encode()
	}
	ts := a.now().Unix()
	h := http.Header{}
	h.Set(HeaderAPIKey, a.key)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, Sign(a.priv, Message(a.key, ts, signed, http.MethodGet, "")))
	return a.Do(ctx, httpx.Request{Path: path, Query: q, Header: h})
}

// account reads the crypto account (one object, not paginated).
func (a *api) account(ctx context.Context) (wireAccount, error) {
	b, err := a.get(ctx, pathAccount, nil)
	if err != nil {
		return wireAccount{}, err
	}
	return decodeAccount(b)
}

// pages reads every page of a list, following next's cursor until next is
// null.
func (a *api) pages(ctx context.Context, path string, q url.Values, each func(b []byte) (next string, err error)) error {
	if q == nil {
		q = url.Values{}
	}
	for range maxPages {
		b, err := a.get(ctx, path, q)
		if err != nil {
			return err
		}
		next, err := each(b)
		if err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		cursor := cursorOf(next)
		if cursor == "" || cursor == q.Get("cursor") {
			return integrations.Wrap(integrations.ErrUnavailable, "Robinhood's next page could not be followed")
		}
		q.Set("cursor", cursor)
	}
	return integrations.Wrap(integrations.ErrUnavailable, "Robinhood's list did not end")
}

// cursorOf reads the cursor of a next link (an absolute URL on Robinhood's
// host: its cursor is followed on the configured base).
func cursorOf(next string) string {
	u, err := url.Parse(next)
	if err != nil {
		return ""
	}
	return u.Query().Get("cursor")
}

func (a *api) holdings(ctx context.Context) ([]wireHolding, error) {
	var out []wireHolding
	err := a.pages(ctx, pathHoldings, nil, func(b []byte) (string, error) {
		p, err := decodeHoldings(b)
		out = append(out, p.Results...)
		return p.Next, err
	})
	return out, err
}

// prices reads the best price of each asset's USD pair in one call (the
// symbol parameter repeated); an asset Robinhood does not quote is absent.
func (a *api) prices(ctx context.Context, assets []string) (map[string]decimal.Decimal, error) {
	q := url.Values{}
	for _, c := range assets {
		q.Add("symbol", c+"-"+quote)
	}
	b, err := a.get(ctx, pathBestBid, q)
	if err != nil {
		return nil, err
	}
	return decodePrices(b)
}

// client reads one credential's crypto account.
type client struct{ api *api }

var _ integrations.Client = (*client)(nil)

var errNoAccount = integrations.NoAccount("Robinhood Crypto")

// Accounts returns the crypto account.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	acct, err := c.api.account(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{cryptoAccount(acct)}, nil
}

// holdingsValued reads the holdings and prices them with one best-price
// call. When that call fails the positions keep their units with the price
// unknown and the error matches ErrPartial.
func (c *client) holdingsValued(ctx context.Context) ([]integrations.Position, error) {
	hs, err := c.api.holdings(ctx)
	if err != nil {
		return nil, err
	}
	units := map[string]decimal.Decimal{}
	for _, h := range hs {
		units[h.AssetCode] = units[h.AssetCode].Add(h.TotalQuantity.Decimal)
	}
	assets := cryptokit.Coins(units, noCash)
	if len(assets) == 0 {
		return nil, nil
	}
	px, perr := c.api.prices(ctx, assets)
	pos := positions(units, px, c.api.now().UTC().Truncate(time.Second))
	return integrations.PricesUnknown(pos, perr)
}

// Balances returns the account's buying power as its USD cash; the total
// adds the holdings at Robinhood's prices. When the prices cannot be read
// there is no total: the error matches ErrPartial.
func (c *client) Balances(ctx context.Context, id string) ([]integrations.Balance, error) {
	if id != accountID {
		return nil, errNoAccount
	}
	acct, err := c.api.account(ctx)
	if err != nil {
		return nil, err
	}
	pos, err := c.holdingsValued(ctx)
	if err != nil {
		return nil, err
	}
	cur := strings.ToUpper(acct.BuyingPowerCurrency)
	if cur == "" {
		cur = quote
	}
	b := integrations.Balance{Currency: cur, Cash: acct.BuyingPower.Decimal, BuyingPower: acct.BuyingPower.Null(), Total: acct.BuyingPower.Decimal}
	for _, p := range pos {
		b.Total = b.Total.Add(p.MarketValue)
	}
	return []integrations.Balance{b}, nil
}

// Positions returns the crypto held, valued in USD.
func (c *client) Positions(ctx context.Context, id string) ([]integrations.Position, error) {
	if id != accountID {
		return nil, errNoAccount
	}
	return c.holdingsValued(ctx)
}

// Activities reads the orders updated on or after since
// (updated_at_start: an order placed before since and filled after it
// counts), and returns each execution dated since or later as a buy or a
// sell. Canceled and partially filled orders keep what executed; open and
// failed orders without executions give nothing.
func (c *client) Activities(ctx context.Context, id string, since time.Time) ([]integrations.Activity, error) {
	if id != accountID {
		return nil, errNoAccount
	}
	q := url.Values{}
	if !since.IsZero() {
		q.Set("updated_at_start", since.UTC().Format(time.RFC3339))
	}
	var out []integrations.Activity
	err := c.api.pages(ctx, pathOrders, q, func(b []byte) (string, error) {
		p, err := decodeOrders(b)
		if err != nil {
			return "", err
		}
		for _, o := range p.Results {
			acts, err := orderActivities(o)
			if err != nil {
				return "", err
			}
			out = append(out, acts...)
		}
		return p.Next, nil
	})
	if err != nil {
		return nil, err
	}
	out = integrations.Dedupe(integrations.OnOrAfter(out, since))
	integrations.SortByDate(out)
	return out, nil
}
