package public

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

const (
	pathToken    = "/userapiauthservice/personal/access-tokens"
	pathAccounts = "/userapigateway/trading/account"
)

func pathPortfolio(number string) string {
	return "/userapigateway/trading/" + url.PathEscape(number) + "/portfolio/v2"
}

func pathHistory(number string) string {
	return "/userapigateway/trading/" + url.PathEscape(number) + "/history"
}

// historyPageSize is the page size Latchkey asks for.
const historyPageSize = 50

// maxPages bounds a paged read against a server that never stops.
const maxPages = 2000

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Public.com answered something that could not be read")

// api is the HTTP side of a client or a login.
type api struct {
	base string
	http *http.Client
	now  func() time.Time
}

// mint exchanges the personal secret for an access token. It is a POST that
// is safe to repeat, so the plumbing may retry it.
func (a *api) mint(ctx context.Context, key string, login bool) (string, error) {
	body, _ := json.Marshal(map[string]any{"validityInMinutes": int(tokenValidity / time.Minute), "secret": key})
	req, err := http.NewRequestWithContext(httpx.MarkRetryable(ctx), http.MethodPost, a.base+pathToken, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("public: building a request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	b, err := a.do(ctx, req, func(resp *http.Response) error {
		switch resp.StatusCode {
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
			if login {
				return integrations.Wrap(integrations.ErrInvalidCredentials, "Public.com refused the secret key")
			}
			return integrations.Wrap(integrations.ErrReauthRequired, "Public.com no longer accepts the secret key (deleted or expired?)")
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if json.Unmarshal(b, &out) != nil || out.AccessToken == "" || len(out.AccessToken) > 16384 {
		return "", errMalformed
	}
	return out.AccessToken, nil
}

// get fetches a gateway path with an access token.
func (a *api) get(ctx context.Context, token, path string, q url.Values) ([]byte, error) {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("public: building a request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return a.do(ctx, req, func(resp *http.Response) error {
		if resp.StatusCode == http.StatusUnauthorized {
			return errTokenRefused
		}
		return nil
	})
}

// errTokenRefused is a 401 to an access token: mint a new one and try again.
var errTokenRefused = integrations.Wrap(integrations.ErrReauthRequired, "Public.com refused the access token")

// do sends req and returns the body of a 2xx answer; special maps statuses
// the caller knows better, before the common mapping.
func (a *api) do(ctx context.Context, req *http.Request, special func(*http.Response) error) ([]byte, error) {
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return nil, &integrations.RateLimitError{RetryAfter: d}
		}
		return nil, &httpx.NetError{Name: "Public.com", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the answer was cut short")
	}
	if resp.StatusCode < 300 {
		return b, nil
	}
	if err := special(resp); err != nil {
		return nil, err
	}
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests:
		return nil, &integrations.RateLimitError{RetryAfter: max(httpx.RetryAfter(resp.Header, a.now()), time.Second)}
	case c == http.StatusForbidden:
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "Public.com refused access to this account")
	case c >= 500:
		return nil, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Public.com answered HTTP %d", c))
	default:
		return nil, httpx.StatusError(resp)
	}
}

// --- Wire types and decoders (fuzzed) ----------------------------------------

type wireAccount struct {
	AccountID            string `json:"accountId"`
	AccountType          string `json:"accountType"`
	BrokerageAccountType string `json:"brokerageAccountType"`
}

type wireEquity struct {
	Type  string          `json:"type"`
	Value decimal.Decimal `json:"value"`
}

type wirePortfolio struct {
	AccountID   string `json:"accountId"`
	BuyingPower *struct {
		BuyingPower decimal.Decimal `json:"buyingPower"`
	} `json:"buyingPower"`
	Equity            []wireEquity        `json:"equity"`
	Cash              decimal.NullDecimal `json:"cash"`
	TotalAccountValue decimal.NullDecimal `json:"totalAccountValue"`
	Positions         []struct {
		Instrument struct {
			Symbol string `json:"symbol"`
			Name   string `json:"name"`
			Type   string `json:"type"`
		} `json:"instrument"`
		Quantity     decimal.Decimal     `json:"quantity"`
		CurrentValue decimal.NullDecimal `json:"currentValue"`
		LastPrice    *struct {
			LastPrice decimal.NullDecimal `json:"lastPrice"`
			Timestamp *time.Time          `json:"timestamp"`
		} `json:"lastPrice"`
		CostBasis *struct {
			TotalCost decimal.NullDecimal `json:"totalCost"`
			UnitCost  decimal.NullDecimal `json:"unitCost"`
		} `json:"costBasis"`
	} `json:"positions"`
}

