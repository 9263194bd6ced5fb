package tradier

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// list is Tradier's list quirk: several items are an array, a single item is
// the object itself, and no item is the string "null" (or null).
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errors.New("tradier: empty list")
	case string(b) == "null" || string(b) == `"null"`:
		*l = nil
	case b[0] == '[':
		var v []T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
	case b[0] == '{':
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = list[T]{v}
	default:
		return errors.New("tradier: not a list")
	}
	return nil
}

// obj is an envelope that is "null" when empty: {"positions":"null"}.
type obj[T any] struct {
	v     T
	Valid bool
}

func (o *obj[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `"null"` {
		*o = obj[T]{}
		return nil
	}
	if len(b) == 0 || b[0] != '{' {
		return errors.New("tradier: not an object")
	}
	if err := json.Unmarshal(b, &o.v); err != nil {
		return err
	}
	o.Valid = true
	return nil
}

var errMalformed = integrations.Malformed("Tradier")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// --- Profile --------------------------------------------------------------------------

type wireAccount struct {
	AccountNumber  string `json:"account_number"`
	Classification string `json:"classification"`
	Status         string `json:"status"`
	Type           string `json:"type"`
}

type wireProfile struct {
	Profile obj[struct {
		ID      string            `json:"id"`
		Name    string            `json:"name"`
		Account list[wireAccount] `json:"account"`
	}] `json:"profile"`
}

// decodeProfile reads GET /v1/user/profile: the user id and the accounts.
func decodeProfile(b []byte, inst string, paper bool) (string, []integrations.NumberedAccount, error) {
	var w wireProfile
	if err := decode(b, &w); err != nil {
		return "", nil, err
	}
	p := w.Profile.v
	if !w.Profile.Valid || p.ID == "" {
		return "", nil, errMalformed
	}
	out := make([]integrations.NumberedAccount, 0, len(p.Account))
	for _, a := range p.Account {
		if a.AccountNumber == "" {
			return "", nil, errMalformed
		}
		cat := integrations.CategoryInvestment
		if strings.Contains(strings.ToLower(a.Classification), "ira") {
			cat = integrations.CategoryRetirement
		}
		name := strings.TrimSpace(titleWord(a.Classification) + " " + a.Type + " account")
		out = append(out, integrations.NumberedAccount{Full: a.AccountNumber, Account: integrations.Account{
			ID: integrations.AccountHash(inst, a.AccountNumber), Number: integrations.MaskNumber(a.AccountNumber), Name: name,
			RawType: strings.Trim(a.Classification+"/"+a.Type, "/"), Category: cat, Currency: "USD", Status: integrations.AccountStatus(a.Status), Paper: paper,
		}})
	}
	return p.ID, out, nil
}

func titleWord(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// profilePath is the profile's path: the user and the accounts.
const profilePath = "/v1/user/profile"

// decodeProfile reads the variant's profile.
func (in *Integration) decodeProfile(b []byte) (string, []integrations.NumberedAccount, error) {
	return decodeProfile(b, in.ID(), in.Paper)
}

// --- Balances ------------------------------------------------------------------------

type wireBalances struct {
	Balances obj[struct {
		AccountType string `json:"account_type"`
		TotalEquity num    `json:"total_equity"`
		TotalCash   num    `json:"total_cash"`
		Margin      *struct {
			StockBuyingPower num `json:"stock_buying_power"`
		} `json:"margin"`
		PDT *struct {
			StockBuyingPower num `json:"stock_buying_power"`
		} `json:"pdt"`
		Cash *struct {
			CashAvailable num `json:"cash_available"`
		} `json:"cash"`
	}] `json:"balances"`
}

func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w wireBalances
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	x := w.Balances.v
	if !w.Balances.Valid || !x.TotalCash.Valid || !x.TotalEquity.Valid {
		return nil, errMalformed
	}
	var bp decimal.NullDecimal
	switch {
	case x.Margin != nil:
		bp = x.Margin.StockBuyingPower.Null()
	case x.PDT != nil:
		bp = x.PDT.StockBuyingPower.Null()
	case x.Cash != nil:
		bp = x.Cash.CashAvailable.Null()
	}
	return []integrations.Balance{{Currency: "USD", Cash: x.TotalCash.Decimal, BuyingPower: bp, Total: x.TotalEquity.Decimal}}, nil
}

// --- Positions and quotes --------------------------------------------------------------

type wirePosition struct {
	CostBasis    num    `json:"cost_basis"`
	DateAcquired string `json:"date_acquired"`
	ID           int64  `json:"id"`
	Quantity     num    `json:"quantity"`
	Symbol       string `json:"symbol"`
}

// symbol is what the quotes call prices the position by.
func (p wirePosition) symbol() (string, bool) { return p.Symbol, p.Symbol != "" }

type wirePositions struct {
	Positions obj[struct {
		Position list[wirePosition] `json:"position"`
	}] `json:"positions"`
}

func decodePositions(b []byte) ([]wirePosition, error) {
	var w wirePositions
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	for _, p := range w.Positions.v.Position {
		if p.Symbol == "" || !p.Quantity.Valid {
			return nil, errMalformed
		}
	}
	return w.Positions.v.Position, nil
}

type wireQuote struct {
	Symbol       string `json:"symbol"`
	Description  string `json:"description"`
	Exch         string `json:"exch"`
	Type         string `json:"type"`
	Last         num    `json:"last"`
	PrevClose    num    `json:"prevclose"`
	Close        num    `json:"close"`
	ContractSize num    `json:"contract_size"`
}

type wireQuotes struct {
	Quotes obj[struct {
		Quote list[wireQuote] `json:"quote"`
	}] `json:"quotes"`
}

func decodeQuotes(b []byte) (map[string]wireQuote, error) {
	var w wireQuotes
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := map[string]wireQuote{}
	for _, q := range w.Quotes.v.Quote {
		if q.Symbol != "" {
			out[q.Symbol] = q
		}
	}
	return out, nil
}

var securityTypes = map[string]integrations.SecurityType{
	"stock": integrations.SecurityEquity, "etf": integrations.SecurityETF, "option": integrations.SecurityOption,
	"mutual_fund": integrations.SecurityFund, "bond": integrations.SecurityBond,
}

// position joins a position with its quote: price, value and type.
func position(p wirePosition, q wireQuote, asOf time.Time) integrations.Position {
	typ, ok := securityTypes[strings.ToLower(q.Type)]
	if !ok {
		typ = integrations.SecurityOther
	}
	mult := decimal.NewFromInt(1)
	if typ == integrations.SecurityOption {
		mult = decimal.NewFromInt(100)
		if q.ContractSize.Valid && q.ContractSize.Decimal.IsPositive() {
			mult = q.ContractSize.Decimal
		}
	}
	price := q.Last
	if !price.Valid {
		price = q.PrevClose
	}
	if !price.Valid {
		price = q.Close
	}
	units := p.Quantity.Decimal
	pos := integrations.Position{
		Symbol:    integrations.Symbol{Ticker: p.Symbol, Description: q.Description, Type: typ, Exchange: q.Exch, Currency: "USD"},
		Units:     units,
		Price:     price.OrZero(),
		CostBasis: p.CostBasis.Null(),
		Currency:  "USD",
		AsOf:      asOf,
	}
	if price.Valid {
		pos.MarketValue = units.Mul(price.Decimal).Mul(mult).Round(2)
	}
	if p.CostBasis.Valid && !units.IsZero() {
		pos.AverageCost = decimal.NewNullDecimal(p.CostBasis.Decimal.Div(units.Mul(mult)).Round(6))
	}
	return pos
}

// --- History --------------------------------------------------------------------------

// wireDetail is an event's detail object: under a key named after the
// event's type ("trade": {...}), or under another one — Tradier's own history
// example puts a dividend's under "adjustment".
type wireDetail struct {
	Commission  num    `json:"commission"`
	Description string `json:"description"`
	Price       num    `json:"price"`
	Quantity    num    `json:"quantity"`
	Symbol      string `json:"symbol"`
	TradeType   string `json:"trade_type"`
	OptionType  string `json:"option_type"`
}

type wireEvent struct {
	Amount num    `json:"amount"`
	Date   string `json:"date"`
	Type   string `json:"type"`
	detail wireDetail
}

func (e *wireEvent) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	type plain wireEvent
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*e = wireEvent(p)
	delete(m, "amount")
	delete(m, "date")
	delete(m, "type")
	raw, ok := m[p.Type]
	if !ok {
		raw, ok = m["adjustment"]
	}
	if !ok { // the one object left, whatever its key
		keys := make([]string, 0, len(m))
		for k, v := range m {
			if v = bytes.TrimSpace(v); len(v) > 0 && v[0] == '{' {
				keys = append(keys, k)
			}
		}
		if len(keys) == 1 {
			raw, ok = m[keys[0]]
		}
	}
	if ok {
		if err := json.Unmarshal(raw, &e.detail); err != nil {
			return err
		}
	}
	return nil
}

