package dhan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("Dhan")

type num = integrations.Number

// wireProfile is GET /profile's answer.
type wireProfile struct {
	ClientID      string `json:"dhanClientId"`
	TokenValidity string `json:"tokenValidity"`
	ActiveSegment string `json:"activeSegment"`
}

// validity reads tokenValidity ("30/03/2025 15:37", India time).
func (p wireProfile) validity() (time.Time, bool) {
	for _, l := range []string{"02/01/2006 15:04", "02/01/2006 15:04:05"} {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(p.TokenValidity), indiakit.IST); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func decodeProfile(b []byte) (wireProfile, error) {
	p, err := httpx.Row(b, errMalformed, func(p wireProfile) bool { return strings.TrimSpace(p.ClientID) != "" })
	p.ClientID = strings.TrimSpace(p.ClientID)
	return p, err
}

// wireFunds is GET /fundlimit's answer. Dhan spells the available balance
// "availabelBalance"; the corrected spelling is read too.
type wireFunds struct {
	ClientID     string `json:"dhanClientId"`
	Availabel    num    `json:"availabelBalance"`
	Available    num    `json:"availableBalance"`
	SODLimit     num    `json:"sodLimit"`
	Collateral   num    `json:"collateralAmount"`
	Utilized     num    `json:"utilizedAmount"`
	Withdrawable num    `json:"withdrawableBalance"`
}

func (f wireFunds) available() num {
	if f.Availabel.Valid {
		return f.Availabel
	}
	return f.Available
}

func decodeFunds(b []byte) (wireFunds, error) {
	return httpx.Row(b, errMalformed, func(f wireFunds) bool { return f.available().Valid })
}

// balance maps the funds: the available balance is the cash and the buying
// power (Dhan writes floats: kept to paise); total adds the holdings.
func balance(f wireFunds, holdings decimal.Decimal) integrations.Balance {
	cash := f.available().Decimal.Round(2)
	return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(cash),
		Total: cash.Add(holdings)}
}

// wireHolding is one of GET /holdings' rows.
type wireHolding struct {
	Exchange      string `json:"exchange"`
	TradingSymbol string `json:"tradingSymbol"`
	SecurityID    string `json:"securityId"`
	ISIN          string `json:"isin"`
	TotalQty      num    `json:"totalQty"`
	DPQty         num    `json:"dpQty"`
	T1Qty         num    `json:"t1Qty"`
	AvgCostPrice  num    `json:"avgCostPrice"`
	LastTraded    num    `json:"lastTradedPrice"`
}

// decodeHoldings maps the demat holdings. Units are totalQty (delivered
// and T1); the last traded price, where the answer carries it, prices them,
// else they are PriceUnknown (Dhan's quotes are a paid Data API).
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var rows []wireHolding
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(h wireHolding) bool { return strings.TrimSpace(h.TradingSymbol) != "" && h.TotalQty.Valid }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(h wireHolding) indiakit.Holding {
		units := h.TotalQty.Decimal
		if units.IsZero() {
			units = h.DPQty.OrZero().Add(h.T1Qty.OrZero())
		}
		seg := h.Exchange
		if seg == "" || strings.EqualFold(seg, "ALL") {
			seg = "NSE"
		}
		return indiakit.Holding{Symbol: h.TradingSymbol, Segment: seg, ISIN: h.ISIN, Units: units,
			Price: h.LastTraded.Decimal, PriceKnown: h.LastTraded.Valid && h.LastTraded.Decimal.IsPositive(),
			Average: h.AvgCostPrice.Null()}
	})
}

// wirePosition is one of GET /positions' rows.
type wirePosition struct {
	TradingSymbol   string `json:"tradingSymbol"`
	SecurityID      string `json:"securityId"`
	PositionType    string `json:"positionType"`
	ExchangeSegment string `json:"exchangeSegment"`
	ProductType     string `json:"productType"`
	BuyAvg          num    `json:"buyAvg"`
	SellAvg         num    `json:"sellAvg"`
	CostPrice       num    `json:"costPrice"`
	NetQty          num    `json:"netQty"`
	Multiplier      num    `json:"multiplier"`
	OptionType      string `json:"drvOptionType"`
}

