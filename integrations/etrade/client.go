package etrade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dghubble/oauth1"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api is the HTTP side of a client or a login: requests signed with
// OAuth 1.0a HMAC-SHA1 by github.com/dghubble/oauth1, sent through the
// institution's client (Env.HTTP).
type api struct {
	in    *Integration
	base  string // "api" endpoint
	auth  string // "auth" endpoint
	http  *http.Client
	now   func() time.Time
	app   integrations.AppRegistration
	token *oauth1.Token // nil before the login has one
}

func newAPI(in *Integration, env integrations.Env, app integrations.AppRegistration) *api {
	a := &api{in: in, base: strings.TrimRight(env.URL("api"), "/"), auth: strings.TrimRight(env.URL("auth"), "/"),
		http: env.Client(), now: env.Time, app: app}
	a.register(app.ClientSecret)
	return a
}

// register hands secrets to the plumbing's redactor.
func (a *api) register(secrets ...string) { httpx.RedactorOf(a.http).Add(secrets...) }

func (a *api) config(client *http.Client) *oauth1.Config {
	return &oauth1.Config{
		ConsumerKey:    a.app.ClientID,
		ConsumerSecret: a.app.ClientSecret,
		CallbackURL:    "oob",
		Endpoint: oauth1.Endpoint{
			RequestTokenURL: a.base + "/oauth/request_token",
			AuthorizeURL:    a.auth + authPath,
			AccessTokenURL:  a.base + "/oauth/access_token",
		},
		HTTPClient: client,
	}
}

// signed returns a client that signs each request with the access token
// and sends it through Env.HTTP's transport.
func (a *api) signed() *http.Client {
	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, a.http)
	return oauth1.NewClient(ctx, a.config(nil), a.token)
}

// answer is the last response a token endpoint gave the library: its
// status and the oauth_problem it named, so errors are mapped without
// showing the library's text (which quotes the body).
type answer struct {
	status  int
	problem string
	netErr  error
}

// watcher runs the library's token requests under ctx through Env.HTTP and
// records their answers.
type watcher struct {
	ctx  context.Context
	http *http.Client
	last answer
}

var problemRE = regexp.MustCompile(`oauth_problem=([A-Za-z_]+)`)

func (w *watcher) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := httpx.Do(w.http, req.WithContext(w.ctx))
	if err != nil {
		w.last = answer{netErr: err}
		return nil, err
	}
	w.last = answer{status: resp.StatusCode}
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<14))
		_ = resp.Body.Close()
		if m := problemRE.FindSubmatch(b); m != nil {
			w.last.problem = string(m[1])
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	return resp, nil
}

// tokenRequest runs one of the library's token requests and maps its
// failure by the recorded answer.
func (a *api) tokenRequest(ctx context.Context, f func(cfg *oauth1.Config) error) (answer, error) {
	w := &watcher{ctx: ctx, http: a.http}
	err := f(a.config(&http.Client{Transport: w}))
	if err == nil {
		return w.last, nil
	}
	switch {
	case ctx.Err() != nil:
		return w.last, ctx.Err()
	case w.last.netErr != nil:
		return w.last, httpx.TransportError(ctx, w.last.netErr, "E*TRADE")
	case w.last.status == http.StatusTooManyRequests:
		return w.last, &integrations.RateLimitError{RetryAfter: time.Second}
	case w.last.status >= 500:
		return w.last, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("E*TRADE answered HTTP %d", w.last.status))
	case w.last.status == 0 || w.last.status < 300:
		return w.last, integrations.Wrap(integrations.ErrUnavailable, "E*TRADE answered the token request with something that could not be read")
	}
	return w.last, errRefused
}

// errRefused marks a token request E*TRADE refused; the caller maps the
// answer's problem.
var errRefused = integrations.Wrap(integrations.ErrInvalidCredentials, "E*TRADE refused the request")

// consumerRefused is how a refused consumer key reads.
var consumerRefused = integrations.Wrap(integrations.ErrInvalidCredentials,
	"E*TRADE refused the consumer key or secret: check them in Settings › App registrations (sandbox and production keys differ)")

// response is a data answer.
type response struct {
	status  int
	body    []byte
	problem string
}

