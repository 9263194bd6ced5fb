package alpaca

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// dec is a decimal read by its text, never through float64: Alpaca sends
// decimals as JSON strings ("1.63"); null and "" are absent.
type dec = integrations.Number

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// wireAccount is GET /v2/account.
type wireAccount struct {
	ID             string `json:"id"`
	AccountNumber  string `json:"account_number"`
	Status         string `json:"status"`
	Currency       string `json:"currency"`
	Cash           dec    `json:"cash"`
	BuyingPower    dec    `json:"buying_power"`
	Equity         dec    `json:"equity"`
	PortfolioValue dec    `json:"portfolio_value"`
	Multiplier     dec    `json:"multiplier"`
}

// decodeAccount reads the login's account and its balance.
func decodeAccount(b []byte, paper bool) (integrations.Account, []integrations.Balance, error) {
	var w wireAccount
	if err := decode(b, &w); err != nil {
		return integrations.Account{}, nil, err
	}
	if w.ID == "" || !w.Cash.Valid {
		return integrations.Account{}, nil, errMalformed
	}
	cur := strings.ToUpper(w.Currency)
	if cur == "" {
		cur = "USD"
	}
	raw := accountKind(w.Multiplier)
	name := "Alpaca "
	if paper {
		name += "paper "
	}
	if raw != "" {
		name += raw + " "
	}
	name += "account"
	total := w.Equity
	if !total.Valid {
		total = w.PortfolioValue
	}
	a := integrations.Account{ID: w.ID, Number: integrations.MaskNumber(w.AccountNumber), Name: name, RawType: raw,
		Category: integrations.CategoryInvestment, Currency: cur, Status: integrations.AccountStatus(w.Status, "account_closed"), Paper: paper}
	bal := []integrations.Balance{{Currency: cur, Cash: w.Cash.OrZero(), BuyingPower: w.BuyingPower.Null(), Total: total.OrZero()}}
	return a, bal, nil
}

// accountKind names the account by its buying-power multiplier, as the
// account entity's documentation classes it: 1 is a "standard limited margin
// account with 1x BP", 2 a reg T margin account, 4 a pattern day trader's
// margin account. Alpaca has no cash account type; without a multiplier the
// kind is unknown ("").
func accountKind(m dec) string {
	switch {
	case !m.Valid:
		return ""
	case m.Decimal.GreaterThan(decimal.NewFromInt(1)):
		return "margin"
	default:
		return "limited margin"
	}
}

// wirePosition is one row of GET /v2/positions.
type wirePosition struct {
	Symbol        string `json:"symbol"`
	Exchange      string `json:"exchange"`
	AssetClass    string `json:"asset_class"`
	Qty           dec    `json:"qty"`
	Side          string `json:"side"`
	AvgEntryPrice dec    `json:"avg_entry_price"`
	MarketValue   dec    `json:"market_value"`
	CostBasis     dec    `json:"cost_basis"`
	CurrentPrice  dec    `json:"current_price"`
}

var assetClasses = map[string]integrations.SecurityType{
	"us_equity": integrations.SecurityEquity,
	"crypto":    integrations.SecurityCrypto,
	"us_option": integrations.SecurityOption,
}

func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w []wirePosition
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(w))
	for _, p := range w {
		// The documentation's own sample sends "AAPL " with a trailing space.
		p.Symbol = strings.TrimSpace(p.Symbol)
		if p.Symbol == "" || !p.Qty.Valid {
			return nil, errMalformed
		}
		typ, ok := assetClasses[strings.ToLower(p.AssetClass)]
		if !ok {
			typ = integrations.SecurityOther
		}
		units := p.Qty.Decimal
		if strings.EqualFold(p.Side, "short") && units.IsPositive() {
			units = units.Neg()
		}
		out = append(out, integrations.Position{
			Symbol:      integrations.Symbol{Ticker: p.Symbol, Type: typ, Exchange: p.Exchange, Currency: "USD"},
			Units:       units,
			Price:       p.CurrentPrice.OrZero(),
			MarketValue: p.MarketValue.OrZero(),
			AverageCost: p.AvgEntryPrice.Null(),
			CostBasis:   p.CostBasis.Null(),
			Currency:    "USD",
			AsOf:        asOf,
		})
	}
	return out, nil
}

// wireActivity is one row of GET /v2/account/activities: a trade activity
// (activity_type FILL) or a non-trade activity.
type wireActivity struct {
	ActivityType string `json:"activity_type"`
	ID           string `json:"id"`
	// Trade activities.
	TransactionTime string `json:"transaction_time"`
	Type            string `json:"type"`
	Price           dec    `json:"price"`
	Qty             dec    `json:"qty"`
	Side            string `json:"side"`
	Symbol          string `json:"symbol"`
	// Non-trade activities (price is alpaca-py's NonTradeActivity.price,
	// status its NonTradeActivityStatus: executed, correct or canceled).
	Date           string `json:"date"`
	NetAmount      dec    `json:"net_amount"`
	PerShareAmount dec    `json:"per_share_amount"`
	Description    string `json:"description"`
	Status         string `json:"status"`
}