// decodePositions maps the open net positions (netQty not 0). Dhan's
// positions carry no last price: they are PriceUnknown, with their cost.
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var rows []wirePosition
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.TradingSymbol) != "" && p.NetQty.Valid }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		inst := ""
		if o := strings.ToUpper(strings.TrimSpace(p.OptionType)); o == "CALL" || o == "PUT" {
			inst = o
		}
		return indiakit.Holding{Symbol: p.TradingSymbol, Description: strings.TrimSpace(p.TradingSymbol + " " + p.ProductType),
			Segment: p.ExchangeSegment, Instrument: inst, Units: p.NetQty.Decimal,
			Average:    indiakit.NetAverage(p.NetQty.Decimal, p.CostPrice, p.BuyAvg, p.SellAvg),
			Multiplier: p.Multiplier.OrZero()}
	})
}

// wireTrade is one row of GET /trades (today's trade book) or GET
// /trades/{from}/{to}/{page} (the trade history, with its charges).
type wireTrade struct {
	OrderID         string `json:"orderId"`
	ExchangeOrderID string `json:"exchangeOrderId"`
	ExchangeTradeID string `json:"exchangeTradeId"`
	TransactionType string `json:"transactionType"`
	ExchangeSegment string `json:"exchangeSegment"`
	ProductType     string `json:"productType"`
	TradingSymbol   string `json:"tradingSymbol"`
	CustomSymbol    string `json:"customSymbol"`
	TradedQuantity  num    `json:"tradedQuantity"`
	TradedPrice     num    `json:"tradedPrice"`
	CreateTime      string `json:"createTime"`
	UpdateTime      string `json:"updateTime"`
	ExchangeTime    string `json:"exchangeTime"`
	SEBITax         num    `json:"sebiTax"`
	STT             num    `json:"stt"`
	Brokerage       num    `json:"brokerageCharges"`
	ServiceTax      num    `json:"serviceTax"`
	ExchangeCharges num    `json:"exchangeTransactionCharges"`
	StampDuty       num    `json:"stampDuty"`
}

var timeLayouts = []string{time.DateTime, "2006-01-02 15:04:05.0", time.DateOnly}

func (t wireTrade) date() integrations.Date {
	for _, s := range []string{t.ExchangeTime, t.CreateTime, t.UpdateTime} {
		if d := indiakit.Date(s, timeLayouts...); d != "" {
			return d
		}
	}
	return ""
}

func (t wireTrade) id() string {
	if id := strings.TrimSpace(t.ExchangeTradeID); id != "" && id != "0" {
		return id
	}
	return strings.TrimSpace(t.OrderID)
}

func (t wireTrade) symbol() string {
	if s := strings.TrimSpace(t.TradingSymbol); s != "" {
		return s
	}
	return strings.TrimSpace(t.CustomSymbol)
}

func decodeTrades(b []byte) ([]wireTrade, error) {
	return httpx.Rows(b, errMalformed, func(t wireTrade) bool {
		return t.id() != "" && t.TransactionType != "" && t.TradedQuantity.Valid && t.date() != ""
	})
}

// activity maps a fill; its fee is the charges the history lists.
func activity(t wireTrade) integrations.Activity {
	fee := indiakit.Sum(t.SEBITax.OrZero(), t.STT.OrZero(), t.Brokerage.OrZero(), t.ServiceTax.OrZero(),
		t.ExchangeCharges.OrZero(), t.StampDuty.OrZero())
	return indiakit.Fill{ID: t.id(), Side: t.TransactionType, Symbol: t.symbol(), Segment: t.ExchangeSegment,
		Product: t.ProductType, Date: t.date(), Units: t.TradedQuantity.Decimal, Price: t.TradedPrice.OrZero(), Fee: fee}.Activity("trade")
}

