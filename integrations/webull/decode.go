package webull

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// --- Token -------------------------------------------------------------------

// Token statuses (Create Token / Check Token).
const (
	tokenPending = "PENDING"
	tokenNormal  = "NORMAL"
	tokenInvalid = "INVALID"
	tokenExpired = "EXPIRED"
)

type wireToken struct {
	Token   string `json:"token"`
	Expires int64  `json:"expires"` // Unix milliseconds
	Status  string `json:"status"`
}

func decodeToken(b []byte) (wireToken, error) {
	return httpx.Row(b, errMalformed, func(t wireToken) bool {
		return t.Status != "" && (t.Token != "" || t.Status == tokenInvalid || t.Status == tokenExpired)
	})
}

// --- Config ------------------------------------------------------------------

// wireConfig is GET /openapi/config (Java ApiConfig): whether the App Key
// needs an access token (the API's two-factor authentication is on).
type wireConfig struct {
	TokenCheckEnabled flag `json:"token_check_enabled"`
}

func decodeConfig(b []byte) (bool, error) {
	var c wireConfig
	if err := decode(b, &c); err != nil {
		return false, err
	}
	return bool(c.TokenCheckEnabled), nil
}

// --- Accounts ----------------------------------------------------------------

// wireSubscription is one row of GET /app/subscriptions/list (Java
// com.webull.openapi.trade.response.Account).
type wireSubscription struct {
	SubscriptionID string `json:"subscription_id"`
	UserID         string `json:"user_id"`
	AccountID      string `json:"account_id"`
	AccountNumber  string `json:"account_number"`
	AccountType    string `json:"account_type"`
}

func decodeSubscriptions(b []byte) ([]wireSubscription, error) {
	return httpx.Rows(b, errMalformed, func(r wireSubscription) bool { return r.AccountID != "" && r.SubscriptionID != "" })
}

// wireProfile is GET /account/profile (Java AccountDetail).
type wireProfile struct {
	AccountNumber string `json:"account_number"`
	AccountType   string `json:"account_type"`
	AccountStatus string `json:"account_status"`
}

func decodeProfile(b []byte) (wireProfile, error) {
	var p wireProfile
	if err := decode(b, &p); err != nil {
		return wireProfile{}, err
	}
	return p, nil
}

func account(s wireSubscription, p wireProfile) integrations.Account {
	return accountIn(s, p, regionUS)
}

// accountIn maps a subscription row and its profile to an account of
// region r (its currency).
func accountIn(s wireSubscription, p wireProfile, r *region) integrations.Account {
	number := p.AccountNumber
	if number == "" {
		number = s.AccountNumber
	}
	raw := p.AccountType
	if raw == "" {
		raw = s.AccountType
	}
	typ := strings.ToUpper(raw)
	cat := integrations.CategoryInvestment
	if strings.Contains(typ, "IRA") {
		cat = integrations.CategoryRetirement
	}
	status := strings.ToLower(p.AccountStatus)
	switch status {
	case "normal", "":
		status = "open"
	case "canceled":
		status = "closed"
	}
	name := "Webull"
	if typ != "" {
		name = "Webull " + strings.ReplaceAll(strings.ToLower(typ), "_", " ")
	}
	return integrations.Account{ID: s.AccountID, Number: integrations.MaskNumber(number), Name: name, RawType: raw,
		Category: cat, Currency: r.currency, Status: status}
}

// --- Balance -----------------------------------------------------------------

// wireCurrencyAsset and wireBalance are GET /account/balance (Java
// AccountAsset and AccountBalance: every amount a String).
type wireCurrencyAsset struct {
	Currency             string `json:"currency"`
	NetLiquidationValue  num    `json:"net_liquidation_value"`
	PositionsMarketValue num    `json:"positions_market_value"`
	CashBalance          num    `json:"cash_balance"`
	MarginPower          num    `json:"margin_power"`
	CashPower            num    `json:"cash_power"`
	PendingIncoming      num    `json:"pending_incoming"`
	CashFrozen           num    `json:"cash_frozen"`
	AvailableWithdrawal  num    `json:"available_withdrawal"`
}

type wireBalance struct {
	AccountID             string              `json:"account_id"`
	TotalAssetCurrency    string              `json:"total_asset_currency"`
	TotalAsset            num                 `json:"total_asset"`
	TotalMarketValue      num                 `json:"total_market_value"`
	TotalCashBalance      num                 `json:"total_cash_balance"`
	AccountCurrencyAssets []wireCurrencyAsset `json:"account_currency_assets"`
}

