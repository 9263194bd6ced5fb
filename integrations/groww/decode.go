package groww

import (
	"bytes"
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
var errMalformed = integrations.Malformed("Groww")

type num = integrations.Number

// wireEnvelope is the Trade API's envelope: {"status":"SUCCESS",
// "payload":{...}}, or {"status":"FAILURE","error":{"code","message",
// "metadata"}}.
type wireEnvelope struct {
	Status  string          `json:"status"`
	Payload json.RawMessage `json:"payload"`
	Error   *wireError      `json:"error"`
}

type wireError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// decodeEnvelope returns a success's payload ("null" for none), mapping a
// FAILURE sent with a 2xx status like any other refusal.
func decodeEnvelope(b []byte, now time.Time, login bool) (json.RawMessage, error) {
	return decodeEnvelopeBy(b, now, login, mapStatus)
}

// mapper maps a refusal: its HTTP status, headers and body (see httpx.MapAt).
type mapper = func(status int, h http.Header, body []byte, now time.Time, login bool) error

// decodeEnvelopeBy is decodeEnvelope with the refusal mapping m.
func decodeEnvelopeBy(b []byte, now time.Time, login bool, m mapper) (json.RawMessage, error) {
	var e wireEnvelope
	if err := httpx.UnmarshalOr(b, &e, errMalformed); err != nil {
		return nil, err
	}
	switch strings.ToUpper(e.Status) {
	case "SUCCESS":
	case "FAILURE":
		return nil, m(http.StatusOK, nil, b, now, login)
	default:
		return nil, errMalformed
	}
	if len(bytes.TrimSpace(e.Payload)) == 0 {
		return json.RawMessage("null"), nil
	}
	return e.Payload, nil
}

// wireToken is the access token POST /v1/token/api/access answers (not
// enveloped in the docs' example; a payload is read too).
type wireToken struct {
	Token       string `json:"token"`
	TokenRefID  string `json:"tokenRefId"`
	SessionName string `json:"sessionName"`
	Expiry      string `json:"expiry"`
	IsActive    *bool  `json:"isActive"`
}

func decodeToken(b []byte) (wireToken, error) {
	var w struct {
		wireToken
		Payload *wireToken `json:"payload"`
	}
	if err := httpx.UnmarshalOr(b, &w, errMalformed); err != nil {
		return wireToken{}, err
	}
	t := w.wireToken
	if w.Payload != nil && t.Token == "" {
		t = *w.Payload
	}
	switch {
	case strings.TrimSpace(t.Token) == "":
		return wireToken{}, errMalformed
	case t.IsActive != nil && !*t.IsActive:
		return wireToken{}, integrations.Wrap(integrations.ErrInvalidCredentials, "Groww answered with a token that is not active")
	}
	t.Token = strings.TrimSpace(t.Token)
	return t, nil
}

// parseTime reads a Groww timestamp: RFC 3339, or a date and time without a
// zone (India time).
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(l, s, indiakit.IST); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// wireProfile is GET /v1/user/detail's payload.
type wireProfile struct {
	VendorUserID   string   `json:"vendor_user_id"`
	UCC            string   `json:"ucc"`
	NSEEnabled     bool     `json:"nse_enabled"`
	BSEEnabled     bool     `json:"bse_enabled"`
	DDPIEnabled    bool     `json:"ddpi_enabled"`
	ActiveSegments []string `json:"active_segments"`
}

func decodeProfile(b []byte) (wireProfile, error) {
	return httpx.Row(b, errMalformed, func(p wireProfile) bool { return strings.TrimSpace(p.UCC) != "" })
}

// wireMargin is GET /v1/margins/detail/user's payload (rupees).
type wireMargin struct {
	ClearCash           num `json:"clear_cash"`
	NetMarginUsed       num `json:"net_margin_used"`
	CollateralAvailable num `json:"collateral_available"`
	Equity              struct {
		CNCBalanceAvailable num `json:"cnc_balance_available"`
	} `json:"equity_margin_details"`
}

func decodeMargin(b []byte) (wireMargin, error) {
	return httpx.Row(b, errMalformed, func(m wireMargin) bool { return m.ClearCash.Valid })
}

// balance maps the margin: clear cash is the cash; the CNC balance
// available (what delivery buys may use) the buying power, else the cash;
// the total adds the holdings.
func balance(m wireMargin, holdings decimal.Decimal) integrations.Balance {
	cash := m.ClearCash.Decimal.Round(2)
	bp := cash
	if m.Equity.CNCBalanceAvailable.Valid {
		bp = m.Equity.CNCBalanceAvailable.Decimal.Round(2)
	}
	return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(bp), Total: cash.Add(holdings)}
}

