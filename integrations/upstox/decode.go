package upstox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("Upstox")

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// envelope reads {"status":"success","data":...} into data.
func envelope(b []byte, data any) error {
	var w struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil || w.Status != "success" || len(w.Data) == 0 || string(w.Data) == "null" {
		return errMalformed
	}
	if err := json.Unmarshal(w.Data, data); err != nil {
		return errMalformed
	}
	return nil
}

// Segments of an Upstox login, as Latchkey shows them: one account each
// (package indiakit).
const (
	segEquity    = indiakit.SegEquity
	segCommodity = indiakit.SegCommodity
)

// accounts are a login's accounts: equity always, commodity when MCX is
// among the user's enabled exchanges.
func accounts(uid string, exchanges []string, active bool) []integrations.Account {
	status := "open"
	if !active {
		status = "inactive"
	}
	return indiakit.SegmentAccounts(uid, exchanges, indiakit.SegmentNames{Name: "Upstox", RawEquity: "SEC", RawCommodity: "COM"}, status)
}

// wireProfile is GET /v2/user/profile's data.
type wireProfile struct {
	UserID    string   `json:"user_id"`
	UserName  string   `json:"user_name"`
	Exchanges []string `json:"exchanges"`
	IsActive  *bool    `json:"is_active"`
}

func decodeProfile(b []byte) (wireProfile, error) {
	var p wireProfile
	if err := envelope(b, &p); err != nil {
		return p, err
	}
	if strings.TrimSpace(p.UserID) == "" {
		return p, errMalformed
	}
	return p, nil
}

// wireFunds is one segment of GET /v2/user/get-funds-and-margin.
type wireFunds struct {
	UsedMargin      num `json:"used_margin"`
	PayinAmount     num `json:"payin_amount"`
	AvailableMargin num `json:"available_margin"`
	NotionalCash    num `json:"notional_cash"`
}

// decodeFunds returns the segment's funds ("equity" or "commodity").
func decodeFunds(b []byte, seg string) (wireFunds, error) {
	var w map[string]*wireFunds
	if err := envelope(b, &w); err != nil {
		return wireFunds{}, err
	}
	f := w[seg]
	if f == nil || !f.AvailableMargin.Valid {
		return wireFunds{}, errMalformed
	}
	return *f, nil
}

// wireHolding is one of GET /v2/portfolio/long-term-holdings' data.
type wireHolding struct {
	ISIN            string `json:"isin"`
	CompanyName     string `json:"company_name"`
	Product         string `json:"product"`
	Quantity        num    `json:"quantity"`
	T1Quantity      num    `json:"t1_quantity"`
	TradingSymbol   string `json:"trading_symbol"`
	Tradingsymbol   string `json:"tradingsymbol"`
	LastPrice       num    `json:"last_price"`
	ClosePrice      num    `json:"close_price"`
	InstrumentToken string `json:"instrument_token"`
	AveragePrice    num    `json:"average_price"`
	Exchange        string `json:"exchange"`
}

// wirePosition is one of GET /v2/portfolio/short-term-positions' data.
type wirePosition struct {
	Exchange        string `json:"exchange"`
	Multiplier      num    `json:"multiplier"`
	Value           num    `json:"value"`
	Product         string `json:"product"`
	InstrumentToken string `json:"instrument_token"`
	AveragePrice    num    `json:"average_price"` // null for some positions
	Quantity        num    `json:"quantity"`
	LastPrice       num    `json:"last_price"`
	TradingSymbol   string `json:"trading_symbol"`
	Tradingsymbol   string `json:"tradingsymbol"`
	OvernightQty    num    `json:"overnight_quantity"`
	DayBuyPrice     num    `json:"day_buy_price"`
	DaySellPrice    num    `json:"day_sell_price"`
}

// delivery reports a delivery row of a cash segment (product D with an
// NSE_EQ or BSE_EQ instrument: D on a derivatives segment is a carried
// F&O position, the holdings hold none of it).
func (r wirePosition) delivery() bool {
	seg, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(r.InstrumentToken)), "|")
	return strings.EqualFold(strings.TrimSpace(r.Product), "D") && strings.HasSuffix(seg, "_EQ")
}

