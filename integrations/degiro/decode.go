package degiro

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// parseNum reads a decimal from a raw JSON number or string, from its text,
// never through float64. ok is false for null, "" and anything else.
func parseNum(raw json.RawMessage) (decimal.Decimal, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return decimal.Decimal{}, false
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return decimal.Decimal{}, false
		}
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

// num is a decimal field decoded from its JSON text.
type num struct {
	d     decimal.Decimal
	valid bool
}

func (n *num) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = num{}
		return nil
	}
	d, ok := parseNum(b)
	if !ok {
		return errMalformed
	}
	*n = num{d: d, valid: true}
	return nil
}

func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.Trim(string(bytes.TrimSpace(raw)), `"`)
}

// --- update: the name/value rows of portfolio and cashFunds -------------------

type kv struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

type row struct {
	Name  string `json:"name"`
	ID    any    `json:"id"`
	Value []kv   `json:"value"`
}

type section struct {
	LastUpdated int64 `json:"lastUpdated"`
	Value       []row `json:"value"`
}

type wireUpdate struct {
	Portfolio *section `json:"portfolio"`
	CashFunds *section `json:"cashFunds"`
}

func fields(r row) map[string]json.RawMessage {
	m := make(map[string]json.RawMessage, len(r.Value))
	for _, f := range r.Value {
		m[f.Name] = f.Value
	}
	return m
}

// positionRow is one position of the update's portfolio.
type positionRow struct {
	ProductID string
	Size      decimal.Decimal
	Price     decimal.Decimal
	BreakEven decimal.NullDecimal
}

// cashRow is one cash fund.
type cashRow struct {
	Currency string
	Value    decimal.Decimal
}

// decodeUpdate reads the portfolio and cash funds of GET
// /trading/secure/v5/update: rows of {name, value} pairs. Positions of type
// PRODUCT with a size are kept; closed (size 0) and cash-fund rows are not.
func decodeUpdate(b []byte) ([]positionRow, []cashRow, error) {
	var w wireUpdate
	if err := decode(b, &w); err != nil {
		return nil, nil, err
	}
	if w.Portfolio == nil && w.CashFunds == nil {
		return nil, nil, errMalformed
	}
	var pos []positionRow
	if w.Portfolio != nil {
		for _, r := range w.Portfolio.Value {
			if r.Name != "positionrow" {
				continue
			}
			f := fields(r)
			id := rawString(f["id"])
			if id == "" {
				return nil, nil, errMalformed
			}
			if t := rawString(f["positionType"]); t != "" && t != "PRODUCT" {
				continue
			}
			size, ok1 := parseNum(f["size"])
			price, ok2 := parseNum(f["price"])
			if !ok1 || !ok2 {
				return nil, nil, errMalformed
			}
			if size.IsZero() {
				continue
			}
			p := positionRow{ProductID: id, Size: size, Price: price}
			if be, ok := parseNum(f["breakEvenPrice"]); ok {
				p.BreakEven = decimal.NewNullDecimal(be)
			}
			pos = append(pos, p)
		}
	}
	var cash []cashRow
	if w.CashFunds != nil {
		for _, r := range w.CashFunds.Value {
			if r.Name != "cashFund" {
				continue
			}
			f := fields(r)
			cur := strings.ToUpper(rawString(f["currencyCode"]))
			v, ok := parseNum(f["value"])
			if cur == "" || !ok {
				return nil, nil, errMalformed
			}
			cash = append(cash, cashRow{Currency: cur, Value: v})
		}
	}
	return pos, cash, nil
}

// --- products/info -----------------------------------------------------------

type wireProduct struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ISIN        string `json:"isin"`
	Symbol      string `json:"symbol"`
	Currency    string `json:"currency"`
	ProductType string `json:"productType"`
	ExchangeID  string `json:"exchangeId"`
}