// wireHolding is one of GET /v1/holdings/user's holdings: no exchange and
// no last price.
type wireHolding struct {
	ISIN          string `json:"isin"`
	TradingSymbol string `json:"trading_symbol"`
	Quantity      num    `json:"quantity"`
	AveragePrice  num    `json:"average_price"`
	T1Quantity    num    `json:"t1_quantity"`
	DematFree     num    `json:"demat_free_quantity"`
	Pledge        num    `json:"pledge_quantity"`
}

// decodeHoldings maps the demat holdings: units the net quantity, cost the
// average price, no price (PriceUnknown).
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Holdings []wireHolding `json:"holdings"`
	}
	if err := httpx.UnmarshalOr(b, &w, errMalformed); err != nil {
		return nil, err
	}
	valid := func(h wireHolding) bool { return strings.TrimSpace(h.TradingSymbol) != "" && h.Quantity.Valid }
	return indiakit.Positions(w.Holdings, errMalformed, valid, asOf, func(h wireHolding) indiakit.Holding {
		return indiakit.Holding{Symbol: h.TradingSymbol, ISIN: h.ISIN, Units: h.Quantity.Decimal, Average: h.AveragePrice.Null()}
	})
}

// wirePosition is one of GET /v1/positions/user's positions: prices in
// rupees, no last price.
type wirePosition struct {
	TradingSymbol        string `json:"trading_symbol"`
	Segment              string `json:"segment"`
	CreditQuantity       num    `json:"credit_quantity"`
	CreditPrice          num    `json:"credit_price"`
	DebitQuantity        num    `json:"debit_quantity"`
	DebitPrice           num    `json:"debit_price"`
	Exchange             string `json:"exchange"`
	SymbolISIN           string `json:"symbol_isin"`
	Quantity             num    `json:"quantity"`
	Product              string `json:"product"`
	NetCarryForwardQty   num    `json:"net_carry_forward_quantity"`
	NetPrice             num    `json:"net_price"`
	NetCarryForwardPrice num    `json:"net_carry_forward_price"`
	RealisedPnL          num    `json:"realised_pnl"`
}

// segmentOf is where a row of seg's list trades: its exchange and segment
// ("NSE_FNO"), so indiakit tells a derivative and names the exchange.
func segmentOf(exchange, segment, seg string) string {
	if strings.TrimSpace(segment) == "" {
		segment = seg
	}
	return strings.ToUpper(strings.TrimSpace(exchange) + "_" + strings.TrimSpace(segment))
}

// delivery reports a delivery (CNC) row, whose carried-forward quantity is
// shares already in the demat holdings.
func (p wirePosition) delivery() bool { return strings.EqualFold(strings.TrimSpace(p.Product), "CNC") }

// units is what the row adds to the holdings. A row's quantity is the
// carried-forward quantity and the day's net (the docs' sample: 15 = 10
// carried forward + credit 10 − debit 5). A delivery (CNC) row's
// carried-forward shares are the holdings' own, so it counts the day's net
// only, quantity − net_carry_forward_quantity (the sample's 5 beside the
// holding's 10, not 15 more); any other row (intraday MIS, F&O and
// commodity NRML: none of it in the holdings) counts its quantity.
func (p wirePosition) units() decimal.Decimal {
	if !p.delivery() {
		return p.Quantity.Decimal
	}
	return p.Quantity.Decimal.Sub(p.NetCarryForwardQty.OrZero())
}

// average is the row's cost: the net price, else the larger side's
// average; a delivery row's day net costs the day's side (credit_price for a
// net buy, debit_price for a net sale), net_price averaging in the
// carried-forward shares too.
func (p wirePosition) average(units decimal.Decimal) decimal.NullDecimal {
	net := p.NetPrice
	if p.delivery() && p.NetCarryForwardQty.OrZero().Sign() != 0 {
		net = num{}
	}
	return indiakit.NetAverage(units, net, p.CreditPrice, p.DebitPrice)
}

