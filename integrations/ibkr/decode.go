package ibkr

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// dec is a decimal read by its text, never through float64: IBKR sends most
// amounts as JSON numbers (17550.0) and some as strings ("192.26").
type dec = integrations.Number

var errMalformed = integrations.Malformed("Interactive Brokers")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// flexID is an id IBKR sends as a JSON number in one place and a string in
// another (a trade's conid: 265598 in one version of the reference's
// example, "265598" in another).
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(strings.TrimSpace(s))
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			return err
		}
		*f = flexID(n)
	}
	return nil
}

// --- The live session token ------------------------------------------------

// wireLST is POST /oauth/live_session_token's answer.
type wireLST struct {
	DHResponse string `json:"diffie_hellman_response"`
	Signature  string `json:"live_session_token_signature"`
	// Expiration is the token's end in Unix milliseconds.
	Expiration int64 `json:"live_session_token_expiration"`
}

func decodeLST(b []byte) (wireLST, error) {
	return httpx.Row(b, errMalformed, func(w wireLST) bool {
		return w.DHResponse != "" && len(w.DHResponse) <= 2048 && w.Signature != "" && len(w.Signature) <= 128
	})
}

// lstLife is how long a token is taken to live when the answer names no
// expiration (the guide's example has none; ibind reads one).
const lstLife = 23 * time.Hour

// expiry is the token's end: its expiration, or now plus lstLife.
func (w wireLST) expiry(now time.Time) time.Time {
	if w.Expiration > 0 && w.Expiration < math.MaxInt64/2 {
		if t := time.UnixMilli(w.Expiration); t.After(now) {
			return t
		}
	}
	return now.Add(lstLife)
}

// --- Accounts -------------------------------------------------------------

// wireAccount is one row of GET /portfolio/accounts.
type wireAccount struct {
	ID             string `json:"id"`
	AccountID      string `json:"accountId"`
	AccountAlias   string `json:"accountAlias"`
	Currency       string `json:"currency"`
	Type           string `json:"type"`
	ClearingStatus string `json:"clearingStatus"`
	AcctCustType   string `json:"acctCustType"`
}

func (w wireAccount) number() string {
	if w.ID != "" {
		return strings.TrimSpace(w.ID)
	}
	return strings.TrimSpace(w.AccountID)
}

// paper reports whether an account is a paper-trading one: its type is DEMO
// or its id starts with D (DU…, as the reference's examples have them).
func (w wireAccount) paper() bool {
	return strings.EqualFold(w.Type, "DEMO") || strings.HasPrefix(strings.ToUpper(w.number()), "D")
}

// acct is what the client keeps of one account.
type acct struct {
	number   string
	currency string
}

// decodeAccounts reads the accounts of a login; numbers holds each one's
// full account id (for paths), never shown.
func decodeAccounts(b []byte, instID string) ([]integrations.Account, []acct, error) {
	var w []wireAccount
	if err := decode(b, &w); err != nil {
		return nil, nil, err
	}
	out := make([]integrations.Account, 0, len(w))
	info := make([]acct, 0, len(w))
	for _, a := range w {
		n := a.number()
		if n == "" || len(n) > 64 {
			return nil, nil, errMalformed
		}
		cur := strings.ToUpper(strings.TrimSpace(a.Currency))
		if !integrations.IsCurrencyCode(cur) {
			cur = "USD"
		}
		raw := strings.ToUpper(strings.TrimSpace(a.Type))
		if raw == "" {
			raw = "INDIVIDUAL"
		}
		cat := integrations.CategoryInvestment
		if strings.Contains(raw, "IRA") || strings.Contains(strings.ToUpper(a.AcctCustType), "IRA") {
			cat = integrations.CategoryRetirement
		}
		status := "open"
		switch strings.ToUpper(a.ClearingStatus) {
		case "", "O":
		case "C":
			status = "closed"
		case "P", "N":
			status = "pending"
		default:
			status = strings.ToLower(a.ClearingStatus)
		}
		masked := integrations.MaskNumber(n)
		name := "Interactive Brokers " + masked
		if a.paper() {
			name = "Interactive Brokers paper " + masked
		}
		if alias := strings.TrimSpace(a.AccountAlias); alias != "" && !strings.Contains(alias, n) && len(alias) <= 64 {
			name = alias
		}
		out = append(out, integrations.Account{ID: integrations.AccountHash(instID, n), Number: masked, Name: name,
			RawType: raw, Category: cat, Currency: cur, Status: status, Paper: a.paper()})
		info = append(info, acct{number: n, currency: cur})
	}
	return out, info, nil
}

// --- Balances ---------------------------------------------------------------

// wireLedger is one currency of GET /portfolio/{accountId}/ledger: the
// answer maps each currency (and BASE, the account's base currency
// restated) to one.
type wireLedger struct {
	Currency    string `json:"currency"`
	CashBalance dec    `json:"cashbalance"`
	SettledCash dec    `json:"settledcash"`
	NetLiq      dec    `json:"netliquidationvalue"`
}

