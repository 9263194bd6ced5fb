package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// requestInfo is a request about to be sent, for the auth hook to sign:
// its method, URL and headers (req, which has no body) and its body.
type requestInfo struct {
	req  *http.Request
	body []byte
}

// api is the HTTP side of a demo client or login: httpx's call, with an
// auth hook that sets the request's credential (a bearer token, or the
// demo-crypto signature over the request).
type api struct {
	base string
	http *http.Client
	now  func() time.Time
	auth func(ctx context.Context, ri *requestInfo) error
}

// errMode says how an error answer is read: during a login, 401 means the
// credentials were refused; afterwards, that the grant is dead.
type errMode int

const (
	modeData errMode = iota
	modeLogin
)

// call sends a request and returns the body of a 2xx answer, or an error
// matching one of the contract's sentinels whose text holds nothing of the
// request or the answer.
func (a *api) call(ctx context.Context, method, path string, q url.Values, in any, mode errMode) ([]byte, error) {
	return a.callAuth(ctx, a.auth, method, path, q, in, mode)
}

// callAuth is call with its own auth hook. The hook sees the request as it
// will be sent — the URL httpx builds from the base, path and query, and the
// JSON body — and sets its headers.
func (a *api) callAuth(ctx context.Context, auth func(context.Context, *requestInfo) error, method, path string, q url.Values, in any, mode errMode) ([]byte, error) {
	r := httpx.Request{Method: method, Path: path, Query: q, Header: http.Header{},
		Status: func(resp *http.Response, body []byte) error { return a.mapStatus(resp, body, mode) }}
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
		r.JSON = json.RawMessage(body)
	}
	if auth != nil {
		u := strings.TrimRight(a.base, "/") + "/" + strings.TrimLeft(path, "/")
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		req, err := http.NewRequestWithContext(ctx, method, u, nil)
		if err != nil {
			return nil, fmt.Errorf("demo: building a request: %w", err)
		}
		if err := auth(ctx, &requestInfo{req: req, body: body}); err != nil {
			return nil, err
		}
		r.Header = req.Header
	}
	api := &httpx.API{Name: "the demo server", Client: a.http, Base: a.base}
	return api.Do(ctx, r)
}

// mapStatus maps an error answer of the demo API onto the contract's errors.
func (a *api) mapStatus(resp *http.Response, body []byte, mode errMode) error {
	var e apiError
	_ = json.Unmarshal(body, &e) // a body that is not our JSON leaves the code empty
	code := e.Error
	status := resp.StatusCode
	switch {
	case status == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, a.now())}
	case status == http.StatusLocked || code == "account_locked":
		return integrations.Wrap(integrations.ErrAccountLocked, "the demo brokerage locked this login")
	case code == "invalid_mfa_code" || code == "invalid_mfa_answer":
		return integrations.ErrInvalidMFACode
	case code == "challenge_expired":
		return integrations.Wrap(integrations.ErrLoginTimeout, "the verification expired; sign in again")
	case code == "invalid_timestamp":
		return integrations.Wrap(integrations.ErrUnavailable, "the exchange refused the request time; check the computer's clock")
	case status == http.StatusUnauthorized && mode == modeLogin:
		return integrations.ErrInvalidCredentials
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "the demo no longer accepts this login")
	case status == http.StatusServiceUnavailable && code == "maintenance":
		return integrations.Wrap(integrations.ErrUnavailable, "in scheduled maintenance")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("server answered HTTP %d", status))
	case code == "account_not_found":
		return errors.New("demo: no such account")
	default:
		return httpx.StatusError(resp)
	}
}

// decode unmarshals a 2xx body.
func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "malformed answer")

// decimals parses the decimal strings of one row; the first failure makes
// the row malformed.
type decimals struct{ err error }

func (d *decimals) parse(s string) decimal.Decimal {
	if d.err != nil {
		return decimal.Zero
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		d.err = errMalformed
	}
	return v
}

func (d *decimals) null(s *string) decimal.NullDecimal {
	if s == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d.parse(*s))
}

// --- Decoders (fuzzed) ---------------------------------------------------------

var categories = map[string]integrations.Category{
	"MARGIN": integrations.CategoryInvestment, "CASH": integrations.CategoryInvestment,
	"TFSA": integrations.CategoryRetirement, "RRSP": integrations.CategoryRetirement,
	"CRYPTO": integrations.CategoryCrypto,
}