// units is what the row adds to the holdings. A delivery row's overnight
// quantity (bought on an earlier day) is the holdings' own — their
// quantity is "the total holding qty", T1 shares included — so it counts
// the day's net only, quantity − overnight_quantity; any other row counts
// its quantity.
func (r wirePosition) units() decimal.Decimal {
	if !r.delivery() {
		return r.Quantity.Decimal
	}
	return r.Quantity.Decimal.Sub(r.OvernightQty.OrZero())
}

// average is the row's cost: average_price when sent; a delivery row that
// carried shares overnight costs the day's side (day_buy_price for a net
// buy, day_sell_price for a net sale), average_price averaging in the
// overnight shares too.
func (r wirePosition) average(units decimal.Decimal) decimal.NullDecimal {
	if r.delivery() && !r.OvernightQty.OrZero().IsZero() {
		return indiakit.NetAverage(units, num{}, r.DayBuyPrice, r.DaySellPrice)
	}
	return r.AveragePrice.Null()
}

func symbolOf(a, b string) string {
	if s := strings.TrimSpace(a); s != "" {
		return s
	}
	return strings.TrimSpace(b)
}

// isCommodity reports whether an exchange is a commodity exchange.
func isCommodity(exchange string) bool {
	e := strings.ToUpper(exchange)
	return e == "MCX" || e == "NCX" || strings.HasPrefix(e, "MCX_") || strings.HasPrefix(e, "NCD")
}

// decodeHoldings maps the long-term holdings. Units are the holding's
// quantity.
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var rows []wireHolding
	if err := envelope(b, &rows); err != nil {
		return nil, err
	}
	valid := func(h wireHolding) bool {
		return symbolOf(h.TradingSymbol, h.Tradingsymbol) != "" && h.Quantity.Valid && h.LastPrice.Valid
	}
	return indiakit.MapRows(rows, errMalformed, valid, func(h wireHolding) (integrations.Position, bool) {
		sym := symbolOf(h.TradingSymbol, h.Tradingsymbol)
		return indiakit.Listing{Symbol: sym, Description: h.CompanyName, Type: indiakit.Type(h.Exchange, sym, h.ISIN, ""), Exchange: h.Exchange,
			ISIN: h.ISIN, Units: h.Quantity.Decimal, Price: h.LastPrice.Decimal, Average: h.AveragePrice.Null()}.Position(asOf), true
	})
}

// decodePositions maps the open short-term positions of one segment
// (commodity: MCX; equity: the rest). Closed positions (no units: see
// units) are left out.
func decodePositions(b []byte, seg string, asOf time.Time) ([]integrations.Position, error) {
	var rows []wirePosition
	if err := envelope(b, &rows); err != nil {
		return nil, err
	}
	valid := func(r wirePosition) bool { return symbolOf(r.TradingSymbol, r.Tradingsymbol) != "" && r.Quantity.Valid }
	return indiakit.MapRows(rows, errMalformed, valid, func(r wirePosition) (integrations.Position, bool) {
		sym, units := symbolOf(r.TradingSymbol, r.Tradingsymbol), r.units()
		return indiakit.Listing{Symbol: sym, Description: sym, Type: indiakit.Type(r.Exchange, sym, "", ""), Exchange: r.Exchange,
				Units: units, Price: r.LastPrice.OrZero(), Average: r.average(units), Multiplier: r.Multiplier.OrZero()}.Position(asOf),
			(seg == segCommodity) == isCommodity(r.Exchange) && !units.IsZero()
	})
}

// wireTrade is one of GET /v2/charges/historical-trades' data.
type wireTrade struct {
	Exchange        string `json:"exchange"`
	Segment         string `json:"segment"`
	OptionType      string `json:"option_type"`
	Quantity        num    `json:"quantity"`
	Amount          num    `json:"amount"`
	TradeID         string `json:"trade_id"`
	TradeDate       string `json:"trade_date"`
	TransactionType string `json:"transaction_type"`
	ScripName       string `json:"scrip_name"`
	StrikePrice     string `json:"strike_price"`
	Expiry          string `json:"expiry"`
	Price           num    `json:"price"`
	ISIN            string `json:"isin"`
	Symbol          string `json:"symbol"`
	InstrumentToken string `json:"instrument_token"`
}