// wireLedger is one row of GET /ledger, the Ledger Report. The
// documentation types every field a string (debit "20000.00"); debit and
// credit (and runbal, not used) are read as ledgerAmount (a JSON number
// too, and thousands separators), vouchernumber as text of either kind.
// dhanClientId is not read: the client id is the login's.
type wireLedger struct {
	Narration     string       `json:"narration"`
	VoucherDate   string       `json:"voucherdate"`
	Exchange      string       `json:"exchange"`
	VoucherDesc   string       `json:"voucherdesc"`
	VoucherNumber rawText      `json:"vouchernumber"`
	Debit         ledgerAmount `json:"debit"`
	Credit        ledgerAmount `json:"credit"`
	RunBal        ledgerAmount `json:"runbal"`
}

// ledgerAmount is a debit or a credit: Dhan documents a string
// ("20000.00"); a JSON number is read too, and a string grouped with
// commas in the Indian ("2,00,000.00") or the international
// ("200,000.00") way — Dhan writes a decimal point, so a comma is never a
// decimal comma. An absent field, null or "" is no amount; anything else
// ("NaN", "20.000,00", "1,50") is Bad, and the row is not guessed at.
type ledgerAmount struct {
	decimal.Decimal
	Valid bool // a number was read
	Bad   bool // the field holds something that is not a number
}

// groupedAmount is a number with commas between its digit groups, each
// group after the first three digits (international) or, before the last
// three, two (Indian), and a decimal point.
var groupedAmount = regexp.MustCompile(`^[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d+)?$`)

func (a *ledgerAmount) UnmarshalJSON(b []byte) error {
	*a = ledgerAmount{}
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if json.Unmarshal(b, &s) != nil {
			a.Bad = true
			return nil
		}
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		if groupedAmount.MatchString(s) {
			s = strings.ReplaceAll(s, ",", "")
		}
	}
	d, err := integrations.ParseDecimal(s)
	if err != nil {
		a.Bad = true
		return nil
	}
	a.Decimal, a.Valid = d, true
	return nil
}

// OrZero is the amount, or zero when absent.
func (a ledgerAmount) OrZero() decimal.Decimal {
	if a.Valid {
		return a.Decimal
	}
	return decimal.Zero
}

// rawText is a JSON string's text or a JSON number's digits (an id that
// may come either way); anything else is empty.
type rawText string

func (t *rawText) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = rawText(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if json.Unmarshal(b, &n) == nil {
		*t = rawText(n.String())
		return nil
	}
	*t = ""
	return nil
}

// ledgerLayouts are the voucher date's layouts: the documentation's
// "Jun 22, 2022", and ISO and Indian day-first dates in case.
var ledgerLayouts = []string{"Jan 2, 2006", "Jan 2 2006", "02-Jan-2006", time.DateOnly, "02/01/2006", "02-01-2006", time.DateTime}

func (r wireLedger) date() integrations.Date { return indiakit.Date(r.VoucherDate, ledgerLayouts...) }

// amount is the row's movement of cash: its credit less its debit (the
// documentation: each is 0 when the other is not).
func (r wireLedger) amount() decimal.Decimal { return r.Credit.OrZero().Sub(r.Debit.OrZero()) }

// readable reports whether the row's date and amount can be read: a
// debit or a credit, and neither one unreadable.
func (r wireLedger) readable() bool {
	return r.date() != "" && (r.Debit.Valid || r.Credit.Valid) && !r.Debit.Bad && !r.Credit.Bad
}

// ledgerKind is what a ledger row is, as Latchkey reads it.
type ledgerKind int

const (
	ledgerOther    ledgerKind = iota // OTHER, by the sign of its amount
	ledgerBalance                    // an opening or closing balance line: no movement
	ledgerTrade                      // a trade's settlement: the trade history already has it
	ledgerTransfer                   // funds added or withdrawn: CONTRIBUTION or WITHDRAWAL by its sign
	ledgerInterest                   // INTEREST
	ledgerCharge                     // FEE
)

