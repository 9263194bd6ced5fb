package tiger

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types of the Open API, as the official Python SDK (tigeropen) reads
// them: every answer is {"code","message","timestamp","data"}, data an
// object (or that object as a JSON string); numbers are JSON numbers, read
// by their text (integrations.Number), never through float64.

type envelope struct {
	Code    *int64          `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

var errMalformed = integrations.Malformed("Tiger")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// openEnvelope reads an answer: its code and message, and its data with a
// JSON-string data unquoted.
func openEnvelope(b []byte) (code int64, message string, data []byte, err error) {
	var e envelope
	if err := decode(b, &e); err != nil || e.Code == nil {
		return 0, "", nil, errMalformed
	}
	data = bytes.TrimSpace(e.Data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if json.Unmarshal(data, &s) != nil {
			return 0, "", nil, errMalformed
		}
		data = []byte(s)
	}
	return *e.Code, e.Message, data, nil
}

type wireProfile struct {
	Account     string `json:"account"`
	Capability  string `json:"capability"`
	Status      string `json:"status"`
	AccountType string `json:"accountType"`
}

// profile is an account the client reads.
type profile struct {
	number, capability, status, typ string
}

// paperDigits is the length of a paper account number (the SDK's
// AccountUtil.is_paper_account: all digits, 17 or more).
const paperDigits = 17

func isPaper(account string) bool {
	if len(account) < paperDigits {
		return false
	}
	for _, r := range account {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// decodeAccounts reads the accounts method's data: the standard (prime)
// accounts. Paper accounts and legacy global accounts (U…) are left out.
func decodeAccounts(data []byte) ([]profile, error) {
	var w struct {
		Items []wireProfile `json:"items"`
	}
	if err := decode(data, &w); err != nil {
		return nil, err
	}
	var out []profile
	for _, p := range w.Items {
		acct := strings.TrimSpace(p.Account)
		if acct == "" || strings.ContainsAny(acct, "/?#%") {
			return nil, errMalformed
		}
		typ := strings.ToUpper(p.AccountType)
		if typ == "PAPER" || typ == "GLOBAL" || isPaper(acct) || (typ == "" && strings.HasPrefix(acct, "U")) {
			continue
		}
		out = append(out, profile{number: acct, capability: p.Capability, status: p.Status, typ: p.AccountType})
	}
	return out, nil
}

var capabilityNames = map[string]string{"CASH": "Cash account", "MGRN": "Margin account", "RegTMargin": "Margin account",
	"PMGRN": "Portfolio margin account"}

func (p profile) account(inst, currency string) integrations.Account {
	name := capabilityNames[p.capability]
	if name == "" {
		name = "Account"
	}
	status := strings.ToLower(p.status)
	switch p.status {
	case "Funded", "Open", "New":
		status = "open"
	}
	return integrations.Account{ID: integrations.AccountHash(inst, p.number), Number: integrations.MaskNumber(p.number),
		Name: "Tiger " + name, RawType: strings.TrimSpace(p.typ + " " + p.capability), Category: integrations.CategoryInvestment,
		Currency: currency, Status: status}
}

type wireSegment struct {
	Category       string              `json:"category"`
	Currency       string              `json:"currency"`
	CashBalance    integrations.Number `json:"cashBalance"`
	NetLiquidation integrations.Number `json:"netLiquidation"`
	BuyingPower    integrations.Number `json:"buyingPower"`
}

// decodeAssets reads prime_assets: a balance per segment currency (the
// securities segment S and the futures segments), cash and net
// liquidation of segments in the same currency added up; the buying power
// is the securities segment's (the SDK's sample repeats it in segment F);
// the first balance is the account's base currency. futures says whether a
// futures segment (category C or F) is among them.
func decodeAssets(data []byte) ([]integrations.Balance, bool, error) {
	var w struct {
		AccountID string        `json:"accountId"`
		Segments  []wireSegment `json:"segments"`
	}
	if err := decode(data, &w); err != nil {
		return nil, false, err
	}
	var out []integrations.Balance
	futures := false
	index := map[string]int{}
	for _, s := range w.Segments {
		cur := strings.ToUpper(strings.TrimSpace(s.Currency))
		if !validCurrency(cur) || !s.CashBalance.Valid || !s.NetLiquidation.Valid {
			return nil, false, errMalformed
		}
		i, ok := index[cur]
		if !ok {
			index[cur] = len(out)
			out = append(out, integrations.Balance{Currency: cur})
			i = len(out) - 1
		}
		if s.Category == "C" || s.Category == "F" {
			futures = true
		}
		b := &out[i]
		b.Cash = b.Cash.Add(s.CashBalance.Decimal)
		b.Total = b.Total.Add(s.NetLiquidation.Decimal)
		if s.BuyingPower.Valid && (s.Category == "S" || !b.BuyingPower.Valid) {
			b.BuyingPower = s.BuyingPower.Null()
		}
	}
	if len(out) == 0 {
		return nil, false, errMalformed
	}
	return out, futures, nil
}

func validCurrency(c string) bool {
	if len(c) < 3 || len(c) > 5 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

type wirePosition struct {
	Account       string              `json:"account"`
	Symbol        string              `json:"symbol"`
	Identifier    string              `json:"identifier"`
	Name          string              `json:"name"`
	Market        string              `json:"market"`
	SecType       string              `json:"secType"`
	Currency      string              `json:"currency"`
	Position      integrations.Number `json:"position"`
	PositionScale integrations.Number `json:"positionScale"`
	PositionQty   integrations.Number `json:"positionQty"`
	AverageCost   integrations.Number `json:"averageCost"`
	LatestPrice   integrations.Number `json:"latestPrice"`
	MarketValue   integrations.Number `json:"marketValue"`
	Multiplier    integrations.Number `json:"multiplier"`
	Updated       integrations.Number `json:"updateTimestamp"`
}

func securityType(secType string) integrations.SecurityType {
	switch strings.ToUpper(secType) {
	case "STK":
		return integrations.SecurityEquity
	case "OPT", "WAR", "IOPT", "FOP":
		return integrations.SecurityOption
	case "FUND":
		return integrations.SecurityFund
	case "CC":
		return integrations.SecurityCrypto
	case "CASH", "FOREX":
		return integrations.SecurityCash
	}
	return integrations.SecurityOther
}

// scaled is a quantity sent as an integer and its scale (773 and 5 are
// 0.00773), when the decimal is not sent beside it.
func scaled(qty, scale, exact integrations.Number) (decimal.Decimal, bool) {
	if exact.Valid {
		return exact.Decimal, true
	}
	if !qty.Valid {
		return decimal.Zero, false
	}
	if scale.Valid && scale.IsPositive() && scale.LessThanOrEqual(decimal.NewFromInt(18)) {
		return qty.Shift(-int32(scale.IntPart())), true
	}
	return qty.Decimal, true
}

func millis(n integrations.Number) (time.Time, bool) {
	if !n.Valid || !n.IsPositive() || n.GreaterThan(decimal.NewFromInt(1<<53)) {
		return time.Time{}, false
	}
	return time.UnixMilli(n.IntPart()).UTC(), true
}

// decodePositions reads the positions method's data for one security
// type. A position comes priced (latestPrice, marketValue, averageCost).
func decodePositions(data []byte, number string, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Items []wirePosition `json:"items"`
	}
	if err := decode(data, &w); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(w.Items))
	for _, p := range w.Items {
		if p.Account != "" && p.Account != number {
			continue
		}
		ticker := strings.TrimSpace(p.Symbol)
		if p.Identifier != "" && securityType(p.SecType) == integrations.SecurityOption {
			ticker = strings.TrimSpace(p.Identifier) // the option's own code, not its underlying
		}
		units, ok := scaled(p.Position, p.PositionScale, p.PositionQty)
		cur := strings.ToUpper(strings.TrimSpace(p.Currency))
		if ticker == "" || !ok || !validCurrency(cur) {
			return nil, errMalformed
		}
		at := asOf
		if t, ok := millis(p.Updated); ok {
			at = t
		}
		mult := decimal.NewFromInt(1)
		if p.Multiplier.Valid && p.Multiplier.IsPositive() {
			mult = p.Multiplier.Decimal
		}
		var basis decimal.NullDecimal
		if p.AverageCost.Valid {
			basis = decimal.NewNullDecimal(p.AverageCost.Mul(units).Mul(mult).Round(2))
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: ticker, Description: p.Name, Type: securityType(p.SecType), Exchange: p.Market, Currency: cur},
			Units:  units, Price: p.LatestPrice.OrZero(), MarketValue: p.MarketValue.OrZero(),
			AverageCost: p.AverageCost.Null(), CostBasis: basis, Currency: cur, AsOf: at,
		})
	}
	return out, nil
}

type wireTransaction struct {
	ID                  integrations.Number `json:"id"`
	AccountID           integrations.Number `json:"accountId"`
	OrderID             integrations.Number `json:"orderId"`
	SecType             string              `json:"secType"`
	Symbol              string              `json:"symbol"`
	Currency            string              `json:"currency"`
	Action              string              `json:"action"`
	FilledQuantity      integrations.Number `json:"filledQuantity"`
	FilledQuantityScale integrations.Number `json:"filledQuantityScale"`
	FilledPrice         integrations.Number `json:"filledPrice"`
	FilledAmount        integrations.Number `json:"filledAmount"`
	TransactedAt        string              `json:"transactedAt"`
	TransactionTime     integrations.Number `json:"transactionTime"`
}

// decodeTransactions reads a page of order_transactions: an activity per
// fill (BUY or SELL), and the next page's token ("" on the last).
func decodeTransactions(data []byte) ([]integrations.Activity, string, error) {
	var w struct {
		Items         []wireTransaction `json:"items"`
		NextPageToken string            `json:"nextPageToken"`
	}
	if err := decode(data, &w); err != nil {
		return nil, "", err
	}
	out := make([]integrations.Activity, 0, len(w.Items))
	for _, t := range w.Items {
		when, ok := millis(t.TransactionTime)
		cur := strings.ToUpper(strings.TrimSpace(t.Currency))
		if !t.ID.Valid || !ok || !validCurrency(cur) {
			return nil, "", errMalformed
		}
		qty, _ := scaled(t.FilledQuantity, t.FilledQuantityScale, integrations.Number{})
		qty = qty.Abs()
		price := t.FilledPrice.OrZero()
		value := t.FilledAmount.OrZero().Abs()
		if !t.FilledAmount.Valid {
			value = qty.Mul(price).Round(2)
		}
		a := integrations.Activity{ID: t.ID.String(), RawType: t.Action, TradeDate: integrations.DateOf(when),
			Symbol: strings.TrimSpace(t.Symbol), Price: price, Currency: cur,
			Description: strings.TrimSpace(t.Action + " " + qty.String() + " " + strings.TrimSpace(t.Symbol) + " @ " + price.String())}
		switch strings.ToUpper(t.Action) {
		case "BUY":
			a.Type, a.Units, a.Amount = integrations.ActivityBuy, qty, value.Neg()
		case "SELL":
			a.Type, a.Units, a.Amount = integrations.ActivitySell, qty.Neg(), value
		default:
			a.Type = integrations.ActivityOther
			if a.RawType == "" {
				a.RawType = "transaction"
			}
		}
		out = append(out, a)
	}
	return out, w.NextPageToken, nil
}

// text is a JSON string or number read as its text: fund_details sends
// its ids as strings (the Java SDK's FundDetailsItem.id is a String; the Go
// SDK's CHANGELOG at @7c9c2ff, the FundDetails.ID fix of commit 36112da,
// says the server sends a string where its model had a number, and reads
// either since), transfer_fund as numbers (the Java SDK's long; the Go
// SDK's 0.3.4 turned FundingHistoryItem's ID from a string to int64).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(strings.TrimSpace(s))
	case string(b) == "null":
		*t = ""
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*t = text(n.String())
	}
	return nil
}

// businessDay reads a business date as Tiger writes it: "2024/11/15" in
// transfer_fund, "2025-03-25" in fund_details; else the day of ms (UTC).
func businessDay(s string, ms integrations.Number) (integrations.Date, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "2006/01/02", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return integrations.DateOf(t), true
		}
	}
	if t, ok := millis(ms); ok {
		return integrations.DateOf(t), true
	}
	return "", false
}

// wireFunding is a transfer_fund row (the Java SDK's DepositWithdrawItem:
// id long, refId, type int, typeDesc, currency, amount, businessDate,
// completedStatus, createdAt and updatedAt in milliseconds).
type wireFunding struct {
	ID              text                `json:"id"`
	RefID           string              `json:"refId"`
	Type            integrations.Number `json:"type"`
	TypeDesc        string              `json:"typeDesc"`
	Currency        string              `json:"currency"`
	Amount          integrations.Number `json:"amount"`
	BusinessDate    string              `json:"businessDate"`
	CompletedStatus *bool               `json:"completedStatus"`
	CreatedAt       integrations.Number `json:"createdAt"`
	UpdatedAt       integrations.Number `json:"updatedAt"`
}

// Funding types (transfer_fund's type, as Tiger's Java reference lists
// them): 1 deposit, 3 withdrawal, 20 withdrawal fee, 21 withdrawal refund,
// 22 failed withdrawal refunded, 23 withdrawal fee refunded.
const (
	fundDeposit          = 1
	fundWithdrawal       = 3
	fundWithdrawalFee    = 20
	fundWithdrawalRefund = 21
	fundWithdrawalFailed = 22
	fundFeeRefund        = 23
)

// decodeFunding reads transfer_fund: the account's deposits and
// withdrawals, its whole history in one list (the data is the list itself;
// a lone object is one record, as the Python SDK reads it). The amount's
// direction is the type's: a deposit or a refunded withdrawal brings cash
// in, a withdrawal or its fee takes it out. A record not completed
// (completedStatus false) is left out until it is. Kept are the records of
// from's day on (all for a zero from) and those updated since from: a
// deposit or withdrawal completed late comes dated by its business day,
// before the read's since, rather than lost.
func decodeFunding(data []byte, from time.Time) ([]integrations.Activity, error) {
	var rows []wireFunding
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0 || string(data) == "null":
		return nil, nil
	case data[0] == '{':
		var one wireFunding
		if err := decode(data, &one); err != nil {
			return nil, err
		}
		rows = []wireFunding{one}
	default:
		if err := decode(data, &rows); err != nil {
			return nil, err
		}
	}
	ids := integrations.RowIDs{Prefix: "funding-row-"}
	out := make([]integrations.Activity, 0, len(rows))
	for _, f := range rows {
		cur := strings.ToUpper(strings.TrimSpace(f.Currency))
		day, ok := businessDay(f.BusinessDate, f.CreatedAt)
		if !ok || !f.Amount.Valid || !validCurrency(cur) || !f.Type.Valid {
			return nil, errMalformed
		}
		if f.CompletedStatus != nil && !*f.CompletedStatus {
			continue
		}
		if updated, ok := millis(f.UpdatedAt); !from.IsZero() && day < integrations.DateOf(from) && (!ok || updated.Before(from)) {
			continue
		}
		raw := strings.TrimSpace(f.TypeDesc)
		if raw == "" {
			raw = "type " + f.Type.String()
		}
		a := integrations.Activity{RawType: raw, TradeDate: day, Currency: cur, Description: raw}
		amt := f.Amount.Abs()
		switch f.Type.IntPart() {
		case fundDeposit, fundWithdrawalRefund, fundWithdrawalFailed:
			a.Type, a.Amount = integrations.ActivityContribution, amt
		case fundWithdrawal:
			a.Type, a.Amount = integrations.ActivityWithdrawal, amt.Neg()
		case fundWithdrawalFee:
			a.Type, a.Amount = integrations.ActivityFee, amt.Neg()
		case fundFeeRefund:
			a.Type, a.Amount = integrations.ActivityFee, amt
		default:
			a.Type, a.Amount = integrations.ActivityOther, f.Amount.Decimal
		}
		if f.ID != "" {
			a.ID = "funding-" + string(f.ID)
		} else {
			a.ID = ids.ID(strings.Join([]string{string(day), f.Type.String(), cur, f.Amount.String(), f.RefID}, "|"))
		}
		out = append(out, a)
	}
	return out, nil
}

// wireFundDetail is a fund_details row (the Java SDK's FundDetailsItem: id
// as a string, currency, type — the entry's kind in words, in the request's
// language —, desc, contractName, segType, amount signed, businessDate,
// updatedAt in milliseconds).
type wireFundDetail struct {
	ID           text                `json:"id"`
	Currency     string              `json:"currency"`
	Type         string              `json:"type"`
	Desc         string              `json:"desc"`
	ContractName string              `json:"contractName"`
	SegType      string              `json:"segType"`
	Amount       integrations.Number `json:"amount"`
	BusinessDate string              `json:"businessDate"`
	UpdatedAt    integrations.Number `json:"updatedAt"`
}

// detailType is a fund_details entry's type: the words of its type (asked
// in English) first, then those of its desc — a tax or withholding (so
// "Interest Withholding Tax" is a tax), interest (Tiger's own sample spells
// it "Tnterest"), a fee, commission or charge, a dividend —, else its
// fund_type: a FEE entry is a fee, anything else OTHER (its words kept as
// the raw type). Reading the type first keeps a dividend whose desc names
// a fee a dividend.
func detailType(fundType, typ, desc string) integrations.ActivityType {
	for _, words := range []string{typ, desc} {
		if t, ok := typeOfWords(words); ok {
			return t
		}
	}
	if fundType == "FEE" {
		return integrations.ActivityFee
	}
	return integrations.ActivityOther
}

// typeOfWords is the type some words name, if any.
func typeOfWords(words string) (integrations.ActivityType, bool) {
	w := strings.ToLower(words)
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(w, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("withholding", "tax"):
		return integrations.ActivityTax, true
	case has("interest", "tnterest"):
		return integrations.ActivityInterest, true
	case has("fee", "commission", "charge"):
		return integrations.ActivityFee, true
	case has("dividend"):
		return integrations.ActivityDividend, true
	}
	return "", false
}

// decodeFundDetails reads a page of fund_details asked with fundType:
// its entries (amounts signed as sent), and how many entries the query
// holds in all (itemCount; -1 when not sent). ids makes the ids of entries
// without one; one RowIDs serves one query's pages.
func decodeFundDetails(data []byte, fundType string, ids *integrations.RowIDs) ([]integrations.Activity, int, error) {
	var w struct {
		Page      integrations.Number `json:"page"`
		ItemCount integrations.Number `json:"itemCount"`
		Items     []wireFundDetail    `json:"items"`
	}
	if err := decode(data, &w); err != nil {
		return nil, 0, err
	}
	total := -1
	if w.ItemCount.Valid && !w.ItemCount.IsNegative() && w.ItemCount.LessThan(decimal.NewFromInt(1<<31)) {
		total = int(w.ItemCount.IntPart())
	}
	out := make([]integrations.Activity, 0, len(w.Items))
	for _, d := range w.Items {
		cur := strings.ToUpper(strings.TrimSpace(d.Currency))
		day, ok := businessDay(d.BusinessDate, d.UpdatedAt)
		if !ok || !d.Amount.Valid || !validCurrency(cur) {
			return nil, 0, errMalformed
		}
		raw := strings.TrimSpace(d.Type)
		if raw == "" {
			raw = fundType
		}
		desc := strings.TrimSpace(d.Desc)
		if desc == "" {
			desc = strings.TrimSpace(raw + " " + strings.TrimSpace(d.ContractName))
		}
		a := integrations.Activity{Type: detailType(fundType, raw, d.Desc), RawType: raw, TradeDate: day,
			Amount: d.Amount.Decimal, Currency: cur, Description: desc}
		if d.ID != "" {
			a.ID = "detail-" + string(d.ID)
		} else {
			a.ID = ids.ID(strings.Join([]string{fundType, string(day), raw, cur, d.Amount.String(), d.SegType, desc}, "|"))
		}
		out = append(out, a)
	}
	return out, total, nil
}

// tokenTimes reads when a TBHK token was made and when it expires: its
// base64 text starts with "<made ms>,<expires ms>" (the SDK's
// should_token_refresh reads the first 27 bytes so).
func tokenTimes(token string) (made, expires time.Time, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil || len(raw) < 27 {
		return time.Time{}, time.Time{}, false
	}
	parts := strings.Split(string(raw[:27]), ",")
	if len(parts) != 2 {
		return time.Time{}, time.Time{}, false
	}
	m, err1 := strconv.ParseInt(parts[0], 10, 64)
	e, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || m <= 0 || e <= m {
		return time.Time{}, time.Time{}, false
	}
	return time.UnixMilli(m).UTC(), time.UnixMilli(e).UTC(), true
}