type wireHistory struct {
	History obj[struct {
		Event list[wireEvent] `json:"event"`
	}] `json:"history"`
}

func decodeHistory(b []byte) ([]wireEvent, error) {
	var w wireHistory
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	return w.History.v.Event, nil
}

// eventDate reads an event's date: "2018-10-31T00:00:00Z".
func eventDate(s string) (integrations.Date, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return integrations.Date(t.Format(time.DateOnly)), nil
	}
	return integrations.ParseDate(s)
}

// eventType maps a history event to the universal types.
func eventType(e wireEvent) integrations.ActivityType {
	amount, qty := e.Amount.OrZero(), e.detail.Quantity.OrZero()
	sign := func(in, out integrations.ActivityType) integrations.ActivityType {
		return integrations.BySign(in, out, amount, qty)
	}
	switch strings.ToLower(e.Type) {
	case "trade":
		if qty.IsNegative() {
			return integrations.ActivitySell
		}
		if qty.IsPositive() {
			return integrations.ActivityBuy
		}
		return sign(integrations.ActivitySell, integrations.ActivityBuy)
	case "dividend":
		return integrations.ActivityDividend
	case "interest":
		return integrations.ActivityInterest
	case "fee":
		return integrations.ActivityFee
	case "tax":
		return integrations.ActivityTax
	case "ach", "wire", "check":
		return sign(integrations.ActivityContribution, integrations.ActivityWithdrawal)
	case "journal", "transfer":
		return sign(integrations.ActivityTransferIn, integrations.ActivityTransferOut)
	default: // option (exercise, assignment, expiry), adjustment, anything new
		return integrations.ActivityOther
	}
}