// words is s in upper case, its words (letters and digits) each between
// single spaces, so a phrase is found whole: " PAY IN " in "Pay-in".
func words(s string) string {
	f := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	return " " + strings.Join(f, " ") + " "
}

// hasAny reports whether the words w hold one of the phrases.
func hasAny(w string, phrases ...string) bool {
	for _, p := range phrases {
		if strings.Contains(w, " "+p+" ") {
			return true
		}
	}
	return false
}

// kind classifies a ledger row, first rule that matches (doc.go,
// Activities, says why):
//
//  1. "Opening balance" or "Closing balance": a balance line, skipped.
//  2. A bank voucher (voucherdesc naming BNK or BANK, as the documented
//     PAYBNK of "FUNDS WITHDRAWAL"): funds added or withdrawn.
//  3. A bill voucher (voucherdesc BILL...): a trade's settlement, skipped.
//  4. A running-account or quarterly/monthly settlement: unused funds sent
//     back to the bank, a withdrawal.
//  5. A narration of a trade's settlement: starting "Bill", or naming an
//     obligation, MTM, an options premium, a net settlement or a
//     settlement number: skipped.
//  6. Interest: INTEREST.
//  7. Charges, fees, AMC, GST, penalties: FEE.
//  8. Funds added, deposited, withdrawn, pay-in, pay-out, or a bank rail
//     (UPI, NEFT, RTGS, IMPS): funds added or withdrawn.
//  9. Anything else: OTHER.
func (r wireLedger) kind() ledgerKind {
	n, v := words(r.Narration), strings.ToUpper(strings.TrimSpace(r.VoucherDesc))
	switch {
	case hasAny(n, "OPENING BALANCE", "CLOSING BALANCE"):
		return ledgerBalance
	case strings.Contains(v, "BNK") || strings.Contains(v, "BANK"):
		return ledgerTransfer
	case strings.HasPrefix(v, "BILL"):
		return ledgerTrade
	case hasAny(n, "RUNNING ACCOUNT", "QUARTERLY SETTLEMENT", "MONTHLY SETTLEMENT"):
		return ledgerTransfer
	case strings.HasPrefix(n, " BILL "), hasAny(n, "OBLIGATION", "MTM", "PREMIUM", "NET SETTLEMENT", "SETTLEMENT NO", "SETT NO"):
		return ledgerTrade
	case hasAny(n, "INTEREST"):
		return ledgerInterest
	case hasAny(n, "CHARGE", "CHARGES", "FEE", "FEES", "AMC", "GST", "PENALTY", "MAINTENANCE"):
		return ledgerCharge
	case hasAny(n, "FUNDS", "FUND", "DEPOSIT", "WITHDRAWAL", "WITHDRAWN", "PAYIN", "PAY IN", "PAYOUT", "PAY OUT",
		"UPI", "NEFT", "RTGS", "IMPS"):
		return ledgerTransfer
	}
	return ledgerOther
}

// ledgerFields are the Ledger Report's fields: an object naming one of
// them is a row.
var ledgerFields = []string{"dhanClientId", "narration", "voucherdate", "exchange", "voucherdesc", "vouchernumber",
	"debit", "credit", "runbal"}