// decodeBalance maps GET /account/balance: one balance per currency asset;
// margin accounts' buying power is margin_power, cash accounts' cash_power.
func decodeBalance(b []byte, margin bool) ([]integrations.Balance, error) {
	return decodeBalanceIn(b, margin, "USD")
}

// decodeBalanceIn is decodeBalance with def the currency of totals that
// name none (HKD in Hong Kong, where total_asset_currency defaults to it).
func decodeBalanceIn(b []byte, margin bool, def string) ([]integrations.Balance, error) {
	var w wireBalance
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	var out []integrations.Balance
	seen := map[string]bool{}
	for _, a := range w.AccountCurrencyAssets {
		cur := strings.ToUpper(a.Currency)
		if cur == "" || seen[cur] || !a.CashBalance.Valid || !a.NetLiquidationValue.Valid {
			return nil, errMalformed
		}
		seen[cur] = true
		bp := a.CashPower.Null()
		if margin && a.MarginPower.Valid {
			bp = a.MarginPower.Null()
		}
		out = append(out, integrations.Balance{Currency: cur, Cash: a.CashBalance.Decimal, BuyingPower: bp, Total: a.NetLiquidationValue.Decimal})
	}
	if len(out) == 0 && w.TotalCashBalance.Valid && w.TotalAsset.Valid {
		cur := strings.ToUpper(w.TotalAssetCurrency)
		if cur == "" {
			cur = def
		}
		out = append(out, integrations.Balance{Currency: cur, Cash: w.TotalCashBalance.Decimal, Total: w.TotalAsset.Decimal})
	}
	return out, nil
}

// wireJPAsset and wireJPBalance are Webull Japan's GET /account/balance
// (Java JPAccountAsset and JPAccountBalance, which TradeClient reads for
// Region.jp): no net liquidation value, cash as total_cash, buying power
// as stock_power per currency and the margin account's one-day and
// indefinite margin powers. developer.webull.co.jp writes the two margin
// powers in camelCase (oneDayMarginPower) where the SDK's Gson reads
// snake_case: both are read.
type wireJPAsset struct {
	Currency             string `json:"currency"`
	PositionsMarketValue num    `json:"positions_market_value"`
	TotalCollateralValue num    `json:"total_collateral_value"`
	Balance              num    `json:"balance"`
	TotalCash            num    `json:"total_cash"`
	UnsettledCash        num    `json:"unsettled_cash"`
	SettledCash          num    `json:"settled_cash"`
	FrozenCash           num    `json:"frozen_cash"`
	AvailableToWithdraw  num    `json:"available_to_withdraw"`
	AvailableToExchange  num    `json:"available_to_exchange"`
	StockPower           num    `json:"stock_power"`
	OvernightPower       num    `json:"overnight_power"`
}

type wireJPBalance struct {
	AccountID                string        `json:"account_id"`
	TotalAssetCurrency       string        `json:"total_asset_currency"`
	TotalMarketValue         num           `json:"total_market_value"`
	TotalCollateralValue     num           `json:"total_collateral_value"`
	OneDayMarginPower        num           `json:"one_day_margin_power"`
	OneDayMarginPowerCamel   num           `json:"oneDayMarginPower"`
	InfiniteMarginPower      num           `json:"infinite_margin_power"`
	InfiniteMarginPowerCamel num           `json:"infiniteMarginPower"`
	AccountCurrencyAssets    []wireJPAsset `json:"account_currency_assets"`
}

// decodeJPBalance maps Webull Japan's balance: one balance per currency
// asset, its cash total_cash (else settled plus unsettled cash, else
// balance), its buying power stock_power — or, for a margin account in the
// margin currency (total_asset_currency), the indefinite margin power. The
// JP balance has no account value, so Total is the cash here: the client
// adds the market value of the positions in each currency.
func decodeJPBalance(b []byte, margin bool) ([]integrations.Balance, error) {
	var w wireJPBalance
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	marginCur := strings.ToUpper(w.TotalAssetCurrency)
	power := w.InfiniteMarginPower
	if !power.Valid {
		power = w.InfiniteMarginPowerCamel
	}
	var out []integrations.Balance
	seen := map[string]bool{}
	for _, a := range w.AccountCurrencyAssets {
		cur := strings.ToUpper(a.Currency)
		if cur == "" || seen[cur] {
			return nil, errMalformed
		}
		seen[cur] = true
		var cash decimal.Decimal
		switch {
		case a.TotalCash.Valid:
			cash = a.TotalCash.Decimal
		case a.SettledCash.Valid || a.UnsettledCash.Valid:
			cash = a.SettledCash.OrZero().Add(a.UnsettledCash.OrZero())
		case a.Balance.Valid:
			cash = a.Balance.Decimal
		default:
			return nil, errMalformed
		}
		bp := a.StockPower.Null()
		if margin && cur == marginCur && power.Valid {
			bp = power.Null()
		}
		out = append(out, integrations.Balance{Currency: cur, Cash: cash, BuyingPower: bp, Total: cash})
	}
	return out, nil
}