// decodeLedger reads one balance per currency; BASE, a restatement of the
// others in the base currency, is left out.
func decodeLedger(b []byte) ([]integrations.Balance, error) {
	var w map[string]wireLedger
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if w == nil {
		return nil, errMalformed
	}
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []integrations.Balance
	for _, k := range keys {
		cur := strings.ToUpper(k)
		if cur == "BASE" {
			continue
		}
		if !integrations.IsCurrencyCode(cur) {
			continue // not a currency: nothing IBKR documents
		}
		l := w[k]
		cash := l.CashBalance
		if !cash.Valid {
			cash = l.SettledCash
		}
		if !cash.Valid {
			return nil, errMalformed
		}
		total := l.NetLiq.OrZero()
		if !l.NetLiq.Valid {
			total = cash.Decimal
		}
		out = append(out, integrations.Balance{Currency: cur, Cash: cash.Decimal, Total: total})
	}
	return out, nil
}

// --- Positions ------------------------------------------------------------

// wirePosition is one row of GET /portfolio/{accountId}/positions/{pageId}
// (the reference's IndividualPosition).
type wirePosition struct {
	AcctID          string `json:"acctId"`
	Conid           flexID `json:"conid"`
	ContractDesc    string `json:"contractDesc"`
	Ticker          string `json:"ticker"`
	Name            string `json:"name"`
	FullName        string `json:"fullName"`
	Position        dec    `json:"position"`
	MktPrice        dec    `json:"mktPrice"`
	MktValue        dec    `json:"mktValue"`
	AvgCost         dec    `json:"avgCost"`
	AvgPrice        dec    `json:"avgPrice"`
	Currency        string `json:"currency"`
	AssetClass      string `json:"assetClass"`
	Type            string `json:"type"`
	ListingExchange string `json:"listingExchange"`
	PageSize        int    `json:"pageSize"`
}

// assetClasses maps IBKR's asset classes (sec types). Futures, futures
// options, warrants and CFDs have multipliers the position does not state
// reliably: they are "other".
var assetClasses = map[string]integrations.SecurityType{
	"STK":    integrations.SecurityEquity,
	"OPT":    integrations.SecurityOption,
	"FUND":   integrations.SecurityFund,
	"BOND":   integrations.SecurityBond,
	"BILL":   integrations.SecurityBond,
	"CASH":   integrations.SecurityCash,
	"CRYPTO": integrations.SecurityCrypto,
}

func securityType(assetClass, typ string) integrations.SecurityType {
	t, ok := assetClasses[strings.ToUpper(strings.TrimSpace(assetClass))]
	if !ok {
		return integrations.SecurityOther
	}
	if t == integrations.SecurityEquity && strings.EqualFold(strings.TrimSpace(typ), "ETF") {
		return integrations.SecurityETF
	}
	return t
}

// decodePositions reads one page: the open positions (rows with a position
// of zero are closed today and left out), the number of rows the page held,
// and the page size the rows name (0 when they name none).
func decodePositions(b []byte, asOf time.Time) (pos []integrations.Position, rows, pageSize int, err error) {
	var w []wirePosition
	if err := decode(b, &w); err != nil {
		return nil, 0, 0, err
	}
	for _, p := range w {
		ticker := strings.TrimSpace(p.Ticker)
		if ticker == "" {
			ticker = strings.TrimSpace(p.ContractDesc)
		}
		cur := strings.ToUpper(strings.TrimSpace(p.Currency))
		if ticker == "" || !p.Position.Valid || !integrations.IsCurrencyCode(cur) {
			return nil, 0, 0, errMalformed
		}
		if p.PageSize > 0 {
			pageSize = p.PageSize
		}
		if p.Position.Decimal.IsZero() {
			continue
		}
		desc := strings.TrimSpace(p.FullName)
		if desc == "" {
			desc = strings.TrimSpace(p.Name)
		}
		if desc == "" {
			desc = strings.TrimSpace(p.ContractDesc)
		}
		var basis decimal.NullDecimal
		if p.AvgCost.Valid {
			basis = decimal.NewNullDecimal(p.AvgCost.Decimal.Mul(p.Position.Decimal))
		}
		pos = append(pos, integrations.Position{
			Symbol: integrations.Symbol{Ticker: ticker, Description: desc, Type: securityType(p.AssetClass, p.Type),
				Exchange: strings.TrimSpace(p.ListingExchange), Currency: cur},
			Units:       p.Position.Decimal,
			Price:       p.MktPrice.OrZero(),
			MarketValue: p.MktValue.OrZero(),
			AverageCost: p.AvgPrice.Null(),
			CostBasis:   basis,
			Currency:    cur,
			AsOf:        asOf,
		})
	}
	return pos, len(w), pageSize, nil
}

// --- Brokerage session ----------------------------------------------------

// wireAuthStatus is the answer of POST /iserver/auth/ssodh/init.
type wireAuthStatus struct {
	Authenticated bool   `json:"authenticated"`
	Competing     bool   `json:"competing"`
	Connected     bool   `json:"connected"`
	Message       string `json:"message"`
}