// wirePage is the page object of meta_data ("metaData" in Upstox's own
// SDK models; both are read).
type wirePage struct {
	PageNumber   int `json:"page_number"`
	PageSize     int `json:"page_size"`
	TotalRecords int `json:"total_records"`
	TotalPages   int `json:"total_pages"`
}

// decodeTrades reads one page of the trade history and its page object.
func decodeTrades(b []byte) ([]wireTrade, wirePage, error) {
	var w struct {
		Status   string      `json:"status"`
		Data     []wireTrade `json:"data"`
		MetaData *struct {
			Page *wirePage `json:"page"`
		} `json:"meta_data"`
		MetaData2 *struct {
			Page *wirePage `json:"page"`
		} `json:"metaData"`
	}
	if err := json.Unmarshal(b, &w); err != nil || w.Status != "success" {
		return nil, wirePage{}, errMalformed
	}
	var pg wirePage
	switch {
	case w.MetaData != nil && w.MetaData.Page != nil:
		pg = *w.MetaData.Page
	case w.MetaData2 != nil && w.MetaData2.Page != nil:
		pg = *w.MetaData2.Page
	}
	for _, t := range w.Data {
		if t.TradeID == "" || strings.TrimSpace(t.TransactionType) == "" || !t.Quantity.Valid {
			return nil, wirePage{}, errMalformed
		}
		if _, err := integrations.ParseDate(t.TradeDate); err != nil {
			return nil, wirePage{}, errMalformed
		}
	}
	return w.Data, pg, nil
}

// tradeTypes maps the trade history's transaction types.
var tradeTypes = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell,
}

// tradeSegment returns the Latchkey account segment of a trade: COM is
// commodity, everything else (EQ, FO, CD, MF) equity.
func tradeSegment(t wireTrade) string {
	if strings.EqualFold(t.Segment, "COM") || isCommodity(t.Exchange) {
		return segCommodity
	}
	return segEquity
}

// activity maps a trade. Amount is the trade's value, negative for a buy;
// units are negative for a sell. Upstox reports no charges here.
func activity(t wireTrade) integrations.Activity {
	raw := strings.ToUpper(strings.TrimSpace(t.TransactionType))
	typ, ok := tradeTypes[raw]
	if !ok {
		typ = integrations.ActivityOther
	}
	qty, value := t.Quantity.Decimal.Abs(), t.Amount.Decimal.Abs()
	if !t.Amount.Valid && t.Price.Valid {
		value = qty.Mul(t.Price.Decimal).Round(2)
	}
	units, amount := integrations.Traded(typ, qty, value, decimal.Zero)
	sym := strings.TrimSpace(t.Symbol)
	if sym == "" {
		sym = strings.TrimSpace(t.ScripName)
	}
	if sym == "" {
		sym = t.ISIN
	}
	desc := strings.TrimSpace(t.ScripName)
	if t.OptionType != "" {
		desc = strings.TrimSpace(desc + " " + t.Expiry + " " + t.StrikePrice + " " + t.OptionType)
	}
	if desc == "" {
		desc = sym
	}
	return integrations.Activity{
		ID:          strings.Join([]string{t.Segment, t.Exchange, t.TradeDate, t.TradeID}, ":"),
		Type:        typ,
		RawType:     raw,
		TradeDate:   integrations.Date(t.TradeDate),
		Symbol:      sym,
		Units:       units,
		Price:       t.Price.OrZero(),
		Amount:      amount,
		Currency:    "INR",
		Description: desc + " (" + t.Segment + ", " + t.Exchange + ")",
	}
}