// --- Positions ---------------------------------------------------------------

// wireHolding is one holding of GET /account/positions (Java HoldingInfo).
type wireHolding struct {
	ID             string `json:"id"` // Webull Japan: the position's own id, its paging cursor
	InstrumentID   string `json:"instrument_id"`
	Symbol         string `json:"symbol"`
	InstrumentType string `json:"instrument_type"`
	Currency       string `json:"currency"`
	UnitCost       num    `json:"unit_cost"`
	Qty            num    `json:"qty"`
	TotalCost      num    `json:"total_cost"`
	LastPrice      num    `json:"last_price"`
	MarketValue    num    `json:"market_value"`
}

// wirePositions is GET /account/positions (Java AccountPositions: has_next
// is a String there, so both "true" and true are read).
type wirePositions struct {
	HasNext  flag          `json:"has_next"`
	Holdings []wireHolding `json:"holdings"`
}

// flag is a JSON boolean or its text ("true", "false").
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	switch strings.Trim(string(b), `"`) {
	case "true":
		*f = true
	case "false", "null", "":
		*f = false
	default:
		return errMalformed
	}
	return nil
}

var instrumentTypes = map[string]integrations.SecurityType{
	"STOCK": integrations.SecurityEquity, "EQUITY": integrations.SecurityEquity,
	"ETF": integrations.SecurityETF, "OPTION": integrations.SecurityOption,
	"FUND": integrations.SecurityFund, "CRYPTO": integrations.SecurityCrypto,
	"BOND": integrations.SecurityBond,
}

// securityType maps an instrument type: STOCK, ETF, OPTION... as in the US
// and Hong Kong, or a Category of Webull Japan (US_STOCK, US_ETF, JP_STOCK)
// by its last word. Anything else is SecurityOther.
func securityType(s string) integrations.SecurityType {
	u := strings.ToUpper(s)
	if t, ok := instrumentTypes[u]; ok {
		return t
	}
	if i := strings.LastIndexByte(u, '_'); i >= 0 {
		if t, ok := instrumentTypes[u[i+1:]]; ok {
			return t
		}
	}
	return integrations.SecurityOther
}

// decodePositions maps one page of GET /account/positions. It returns the
// page, whether there is a next one, and the last instrument id (the next
// page's last_instrument_id).
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, bool, string, error) {
	return decodeHoldings(b, asOf, regionUS)
}

// decodeHoldings is decodePositions in region r: a holding without a
// currency takes its symbol's market currency, and in Japan the page's
// cursor is the last holding's id (last_id).
func decodeHoldings(b []byte, asOf time.Time, r *region) ([]integrations.Position, bool, string, error) {
	p, err := decodeHoldingsPage(b, asOf, r)
	if err != nil {
		return nil, false, "", err
	}
	last := p.lastInstrument
	if r.jp && p.lastID != "" {
		last = p.lastID
	}
	return p.pos, p.more, last, nil
}

// holdingsPage is one page of positions with the cursors of its last
// holding: its instrument id and (Webull Japan) its position id.
type holdingsPage struct {
	pos                    []integrations.Position
	more                   bool
	lastInstrument, lastID string
}