func decodeProducts(b []byte) (map[string]wireProduct, error) {
	var w struct {
		Data map[string]wireProduct `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if w.Data == nil {
		return nil, errMalformed
	}
	return w.Data, nil
}

var productTypes = map[string]integrations.SecurityType{
	"STOCK": integrations.SecurityEquity, "ETF": integrations.SecurityETF, "FUND": integrations.SecurityFund,
	"BOND": integrations.SecurityBond, "OPTION": integrations.SecurityOption, "CASH": integrations.SecurityCash,
}

func symbolOf(p wireProduct) integrations.Symbol {
	typ, ok := productTypes[strings.ToUpper(p.ProductType)]
	if !ok {
		typ = integrations.SecurityOther
	}
	ticker := p.Symbol
	if ticker == "" {
		ticker = p.ISIN
	}
	return integrations.Symbol{Ticker: ticker, Description: p.Name, Type: typ, Currency: strings.ToUpper(p.Currency), ISIN: p.ISIN}
}

// position turns a position row into a Position; bonds are priced per 100
// of face value.
func position(r positionRow, p wireProduct, asOf time.Time) integrations.Position {
	sym := symbolOf(p)
	mv := r.Size.Mul(r.Price)
	if sym.Type == integrations.SecurityBond {
		mv = mv.Div(decimal.NewFromInt(100))
	}
	pos := integrations.Position{Symbol: sym, Units: r.Size, Price: r.Price, MarketValue: mv.Round(2),
		AverageCost: r.BreakEven, Currency: sym.Currency, AsOf: asOf}
	if r.BreakEven.Valid {
		cb := r.Size.Mul(r.BreakEven.Decimal)
		if sym.Type == integrations.SecurityBond {
			cb = cb.Div(decimal.NewFromInt(100))
		}
		pos.CostBasis = decimal.NewNullDecimal(cb.Round(2))
	}
	return pos
}

// --- account info ------------------------------------------------------------

func decodeAccountInfo(b []byte) (string, error) {
	var w struct {
		Data struct {
			BaseCurrency string `json:"baseCurrency"`
		} `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return "", err
	}
	if w.Data.BaseCurrency == "" {
		return "", errMalformed
	}
	return strings.ToUpper(w.Data.BaseCurrency), nil
}

// --- transactions ------------------------------------------------------------

type wireTransaction struct {
	ID                       int64  `json:"id"`
	ProductID                int64  `json:"productId"`
	Date                     string `json:"date"`
	BuySell                  string `json:"buysell"`
	Price                    num    `json:"price"`
	Quantity                 num    `json:"quantity"`
	Total                    num    `json:"total"`
	TotalInBaseCurrency      num    `json:"totalInBaseCurrency"`
	TotalFeesInBaseCurrency  num    `json:"totalFeesInBaseCurrency"`
	TransactionTypeID        int    `json:"transactionTypeId"`
	TradingVenue             string `json:"tradingVenue"`
	CounterParty             string `json:"counterParty"`
	TotalPlusAllFeesInBaseCy num    `json:"totalPlusAllFeesInBaseCurrency"`
}

// dateLayouts are DEGIRO's timestamps: ISO 8601 with an offset.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999Z0700"}

func parseDate(s string) (integrations.Date, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			// DEGIRO's dates are Amsterdam local: the trade date is the local one.
			return integrations.Date(t.Format(time.DateOnly)), true
		}
	}
	return "", false
}

