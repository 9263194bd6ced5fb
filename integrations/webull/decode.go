package webull

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
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
	var t wireToken
	if err := decode(b, &t); err != nil {
		return wireToken{}, err
	}
	if t.Status == "" || (t.Token == "" && t.Status != tokenInvalid && t.Status != tokenExpired) {
		return wireToken{}, errMalformed
	}
	return t, nil
}

// --- Accounts ----------------------------------------------------------------

// wireSubscription is one row of GET /app/subscriptions/list.
type wireSubscription struct {
	SubscriptionID string `json:"subscription_id"`
	UserID         string `json:"user_id"`
	AccountID      string `json:"account_id"`
	AccountNumber  string `json:"account_number"`
}

func decodeSubscriptions(b []byte) ([]wireSubscription, error) {
	var rows []wireSubscription
	if err := decode(b, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.AccountID == "" || r.SubscriptionID == "" {
			return nil, errMalformed
		}
	}
	return rows, nil
}

// wireProfile is GET /account/profile.
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

// maskNumber shows only the last four characters of an account number.
func maskNumber(n string) string {
	r := []rune(n)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

func account(s wireSubscription, p wireProfile) integrations.Account {
	number := p.AccountNumber
	if number == "" {
		number = s.AccountNumber
	}
	typ := strings.ToUpper(p.AccountType)
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
	return integrations.Account{ID: s.AccountID, Number: maskNumber(number), Name: name, RawType: p.AccountType,
		Category: cat, Currency: "USD", Status: status}
}

// --- Balance -----------------------------------------------------------------

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
			cur = "USD"
		}
		out = append(out, integrations.Balance{Currency: cur, Cash: w.TotalCashBalance.Decimal, Total: w.TotalAsset.Decimal})
	}
	return out, nil
}

// --- Positions ---------------------------------------------------------------

type wireHolding struct {
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

type wirePositions struct {
	HasNext  bool          `json:"has_next"`
	Holdings []wireHolding `json:"holdings"`
}

var instrumentTypes = map[string]integrations.SecurityType{
	"STOCK": integrations.SecurityEquity, "EQUITY": integrations.SecurityEquity,
	"ETF": integrations.SecurityETF, "OPTION": integrations.SecurityOption,
	"FUND": integrations.SecurityFund, "CRYPTO": integrations.SecurityCrypto,
	"BOND": integrations.SecurityBond,
}

// decodePositions maps one page of GET /account/positions. It returns the
// page, whether there is a next one, and the last instrument id (the next
// page's last_instrument_id).
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, bool, string, error) {
	var w wirePositions
	if err := decode(b, &w); err != nil {
		return nil, false, "", err
	}
	out := make([]integrations.Position, 0, len(w.Holdings))
	last := ""
	for _, h := range w.Holdings {
		if h.Symbol == "" || h.InstrumentID == "" || !h.Qty.Valid || !h.LastPrice.Valid || !h.MarketValue.Valid {
			return nil, false, "", errMalformed
		}
		typ, ok := instrumentTypes[strings.ToUpper(h.InstrumentType)]
		if !ok {
			typ = integrations.SecurityOther
		}
		cur := strings.ToUpper(h.Currency)
		if cur == "" {
			cur = "USD"
		}
		out = append(out, integrations.Position{
			Symbol:      integrations.Symbol{Ticker: h.Symbol, Type: typ, Currency: cur},
			Units:       h.Qty.Decimal,
			Price:       h.LastPrice.Decimal,
			MarketValue: h.MarketValue.Decimal,
			AverageCost: h.UnitCost.Null(),
			CostBasis:   h.TotalCost.Null(),
			Currency:    cur,
			AsOf:        asOf,
		})
		last = h.InstrumentID
	}
	if w.HasNext && last == "" {
		return nil, false, "", errMalformed
	}
	return out, w.HasNext, last, nil
}

// --- Orders (activities) -----------------------------------------------------

type wireItem struct {
	Category       string `json:"category"`
	Currency       string `json:"currency"`
	FilledPrice    num    `json:"filled_price"`
	FilledQty      num    `json:"filled_qty"`
	InstrumentID   string `json:"instrument_id"`
	LastFilledTime string `json:"last_filled_time"`
	OrderStatus    string `json:"order_status"`
	OrderType      string `json:"order_type"`
	PlaceTime      string `json:"place_time"`
	Qty            num    `json:"qty"`
	Side           string `json:"side"`
	Symbol         string `json:"symbol"`
}

type wireOrder struct {
	AccountID     string     `json:"account_id"`
	ClientOrderID string     `json:"client_order_id"`
	OrderID       string     `json:"order_id"`
	Items         []wireItem `json:"items"`
}

type wireOrders struct {
	HasNext bool        `json:"has_next"`
	Orders  []wireOrder `json:"orders"`
}

// sides maps Webull's OrderSide onto universal types.
var sides = map[string]integrations.ActivityType{
	"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell, "SHORT": integrations.ActivitySell,
}

// timeLayouts are the order times' formats: yyyy-MM-ddTHH:mm:ss.SSSZ, UTC.
var timeLayouts = []string{"2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700"}

func parseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// decodeOrders maps one page of order history. Only filled quantities are
// activities: an unfilled (cancelled, rejected) item is skipped. It returns
// the page's activities, whether there is a next page and the last
// client_order_id (the next page's cursor).
func decodeOrders(b []byte) ([]integrations.Activity, bool, string, error) {
	var w wireOrders
	if err := decode(b, &w); err != nil {
		return nil, false, "", err
	}
	var out []integrations.Activity
	last := ""
	for _, o := range w.Orders {
		if o.ClientOrderID == "" {
			return nil, false, "", errMalformed
		}
		last = o.ClientOrderID
		for i, it := range o.Items {
			if !it.FilledQty.Valid || it.FilledQty.Decimal.IsZero() {
				continue
			}
			when, ok := parseTime(it.LastFilledTime)
			if !ok {
				if when, ok = parseTime(it.PlaceTime); !ok {
					return nil, false, "", errMalformed
				}
			}
			if it.Symbol == "" || !it.FilledPrice.Valid {
				return nil, false, "", errMalformed
			}
			side := strings.ToUpper(it.Side)
			typ, ok := sides[side]
			if !ok {
				typ = integrations.ActivityOther
			}
			units := it.FilledQty.Decimal.Abs()
			gross := units.Mul(it.FilledPrice.Decimal)
			if strings.Contains(strings.ToUpper(it.Category), "OPTION") {
				gross = gross.Mul(decimal.NewFromInt(100))
			}
			amount := gross
			if typ == integrations.ActivityBuy {
				amount = gross.Neg()
				// units stay positive: a buy adds units
			} else if typ == integrations.ActivitySell {
				units = units.Neg()
			}
			cur := strings.ToUpper(it.Currency)
			if cur == "" {
				cur = "USD"
			}
			id := o.ClientOrderID
			if len(o.Items) > 1 {
				id = id + "-" + itoa(i)
			}
			out = append(out, integrations.Activity{
				ID: id, Type: typ, RawType: side, TradeDate: integrations.DateOf(when),
				Symbol: it.Symbol, Units: units, Price: it.FilledPrice.Decimal, Amount: amount,
				Currency: cur, Description: strings.TrimSpace(side + " " + it.Symbol + " " + strings.ToLower(it.OrderType)),
			})
		}
	}
	if w.HasNext && last == "" {
		return nil, false, "", errMalformed
	}
	return out, w.HasNext, last, nil
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