func decodeHoldingsPage(b []byte, asOf time.Time, r *region) (holdingsPage, error) {
	var w wirePositions
	if err := decode(b, &w); err != nil {
		return holdingsPage{}, err
	}
	p := holdingsPage{pos: make([]integrations.Position, 0, len(w.Holdings)), more: bool(w.HasNext)}
	for _, h := range w.Holdings {
		if h.Symbol == "" || h.InstrumentID == "" || !h.Qty.Valid || !h.LastPrice.Valid || !h.MarketValue.Valid {
			return holdingsPage{}, errMalformed
		}
		typ := securityType(h.InstrumentType)
		cur := strings.ToUpper(h.Currency)
		if cur == "" {
			cur, _ = r.market(h.Symbol)
		}
		p.pos = append(p.pos, integrations.Position{
			Symbol:      integrations.Symbol{Ticker: h.Symbol, Type: typ, Currency: cur},
			Units:       h.Qty.Decimal,
			Price:       h.LastPrice.Decimal,
			MarketValue: h.MarketValue.Decimal,
			AverageCost: h.UnitCost.Null(),
			CostBasis:   h.TotalCost.Null(),
			Currency:    cur,
			AsOf:        asOf,
		})
		p.lastInstrument, p.lastID = h.InstrumentID, h.ID
	}
	if p.more && p.lastInstrument == "" {
		return holdingsPage{}, errMalformed
	}
	return p, nil
}

// --- Orders (activities) -----------------------------------------------------

// wireLeg is one leg of an order item (Java NOrderItemLeg).
type wireLeg struct {
	Symbol                   string `json:"symbol"`
	InstrumentType           string `json:"instrument_type"`
	OptionContractMultiplier num    `json:"option_contract_multiplier"`
}

// wireCommission and wireFee are an order item's charges (Java
// OrderCommissionItem, OrderFeeItem).
type wireCommission struct {
	ActualCommission num `json:"actual_commission"`
}

type wireFee struct {
	Type        string `json:"type"`
	ActualValue num    `json:"actual_value"`
}

// wireOrderItem is one order of an order-history entry: the fields of Java
// NOrderItem (com.webull.openapi.trade.response.NOrderItem), snake_case on
// the wire (Gson LOWER_CASE_WITH_UNDERSCORES). Every value is a String in
// the SDK; times are read whether text or number.
type wireOrderItem struct {
	ClientOrderID            string          `json:"client_order_id"`
	OrderID                  string          `json:"order_id"`
	Symbol                   string          `json:"symbol"`
	Side                     string          `json:"side"`
	Status                   string          `json:"status"`
	OrderType                string          `json:"order_type"`
	InstrumentType           string          `json:"instrument_type"`
	TotalQuantity            num             `json:"total_quantity"`
	Quantity                 num             `json:"quantity"` // deprecated for total_quantity
	FilledQuantity           num             `json:"filled_quantity"`
	FilledPrice              num             `json:"filled_price"`
	PlaceTime                text            `json:"place_time"`
	PlaceTimeAt              text            `json:"place_time_at"`
	FilledTime               text            `json:"filled_time"`
	FilledTimeAt             text            `json:"filled_time_at"`
	OptionContractMultiplier num             `json:"option_contract_multiplier"` // deprecated for legs
	Legs                     []wireLeg       `json:"legs"`
	Commission               *wireCommission `json:"commission"`
	Fees                     []wireFee       `json:"fees"`
}

// wireOrderHistory is one entry of GET /openapi/trade/order/history, whose
// reply is a bare JSON array of them (Java TradeClientV2.listOrders parses
// List<v2.OrderHistory>). A combo's orders come together in orders; items
// is the deprecated name of the same list.
type wireOrderHistory struct {
	ClientOrderID string          `json:"client_order_id"`
	ComboOrderID  string          `json:"combo_order_id"`
	ComboType     string          `json:"combo_type"`
	Orders        []wireOrderItem `json:"orders"`
	Items         []wireOrderItem `json:"items"`
}

// text is a JSON string or number kept as its text ("" for null).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "null":
		*t = ""
	case strings.HasPrefix(s, `"`):
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return errMalformed
		}
		*t = text(v)
	case len(s) > 0 && len(s) <= 32 && (s[0] == '-' || s[0] >= '0' && s[0] <= '9'):
		*t = text(s)
	default:
		return errMalformed
	}
	return nil
}

// sides maps Webull's OrderSide onto universal types.
var sides = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell, "SHORT": integrations.ActivitySell,
}

// newYork is the exchange's time zone: a fill's trade date is its date
// there (an overnight-session fill at 21:00 New York time is the next day in
// UTC).
var newYork = func() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.FixedZone("EST", -5*3600)
}()

// timeLayouts are the order times' text forms: RFC 3339 with or without
// fractions (2026-08-11T16:31:50.370Z), the older yyyy-MM-ddTHH:mm:ss.SSSZ
// with a numeric zone, and yyyy-MM-dd HH:mm:ss in New York time.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05Z0700"}

