package trading212

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths below the "api" endpoint (which ends in /api/v0).
const (
	pathSummary      = "/equity/account/summary"
	pathPositions    = "/equity/positions"
	pathOrders       = "/equity/history/orders"
	pathDividends    = "/equity/history/dividends"
	pathTransactions = "/equity/history/transactions"
)

// pageSize is the largest page the history lists give.
const pageSize = 50

// maxPages bounds a paged read against a server that never stops.
const maxPages = 2000

// maxPace is the longest wait for a rate-limit window the client sits out
// itself; a longer one is returned as a *integrations.RateLimitError.
const maxPace = 90 * time.Second

// limitState is what the last answer of an endpoint said about its limit.
type limitState struct {
	remaining int
	reset     time.Time
}

// api is the HTTP side of a client or a login.
type api struct {
	base  string // ends in /api/v0
	http  *http.Client
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	key   secret
	login bool // a 401 or 403 means the key was refused, not that a grant died

	mu     sync.Mutex
	limits map[string]limitState // by URL path
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Trading 212 answered something that could not be read")

// get fetches a path below the base (with its query), or a nextPagePath.
func (a *api) get(ctx context.Context, ref string) ([]byte, error) {
	u, err := url.Parse(a.base + ref)
	if err != nil {
		return nil, fmt.Errorf("trading212: bad path: %w", err)
	}
	return a.fetch(ctx, u)
}

// next resolves a nextPagePath against the request that returned it. It is
// a path from the server's root ("/api/v0/equity/history/orders?..."), or,
// as observed for transactions, a bare query string ("limit=20&cursor=...").
// A page on another host is refused: the key would go with it.
func (a *api) next(cur *url.URL, next string) (*url.URL, error) {
	next = strings.TrimSpace(next)
	var u *url.URL
	var err error
	switch {
	case strings.HasPrefix(next, "/") || strings.Contains(next, "://"):
		u, err = cur.Parse(next)
	default:
		u = &url.URL{Scheme: cur.Scheme, Host: cur.Host, Path: cur.Path}
		u.RawQuery = strings.TrimPrefix(next, "?")
		_, err = url.ParseQuery(u.RawQuery)
	}
	if err != nil || u.Scheme != cur.Scheme || u.Host != cur.Host {
		return nil, errMalformed
	}
	return u, nil
}

// fetch sends one GET, sitting out the endpoint's rate-limit window first
// when the last answer said it was used up, and once more after a 429 that
// says when the window resets.
func (a *api) fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		if err := a.pace(ctx, u.Path); err != nil {
			return nil, err
		}
		b, retry, err := a.once(ctx, u)
		if err == nil || !retry || attempt >= 2 {
			return b, err
		}
	}
}

func (a *api) pace(ctx context.Context, path string) error {
	a.mu.Lock()
	st, ok := a.limits[path]
	a.mu.Unlock()
	if !ok || st.remaining > 0 {
		return nil
	}
	wait := st.reset.Sub(a.now())
	if wait <= 0 {
		return nil
	}
	if wait > maxPace {
		return &integrations.RateLimitError{RetryAfter: wait}
	}
	return a.sleep(ctx, wait)
}

// learn records the rate-limit headers of an answer.
func (a *api) learn(path string, h http.Header) (limitState, bool) {
	rem, err1 := strconv.Atoi(h.Get("x-ratelimit-remaining"))
	reset, err2 := strconv.ParseInt(h.Get("x-ratelimit-reset"), 10, 64)
	if err1 != nil || err2 != nil {
		return limitState{}, false
	}
	st := limitState{remaining: rem, reset: time.Unix(reset, 0)}
	a.mu.Lock()
	a.limits[path] = st
	a.mu.Unlock()
	return st, true
}

func (a *api) once(ctx context.Context, u *url.URL) (body []byte, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, false, fmt.Errorf("trading212: building a request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if a.key.Secret == "" {
		req.Header.Set("Authorization", a.key.Key) // legacy keys have no secret
	} else {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(a.key.Key+":"+a.key.Secret)))
	}
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, false, httpx.TransportError(ctx, err, "Trading 212")
	}
	st, known := a.learn(u.Path, resp.Header)
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, integrations.Wrap(integrations.ErrUnavailable, "the answer was cut short")
	}
	if resp.StatusCode >= 300 {
		err := a.mapStatus(resp, u.Path, st, known)
		return nil, resp.StatusCode == http.StatusTooManyRequests && known, err
	}
	return b, false, nil
}