type wireTransaction struct {
	ID              string              `json:"id"`
	Timestamp       time.Time           `json:"timestamp"`
	Type            string              `json:"type"`
	SubType         string              `json:"subType"`
	Symbol          string              `json:"symbol"`
	SecurityType    string              `json:"securityType"`
	Side            string              `json:"side"`
	Description     string              `json:"description"`
	NetAmount       decimal.NullDecimal `json:"netAmount"`
	PrincipalAmount decimal.NullDecimal `json:"principalAmount"`
	Quantity        decimal.NullDecimal `json:"quantity"`
	Direction       string              `json:"direction"`
	Fees            decimal.NullDecimal `json:"fees"`
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

func saneNull(ds ...decimal.NullDecimal) bool {
	for _, d := range ds {
		if d.Valid && !sane(d.Decimal) {
			return false
		}
	}
	return true
}

// mask shows the last four characters of an account number.
func mask(n string) string {
	r := []rune(n)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

var accountTypes = map[string]struct {
	name string
	cat  integrations.Category
}{
	"BROKERAGE":       {"Brokerage", integrations.CategoryInvestment},
	"HIGH_YIELD":      {"High-Yield Cash", integrations.CategoryCash},
	"BOND_ACCOUNT":    {"Bond Account", integrations.CategoryInvestment},
	"RIA_ASSET":       {"Managed Account", integrations.CategoryInvestment},
	"TREASURY":        {"Treasury Account", integrations.CategoryInvestment},
	"TRADITIONAL_IRA": {"Traditional IRA", integrations.CategoryRetirement},
	"ROTH_IRA":        {"Roth IRA", integrations.CategoryRetirement},
}

// decodeAccounts returns the accounts and their full numbers.
func decodeAccounts(b []byte) ([]integrations.Account, []string, error) {
	var w struct {
		Accounts []wireAccount `json:"accounts"`
	}
	if json.Unmarshal(b, &w) != nil {
		return nil, nil, errMalformed
	}
	var out []integrations.Account
	var numbers []string
	for _, a := range w.Accounts {
		if a.AccountID == "" {
			return nil, nil, errMalformed
		}
		t, ok := accountTypes[a.AccountType]
		if !ok {
			t.name, t.cat = "Account", integrations.CategoryInvestment
		}
		name := "Public " + t.name
		if a.BrokerageAccountType == "MARGIN" {
			name += " (margin)"
		}
		out = append(out, integrations.Account{ID: accountID(a.AccountID), Number: mask(a.AccountID), Name: name,
			RawType: a.AccountType, Category: t.cat, Currency: "USD", Status: "open"})
		numbers = append(numbers, a.AccountID)
	}
	return out, numbers, nil
}

func decodePortfolio(b []byte) (wirePortfolio, error) {
	var p wirePortfolio
	if json.Unmarshal(b, &p) != nil {
		return p, errMalformed
	}
	if !saneNull(p.Cash, p.TotalAccountValue) {
		return p, errMalformed
	}
	for _, e := range p.Equity {
		if !sane(e.Value) {
			return p, errMalformed
		}
	}
	if p.BuyingPower != nil && !sane(p.BuyingPower.BuyingPower) {
		return p, errMalformed
	}
	return p, nil
}

func (p wirePortfolio) balances() []integrations.Balance {
	cash, total := decimal.Zero, decimal.Zero
	for _, e := range p.Equity {
		if e.Type == "CASH" {
			cash = cash.Add(e.Value)
		}
		total = total.Add(e.Value)
	}
	if p.Cash.Valid {
		cash = p.Cash.Decimal
	}
	if p.TotalAccountValue.Valid {
		total = p.TotalAccountValue.Decimal
	}
	bal := integrations.Balance{Currency: "USD", Cash: cash, Total: total}
	if p.BuyingPower != nil {
		bal.BuyingPower = decimal.NewNullDecimal(p.BuyingPower.BuyingPower)
	}
	return []integrations.Balance{bal}
}

var securityTypes = map[string]integrations.SecurityType{
	"EQUITY": integrations.SecurityEquity, "OPTION": integrations.SecurityOption, "CRYPTO": integrations.SecurityCrypto,
	"TREASURY": integrations.SecurityBond, "BOND": integrations.SecurityBond,
}

func (p wirePortfolio) positions(asOf time.Time) ([]integrations.Position, error) {
	out := make([]integrations.Position, 0, len(p.Positions))
	for _, x := range p.Positions {
		in := x.Instrument
		if in.Symbol == "" || !sane(x.Quantity) || !saneNull(x.CurrentValue) {
			return nil, errMalformed
		}
		typ, ok := securityTypes[in.Type]
		if !ok {
			typ = integrations.SecurityOther
		}
		pos := integrations.Position{
			Symbol:   integrations.Symbol{Ticker: in.Symbol, Description: in.Name, Type: typ, Currency: "USD"},
			Units:    x.Quantity,
			Currency: "USD", AsOf: asOf.UTC().Truncate(time.Second),
		}
		if x.LastPrice != nil {
			if !saneNull(x.LastPrice.LastPrice) {
				return nil, errMalformed
			}
			pos.Price = x.LastPrice.LastPrice.Decimal
			if x.LastPrice.Timestamp != nil && !x.LastPrice.Timestamp.IsZero() {
				pos.AsOf = x.LastPrice.Timestamp.UTC()
			}
		}
		if x.CurrentValue.Valid {
			pos.MarketValue = x.CurrentValue.Decimal
		}
		if x.CostBasis != nil {
			if !saneNull(x.CostBasis.TotalCost, x.CostBasis.UnitCost) {
				return nil, errMalformed
			}
			pos.CostBasis, pos.AverageCost = x.CostBasis.TotalCost, x.CostBasis.UnitCost
		}
		out = append(out, pos)
	}
	return out, nil
}

// activityType maps a history row's type, subtype, side and direction.
func activityType(t wireTransaction) integrations.ActivityType {
	switch t.Type {
	case "TRADE":
		switch t.Side {
		case "BUY":
			return integrations.ActivityBuy
		case "SELL":
			return integrations.ActivitySell
		}
		return integrations.ActivityOther
	case "MONEY_MOVEMENT":
		switch t.SubType {
		case "DEPOSIT":
			return integrations.ActivityContribution
		case "WITHDRAWAL":
			return integrations.ActivityWithdrawal
		case "DIVIDEND":
			return integrations.ActivityDividend
		case "INTEREST":
			return integrations.ActivityInterest
		case "FEE":
			return integrations.ActivityFee
		case "TRANSFER", "TREASURY_BILL_TRANSFER":
			if t.Direction == "OUTGOING" || (t.NetAmount.Valid && t.NetAmount.Decimal.IsNegative()) {
				return integrations.ActivityTransferOut
			}
			return integrations.ActivityTransferIn
		}
	}
	return integrations.ActivityOther
}

func decodeHistory(b []byte) ([]integrations.Activity, string, error) {
	var w struct {
		Transactions []wireTransaction `json:"transactions"`
		NextToken    *string           `json:"nextToken"`
	}
	if json.Unmarshal(b, &w) != nil {
		return nil, "", errMalformed
	}
	out := make([]integrations.Activity, 0, len(w.Transactions))
	for _, t := range w.Transactions {
		if t.ID == "" || t.Type == "" || t.Timestamp.IsZero() || !saneNull(t.NetAmount, t.PrincipalAmount, t.Quantity, t.Fees) {
			return nil, "", errMalformed
		}
		typ := activityType(t)
		raw := t.Type
		if t.SubType != "" && t.SubType != t.Type {
			raw += "/" + t.SubType
		}
		amt := t.NetAmount.Decimal
		switch {
		case t.Direction == "OUTGOING":
			amt = amt.Abs().Neg()
		case t.Direction == "INCOMING":
			amt = amt.Abs()
		}
		switch typ {
		case integrations.ActivityBuy, integrations.ActivityWithdrawal, integrations.ActivityFee:
			amt = amt.Abs().Neg()
		case integrations.ActivitySell, integrations.ActivityContribution:
			amt = amt.Abs()
		}
		units := t.Quantity.Decimal
		if typ == integrations.ActivitySell {
			units = units.Abs().Neg()
		}
		var price decimal.Decimal
		if t.PrincipalAmount.Valid && !units.IsZero() && (typ == integrations.ActivityBuy || typ == integrations.ActivitySell) {
			price = t.PrincipalAmount.Decimal.Abs().DivRound(units.Abs(), 6)
		}
		desc := t.Description
		if desc == "" {
			desc = strings.ToLower(strings.ReplaceAll(raw, "_", " "))
		}
		out = append(out, integrations.Activity{ID: t.ID, Type: typ, RawType: raw,
			TradeDate: integrations.DateOf(t.Timestamp.UTC()), Symbol: t.Symbol, Units: units, Price: price,
			Amount: amt, Fee: t.Fees.Decimal.Abs(), Currency: "USD", Description: desc})
	}
	next := ""
	if w.NextToken != nil {
		next = *w.NextToken
	}
	return out, next, nil
}

// --- Client ---------------------------------------------------------------------

// refreshMargin mints a new access token this long before the old one ends.
const refreshMargin = time.Minute

type client struct {
	api  *api
	save integrations.SaveFunc

	mu    sync.Mutex
	grant integrations.Grant
	sec   secret
	ids   map[string]string // Latchkey account id → account number
}

var _ integrations.Client = (*client)(nil)

// token returns the access token to use. It mints a new one when the last
// one is due, or was refused (stale: the token the refusal came with), and
// saves the grant with it before it is used.
func (c *client) token(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.api.now()
	due := c.sec.Access == "" || !now.Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	tok, err := c.api.mint(ctx, c.sec.Secret, false)
	if err != nil {
		return "", err
	}
	httpx.RedactorOf(c.api.http).Add(tok)
	next := c.sec
	next.Access, next.AccessExpiry = tok, now.Add(tokenValidity)
	g := c.grant
	g.Secret = next.encode()
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return "", fmt.Errorf("public: saving the new access token: %w", err)
		}
	}
	c.grant, c.sec = g, next
	return tok, nil
}