// parseTime reads an order time: Unix milliseconds (or seconds) as digits,
// or one of timeLayouts.
func parseTime(s text) (time.Time, bool) {
	v := strings.TrimSpace(string(s))
	if v == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		switch {
		case n > 1e14 || n <= 0:
			return time.Time{}, false
		case n > 1e11:
			return time.UnixMilli(n).UTC(), true
		default:
			return time.Unix(n, 0).UTC(), true
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := time.ParseInLocation(time.DateTime, v, newYork); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// fillTime is when an item filled: filled_time_at, filled_time, then the
// place times.
func (it wireOrderItem) fillTime() (time.Time, bool) {
	for _, s := range []text{it.FilledTimeAt, it.FilledTime, it.PlaceTimeAt, it.PlaceTime} {
		if t, ok := parseTime(s); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// multiplier is the contract size of an option item (its leg's
// option_contract_multiplier, else the deprecated item field, else 100), 1
// otherwise.
func (it wireOrderItem) multiplier() decimal.Decimal {
	if !strings.EqualFold(it.InstrumentType, "OPTION") {
		return decimal.NewFromInt(1)
	}
	for _, l := range it.Legs {
		if l.OptionContractMultiplier.Valid && l.OptionContractMultiplier.Decimal.IsPositive() {
			return l.OptionContractMultiplier.Decimal
		}
	}
	if m := it.OptionContractMultiplier; m.Valid && m.Decimal.IsPositive() {
		return m.Decimal
	}
	return decimal.NewFromInt(100)
}

// fee is the item's commission plus its fees, as a positive amount.
func (it wireOrderItem) fee() decimal.Decimal {
	f := decimal.Zero
	if it.Commission != nil {
		f = f.Add(it.Commission.ActualCommission.OrZero().Abs())
	}
	for _, x := range it.Fees {
		f = f.Add(x.ActualValue.OrZero().Abs())
	}
	return f
}

// decodeOrders maps one page of order history. Only filled quantities are
// activities: an item with no filled_quantity (cancelled, rejected, still
// working) is skipped; a partly filled one counts what filled. It returns
// the page's activities, how many entries the page held (a page shorter than
// page_size is the last) and the last entry's client_order_id (the next
// page's last_client_order_id).
func decodeOrders(b []byte) ([]integrations.Activity, int, string, error) {
	return decodeOrdersIn(b, regionUS)
}

// decodeOrdersIn is decodeOrders in region r: each order's currency and
// trade date are those of its symbol's market (see region.market).
func decodeOrdersIn(b []byte, r *region) ([]integrations.Activity, int, string, error) {
	var w []wireOrderHistory
	if err := decode(b, &w); err != nil {
		return nil, 0, "", err
	}
	var out []integrations.Activity
	last := ""
	for _, o := range w {
		if o.ClientOrderID == "" {
			return nil, 0, "", errMalformed
		}
		last = o.ClientOrderID
		items := o.Orders
		if len(items) == 0 {
			items = o.Items
		}
		for i, it := range items {
			if !it.FilledQuantity.Valid || !it.FilledQuantity.Decimal.IsPositive() {
				continue
			}
			when, ok := it.fillTime()
			if !ok || it.Symbol == "" || !it.FilledPrice.Valid {
				return nil, 0, "", errMalformed
			}
			side := strings.ToUpper(it.Side)
			typ, ok := sides[side]
			if !ok {
				typ = integrations.ActivityOther
			}
			fee := it.fee()
			units, amount := integrations.Traded(typ, it.FilledQuantity.Decimal,
				it.FilledQuantity.Decimal.Mul(it.FilledPrice.Decimal).Mul(it.multiplier()), fee)
			id := it.OrderID
			if id == "" {
				id = o.ClientOrderID
				if len(items) > 1 {
					id += "-" + strconv.Itoa(i)
				}
			}
			cur, loc := r.market(it.Symbol)
			out = append(out, integrations.Activity{
				ID: id, Type: typ, RawType: side, TradeDate: integrations.DateOf(when.In(loc)),
				Symbol: it.Symbol, Units: units, Price: it.FilledPrice.Decimal, Amount: amount, Fee: fee,
				Currency: cur, Description: strings.TrimSpace(side + " " + it.Symbol + " " + strings.ToLower(it.OrderType)),
			})
		}
	}
	return out, len(w), last, nil
}