func decodeTransactions(b []byte) ([]wireTransaction, error) {
	var w struct {
		Data []wireTransaction `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	for _, t := range w.Data {
		if t.ID == 0 || t.ProductID == 0 || !t.Quantity.valid || !t.Price.valid {
			return nil, errMalformed
		}
		if _, ok := parseDate(t.Date); !ok {
			return nil, errMalformed
		}
	}
	return w.Data, nil
}

// transaction maps a trade: B is a buy, S a sell. The amount is the trade's
// total in the product's currency; the fee (in the base currency) is kept
// only when it is the product's currency too.
func transaction(t wireTransaction, p wireProduct, base string) integrations.Activity {
	d, _ := parseDate(t.Date)
	sym := symbolOf(p)
	if sym.Currency == "" {
		sym.Currency = base
	}
	raw := strings.ToUpper(t.BuySell)
	typ := integrations.ActivityOther
	units := t.Quantity.d
	switch raw {
	case "B":
		typ, units = integrations.ActivityBuy, units.Abs()
	case "S":
		typ, units = integrations.ActivitySell, units.Abs().Neg()
	}
	amount := t.Total.d
	if !t.Total.valid {
		amount = t.Quantity.d.Mul(t.Price.d).Neg()
	}
	fee := decimal.Zero
	if t.TotalFeesInBaseCurrency.valid && sym.Currency == base {
		fee = t.TotalFeesInBaseCurrency.d.Abs()
	}
	desc := strings.TrimSpace(map[string]string{"B": "Buy", "S": "Sell"}[raw] + " " + sym.Description)
	return integrations.Activity{ID: "t" + strconv.FormatInt(t.ID, 10), Type: typ, RawType: "TRANSACTION " + raw,
		TradeDate: d, Symbol: sym.Ticker, Units: units, Price: t.Price.d, Amount: amount, Fee: fee,
		Currency: sym.Currency, Description: desc}
}

// --- account overview (cash movements) ---------------------------------------

type wireCashMovement struct {
	ID          *int64 `json:"id"`
	Date        string `json:"date"`
	ValueDate   string `json:"valueDate"`
	Description string `json:"description"`
	Currency    string `json:"currency"`
	Change      num    `json:"change"`
	Type        string `json:"type"`
	ProductID   *int64 `json:"productId"`
}

func decodeCashMovements(b []byte) ([]wireCashMovement, error) {
	var w struct {
		Data *struct {
			CashMovements []wireCashMovement `json:"cashMovements"`
		} `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if w.Data == nil {
		return nil, errMalformed
	}
	return w.Data.CashMovements, nil
}

// descriptionTypes maps cash movement descriptions (English web trader) to
// universal types, most specific first.
var descriptionTypes = []struct {
	prefix string
	typ    integrations.ActivityType
}{
	{"dividend tax", integrations.ActivityTax},
	{"dividendbelasting", integrations.ActivityTax},
	{"dividend", integrations.ActivityDividend},
	{"capital return", integrations.ActivityDividend},
	{"interest", integrations.ActivityInterest},
	{"ideal deposit", integrations.ActivityContribution},
	{"flatex deposit", integrations.ActivityContribution},
	{"sofort deposit", integrations.ActivityContribution},
	{"deposit", integrations.ActivityContribution},
	{"processed flatex withdrawal", integrations.ActivityWithdrawal},
	{"withdrawal", integrations.ActivityWithdrawal},
	{"degiro transaction and/or third party fees", integrations.ActivityFee},
	{"degiro exchange connection fee", integrations.ActivityFee},
	{"connection fee", integrations.ActivityFee},
	{"transaction fee", integrations.ActivityFee},
	{"stock split", integrations.ActivitySplit},
}

func movementType(desc string) integrations.ActivityType {
	d := strings.ToLower(strings.TrimSpace(desc))
	for _, m := range descriptionTypes {
		if strings.HasPrefix(d, m.prefix) {
			return m.typ
		}
	}
	return integrations.ActivityOther
}

// skipMovement reports cash movements that are not activities of their own:
// the cash legs of trades (type TRANSACTION, read from transactions) and
// the money-market sweeps of the cash fund.
func skipMovement(m wireCashMovement) bool {
	switch strings.ToUpper(m.Type) {
	case "TRANSACTION", "CASH_FUND_TRANSACTION", "FLATEX_CASH_SWEEP":
		return true
	}
	return false
}

// movement maps a cash movement; a row without an id gets a stable hash of
// its contents.
func movement(m wireCashMovement, products map[string]wireProduct) (integrations.Activity, bool) {
	d, ok := parseDate(m.Date)
	if !ok || !m.Change.valid || m.Currency == "" {
		return integrations.Activity{}, false
	}
	id := ""
	if m.ID != nil {
		id = "c" + strconv.FormatInt(*m.ID, 10)
	} else {
		h := sha256.Sum256([]byte(strings.Join([]string{m.Date, m.ValueDate, m.Description, m.Currency, m.Change.d.String(), m.Type}, "\x00")))
		id = "h" + hex.EncodeToString(h[:10])
	}
	a := integrations.Activity{ID: id, Type: movementType(m.Description), RawType: m.Description,
		TradeDate: d, Amount: m.Change.d, Currency: strings.ToUpper(m.Currency), Description: m.Description}
	if sd, ok := parseDate(m.ValueDate); ok && sd >= d {
		a.SettlementDate = sd
	}
	if a.Type == integrations.ActivityFee || a.Type == integrations.ActivityTax {
		a.Fee = decimal.Zero
	}
	if m.ProductID != nil {
		if p, ok := products[strconv.FormatInt(*m.ProductID, 10)]; ok {
			a.Symbol = symbolOf(p).Ticker
		}
	}
	if a.RawType == "" {
		a.RawType = m.Type
	}
	return a, true
}

// productIDs returns the sorted distinct product ids.
func productIDs(ids map[string]bool) []string {
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
