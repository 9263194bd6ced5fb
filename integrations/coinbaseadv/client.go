package coinbaseadv

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// jwtLife is how long a request's JWT is valid: the SDK's exp = nbf + 120.
const jwtLife = 120 * time.Second

// Token returns the JWT of one request, as the official SDK builds it
// (coinbase-advanced-py jwt_generator.py build_jwt, v1.8.4): header kid =
// the key name and nonce = 32 random bytes in hex; claims sub = the key name,
// iss "cdp", nbf now, exp now+120 s and uri "<METHOD> <host><path>" (no
// query), which binds it to that request. An ECDSA key signs ES256, an
// Ed25519 key EdDSA.
func Token(name string, key crypto.Signer, method, host, path string, now time.Time) (string, error) {
	var alg jwt.SigningMethod
	switch key.(type) {
	case *ecdsa.PrivateKey:
		alg = jwt.SigningMethodES256
	case ed25519.PrivateKey:
		alg = jwt.SigningMethodEdDSA
	default:
		return "", integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is neither an ECDSA nor an Ed25519 key")
	}
	nonce := make([]byte, 32)
	_, _ = rand.Read(nonce)
	t := jwt.NewWithClaims(alg, jwt.MapClaims{
		"sub": name, "iss": "cdp", "nbf": now.Unix(), "exp": now.Add(jwtLife).Unix(),
		"uri": method + " " + host + path,
	})
	t.Header["kid"] = name
	t.Header["nonce"] = hex.EncodeToString(nonce)
	return t.SignedString(key)
}

// api is Advanced Trade's HTTP side for one key.
type api struct {
	httpx.API
	host  string
	login bool
	now   func() time.Time
	sec   secret
	key   crypto.Signer
	app   httpx.StatusMapper // the v2 calls' refusals
}

// newAPI reads the key and builds the HTTP side. While logging in (login)
// a refused key is ErrInvalidCredentials; afterwards ErrReauthRequired.
func newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	base, u, err := httpx.NeedHost(env, "api", "Coinbase API")
	if err != nil {
		return nil, err
	}
	key, err := ParseKey(sec.PrivateKey)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.Client()).Add(sec.PrivateKey)
	a := &api{host: u.Host, login: login, now: env.Time, sec: sec, key: key, app: appStatus(env)}
	a.API = httpx.API{Name: "Coinbase", Client: env.Client(), Base: base, Status: statusMapper(env, login)}
	return a, nil
}

// statusMapper reads Advanced Trade's refusals: 401 (an unknown, deleted or
// mistyped key, or a bad signature) and 403 (PERMISSION_DENIED, "Missing
// required scopes": no View permission) refuse the key; 429 is a rate
// limit (Retry-After when sent, else 5 s: the limits are per second); 5xx
// and any other refusal (INVALID_ARGUMENT) unavailable.
func statusMapper(env integrations.Env, login bool) httpx.StatusMapper {
	st := httpx.Status{Name: "Coinbase", Login: login, Now: env.Time, Wait: 5 * time.Second,
		Body: func(status int, _ []byte) error {
			return integrations.Wrap(integrations.ErrUnavailable, "Coinbase refused the request: HTTP "+strconv.Itoa(status))
		}}
	return func(resp *http.Response, body []byte) error {
		var why string
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			why = "Coinbase refused this API key (deleted, mistyped, or the private key does not match)"
		case http.StatusForbidden:
			why = "the API key lacks the View permission on this portfolio"
		default:
			return st.Map(resp, body)
		}
		return cryptokit.Refused(login, why)
	}
}

// get sends a GET of path with a fresh JWT and returns the body. GETs are
// retried by the transport on 5xx (the JWT stays valid for two minutes).
func (a *api) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	tok, err := Token(a.sec.Name, a.key, http.MethodGet, a.host, path, a.now())
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key cannot sign")
	}
	httpx.RedactorOf(a.Client).Add(tok)
	return a.Do(ctx, httpx.Request{Path: path, Query: q, Bearer: tok})
}

// errAppRefused is a refusal (401 or 403) of the Coinbase App v2 API for a
// key Advanced Trade accepts: Coinbase warns that Ed25519 keys may fail
// there. It is no dead grant: the fills still read.
var errAppRefused = integrations.Wrap(integrations.ErrUnavailable, "Coinbase's App API refused this API key")