// errorCode returns the first error code of Upstox's error envelope
// {"status":"error","errors":[{"errorCode":"UDAPI100050","message":...,
// "error_code":"UDAPI100050",...}]}, "" if there is none.
func errorCode(body []byte) string {
	var e struct {
		Errors []struct {
			ErrorCode  string `json:"errorCode"`
			ErrorCode2 string `json:"error_code"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Errors) == 0 {
		return ""
	}
	if e.Errors[0].ErrorCode != "" {
		return e.Errors[0].ErrorCode
	}
	return e.Errors[0].ErrorCode2
}

// safeCode keeps an Upstox error code if it looks like one (UDAPI + digits).
func safeCode(s string) string {
	if len(s) < 6 || len(s) > 16 || s[:5] != "UDAPI" {
		return ""
	}
	for i := 5; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s
}

// Upstox error codes the client tells apart.
const (
	codeInvalidToken = "UDAPI100050" // invalid or expired token
	codeTooMany      = "UDAPI10005"  // too many requests
)

// mapStatus maps an error answer onto the contract's errors (an
// httpx.StatusMapper with the integration's clock).
func mapStatus(now func() time.Time) httpx.StatusMapper {
	return func(resp *http.Response, body []byte) error { return statusError(resp, body, now()) }
}

func statusError(resp *http.Response, body []byte, now time.Time) error {
	code := safeCode(errorCode(body))
	switch status := resp.StatusCode; {
	case status == http.StatusTooManyRequests || code == codeTooMany:
		return httpx.RateLimited(resp.Header, now, defaultRetryAfter)
	case status == http.StatusUnauthorized || code == codeInvalidToken:
		return indiakit.Refused("Upstox", sessionEndHour, sessionEndMinute)
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Upstox answered HTTP %d", status))
	case code != "":
		return &refusedError{code: code, status: status}
	default:
		return httpx.StatusError(resp)
	}
}

// refusedError is a refusal with an Upstox error code the client does not
// tell apart: its text names only the code; it matches ErrUnavailable.
type refusedError struct {
	code   string
	status int
}

func (e *refusedError) Error() string {
	return fmt.Sprintf("upstox: the request was refused (%s, HTTP %d)", e.code, e.status)
}

func (e *refusedError) Unwrap() error { return integrations.ErrUnavailable }

// wirePayment is one row of GET /v2/user/payments/payin or
// /v2/user/payments/payout. Upstox's page has documented two field sets:
// created_at and currency (eta for a pay-out), or last_updated_at, reason,
// total_charges and charges_category; the SDK's PaymentHistoryData holds
// both, and so does this.
type wirePayment struct {
	Amount          num    `json:"amount"`
	Mode            string `json:"mode"`
	Status          string `json:"status"`
	Currency        string `json:"currency"`
	BankName        string `json:"bank_name"`
	TransactionID   string `json:"transaction_id"`
	CreatedAt       string `json:"created_at"`
	LastUpdatedAt   string `json:"last_updated_at"`
	ETA             string `json:"eta"`
	Reason          string `json:"reason"`
	TotalCharges    num    `json:"total_charges"`
	ChargesCategory string `json:"charges_category"`
}

// payKind is one of the two payment lists: pay-ins (money into the
// account) and pay-outs (money out of it).
type payKind struct {
	raw  string // the activity's RawType
	path string
	in   bool // money comes into the trading account
	what string
	// done says, of each status word Upstox documents for the list, whether
	// the money has moved: only those rows become activities.
	done map[string]bool
}

var (
	payins = payKind{raw: "PAYIN", path: "/v2/user/payments/payin", in: true, what: "deposits",
		done: map[string]bool{"SUCCESS": true, "PENDING": false, "FAILED": false, "CANCELLED": false}}
	payouts = payKind{raw: "PAYOUT", path: "/v2/user/payments/payout", what: "withdrawals",
		done: map[string]bool{"COMPLETED": true, "DEEMED_SUCCESS": true, "RECEIVED": false, "VALIDATING": false,
			"APPROVED": false, "TRANSFER_IN_PROGRESS": false, "REJECTED": false, "REVERSED": false}}
)

// paymentsListed is how many transactions a payment list holds at most:
// "the most recent 20 transactions".
const paymentsListed = 20

// paymentLayout is the documented form of created_at and last_updated_at,
// "yyyy-MM-dd HH:mm:ss", India time.
const paymentLayout = "2006-01-02 15:04:05"

// when is the time of a payment: created_at, else last_updated_at; the
// documented form is India time; an RFC 3339 instant (the SDK's own test
// writes one) is read too.
func (p wirePayment) when() (time.Time, bool) {
	s := strings.TrimSpace(p.CreatedAt)
	if s == "" {
		s = strings.TrimSpace(p.LastUpdatedAt)
	}
	if t, err := time.ParseInLocation(paymentLayout, s, IST); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(IST), true
	}
	return time.Time{}, false
}

// status is a payment's status word in upper case (Upstox's Payout Request
// answer writes "received").
func (p wirePayment) status() string { return strings.ToUpper(strings.TrimSpace(p.Status)) }

// decodePayments reads a payment list. Every row needs a status, an amount
// and a time (to tell how far back the list reaches); a null data is an
// empty list.
func decodePayments(b []byte) ([]wirePayment, error) {
	var w struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil || w.Status != "success" || len(w.Data) == 0 {
		return nil, errMalformed
	}
	var rows []wirePayment
	if err := json.Unmarshal(w.Data, &rows); err != nil {
		return nil, errMalformed
	}
	for _, r := range rows {
		if _, ok := r.when(); !ok || r.status() == "" || !r.Amount.Valid {
			return nil, errMalformed
		}
	}
	return rows, nil
}

// paymentActivity maps a payment whose money has moved (k.done): a pay-in
// is a CONTRIBUTION, a pay-out a WITHDRAWAL, its amount signed the
// contract's way (integrations.BySign), dated by its time in India, its id
// the transaction_id (from ids when there is none). total_charges, when
// given, is the Fee; Amount is the transaction's amount as Upstox gives it.
func paymentActivity(k payKind, p wirePayment, ids *integrations.RowIDs) (integrations.Activity, bool) {
	st := p.status()
	at, ok := p.when()
	if !k.done[st] || !ok {
		return integrations.Activity{}, false
	}
	amount := p.Amount.Decimal.Abs()
	if !k.in {
		amount = amount.Neg()
	}
	id := strings.TrimSpace(p.TransactionID)
	if id == "" {
		id = ids.ID(strings.Join([]string{at.Format(paymentLayout), p.Amount.Decimal.String(), p.Mode, p.BankName}, "|"))
	}
	cur := strings.ToUpper(strings.TrimSpace(p.Currency))
	if cur == "" {
		cur = "INR"
	}
	desc := "Pay-in"
	if !k.in {
		desc = "Pay-out"
	}
	if m := strings.TrimSpace(p.Mode); m != "" {
		desc += " by " + m
	}
	if bank := strings.TrimSpace(p.BankName); bank != "" {
		if k.in {
			desc += " from " + bank
		} else {
			desc += " to " + bank
		}
	}
	return integrations.Activity{
		ID:          strings.ToLower(k.raw) + ":" + id,
		Type:        integrations.BySign(integrations.ActivityContribution, integrations.ActivityWithdrawal, amount),
		RawType:     k.raw + " " + st,
		TradeDate:   integrations.DateOf(at.In(IST)),
		Amount:      amount,
		Fee:         p.TotalCharges.OrZero().Abs(),
		Currency:    cur,
		Description: desc,
	}, true
}

// paymentActivities maps a payment list's moved rows (one RowIDs for the
// list) and says from when the list is known whole: the zero time when it
// holds fewer than paymentsListed rows (all there are), else its oldest
// row's time (older ones may be cut off).
func paymentActivities(k payKind, rows []wirePayment) ([]integrations.Activity, time.Time) {
	ids := integrations.RowIDs{Prefix: "h"}
	var out []integrations.Activity
	var oldest time.Time
	for _, r := range rows {
		if at, ok := r.when(); ok && (oldest.IsZero() || at.Before(oldest)) {
			oldest = at
		}
		if a, ok := paymentActivity(k, r, &ids); ok {
			out = append(out, a)
		}
	}
	if len(rows) < paymentsListed {
		oldest = time.Time{}
	}
	return out, oldest
}