// permissions names the key permission each endpoint needs, as the key
// settings screen shows it.
var permissions = map[string]string{
	pathSummary: "Account data", pathPositions: "Portfolio", pathOrders: "History – orders",
	pathDividends: "History – dividends", pathTransactions: "History – transactions",
}

func (a *api) mapStatus(resp *http.Response, path string, st limitState, known bool) error {
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests:
		wait := httpx.RetryAfter(resp.Header, a.now())
		if known {
			wait = max(wait, st.reset.Sub(a.now()))
		}
		return &integrations.RateLimitError{RetryAfter: max(wait, time.Second)}
	case c == http.StatusUnauthorized && a.login:
		return integrations.Wrap(integrations.ErrInvalidCredentials,
			"Trading 212 refused the API key or secret: check both, and that the key was made in this environment (live or practice)")
	case c == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "Trading 212 no longer accepts the API key (deleted or restricted to other IP addresses?)")
	case c == http.StatusForbidden:
		perm := permissions[strings.TrimPrefix(path, strings.TrimSuffix(mustPath(a.base), "/"))]
		if perm == "" {
			perm = "a needed"
		} else {
			perm = "the " + perm
		}
		detail := "the API key lacks " + perm + " permission; create a key with the read permissions Latchkey needs"
		if a.login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, detail)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, detail)
	case c == http.StatusRequestTimeout || c >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Trading 212 answered HTTP %d", c))
	default:
		return httpx.StatusError(resp)
	}
}

func mustPath(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Path
}

// --- Wire types and decoders (fuzzed) ----------------------------------------

// The history lists' page envelope.
type page[T any] struct {
	Items        []T     `json:"items"`
	NextPagePath *string `json:"nextPagePath"`
}