// activityTypes maps Alpaca's non-trade activity types (alpaca-py's
// ActivityType enum and the trading API's list; see doc.go). Types whose
// direction depends on the sign (journals, ACATS) are handled in ntaType;
// the rest (CIL, MA, NC, SC, SPIN, SSO, REORG, VOF, the OP* option events,
// MEM, EXTRD, FXTRD, INTPNL, OCT, ...) are OTHER with their raw type.
var activityTypes = map[string]integrations.ActivityType{
	"DIV": integrations.ActivityDividend, "DIVCGL": integrations.ActivityDividend,
	"DIVCGS": integrations.ActivityDividend, "DIVROC": integrations.ActivityDividend,
	"DIVTXEX": integrations.ActivityDividend, "CGD": integrations.ActivityDividend,
	"DIVNRA": integrations.ActivityTax, "DIVTW": integrations.ActivityTax, "DIVFT": integrations.ActivityTax,
	"DIVWH": integrations.ActivityTax, "WH": integrations.ActivityTax,
	"INTNRA": integrations.ActivityTax, "INTTW": integrations.ActivityTax,
	"DIVFEE": integrations.ActivityFee, "FEE": integrations.ActivityFee, "CFEE": integrations.ActivityFee,
	"PTC": integrations.ActivityFee, "PTR": integrations.ActivityFee,
	"INT": integrations.ActivityInterest,
	"CSD": integrations.ActivityContribution, "CSW": integrations.ActivityWithdrawal,
	"SSP": integrations.ActivitySplit, "SPLIT": integrations.ActivitySplit,
}

// signed are the transfer types whose direction is the amount's (or the
// quantity's) sign. TRANS is a filter that names CSD and CSW together and
// never comes back as a row's type.
var signed = map[string]bool{"JNL": true, "JNLC": true, "JNLS": true, "ACATC": true, "ACATS": true}

// canceled is the status of a non-trade activity "recorded but canceled"
// (the Broker API's ENUM.AccountActivity; alpaca-py's
// NonTradeActivityStatus.CANCELED): it never moved cash or shares.
const canceled = "canceled"

func ntaType(raw string, amount, qty decimal.Decimal) integrations.ActivityType {
	if t, ok := activityTypes[raw]; ok {
		return t
	}
	if signed[raw] {
		return integrations.BySign(integrations.ActivityTransferIn, integrations.ActivityTransferOut, amount, qty)
	}
	return integrations.ActivityOther
}

// newYork is the exchange's time zone: a fill's trade date is its date
// there, not in UTC (an after-hours fill at 21:00 New York time is the next
// day in UTC).
var newYork = func() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.FixedZone("EST", -5*3600)
}()

// decodeActivities reads one page; last is the id of the page's last row
// (the next page_token), "" for an empty page. A canceled non-trade
// activity is left out, though its id still counts as the page's last.
func decodeActivities(b []byte) (acts []integrations.Activity, last string, err error) {
	var w []wireActivity
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	out := make([]integrations.Activity, 0, len(w))
	for _, r := range w {
		a, err := mapActivity(r)
		if err != nil {
			return nil, "", err
		}
		last = r.ID
		if strings.EqualFold(strings.TrimSpace(r.Status), canceled) {
			continue
		}
		out = append(out, a)
	}
	return out, last, nil
}

func mapActivity(r wireActivity) (integrations.Activity, error) {
	raw := strings.ToUpper(strings.TrimSpace(r.ActivityType))
	if r.ID == "" || raw == "" {
		return integrations.Activity{}, errMalformed
	}
	a := integrations.Activity{ID: r.ID, RawType: raw, Symbol: strings.TrimSpace(r.Symbol), Currency: "USD", Description: r.Description}
	if raw == "FILL" {
		t, err := time.Parse(time.RFC3339Nano, r.TransactionTime)
		if err != nil || a.Symbol == "" || !r.Qty.Valid || !r.Price.Valid {
			return integrations.Activity{}, errMalformed
		}
		a.TradeDate = integrations.DateOf(t.In(newYork))
		qty, px := r.Qty.Decimal.Abs(), r.Price.Decimal
		notional := qty.Mul(px)
		switch strings.ToLower(r.Side) {
		case "buy", "buy_to_cover":
			a.Type, a.Units, a.Amount = integrations.ActivityBuy, qty, notional.Neg()
		case "sell", "sell_short":
			a.Type, a.Units, a.Amount = integrations.ActivitySell, qty.Neg(), notional
		default:
			return integrations.Activity{}, errMalformed
		}
		a.RawType = raw + "/" + strings.ToLower(r.Side)
		a.Price = px
		if a.Description == "" {
			a.Description = strings.ToUpper(r.Side[:1]) + strings.ToLower(r.Side[1:]) + " " + qty.String() + " " + a.Symbol + " @ " + px.String()
		}
		return a, nil
	}
	d, err := activityDate(r.Date)
	if err != nil {
		return integrations.Activity{}, errMalformed
	}
	a.TradeDate = d
	a.Amount = r.NetAmount.OrZero()
	a.Units = r.Qty.OrZero()
	a.Price = r.PerShareAmount.OrZero()
	if !r.PerShareAmount.Valid {
		a.Price = r.Price.OrZero() // alpaca-py's NonTradeActivity.price
	}
	a.Type = ntaType(raw, a.Amount, a.Units)
	if a.Description == "" {
		a.Description = raw
	}
	return a, nil
}

// activityDate reads a non-trade activity's date: "2019-08-01", or a
// timestamp on some accounts.
func activityDate(s string) (integrations.Date, error) {
	if d, err := integrations.ParseDate(s); err == nil {
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", err
	}
	return integrations.DateOf(t.In(newYork)), nil
}