// appStatus maps the v2 API's refusals: 401 and 403 are errAppRefused (the
// key works for Advanced Trade, so the grant is alive), the rest as
// Advanced Trade's.
func appStatus(env integrations.Env) httpx.StatusMapper {
	at := statusMapper(env, false)
	return func(resp *http.Response, body []byte) error {
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			return errAppRefused
		}
		return at(resp, body)
	}
}

// appVersion is the CB-VERSION the v2 calls send (the versioning page asks
// for a fixed date; the currency object the decoder reads is in it).
const appVersion = "2022-01-06"

// appGet sends a GET of a v2 path (query apart) with a fresh JWT whose uri
// is "GET <host><path>", as for Advanced Trade (the App API key
// authentication page: the same JWT, the path with its ids, no query).
func (a *api) appGet(ctx context.Context, path string, q url.Values) ([]byte, error) {
	tok, err := Token(a.sec.Name, a.key, http.MethodGet, a.host, path, a.now())
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key cannot sign")
	}
	httpx.RedactorOf(a.Client).Add(tok)
	return a.Do(ctx, httpx.Request{Path: path, Query: q, Bearer: tok, Status: a.app,
		Header: http.Header{"Cb-Version": {appVersion}}})
}

// refuse is a refused key: ErrInvalidCredentials while logging in.
func (a *api) refuse(why string) error {
	if a.login {
		return integrations.Wrap(integrations.ErrInvalidCredentials, why)
	}
	return integrations.Wrap(integrations.ErrReauthRequired, why)
}

func (a *api) permissions(ctx context.Context) (permissions, error) {
	b, err := a.get(ctx, "/api/v3/brokerage/key_permissions", nil)
	if err != nil {
		return permissions{}, err
	}
	p, err := decodePermissions(b)
	if err != nil {
		return p, err
	}
	if !p.CanView {
		return p, a.refuse("the API key lacks the View permission")
	}
	return p, nil
}

const (
	walletLimit = "250" // the accounts list's largest page
	fillLimit   = "100"
	maxPages    = 10000
)

// wallets reads every wallet of the key's portfolio, following cursor
// while has_next.
func (a *api) wallets(ctx context.Context) ([]wallet, error) {
	q := url.Values{"limit": {walletLimit}}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]wallet, string, error) {
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		b, err := a.get(ctx, "/api/v3/brokerage/accounts", q)
		if err != nil {
			return nil, "", err
		}
		p, err := decodeWallets(b)
		if err != nil || !p.HasNext {
			return p.Accounts, "", err
		}
		return p.Accounts, p.Cursor, nil
	})
}

// portfolioID is the id of the one account a login has: the key's portfolio.
const portfolioID = "portfolio"

func portfolioAccount() integrations.Account {
	return cryptokit.Account(portfolioID, "Coinbase portfolio", "DEFAULT", valuation)
}

// client reads one key's portfolio.
// Balances and Positions come from one read of the holdings
// (cryptokit.Spot): the cash per fiat currency, the USD total counting the
// crypto at Coinbase's prices (none when the prices fail); the crypto held,
// valued in USD.
type client struct {
	cryptokit.Spot // Accounts, Balances and Positions
	api            *api
}

var _ integrations.Client = (*client)(nil)

// holdings reads the wallets and prices the crypto with one products call.
// When that call fails, the positions keep their units with the price
// unknown and perr is that failure (see cryptokit.Spot).
func (c *client) holdings(ctx context.Context) ([]integrations.Balance, []integrations.Position, error, error) {
	ws, err := c.api.wallets(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	bal, _ := totals(ws)
	var ids []string
	for _, cur := range cryptokit.Coins(bal, isCash) {
		ids = append(ids, cur+"-"+valuation)
	}
	px := map[string]decimal.Decimal{}
	var perr error
	if len(ids) > 0 {
		var b []byte
		if b, perr = c.api.get(ctx, "/api/v3/brokerage/products", url.Values{"product_ids": ids}); perr == nil {
			px, perr = decodePrices(b)
		}
	}
	bals, pos := holdings(bal, px, c.api.now().UTC())
	return bals, pos, perr, nil
}

// Activities reads the Advanced Trade fills (fills) and the Coinbase App
// v2 transactions (flows): deposits, withdrawals, sends, receives and
// rewards. The fills are the read; when the v2 calls fail (an Ed25519 key
// Coinbase's App API refuses, an outage) the fills are returned with an
// error matching ErrPartial (integrations.KeepPartial), so the app keeps
// them and reads the rest again next time. A dead grant or an ended
// context fails the read.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.Own(accountID); err != nil {
		return nil, err
	}
	out, err := c.fills(ctx, since)
	if err != nil {
		return nil, err
	}
	flows, ferr := c.flows(ctx, since)
	out = append(out, flows...) // what was read before a failure too (ErrPartial)
	out = integrations.Dedupe(out)
	integrations.SortByDate(out)
	what := "deposits, withdrawals, transfers and rewards"
	if errors.Is(ferr, errAppRefused) {
		what += " (Coinbase's App API, which lists them, refused this key; Coinbase says Ed25519 keys may not work " +
			"there: a View key made with the ECDSA algorithm reads them)"
	}
	return integrations.KeepPartial(what, out, ferr)
}