// decodePositions maps seg's open positions (units ≠ 0: see units),
// PriceUnknown with their net price as the cost (else the larger side's
// average).
func decodePositions(b []byte, seg string, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Positions []wirePosition `json:"positions"`
	}
	if err := httpx.UnmarshalOr(b, &w, errMalformed); err != nil {
		return nil, err
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.TradingSymbol) != "" && p.Quantity.Valid }
	return indiakit.Positions(w.Positions, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		units := p.units()
		return indiakit.Holding{Symbol: p.TradingSymbol, Description: strings.TrimSpace(p.TradingSymbol + " " + p.Product),
			Segment: segmentOf(p.Exchange, p.Segment, seg), ISIN: p.SymbolISIN, Units: units, Average: p.average(units)}
	})
}

// decodeLTP reads GET /v1/live-data/ltp's payload: exchange_symbols entry →
// last price.
func decodeLTP(b []byte) (map[string]num, error) {
	var m map[string]num
	if err := httpx.UnmarshalOr(b, &m, errMalformed); err != nil {
		return nil, err
	}
	return m, nil
}

// withPrice is p at its last price ltp, when there is one; else p as it
// is (PriceUnknown).
func withPrice(p integrations.Position, ltp num) integrations.Position {
	if !ltp.Valid || !ltp.Decimal.IsPositive() {
		return p
	}
	p.Price, p.MarketValue, p.PriceUnknown = ltp.Decimal, p.Units.Mul(ltp.Decimal).Round(2), false
	return p
}

// wireOrder is one of GET /v1/order/list's orders (the day's).
type wireOrder struct {
	GrowwOrderID    string `json:"groww_order_id"`
	TradingSymbol   string `json:"trading_symbol"`
	OrderStatus     string `json:"order_status"`
	FilledQuantity  num    `json:"filled_quantity"`
	Exchange        string `json:"exchange"`
	Segment         string `json:"segment"`
	Product         string `json:"product"`
	TransactionType string `json:"transaction_type"`
}

// filled reports an order with fills to read.
func (o wireOrder) filled() bool {
	return o.FilledQuantity.Valid && o.FilledQuantity.Decimal.IsPositive()
}

// segment is the order's segment, else seg (the list's).
func (o wireOrder) segment(seg string) string {
	if s := strings.TrimSpace(o.Segment); s != "" {
		return s
	}
	return seg
}

func decodeOrders(b []byte) ([]wireOrder, error) {
	var w struct {
		Orders []wireOrder `json:"order_list"`
	}
	if err := httpx.UnmarshalOr(b, &w, errMalformed); err != nil {
		return nil, err
	}
	for _, o := range w.Orders {
		if strings.TrimSpace(o.GrowwOrderID) == "" {
			return nil, errMalformed
		}
	}
	return w.Orders, nil
}

// wireTrade is one of GET /v1/order/trades/{groww_order_id}'s fills.
type wireTrade struct {
	Price           num    `json:"price"`
	ISIN            string `json:"isin"`
	Quantity        num    `json:"quantity"`
	GrowwOrderID    string `json:"groww_order_id"`
	GrowwTradeID    string `json:"groww_trade_id"`
	ExchangeTradeID string `json:"exchange_trade_id"`
	TradeStatus     string `json:"trade_status"`
	TradingSymbol   string `json:"trading_symbol"`
	Exchange        string `json:"exchange"`
	Segment         string `json:"segment"`
	Product         string `json:"product"`
	TransactionType string `json:"transaction_type"`
	CreatedAt       string `json:"created_at"`
	TradeDateTime   string `json:"trade_date_time"`
}

// id is Groww's trade id, else the exchange's.
func (t wireTrade) id() string {
	if id := strings.TrimSpace(t.GrowwTradeID); id != "" {
		return id
	}
	return strings.TrimSpace(t.ExchangeTradeID)
}

// date is the fill's India date (trade_date_time, else created_at).
func (t wireTrade) date() integrations.Date {
	for _, s := range []string{t.TradeDateTime, t.CreatedAt} {
		if at, ok := parseTime(s); ok {
			return integrations.DateOf(at.In(indiakit.IST))
		}
	}
	return ""
}