// get fetches a gateway path; a refused access token is replaced once.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	tok, err := c.token(ctx, "")
	if err != nil {
		return nil, err
	}
	b, err := c.api.get(ctx, tok, path, q)
	if err != errTokenRefused {
		return b, err
	}
	if tok, err = c.token(ctx, tok); err != nil {
		return nil, err
	}
	b, err = c.api.get(ctx, tok, path, q)
	if err == errTokenRefused {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "Public.com refused a new access token")
	}
	return b, err
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	b, err := c.get(ctx, pathAccounts, nil)
	if err != nil {
		return nil, err
	}
	accts, numbers, err := decodeAccounts(b)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	for i, a := range accts {
		c.ids[a.ID] = numbers[i]
	}
	c.mu.Unlock()
	return accts, nil
}

// number returns the account number behind a Latchkey account id, listing
// the accounts once if it is not known yet.
func (c *client) number(ctx context.Context, id string) (string, error) {
	c.mu.Lock()
	n, ok := c.ids[id]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	if _, err := c.Accounts(ctx); err != nil {
		return "", err
	}
	c.mu.Lock()
	n, ok = c.ids[id]
	c.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("public: no account %s for this login", id)
	}
	return n, nil
}

func (c *client) portfolio(ctx context.Context, id string) (wirePortfolio, error) {
	n, err := c.number(ctx, id)
	if err != nil {
		return wirePortfolio{}, err
	}
	b, err := c.get(ctx, pathPortfolio(n), nil)
	if err != nil {
		return wirePortfolio{}, err
	}
	return decodePortfolio(b)
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	p, err := c.portfolio(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return p.balances(), nil
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	p, err := c.portfolio(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return p.positions(c.api.now())
}

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	q := url.Values{"pageSize": {fmt.Sprint(historyPageSize)}}
	if !since.IsZero() {
		q.Set("start", since.UTC().Format(time.RFC3339))
	}
	var out []integrations.Activity
	seen := map[string]bool{}
	for range maxPages {
		b, err := c.get(ctx, pathHistory(n), q)
		if err != nil {
			return nil, err
		}
		page, next, err := decodeHistory(b)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			if a.TradeDate.Time().Before(integrations.DateOf(since.UTC()).Time()) || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			out = append(out, a)
		}
		if next == "" {
			return out, nil
		}
		if next == q.Get("nextToken") {
			return nil, errMalformed // the same page again: the server is going round in circles
		}
		q.Set("nextToken", next)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages")
}