// get sends one signed GET to a path below the api endpoint.
func (a *api) get(ctx context.Context, path string, q url.Values) (response, error) {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	// Sent once: a retry by the transport would resend the same OAuth nonce.
	req, err := http.NewRequestWithContext(httpx.NoRetry(ctx), http.MethodGet, u, nil)
	if err != nil {
		return response{}, fmt.Errorf("etrade: building a request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.signed().Do(req)
	if err != nil {
		return response{}, httpx.TransportError(ctx, err, "E*TRADE")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return response{}, ctx.Err()
		}
		return response{}, integrations.Wrap(integrations.ErrUnavailable, "the answer was cut short")
	}
	r := response{status: resp.StatusCode, body: b}
	if resp.StatusCode >= 300 {
		if m := problemRE.FindSubmatch(b); m != nil {
			r.problem = string(m[1])
		}
	}
	switch c := resp.StatusCode; {
	case c < 300, c == http.StatusUnauthorized:
		return r, nil
	case c == http.StatusTooManyRequests:
		return r, &integrations.RateLimitError{RetryAfter: max(httpx.RetryAfter(resp.Header, a.now()), time.Second)}
	case c == http.StatusBadRequest && bytes.Contains(bytes.ToLower(b), []byte("exceeded the rate limit")):
		// E*TRADE answers too many requests with a 400 page: "Number of
		// requests exceeded the rate limit set".
		return r, &integrations.RateLimitError{RetryAfter: time.Second}
	case c >= 500:
		return r, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("E*TRADE answered HTTP %d", c))
	default:
		return r, httpx.StatusError(resp)
	}
}

// --- Wire types and decoders (fuzzed) ----------------------------------------

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "E*TRADE answered something that could not be read")

func decode(b []byte, v any) error {
	if json.Unmarshal(b, v) != nil {
		return errMalformed
	}
	return nil
}

func sane(ds ...decimal.Decimal) bool {
	for _, d := range ds {
		if e := d.Exponent(); e < -30 || e > 30 || d.NumDigits() > 40 {
			return false
		}
	}
	return true
}

type wireAccount struct {
	AccountID     string `json:"accountId"`
	AccountIDKey  string `json:"accountIdKey"`
	AccountMode   string `json:"accountMode"`
	AccountDesc   string `json:"accountDesc"`
	AccountName   string `json:"accountName"`
	AccountType   string `json:"accountType"`
	AccountStatus string `json:"accountStatus"`
}