func decodeTrades(b []byte) ([]wireTrade, error) {
	var w struct {
		Trades []wireTrade `json:"trade_list"`
	}
	if err := httpx.UnmarshalOr(b, &w, errMalformed); err != nil {
		return nil, err
	}
	for _, t := range w.Trades {
		if t.id() == "" || !t.Quantity.Valid || !t.Price.Valid || t.date() == "" {
			return nil, errMalformed
		}
	}
	return w.Trades, nil
}

// activity maps a fill of order o, read from seg's list: the trade's own
// side, symbol, exchange and product, else the order's.
func activity(t wireTrade, o wireOrder, seg string) integrations.Activity {
	or := func(a, b string) string {
		if strings.TrimSpace(a) != "" {
			return a
		}
		return b
	}
	return indiakit.Fill{ID: t.id(), Side: or(t.TransactionType, o.TransactionType), Symbol: or(t.TradingSymbol, o.TradingSymbol),
		Segment: segmentOf(or(t.Exchange, o.Exchange), or(t.Segment, o.Segment), seg), Product: or(t.Product, o.Product),
		Date: t.date(), Units: t.Quantity.Decimal, Price: t.Price.Decimal}.Activity("fill")
}

// errorCode reads a refusal's error.code (GA000 … GA007), "" if none.
func errorCode(body []byte) string {
	var e wireEnvelope
	if json.Unmarshal(body, &e) != nil || e.Error == nil {
		return ""
	}
	return strings.ToUpper(httpx.SafeCode(strings.TrimSpace(e.Error.Code), 16, ""))
}

// defaultRetryAfter is the wait assumed for a 429 without Retry-After: the
// Trade API's limits are per second and per minute.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal of a data call by HTTP status and the
// envelope's code: 429 a rate limit; 5xx, GA000 (internal error) and GA003
// (unable to serve now) unavailable; 401, 403 and GA005 (not authorised) a
// refused token — during a login the pasted one, after it the day's token
// has ended; anything else unavailable, naming the code.
func mapStatus(status int, h http.Header, body []byte, now time.Time, login bool) error {
	code := errorCode(body)
	switch {
	case status == http.StatusTooManyRequests:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case status >= 500 || code == "GA000" || code == "GA003":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Groww could not answer now (HTTP %d %s)", status, code))
	case status == http.StatusUnauthorized || status == http.StatusForbidden || code == "GA005":
		return integrations.KeyRefused(login,
			"Groww refused the access token: check it is today's and that your Trading API subscription is active",
			indiakit.SessionEnded("Groww", tokenEndHour, 0))
	}
	return indiakit.Unmapped("Groww", code, status, errMalformed)
}

// mapLTP maps a refusal of the live prices (LTP): 403 and GA005 there are
// the market data's refusal, not the token's — the holdings and positions
// were just read with the same token, and Groww sells market data with the
// Trading API subscription — so the positions keep their units without a
// price instead of the connection asking for a new login; anything else as
// mapStatus.
func mapLTP(status int, h http.Header, body []byte, now time.Time, login bool) error {
	if status == http.StatusForbidden || errorCode(body) == "GA005" {
		return integrations.Wrap(integrations.ErrUnavailable,
			"Groww did not give the live prices (they come with the Trading API subscription)")
	}
	return mapStatus(status, h, body, now, login)
}

// mapToken maps a refusal of the token exchange (the login's first call):
// 401, 403 and GA005 refuse the API key; any other refusal the TOTP code
// (GA001, bad request).
func mapToken(status int, h http.Header, body []byte, now time.Time, _ bool) error {
	code := errorCode(body)
	switch {
	case status == http.StatusTooManyRequests:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case status >= 500 || code == "GA000" || code == "GA003":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Groww could not answer now (HTTP %d %s)", status, code))
	case status == http.StatusUnauthorized || status == http.StatusForbidden || code == "GA005":
		return integrations.Wrap(integrations.ErrInvalidCredentials,
			"Groww refused the API key: check it is a TOTP token from Settings → Trading APIs and that your Trading API subscription is active")
	case status >= 400:
		return integrations.Wrap(integrations.ErrInvalidMFACode, "Groww refused the TOTP code")
	}
	return indiakit.Unmapped("Groww", code, status, errMalformed)
}