// mapEvents maps a read's events. Tradier's events have no id: each gets a
// hash of its fields and of how many identical events came before it in the
// read (whole days are always read, so the count is stable).
func mapEvents(acct string, events []wireEvent) ([]integrations.Activity, error) {
	out := make([]integrations.Activity, 0, len(events))
	ids := integrations.RowIDs{Prefix: "ev-"}
	for _, e := range events {
		d, err := eventDate(e.Date)
		if err != nil || e.Type == "" || !e.Amount.Valid {
			return nil, errMalformed
		}
		x := e.detail
		raw := strings.ToLower(e.Type)
		if x.OptionType != "" {
			raw += "/" + strings.ToLower(x.OptionType)
		} else if x.TradeType != "" {
			raw += "/" + strings.ToLower(x.TradeType)
		}
		key := fmt.Sprint(acct, "|", d, "|", raw, "|", e.Amount.Decimal.String(), "|", x.Symbol, "|", x.Quantity.OrZero().String(), "|", x.Price.OrZero().String(), "|", x.Description)
		desc := strings.TrimSpace(x.Description)
		if desc == "" {
			desc = titleWord(e.Type)
		}
		out = append(out, integrations.Activity{
			ID: ids.ID(key), Type: eventType(e), RawType: raw, TradeDate: d,
			Symbol: x.Symbol, Units: x.Quantity.OrZero(), Price: x.Price.OrZero(), Amount: e.Amount.Decimal,
			Fee: x.Commission.OrZero().Abs(), Currency: "USD", Description: desc,
		})
	}
	return out, nil
}