func mask(n string) string {
	r := []rune(n)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

// decodeAccounts returns the accounts and their full numbers.
func decodeAccounts(b []byte, paper bool) ([]integrations.Account, []string, error) {
	var w struct {
		AccountListResponse struct {
			Accounts struct {
				Account []wireAccount `json:"Account"`
			} `json:"Accounts"`
		} `json:"AccountListResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, nil, err
	}
	var out []integrations.Account
	var numbers []string
	for _, a := range w.AccountListResponse.Accounts.Account {
		if a.AccountIDKey == "" || a.AccountID == "" {
			return nil, nil, errMalformed
		}
		name := strings.TrimSpace(a.AccountName)
		if name == "" {
			name = strings.TrimSpace(a.AccountDesc)
		}
		if name == "" || strings.Contains(name, a.AccountID) {
			name = "E*TRADE " + mask(a.AccountID)
		}
		cat := integrations.CategoryInvestment
		if strings.Contains(strings.ToUpper(a.AccountType), "IRA") {
			cat = integrations.CategoryRetirement
		}
		status := strings.ToLower(a.AccountStatus)
		if status == "active" || status == "" {
			status = "open"
		}
		out = append(out, integrations.Account{ID: a.AccountIDKey, Number: mask(a.AccountID), Name: name,
			RawType: strings.TrimSpace(a.AccountType + " " + a.AccountMode), Category: cat, Currency: "USD", Status: status, Paper: paper})
		numbers = append(numbers, a.AccountID)
	}
	return out, numbers, nil
}

func decodeBalance(b []byte) ([]integrations.Balance, error) {
	var w struct {
		BalanceResponse struct {
			AccountMode string `json:"accountMode"`
			Computed    struct {
				CashBalance       decimal.NullDecimal `json:"cashBalance"`
				NetCash           decimal.NullDecimal `json:"netCash"`
				CashBuyingPower   decimal.NullDecimal `json:"cashBuyingPower"`
				MarginBuyingPower decimal.NullDecimal `json:"marginBuyingPower"`
				AccountBalance    decimal.NullDecimal `json:"accountBalance"`
				RealTimeValues    struct {
					TotalAccountValue decimal.NullDecimal `json:"totalAccountValue"`
				} `json:"RealTimeValues"`
			} `json:"Computed"`
		} `json:"BalanceResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	c := w.BalanceResponse.Computed
	for _, d := range []decimal.NullDecimal{c.CashBalance, c.NetCash, c.CashBuyingPower, c.MarginBuyingPower, c.AccountBalance, c.RealTimeValues.TotalAccountValue} {
		if d.Valid && !sane(d.Decimal) {
			return nil, errMalformed
		}
	}
	cash := c.CashBalance
	if !cash.Valid {
		cash = c.NetCash
	}
	total := c.RealTimeValues.TotalAccountValue
	if !total.Valid {
		total = c.AccountBalance
	}
	if !cash.Valid || !total.Valid {
		return nil, errMalformed
	}
	bp := c.CashBuyingPower
	if strings.EqualFold(w.BalanceResponse.AccountMode, "MARGIN") && c.MarginBuyingPower.Valid {
		bp = c.MarginBuyingPower
	}
	return []integrations.Balance{{Currency: "USD", Cash: cash.Decimal, BuyingPower: bp, Total: total.Decimal}}, nil
}

type wireProduct struct {
	Symbol       string `json:"symbol"`
	SecurityType string `json:"securityType"`
}

var securityTypes = map[string]integrations.SecurityType{
	"EQ": integrations.SecurityEquity, "OPTN": integrations.SecurityOption, "MF": integrations.SecurityFund,
	"MMF": integrations.SecurityCash, "BOND": integrations.SecurityBond,
}

// decodePortfolio returns one page of positions and the number of pages.
func decodePortfolio(b []byte, now time.Time) ([]integrations.Position, int, error) {
	var w struct {
		PortfolioResponse struct {
			AccountPortfolio []struct {
				TotalPages int `json:"totalPages"`
				Position   []struct {
					SymbolDescription string          `json:"symbolDescription"`
					Quantity          decimal.Decimal `json:"quantity"`
					PositionType      string          `json:"positionType"`
					MarketValue       decimal.Decimal `json:"marketValue"`
					TotalCost         decimal.Decimal `json:"totalCost"`
					CostPerShare      decimal.Decimal `json:"costPerShare"`
					PricePaid         decimal.Decimal `json:"pricePaid"`
					Product           wireProduct     `json:"Product"`
					Quick             *struct {
						LastTrade     decimal.Decimal `json:"lastTrade"`
						LastTradeTime int64           `json:"lastTradeTime"`
					} `json:"Quick"`
				} `json:"Position"`
			} `json:"AccountPortfolio"`
		} `json:"PortfolioResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, 0, err
	}
	var out []integrations.Position
	pages := 0
	for _, ap := range w.PortfolioResponse.AccountPortfolio {
		pages = max(pages, ap.TotalPages)
		for _, p := range ap.Position {
			sym := strings.TrimSpace(p.Product.Symbol)
			if sym == "" || !sane(p.Quantity, p.MarketValue, p.TotalCost, p.CostPerShare, p.PricePaid) {
				return nil, 0, errMalformed
			}
			typ, ok := securityTypes[p.Product.SecurityType]
			if !ok {
				typ = integrations.SecurityOther
			}
			units := p.Quantity
			if strings.EqualFold(p.PositionType, "SHORT") && units.IsPositive() {
				units = units.Neg()
			}
			pos := integrations.Position{
				Symbol: integrations.Symbol{Ticker: sym, Description: strings.TrimSpace(p.SymbolDescription), Type: typ, Currency: "USD"},
				Units:  units, MarketValue: p.MarketValue, Currency: "USD", AsOf: now.UTC().Truncate(time.Second),
				CostBasis: decimal.NewNullDecimal(p.TotalCost),
			}
			avg := p.CostPerShare
			if avg.IsZero() {
				avg = p.PricePaid
			}
			pos.AverageCost = decimal.NewNullDecimal(avg)
			if q := p.Quick; q != nil {
				if !sane(q.LastTrade) {
					return nil, 0, errMalformed
				}
				pos.Price = q.LastTrade
				if q.LastTradeTime > 0 && q.LastTradeTime < 1<<40 {
					pos.AsOf = time.Unix(q.LastTradeTime, 0).UTC()
				}
			}
			if typ == integrations.SecurityOption && pos.Symbol.Description != "" {
				pos.Symbol.Ticker = pos.Symbol.Description
			}
			out = append(out, pos)
		}
	}
	return out, pages, nil
}

// activityType maps E*TRADE's transaction types by their words: the API
// documents them only by example.
func activityType(raw string, amount decimal.Decimal) integrations.ActivityType {
	t := strings.ToLower(raw)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("bought", "buy"):
		return integrations.ActivityBuy
	case has("sold", "sell"):
		return integrations.ActivitySell
	case has("reinvest"):
		return integrations.ActivityReinvest
	case has("dividend"):
		return integrations.ActivityDividend
	case has("interest"):
		return integrations.ActivityInterest
	case has("tax", "withholding"):
		return integrations.ActivityTax
	case has("fee", "commission"):
		return integrations.ActivityFee
	case has("deposit", "contribution"):
		return integrations.ActivityContribution
	case has("withdrawal", "disbursement"):
		return integrations.ActivityWithdrawal
	case has("transfer", "journal"):
		if amount.IsNegative() {
			return integrations.ActivityTransferOut
		}
		return integrations.ActivityTransferIn
	case has("split"):
		return integrations.ActivitySplit
	default:
		return integrations.ActivityOther
	}
}

// idText is an id sent as a JSON string or number.
type idText string

func (t *idText) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = idText(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*t = idText(n.String())
	return nil
}

// decodeTransactions returns one page of activities, the marker of the next
// page and whether there are more.
func decodeTransactions(b []byte) ([]integrations.Activity, string, bool, error) {
	var w struct {
		TransactionListResponse struct {
			Marker           string `json:"marker"`
			MoreTransactions bool   `json:"moreTransactions"`
			Transaction      []struct {
				TransactionID   idText          `json:"transactionId"`
				TransactionDate int64           `json:"transactionDate"`
				Amount          decimal.Decimal `json:"amount"`
				Description     string          `json:"description"`
				TransactionType string          `json:"transactionType"`
				Brokerage       *struct {
					Product        wireProduct     `json:"product"`
					Quantity       decimal.Decimal `json:"quantity"`
					Price          decimal.Decimal `json:"price"`
					Fee            decimal.Decimal `json:"fee"`
					SettlementDate int64           `json:"settlementDate"`
				} `json:"brokerage"`
			} `json:"Transaction"`
		} `json:"TransactionListResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", false, err
	}
	r := w.TransactionListResponse
	var out []integrations.Activity
	for _, t := range r.Transaction {
		id := strings.TrimSpace(string(t.TransactionID))
		if id == "" || t.TransactionType == "" || t.TransactionDate <= 0 || t.TransactionDate > 1<<50 || !sane(t.Amount) {
			return nil, "", false, errMalformed
		}
		td := integrations.DateOf(eastern(time.UnixMilli(t.TransactionDate)))
		typ := activityType(t.TransactionType, t.Amount)
		a := integrations.Activity{ID: id, Type: typ, RawType: t.TransactionType, TradeDate: td, Amount: t.Amount,
			Currency: "USD", Description: strings.TrimSpace(t.Description)}
		if br := t.Brokerage; br != nil {
			if !sane(br.Quantity, br.Price, br.Fee) {
				return nil, "", false, errMalformed
			}
			a.Symbol = strings.TrimSpace(br.Product.Symbol)
			a.Units, a.Price, a.Fee = br.Quantity, br.Price, br.Fee.Abs()
			if br.SettlementDate > 0 && br.SettlementDate < 1<<50 {
				if sd := integrations.DateOf(eastern(time.UnixMilli(br.SettlementDate))); sd >= td {
					a.SettlementDate = sd
				}
			}
		}
		switch typ {
		case integrations.ActivitySell:
			a.Units = a.Units.Abs().Neg()
		case integrations.ActivityBuy:
			a.Units = a.Units.Abs()
		}
		out = append(out, a)
	}
	return out, r.Marker, r.MoreTransactions, nil
}

// --- Client ---------------------------------------------------------------------

// idleAfter is how long E*TRADE keeps an unused token active; the client
// renews before using a token it has not used for longer.
const idleAfter = 110 * time.Minute

// portfolioPageSize and transactionPageSize are the page sizes asked for.
const (
	portfolioPageSize   = 50
	transactionPageSize = 50
	maxPages            = 2000
)

type client struct {
	api    *api
	expiry time.Time

	mu       sync.Mutex
	lastUsed time.Time
}

var _ integrations.Client = (*client)(nil)

var errLoginEnded = integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE ended the login at midnight US Eastern time: sign in again")

// renew reactivates the access token after idle time.
func (c *client) renew(ctx context.Context) error {
	r, err := c.api.get(ctx, "/oauth/renew_access_token", nil)
	if err != nil {
		return err
	}
	if r.status == http.StatusUnauthorized {
		if r.problem == "token_expired" {
			return errLoginEnded
		}
		return integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE no longer accepts this login (revoked?)")
	}
	return nil
}

// get fetches a data path. A token refused with 401 is renewed once and
// the request tried again; past its midnight the login is over.
func (c *client) get(ctx context.Context, path string, q url.Values) (response, error) {
	now := c.api.now()
	if !c.expiry.IsZero() && !now.Before(c.expiry) {
		return response{}, errLoginEnded
	}
	c.mu.Lock()
	idle := !c.lastUsed.IsZero() && now.Sub(c.lastUsed) > idleAfter
	c.mu.Unlock()
	renewed := false
	if idle {
		if err := c.renew(ctx); err != nil {
			return response{}, err
		}
		renewed = true
	}
	for {
		r, err := c.api.get(ctx, path, q)
		if err != nil {
			return r, err
		}
		if r.status != http.StatusUnauthorized {
			c.mu.Lock()
			c.lastUsed = c.api.now()
			c.mu.Unlock()
			return r, nil
		}
		if renewed {
			return r, integrations.Wrap(integrations.ErrReauthRequired, "E*TRADE no longer accepts this login")
		}
		if err := c.renew(ctx); err != nil {
			return r, err
		}
		renewed = true
	}
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	r, err := c.get(ctx, "/v1/accounts/list.json", nil)
	if err != nil {
		return nil, err
	}
	accts, _, err := decodeAccounts(r.body, c.api.in.sandbox)
	return accts, err
}

func accountPath(key, what string) string {
	return "/v1/accounts/" + url.PathEscape(key) + "/" + what + ".json"
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	r, err := c.get(ctx, accountPath(accountID, "balance"), url.Values{"instType": {"BROKERAGE"}, "realTimeNAV": {"true"}})
	if err != nil {
		return nil, err
	}
	return decodeBalance(r.body)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	var out []integrations.Position
	for page := 1; page <= maxPages; page++ {
		r, err := c.get(ctx, accountPath(accountID, "portfolio"), url.Values{"count": {fmt.Sprint(portfolioPageSize)}, "pageNumber": {fmt.Sprint(page)}})
		if err != nil {
			return nil, err
		}
		if r.status == http.StatusNoContent || len(bytes.TrimSpace(r.body)) == 0 {
			return out, nil
		}
		ps, pages, err := decodePortfolio(r.body, c.api.now())
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		if page >= pages {
			return out, nil
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
}

// historyLimit is how far back E*TRADE keeps transactions.
const historyLimit = 2 * 365 * 24 * time.Hour

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	now := c.api.now()
	if oldest := now.Add(-historyLimit); since.Before(oldest) {
		since = oldest
	}
	q := url.Values{
		"startDate": {eastern(since).Format("01022006")},
		"endDate":   {eastern(now).Format("01022006")},
		"count":     {fmt.Sprint(transactionPageSize)},
	}
	from := integrations.DateOf(eastern(since))
	var out []integrations.Activity
	seen := map[string]bool{}
	for range maxPages {
		r, err := c.get(ctx, accountPath(accountID, "transactions"), q)
		if err != nil {
			return nil, err
		}
		if r.status == http.StatusNoContent || len(bytes.TrimSpace(r.body)) == 0 {
			return out, nil // E*TRADE answers 204 when there are none
		}
		acts, marker, more, err := decodeTransactions(r.body)
		if err != nil {
			return nil, err
		}
		for _, a := range acts {
			if a.TradeDate < from || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			out = append(out, a)
		}
		if !more || marker == "" {
			return out, nil
		}
		if marker == q.Get("marker") {
			return nil, errMalformed
		}
		q.Set("marker", marker)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
}

// eastern returns t in US Eastern time: UTC-4 from the second Sunday of
// March (2:00) to the first Sunday of November (2:00), else UTC-5 (the
// rule since 2007). It needs no time zone database.
func eastern(t time.Time) time.Time {
	y := t.UTC().Year()
	start := nthSunday(y, time.March, 2).Add(7 * time.Hour)
	end := nthSunday(y, time.November, 1).Add(6 * time.Hour)
	if u := t.UTC(); !u.Before(start) && u.Before(end) {
		return t.In(time.FixedZone("EDT", -4*3600))
	}
	return t.In(time.FixedZone("EST", -5*3600))
}

func nthSunday(y int, m time.Month, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

// midnightEastern is the next midnight US Eastern after t: when E*TRADE
// ends the access tokens it issued on t's day.
func midnightEastern(t time.Time) time.Time {
	e := eastern(t)
	for _, off := range []int{-4, -5} {
		m := time.Date(e.Year(), e.Month(), e.Day()+1, 0, 0, 0, 0, time.FixedZone("", off*3600))
		if _, o := eastern(m).Zone(); o == off*3600 {
			return m.UTC()
		}
	}
	return time.Date(e.Year(), e.Month(), e.Day()+1, 5, 0, 0, 0, time.UTC)
}