// fills reads the fills from since on (start_sequence_timestamp), 100 a
// page, following cursor until it is empty.
func (c *client) fills(ctx context.Context, since time.Time) ([]integrations.Activity, error) {
	q := url.Values{"limit": {fillLimit}}
	if !since.IsZero() {
		q.Set("start_sequence_timestamp", since.UTC().Format(time.RFC3339))
	}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, cursor string) ([]integrations.Activity, string, error) {
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		b, err := c.api.get(ctx, "/api/v3/brokerage/orders/historical/fills", q)
		if err != nil {
			return nil, "", err
		}
		p, err := decodeFills(b)
		if err != nil {
			return nil, "", err
		}
		page := make([]integrations.Activity, 0, len(p.Fills))
		for _, f := range p.Fills {
			a, err := fillActivity(f)
			if err != nil {
				return nil, "", err
			}
			page = append(page, a)
		}
		if len(p.Fills) == 0 {
			return page, "", nil
		}
		return page, p.Cursor, nil
	})
}

// appLimit is the v2 lists' largest page (the pagination page: limit
// 1..100, default 25).
const appLimit = "100"

// appPages reads a v2 list at path, following pagination.next_uri (checked
// to be a path under the list, so the signed token never goes elsewhere).
// page decodes one answer and says whether to stop (older rows reached).
func appPages[T any](ctx context.Context, a *api, path string, page func(b []byte) ([]T, string, bool, error)) ([]T, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, next string) ([]T, string, error) {
		q := url.Values{"limit": {appLimit}}
		if next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path != path {
				return nil, "", integrations.Wrap(integrations.ErrUnavailable, "Coinbase sent an unusable next page")
			}
			q = u.Query()
		}
		b, err := a.appGet(ctx, path, q)
		if err != nil {
			return nil, "", err
		}
		rows, nxt, stop, err := page(b)
		if err != nil || stop {
			return rows, "", err
		}
		return rows, nxt, nil
	})
}

// flows lists every v2 wallet (GET /v2/accounts) and each one's
// transactions (GET /v2/accounts/:id/transactions, newest first), stopping
// a wallet at its first page that reaches before since; a wallet that
// cannot be read leaves the others read, with its error (a dead key or an
// ended context ends the read). A wallet Coinbase
// lists without created_at and with nothing in it has no history and is
// not read.
func (c *client) flows(ctx context.Context, since time.Time) ([]integrations.Activity, error) {
	ws, err := appPages(ctx, c.api, "/v2/accounts", func(b []byte) ([]appapi.Account, string, bool, error) {
		ws, next, err := appapi.DecodeAccounts(b)
		return ws, next, false, err
	})
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
	}
	var out []integrations.Activity
	var first error
	for _, w := range ws {
		if w.CreatedAt == nil && w.Balance.Amount.IsZero() {
			continue
		}
		acts, err := appPages(ctx, c.api, "/v2/accounts/"+url.PathEscape(w.ID)+"/transactions",
			func(b []byte) ([]integrations.Activity, string, bool, error) {
				txs, next, err := appapi.DecodeTransactions(b)
				if err != nil {
					return nil, "", false, err
				}
				var acts []integrations.Activity
				older := false
				for _, t := range txs {
					a, ok := flowActivity(w, t)
					if at, _ := time.Parse(time.RFC3339, t.CreatedAt); from != "" && integrations.DateOf(at.UTC()) < from {
						older = true
						continue
					}
					if ok {
						acts = append(acts, a)
					}
				}
				return acts, next, older, nil
			})
		out = append(out, acts...)
		switch {
		case integrations.EndsRead(err) || ctx.Err() != nil:
			return nil, err
		case err != nil && first == nil:
			first = err // the other wallets are still read
		}
	}
	return out, first
}