func decodeAccounts(b []byte) ([]integrations.Account, error) {
	var w struct {
		Accounts []wireAccount `json:"accounts"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make([]integrations.Account, 0, len(w.Accounts))
	for _, a := range w.Accounts {
		if a.ID == "" || a.Currency == "" {
			return nil, errMalformed
		}
		cat, ok := categories[a.Type]
		if !ok {
			cat = integrations.CategoryInvestment
		}
		status := strings.ToLower(a.Status)
		if status == "active" {
			status = "open"
		}
		out = append(out, integrations.Account{ID: a.ID, Number: integrations.MaskNumber(a.Number), Name: a.Name,
			RawType: a.Type, Category: cat, Currency: a.Currency, Status: status})
	}
	return out, nil
}

func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w struct {
		Balances []wireBalance `json:"balances"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	var d decimals
	out := make([]integrations.Balance, 0, len(w.Balances))
	for _, x := range w.Balances {
		out = append(out, integrations.Balance{Currency: x.Currency, Cash: d.parse(x.Cash),
			BuyingPower: d.null(x.BuyingPower), Total: d.parse(x.TotalValue), FXRate: d.null(x.FXRate)})
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}

var securityTypes = map[string]integrations.SecurityType{
	classEquity: integrations.SecurityEquity, classETF: integrations.SecurityETF,
	classFund: integrations.SecurityFund, classOption: integrations.SecurityOption,
	classCrypto: integrations.SecurityCrypto, classCash: integrations.SecurityCash,
	"BOND": integrations.SecurityBond,
}

// positionsPage is one page of positions and the token of the next.
func decodePositions(b []byte) ([]integrations.Position, string, error) {
	var w struct {
		Positions []wirePosition `json:"positions"`
		Next      string         `json:"next_page_token"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	var d decimals
	out := make([]integrations.Position, 0, len(w.Positions))
	for _, p := range w.Positions {
		typ, ok := securityTypes[p.AssetClass]
		if !ok {
			typ = integrations.SecurityOther
		}
		asOf, err := time.Parse(time.RFC3339, p.AsOf)
		if err != nil || p.Symbol == "" {
			return nil, "", errMalformed
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: p.Symbol, Description: p.Description, Type: typ,
				Exchange: p.Exchange, Currency: p.Currency, ISIN: p.ISIN, CUSIP: p.CUSIP},
			Units: d.parse(p.Quantity), Price: d.parse(p.Price), MarketValue: d.parse(p.MarketValue),
			AverageCost: d.null(p.AverageCost), CostBasis: d.null(p.CostBasis),
			Currency: p.Currency, AsOf: asOf.UTC(),
		})
	}
	if d.err != nil {
		return nil, "", d.err
	}
	return out, w.Next, nil
}

// activityTypes maps the demo brokerage's raw activity types.
var activityTypes = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell,
	"DIV": integrations.ActivityDividend, "INT": integrations.ActivityInterest,
	"FEE": integrations.ActivityFee, "WHT": integrations.ActivityTax,
	"CONT": integrations.ActivityContribution, "WDRL": integrations.ActivityWithdrawal,
	"SPLIT": integrations.ActivitySplit, "XFER_IN": integrations.ActivityTransferIn,
	"XFER_OUT": integrations.ActivityTransferOut, "REINVEST": integrations.ActivityReinvest,
}

func activityType(m map[string]integrations.ActivityType, raw string) integrations.ActivityType {
	if t, ok := m[raw]; ok {
		return t
	}
	return integrations.ActivityOther
}

func decodeActivities(b []byte) ([]integrations.Activity, string, error) {
	var w struct {
		Activities []wireActivity `json:"activities"`
		Next       string         `json:"next_page_token"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	var d decimals
	out := make([]integrations.Activity, 0, len(w.Activities))
	for _, a := range w.Activities {
		td, err := integrations.ParseDate(a.TradeDate)
		if err != nil || a.ID == "" || a.Type == "" {
			return nil, "", errMalformed
		}
		var sd integrations.Date
		if a.SettleDate != "" {
			if sd, err = integrations.ParseDate(a.SettleDate); err != nil {
				return nil, "", errMalformed
			}
		}
		out = append(out, integrations.Activity{
			ID: a.ID, Type: activityType(activityTypes, a.Type), RawType: a.Type,
			TradeDate: td, SettlementDate: sd, Symbol: a.Symbol,
			Units: d.parse(a.Quantity), Price: d.parse(a.Price), Amount: d.parse(a.Amount), Fee: d.parse(a.Fee),
			Currency: a.Currency, Description: a.Description,
		})
	}
	if d.err != nil {
		return nil, "", d.err
	}
	return out, w.Next, nil
}

// maxPages bounds how many pages a list may take, against a server that
// never stops.
const maxPages = 1000

// --- Brokerage client -----------------------------------------------------------

// brokerClient reads the demo brokerage with a session or OAuth grant.
type brokerClient struct {
	api    *api
	conf   *oauth2.Config // nil for a session grant
	tokens *integrations.TokenSource[secret]
}

// refreshMargin refreshes an access token this long before it expires.
const refreshMargin = 30 * time.Second

func newBrokerClient(a *api, conf *oauth2.Config, g integrations.Grant, sec secret, save integrations.SaveFunc) *brokerClient {
	c := &brokerClient{api: a, conf: conf}
	c.tokens = &integrations.TokenSource[secret]{Name: "Demo", Grant: g, Secret: sec, Save: save, Now: a.now, Margin: refreshMargin,
		Access: func(s secret) (string, time.Time) {
			if conf == nil {
				return s.Access, time.Time{} // a session lasts until the demo refuses it
			}
			return s.Access, s.AccessExpiry
		},
		Encode: integrations.EncodeGrant(secret.encode, nil)}
	if conf != nil {
		c.tokens.Refresh = c.refresh
	}
	return c
}

// refresh trades an OAuth grant's refresh token for new tokens.
func (c *brokerClient) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.api.now()
	tok, err := oauthflow.Refresh(ctx, c.api.http, c.conf, s.Access, s.Refresh)
	if err != nil {
		return secret{}, err
	}
	return oauthSecret(tok, now), nil
}

// oauthSecret is the secret of an OAuth token, its expiry on the
// integration's clock.
func oauthSecret(tok *oauth2.Token, now time.Time) secret {
	s := secret{Kind: secretOAuth, Access: tok.AccessToken, Refresh: tok.RefreshToken, AccessExpiry: tok.Expiry}
	if tok.ExpiresIn > 0 {
		s.AccessExpiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return s
}

// get fetches path; an OAuth grant whose access token is refused is
// refreshed and the request tried once more.
func (c *brokerClient) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	var sent string
	auth := func(ctx context.Context, ri *requestInfo) error {
		s, err := c.tokens.Token(ctx)
		if err != nil {
			return err
		}
		sent = s.Access
		ri.req.Header.Set("Authorization", "Bearer "+sent)
		return nil
	}
	b, err := c.api.callAuth(ctx, auth, http.MethodGet, path, q, nil, modeData)
	if err == nil || c.conf == nil || !errors.Is(err, integrations.ErrReauthRequired) || sent == "" {
		return b, err
	}
	if _, rerr := c.tokens.Refused(ctx, sent); rerr != nil {
		return nil, rerr
	}
	return c.api.callAuth(ctx, auth, http.MethodGet, path, q, nil, modeData)
}

func (c *brokerClient) Accounts(ctx context.Context) ([]integrations.Account, error) {
	b, err := c.get(ctx, "/v1/accounts", nil)
	if err != nil {
		return nil, err
	}
	return decodeAccounts(b)
}

func accountPath(id, list string) string { return integrations.AccountPath("/v1/accounts/", id, list) }

func (c *brokerClient) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, err := c.get(ctx, accountPath(accountID, "balances"), nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(b)
}

func (c *brokerClient) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	return pages(ctx, c, accountPath(accountID, "positions"), url.Values{}, decodePositions)
}

func (c *brokerClient) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	q := url.Values{"page_size": {"100"}}
	if !since.IsZero() {
		q.Set(activityDateParam, since.UTC().Format(time.DateOnly))
	}
	return pages(ctx, c, accountPath(accountID, "activities"), q, decodeActivities)
}

// pages reads every page of a list at path with the query q, following each
// page's page_token.
func pages[T any](ctx context.Context, c *brokerClient, path string, q url.Values, decode func([]byte) ([]T, string, error)) ([]T, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, token string) ([]T, string, error) {
		if token != "" {
			q.Set("page_token", token)
		}
		b, err := c.get(ctx, path, q)
		if err != nil {
			return nil, "", err
		}
		return decode(b)
	})
}