func decodeAuthStatus(b []byte) (wireAuthStatus, error) {
	var w wireAuthStatus
	if err := decode(b, &w); err != nil {
		return wireAuthStatus{}, err
	}
	return w, nil
}

// --- Trades ---------------------------------------------------------------

// wireTrade is one execution of GET /iserver/account/trades.
type wireTrade struct {
	ExecutionID       string `json:"execution_id"`
	Symbol            string `json:"symbol"`
	Side              string `json:"side"`
	OrderDescription  string `json:"order_description"`
	TradeTime         string `json:"trade_time"`
	TradeTimeR        int64  `json:"trade_time_r"`
	Size              dec    `json:"size"`
	Price             dec    `json:"price"`
	Commission        dec    `json:"commission"`
	NetAmount         dec    `json:"net_amount"`
	Account           string `json:"account"`
	AccountCode       string `json:"accountCode"`
	ContractDesc      string `json:"contract_description_1"`
	SecType           string `json:"sec_type"`
	Conid             flexID `json:"conid"`
	ListingExchange   string `json:"listing_exchange"`
	LiquidationTrade  string `json:"liquidation_trade"`
	CompanyName       string `json:"company_name"`
	AccountAllocation string `json:"account_allocation_name"`
}

// account is the account id an execution belongs to: accountCode (account
// may hold the account's alias).
func (w wireTrade) account() string {
	if w.AccountCode != "" {
		return strings.TrimSpace(w.AccountCode)
	}
	return strings.TrimSpace(w.Account)
}

// when is the execution's time: trade_time_r (Unix ms), else trade_time
// (UTC, YYYYMMDD-hh:mm:ss).
func (w wireTrade) when() (time.Time, bool) {
	if w.TradeTimeR > 0 && w.TradeTimeR < 1e15 {
		return time.UnixMilli(w.TradeTimeR).UTC(), true
	}
	t, err := time.Parse("20060102-15:04:05", strings.TrimSpace(w.TradeTime))
	return t, err == nil
}

// decodeTrades reads the executions of one answer.
func decodeTrades(b []byte) ([]wireTrade, error) {
	return httpx.Rows(b, errMalformed, func(t wireTrade) bool {
		_, ok := t.when()
		return ok && strings.TrimSpace(t.ExecutionID) != "" && t.Size.Valid
	})
}

// sides maps a trade's side. The reference names B and S; real answers also
// carry X (an option that expired) and the words some IBKR tools use.
var sides = map[string]integrations.ActivityType{
	"B": integrations.ActivityBuy, "BUY": integrations.ActivityBuy, "BOT": integrations.ActivityBuy,
	"S": integrations.ActivitySell, "SELL": integrations.ActivitySell, "SLD": integrations.ActivitySell,
}

// activity maps an execution; currency is its instrument's currency.
func (w wireTrade) activity(currency string) (integrations.Activity, error) {
	t, _ := w.when()
	side := strings.ToUpper(strings.TrimSpace(w.Side))
	symbol := strings.TrimSpace(w.Symbol)
	if symbol == "" {
		symbol = strings.TrimSpace(w.ContractDesc)
	}
	if side == "" || !integrations.IsCurrencyCode(currency) {
		return integrations.Activity{}, errMalformed
	}
	size := w.Size.Decimal.Abs()
	price := w.Price.OrZero()
	gross := w.NetAmount.OrZero().Abs()
	if !w.NetAmount.Valid {
		gross = size.Mul(price)
	}
	fee := w.Commission.OrZero().Abs()
	raw := side
	if st := strings.ToUpper(strings.TrimSpace(w.SecType)); st != "" {
		raw += " " + st
	}
	a := integrations.Activity{ID: strings.TrimSpace(w.ExecutionID), RawType: raw, TradeDate: integrations.DateOf(t),
		Symbol: symbol, Units: size, Price: price, Fee: fee, Currency: currency,
		Description: strings.TrimSpace(w.OrderDescription)}
	typ, ok := sides[side]
	switch {
	case !ok:
		// X (an expiry) and the unknown: no cash moves that we can tell.
		typ = integrations.ActivityOther
	case symbol == "":
		return integrations.Activity{}, errMalformed
	}
	a.Type = typ
	a.Units, a.Amount = integrations.Traded(typ, size, gross, fee)
	if a.Description == "" {
		a.Description = raw + " " + size.String() + " " + symbol
	}
	return a, nil
}

// --- Contract info ----------------------------------------------------------

// wireContract is GET /iserver/contract/{conid}/info (the fields read).
type wireContract struct {
	Conid    flexID `json:"con_id"`
	Currency string `json:"currency"`
}

// decodeContractCurrency reads a contract's currency.
func decodeContractCurrency(b []byte) (string, error) {
	var w wireContract
	if err := decode(b, &w); err != nil {
		return "", err
	}
	c := strings.ToUpper(strings.TrimSpace(w.Currency))
	if !integrations.IsCurrencyCode(c) {
		return "", errMalformed
	}
	return c, nil
}