type wireInstrument struct {
	Ticker   string `json:"ticker"`
	ISIN     string `json:"isin"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
}

type wireSummary struct {
	ID       int64           `json:"id"`
	Currency string          `json:"currency"`
	Total    decimal.Decimal `json:"totalValue"`
	Cash     struct {
		AvailableToTrade  decimal.Decimal `json:"availableToTrade"`
		InPies            decimal.Decimal `json:"inPies"`
		ReservedForOrders decimal.Decimal `json:"reservedForOrders"`
	} `json:"cash"`
}

type wirePosition struct {
	Instrument       wireInstrument      `json:"instrument"`
	Quantity         decimal.Decimal     `json:"quantity"`
	AveragePricePaid decimal.NullDecimal `json:"averagePricePaid"`
	CurrentPrice     decimal.Decimal     `json:"currentPrice"`
}

type wireTax struct {
	Name     string          `json:"name"`
	Quantity decimal.Decimal `json:"quantity"`
	Currency string          `json:"currency"`
}

type wireHistoricalOrder struct {
	Order struct {
		ID         int64          `json:"id"`
		Ticker     string         `json:"ticker"`
		Instrument wireInstrument `json:"instrument"`
		Side       string         `json:"side"`
		Status     string         `json:"status"`
	} `json:"order"`
	Fill *struct {
		ID           int64           `json:"id"`
		FilledAt     time.Time       `json:"filledAt"`
		Price        decimal.Decimal `json:"price"`
		Quantity     decimal.Decimal `json:"quantity"`
		Type         string          `json:"type"`
		WalletImpact struct {
			Currency string          `json:"currency"`
			NetValue decimal.Decimal `json:"netValue"`
			Taxes    []wireTax       `json:"taxes"`
		} `json:"walletImpact"`
	} `json:"fill"`
}

type wireDividend struct {
	Ticker              string          `json:"ticker"`
	Instrument          wireInstrument  `json:"instrument"`
	PaidOn              time.Time       `json:"paidOn"`
	Quantity            decimal.Decimal `json:"quantity"`
	Amount              decimal.Decimal `json:"amount"`
	Currency            string          `json:"currency"`
	GrossAmountPerShare decimal.Decimal `json:"grossAmountPerShare"`
	TickerCurrency      string          `json:"tickerCurrency"`
	Reference           string          `json:"reference"`
	Type                string          `json:"type"`
}

type wireTransaction struct {
	Reference string          `json:"reference"`
	DateTime  time.Time       `json:"dateTime"`
	Type      string          `json:"type"`
	Amount    decimal.Decimal `json:"amount"`
	Currency  string          `json:"currency"`
}

func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return errMalformed
	}
	return nil
}

// sane rejects decimals no broker sends (1e999999999), which would cost
// gigabytes to print.
func sane(ds ...decimal.Decimal) bool {
	for _, d := range ds {
		if e := d.Exponent(); e < -30 || e > 30 || d.NumDigits() > 40 {
			return false
		}
	}
	return true
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func decodeSummary(b []byte) (wireSummary, error) {
	var s wireSummary
	if err := decode(b, &s); err != nil {
		return s, err
	}
	if s.ID <= 0 || !validCurrency(s.Currency) || !sane(s.Total, s.Cash.AvailableToTrade, s.Cash.InPies, s.Cash.ReservedForOrders) {
		return s, errMalformed
	}
	return s, nil
}

// mask shows the last four digits of an account number.
func mask(number int64) string {
	s := strconv.FormatInt(number, 10)
	if len(s) > 4 {
		s = s[len(s)-4:]
	}
	return "••••" + s
}

func (s wireSummary) account(in *Integration) integrations.Account {
	name := "Trading 212"
	if in.practice {
		name = "Trading 212 Practice"
	}
	return integrations.Account{ID: accountID(in.id, s.ID), Number: mask(s.ID), Name: name, RawType: "equity",
		Category: integrations.CategoryInvestment, Currency: s.Currency, Status: "open", Paper: in.practice}
}

func (s wireSummary) balances() []integrations.Balance {
	c := s.Cash
	return []integrations.Balance{{
		Currency:    s.Currency,
		Cash:        c.AvailableToTrade.Add(c.ReservedForOrders).Add(c.InPies),
		BuyingPower: decimal.NewNullDecimal(c.AvailableToTrade),
		Total:       s.Total,
	}}
}

// exchanges maps the letter a Trading 212 ticker ends in (before _EQ) to its
// market, and the country codes of "_XX_EQ" tickers.
var exchanges = map[string]string{
	"l": "LSE", "d": "XETRA", "a": "Euronext Amsterdam", "p": "Euronext Paris", "m": "Borsa Italiana",
	"s": "SIX", "e": "BME", "b": "Euronext Brussels", "US": "US", "AT": "Wiener Börse", "CA": "TSX",
}

// symbol turns a Trading 212 ticker into the market's own ticker and
// exchange: AAPL_US_EQ → AAPL (US), BRK_B_US_EQ → BRK.B (US), VUSAl_EQ →
// VUSA (LSE), SAPd_EQ → SAP (XETRA). Anything else is kept as it is.
func symbol(t212 string) (ticker, exchange string) {
	base, ok := strings.CutSuffix(t212, "_EQ")
	if !ok || base == "" {
		return t212, ""
	}
	if i := strings.LastIndexByte(base, '_'); i > 0 {
		if ex, ok := exchanges[base[i+1:]]; ok {
			return strings.ReplaceAll(base[:i], "_", "."), ex
		}
		return t212, ""
	}
	last := base[len(base)-1:]
	if ex, ok := exchanges[last]; ok && len(base) > 1 && last == strings.ToLower(last) {
		return base[:len(base)-1], ex
	}
	return t212, ""
}

// inCurrency converts a price in an instrument's quote currency to a
// currency Latchkey knows: GBX (pence) becomes GBP.
func inCurrency(price decimal.Decimal, ccy string) (decimal.Decimal, string) {
	if ccy == "GBX" {
		return price.Shift(-2), "GBP"
	}
	return price, ccy
}

func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var ws []wirePosition
	if err := decode(b, &ws); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(ws))
	for _, p := range ws {
		in := p.Instrument
		if in.Ticker == "" || !validCurrency(in.Currency) || !sane(p.Quantity, p.CurrentPrice, p.AveragePricePaid.Decimal) {
			return nil, errMalformed
		}
		price, ccy := inCurrency(p.CurrentPrice, in.Currency)
		tk, ex := symbol(in.Ticker)
		pos := integrations.Position{
			Symbol: integrations.Symbol{Ticker: tk, Description: in.Name, Type: integrations.SecurityEquity,
				Exchange: ex, Currency: ccy, ISIN: in.ISIN},
			Units: p.Quantity, Price: price, MarketValue: p.Quantity.Mul(price).Round(2),
			Currency: ccy, AsOf: asOf.UTC().Truncate(time.Second),
		}
		if p.AveragePricePaid.Valid {
			avg, _ := inCurrency(p.AveragePricePaid.Decimal, in.Currency)
			pos.AverageCost = decimal.NewNullDecimal(avg)
			pos.CostBasis = decimal.NewNullDecimal(avg.Mul(p.Quantity).Round(2))
		}
		out = append(out, pos)
	}
	return out, nil
}

func decodePage[T any](b []byte) ([]T, string, error) {
	var p page[T]
	if err := decode(b, &p); err != nil {
		return nil, "", err
	}
	next := ""
	if p.NextPagePath != nil {
		next = *p.NextPagePath
	}
	return p.Items, next, nil
}

func decodeOrders(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireHistoricalOrder](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, o := range items {
		f := o.Fill
		if f == nil {
			continue // an order that never filled
		}
		w := f.WalletImpact
		var fees decimal.Decimal
		for _, t := range w.Taxes {
			if !sane(t.Quantity) {
				return nil, nil, "", errMalformed
			}
			fees = fees.Sub(t.Quantity) // sent negative
		}
		ticker := o.Order.Ticker
		if ticker == "" {
			ticker = o.Order.Instrument.Ticker
		}
		if f.FilledAt.IsZero() || ticker == "" || !validCurrency(w.Currency) || !sane(f.Price, f.Quantity, w.NetValue) {
			return nil, nil, "", errMalformed
		}
		side := strings.ToUpper(o.Order.Side)
		act := integrations.Activity{
			ID: fmt.Sprintf("o%d-%d", o.Order.ID, f.ID), RawType: strings.TrimSpace(f.Type + " " + side),
			TradeDate: integrations.DateOf(f.FilledAt.UTC()), Units: f.Quantity, Fee: fees.Abs(), Currency: w.Currency,
		}
		act.Symbol, _ = symbol(ticker)
		net := w.NetValue.Abs()
		switch {
		case f.Type == "TRADE" && side == "BUY":
			act.Type, act.Amount = integrations.ActivityBuy, net.Neg()
		case f.Type == "TRADE" && side == "SELL":
			act.Type, act.Amount = integrations.ActivitySell, net
		case f.Type == "STOCK_SPLIT":
			act.Type = integrations.ActivitySplit
		default:
			act.Type = integrations.ActivityOther
			if side == "BUY" {
				act.Amount = net.Neg()
			} else {
				act.Amount = net
			}
		}
		// The fill price is in the instrument's currency; the amount in the
		// account's. When they differ, the price is the amount before fees
		// per share, in the account's currency.
		price, ccy := inCurrency(f.Price, o.Order.Instrument.Currency)
		switch {
		case ccy == w.Currency || o.Order.Instrument.Currency == "":
			act.Price = price
		case !f.Quantity.IsZero():
			gross := net.Sub(fees)
			if side == "SELL" {
				gross = net.Add(fees)
			}
			act.Price = gross.Div(f.Quantity.Abs()).Round(4)
		}
		verb := map[string]string{"BUY": "Bought", "SELL": "Sold"}[side]
		if act.Type == integrations.ActivitySplit {
			verb = "Split: " + strings.ToLower(side)
		}
		act.Description = strings.TrimSpace(fmt.Sprintf("%s %s %s", verb, f.Quantity.Abs(), act.Symbol))
		out = append(out, act)
		times = append(times, f.FilledAt)
	}
	return out, times, next, nil
}

func dividendType(raw string) integrations.ActivityType {
	switch {
	case strings.HasPrefix(raw, "INTEREST"):
		return integrations.ActivityInterest
	case strings.HasPrefix(raw, "RETURN_OF_CAPITAL"), strings.HasPrefix(raw, "DEMERGER"), strings.HasPrefix(raw, "INTERIM_LIQUIDATION"):
		return integrations.ActivityOther
	default:
		return integrations.ActivityDividend
	}
}

func decodeDividends(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireDividend](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, d := range items {
		if d.PaidOn.IsZero() || d.Type == "" || !validCurrency(d.Currency) || !sane(d.Amount, d.Quantity, d.GrossAmountPerShare) {
			return nil, nil, "", errMalformed
		}
		ticker := d.Ticker
		if ticker == "" {
			ticker = d.Instrument.Ticker
		}
		tk, _ := symbol(ticker)
		ref := d.Reference
		if ref == "" {
			ref = fmt.Sprintf("%s-%d-%s", ticker, d.PaidOn.UnixMilli(), d.Amount)
		}
		act := integrations.Activity{ID: "d" + ref, Type: dividendType(d.Type), RawType: d.Type,
			TradeDate: integrations.DateOf(d.PaidOn.UTC()), Symbol: tk, Units: d.Quantity, Amount: d.Amount.Abs(),
			Currency: d.Currency, Description: strings.TrimSpace("Dividend " + d.Instrument.Name)}
		quote := d.TickerCurrency
		if quote == "" {
			quote = d.Instrument.Currency
		}
		if per, ccy := inCurrency(d.GrossAmountPerShare, quote); ccy == d.Currency {
			act.Price = per
		}
		out = append(out, act)
		times = append(times, d.PaidOn)
	}
	return out, times, next, nil
}

func transactionType(raw string, amount decimal.Decimal) integrations.ActivityType {
	switch raw {
	case "DEPOSIT":
		return integrations.ActivityContribution
	case "WITHDRAW":
		return integrations.ActivityWithdrawal
	case "FEE":
		return integrations.ActivityFee
	case "TRANSFER":
		if amount.IsNegative() {
			return integrations.ActivityTransferOut
		}
		return integrations.ActivityTransferIn
	case "INTEREST_ON_FREE_CASH", "LENDING_INTEREST":
		return integrations.ActivityInterest
	default:
		return integrations.ActivityOther
	}
}

func decodeTransactions(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireTransaction](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, t := range items {
		if t.DateTime.IsZero() || t.Type == "" || !validCurrency(t.Currency) || !sane(t.Amount) {
			return nil, nil, "", errMalformed
		}
		typ := transactionType(t.Type, t.Amount)
		amt := t.Amount
		switch typ {
		case integrations.ActivityWithdrawal, integrations.ActivityFee:
			amt = amt.Abs().Neg()
		case integrations.ActivityContribution, integrations.ActivityInterest:
			amt = amt.Abs()
		}
		ref := t.Reference
		if ref == "" {
			ref = fmt.Sprintf("%s-%d-%s", t.Type, t.DateTime.UnixMilli(), t.Amount)
		}
		out = append(out, integrations.Activity{ID: "t" + ref, Type: typ, RawType: t.Type,
			TradeDate: integrations.DateOf(t.DateTime.UTC()), Amount: amt, Currency: t.Currency,
			Description: strings.ToLower(strings.ReplaceAll(t.Type, "_", " "))})
		times = append(times, t.DateTime)
	}
	return out, times, next, nil
}

// --- Client ---------------------------------------------------------------------

type client struct {
	api *api
	in  *Integration

	mu    sync.Mutex
	known string // the account id Accounts returned
}

var _ integrations.Client = (*client)(nil)

func (a *api) summary(ctx context.Context) (wireSummary, error) {
	b, err := a.get(ctx, pathSummary)
	if err != nil {
		return wireSummary{}, err
	}
	return decodeSummary(b)
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	s, err := c.api.summary(ctx)
	if err != nil {
		return nil, err
	}
	acct := s.account(c.in)
	c.mu.Lock()
	c.known = acct.ID
	c.mu.Unlock()
	return []integrations.Account{acct}, nil
}

var errNoAccount = errors.New("trading212: no such account for this key")

func (c *client) check(accountID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known != "" && accountID != c.known {
		return errNoAccount
	}
	return nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	s, err := c.api.summary(ctx)
	if err != nil {
		return nil, err
	}
	if accountID != accountID0(c.in, s) {
		return nil, errNoAccount
	}
	return s.balances(), nil
}

func accountID0(in *Integration, s wireSummary) string { return accountID(in.id, s.ID) }

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.api.get(ctx, pathPositions)
	if err != nil {
		return nil, err
	}
	return decodePositions(b, c.api.now())
}

type decoder func([]byte) ([]integrations.Activity, []time.Time, string, error)

// list reads a history list newest first, following nextPagePath until a
// page reaches before since or the list ends.
func (c *client) list(ctx context.Context, path string, dec decoder, since time.Time) ([]integrations.Activity, error) {
	u, err := url.Parse(c.api.base + path + "?limit=" + strconv.Itoa(pageSize))
	if err != nil {
		return nil, err
	}
	var out []integrations.Activity
	for range maxPages {
		b, err := c.api.fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		acts, times, next, err := dec(b)
		if err != nil {
			return nil, err
		}
		older := false
		for i, a := range acts {
			if times[i].Before(since) {
				older = true
				continue
			}
			out = append(out, a)
		}
		if next == "" || older {
			return out, nil
		}
		if u, err = c.api.next(u, next); err != nil {
			return nil, err
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
}

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	var all []integrations.Activity
	for _, l := range []struct {
		path string
		dec  decoder
	}{{pathOrders, decodeOrders}, {pathDividends, decodeDividends}, {pathTransactions, decodeTransactions}} {
		acts, err := c.list(ctx, l.path, l.dec, since)
		if err != nil {
			return nil, err
		}
		all = append(all, acts...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].TradeDate != all[j].TradeDate {
			return all[i].TradeDate > all[j].TradeDate
		}
		return all[i].ID < all[j].ID
	})
	return all, nil
}