// decodeLedger reads GET /ledger's answer: an array of rows, or the one
// row the documentation shows; an empty object, array or null is no rows.
// It returns the rows Latchkey can read, and how many others it would list
// but cannot read (a row that is not an object, or whose date or amount
// cannot be read): those are not skipped silently, the caller reports the
// window as read in part. A balance line or a trade's settlement, left out
// whatever it holds, is never unreadable. An answer that is neither an
// array nor a ledger row (an error body) is errMalformed.
func decodeLedger(b []byte) (rows []wireLedger, unreadable int, err error) {
	b = bytes.TrimSpace(b)
	var raws []json.RawMessage
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil, 0, nil
	case len(b) > 0 && b[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return nil, 0, errMalformed
		}
		if len(obj) == 0 {
			return nil, 0, nil
		}
		if !slices.ContainsFunc(ledgerFields, func(f string) bool { _, ok := obj[f]; return ok }) {
			return nil, 0, errMalformed
		}
		raws = []json.RawMessage{b}
	default:
		if err := json.Unmarshal(b, &raws); err != nil {
			return nil, 0, errMalformed
		}
	}
	for _, raw := range raws {
		var r wireLedger
		if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &r) != nil {
			unreadable++
			continue
		}
		if k := r.kind(); k != ledgerBalance && k != ledgerTrade && !r.readable() {
			unreadable++
			continue
		}
		rows = append(rows, r)
	}
	return rows, unreadable, nil
}

// ledgerActivity maps a ledger row, or reports false for one Latchkey does
// not list: a balance line, a trade's settlement (the trade history has
// the trade), a row that moves nothing. The row has no id of its own that
// is surely unique (a voucher can post several rows): ids come from the
// row's fields through ids, one RowIDs for a whole read.
func ledgerActivity(r wireLedger, ids *integrations.RowIDs) (integrations.Activity, bool) {
	k, amt := r.kind(), r.amount()
	if k == ledgerBalance || k == ledgerTrade || amt.IsZero() {
		return integrations.Activity{}, false
	}
	typ := integrations.ActivityOther
	switch k {
	case ledgerTransfer:
		typ = integrations.BySign(integrations.ActivityContribution, integrations.ActivityWithdrawal, amt)
	case ledgerInterest:
		typ = integrations.ActivityInterest
	case ledgerCharge:
		typ = integrations.ActivityFee
	}
	narration := strings.TrimSpace(r.Narration)
	raw := cmp.Or(narration, strings.TrimSpace(r.VoucherDesc), "ledger")
	desc := raw
	if ex := strings.TrimSpace(r.Exchange); ex != "" {
		desc += " (" + ex + ")"
	}
	key := strings.Join([]string{string(r.date()), string(r.VoucherNumber), r.VoucherDesc, r.Exchange, r.Narration,
		r.Debit.OrZero().String(), r.Credit.OrZero().String()}, "|")
	return integrations.Activity{ID: ids.ID(key), Type: typ, RawType: raw, TradeDate: r.date(), Amount: amt,
		Currency: indiakit.Currency, Description: desc}, true
}

// errorCode reads the errorCode of Dhan's error envelope ({"errorType",
// "errorCode","errorMessage"}), never its message.
func errorCode(body []byte) string {
	return strings.ToUpper(httpx.BodyCode(body, "errorCode", 64, "-"))
}

// defaultRetryAfter is the wait assumed for a 429 without Retry-After:
// Dhan's limits are per second.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal onto the contract's errors by Dhan's error code
// (the annexure's DH-9xx), else by the HTTP status. During a login a
// refused token is ErrInvalidCredentials.
func mapStatus(status int, h http.Header, body []byte, now time.Time, login bool) error {
	code := errorCode(body)
	switch {
	case status == http.StatusTooManyRequests || code == "DH-904":
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case code == "DH-901" || (code == "" && (status == http.StatusUnauthorized || status == http.StatusForbidden)):
		return integrations.KeyRefused(login, "Dhan refused the Client ID or access token (DH-901)",
			"Dhan no longer accepts the access token (they last 24 hours)")
	case code == "DH-902":
		return integrations.Wrap(integrations.ErrNotSupported, "the Dhan account has no access to this API (DH-902)")
	case code == "DH-903":
		return integrations.Wrap(integrations.ErrNotSupported, "Dhan refused the request for this account's segments (DH-903)")
	}
	return indiakit.Unmapped("Dhan", code, status, errMalformed)
}
