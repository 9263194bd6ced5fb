package coinbaseadv

import (
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

func validCode(c string) bool {
	if len(c) < 2 || len(c) > 10 {
		return false
	}
	letter := false
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letter
}

const valuation = "USD"

var fiat = map[string]bool{"USD": true, "EUR": true, "GBP": true, "CAD": true, "SGD": true, "AUD": true}

// permissions is GET /api/v3/brokerage/key_permissions.
type permissions struct {
	CanView       bool   `json:"can_view"`
	CanTrade      bool   `json:"can_trade"`
	CanTransfer   bool   `json:"can_transfer"`
	PortfolioUUID string `json:"portfolio_uuid"`
	PortfolioType string `json:"portfolio_type"`
}

// owner names the login: the key's portfolio, which another key of the
// same portfolio shares.
func (p permissions) owner(name string) string {
	if p.PortfolioUUID != "" {
		return "portfolio:" + p.PortfolioUUID
	}
	return "key:" + name
}

type money struct {
	Value    num    `json:"value"`
	Currency string `json:"currency"`
}

// wallet is one GET /api/v3/brokerage/accounts entry: one currency.
type wallet struct {
	UUID             string `json:"uuid"`
	Name             string `json:"name"`
	Currency         string `json:"currency"`
	AvailableBalance money  `json:"available_balance"`
	Default          bool   `json:"default"`
	Active           bool   `json:"active"`
	Type             string `json:"type"`
	Ready            bool   `json:"ready"`
	Hold             money  `json:"hold"`
	PortfolioID      string `json:"retail_portfolio_id"`
}

type walletPage struct {
	Accounts []wallet `json:"accounts"`
	HasNext  bool     `json:"has_next"`
	Cursor   string   `json:"cursor"`
	Size     int      `json:"size"`
}

// totals returns available + hold per currency.
func totals(ws []wallet) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, w := range ws {
		if !validCode(w.Currency) || !w.AvailableBalance.Value.Valid {
			return nil, errMalformed
		}
		out[w.Currency] = out[w.Currency].Add(w.AvailableBalance.Value.Decimal).Add(w.Hold.Value.Decimal)
	}
	return out, nil
}

type product struct {
	ProductID string `json:"product_id"`
	Price     num    `json:"price"`
}

type productPage struct {
	Products []product `json:"products"`
}

func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	cash := map[string]decimal.Decimal{}
	var pos []integrations.Position
	held := decimal.Zero
	codes := make([]string, 0, len(bal))
	for c := range bal {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if fiat[c] {
			cash[c] = bal[c]
			continue
		}
		if bal[c].IsZero() {
			continue
		}
		p := integrations.Position{Symbol: integrations.Symbol{Ticker: c, Description: c, Type: integrations.SecurityCrypto, Currency: valuation},
			Units: bal[c], Currency: valuation, AsOf: asOf}
		if px, ok := prices[c]; ok {
			p.Price, p.MarketValue = px, bal[c].Mul(px).Round(2)
			held = held.Add(p.MarketValue)
		}
		pos = append(pos, p)
	}
	if _, ok := cash[valuation]; !ok {
		cash[valuation] = decimal.Zero
	}
	var bals []integrations.Balance
	for _, c := range sortedKeys(cash) {
		b := integrations.Balance{Currency: c, Cash: cash[c], BuyingPower: decimal.NewNullDecimal(cash[c]), Total: cash[c]}
		if c == valuation {
			b.Total = cash[c].Add(held)
		}
		bals = append(bals, b)
	}
	return bals, pos
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fill is one GET /api/v3/brokerage/orders/historical/fills entry.
type fill struct {
	EntryID            string `json:"entry_id"`
	TradeID            string `json:"trade_id"`
	OrderID            string `json:"order_id"`
	TradeTime          string `json:"trade_time"`
	TradeType          string `json:"trade_type"` // FILL, REVERSAL, CORRECTION, SYNTHETIC
	Price              num    `json:"price"`
	Size               num    `json:"size"`
	Commission         num    `json:"commission"`
	ProductID          string `json:"product_id"`
	SequenceTimestamp  string `json:"sequence_timestamp"`
	LiquidityIndicator string `json:"liquidity_indicator"`
	SizeInQuote        bool   `json:"size_in_quote"`
	Side               string `json:"side"`
}

type fillPage struct {
	Fills  []fill `json:"fills"`
	Cursor string `json:"cursor"`
}

func fillTime(f fill) (time.Time, error) { return time.Parse(time.RFC3339Nano, f.TradeTime) }

func fillActivity(f fill) (integrations.Activity, error) {
	base, q, ok := strings.Cut(f.ProductID, "-")
	at, err := fillTime(f)
	if !ok || !validCode(base) || !validCode(q) || err != nil || f.EntryID == "" || !f.Price.Valid || !f.Size.Valid || f.Price.IsZero() {
		return integrations.Activity{}, errMalformed
	}
	units, notional := f.Size.Decimal, f.Size.Mul(f.Price.Decimal)
	if f.SizeInQuote {
		units, notional = f.Size.Div(f.Price.Decimal).Round(8), f.Size.Decimal
	}
	a := integrations.Activity{ID: "fill:" + f.EntryID, RawType: f.Side, TradeDate: integrations.DateOf(at.UTC()), Symbol: base,
		Price: f.Price.Decimal, Fee: f.Commission.Decimal, Currency: q}
	if f.TradeType != "" && f.TradeType != "FILL" {
		a.RawType = f.TradeType + "/" + f.Side
	}
	switch {
	case f.TradeType != "" && f.TradeType != "FILL":
		a.Type = integrations.ActivityOther
	case f.Side == "BUY":
		a.Type = integrations.ActivityBuy
	case f.Side == "SELL":
		a.Type = integrations.ActivitySell
	default:
		a.Type = integrations.ActivityOther
	}
	if f.Side == "SELL" {
		a.Units, a.Amount = units.Neg(), notional.Sub(a.Fee)
	} else {
		a.Units, a.Amount = units, notional.Add(a.Fee).Neg()
	}
	a.Description = strings.ToLower(f.Side) + " " + units.String() + " " + base + " @ " + f.Price.String() + " " + q
	return a, nil
}
