package coinbaseadv

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

var errMalformed = integrations.Malformed("Coinbase")

// decode reads a body into v; a body that is not the expected JSON is
// errMalformed.
func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// validCode reports whether c looks like a currency code (BTC, USDC, 1INCH).
var validCode = cryptokit.ValidCode

// valuation is the currency the portfolio is valued in: every product
// priced is BASE-USD.
const valuation = "USD"

var fiat = map[string]bool{"USD": true, "EUR": true, "GBP": true, "CAD": true, "SGD": true, "AUD": true}

// flag is a JSON boolean that Coinbase may also send as a string: the
// SDK's Fill type declares size_in_quote a str (coinbase-advanced-py
// rest/types/orders_types.py, v1.8.4), the API reference a boolean.
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case bool:
		*f = flag(x)
	case string:
		*f = flag(strings.EqualFold(strings.TrimSpace(x), "true"))
	case nil:
		*f = false
	default:
		return errMalformed
	}
	return nil
}

// permissions is GET /api/v3/brokerage/key_permissions
// (GetAPIKeyPermissionsResponse in the SDK's rest/types/data_api_types.py).
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

var decodePermissions = cryptokit.Decoder[permissions](decode)

// money is the SDK's Amount: {"value": "1.5", "currency": "BTC"}.
type money struct {
	Value    num    `json:"value"`
	Currency string `json:"currency"`
}

// wallet is one GET /api/v3/brokerage/accounts entry (the SDK's Account):
// one currency of the key's portfolio.
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

// walletPage is ListAccountsResponse: accounts, has_next, cursor, size.
type walletPage struct {
	Accounts []wallet `json:"accounts"`
	HasNext  bool     `json:"has_next"`
	Cursor   string   `json:"cursor"`
	Size     int      `json:"size"`
}

// decodeWallets reads one page of accounts and checks every wallet has a
// currency and an available balance.
func decodeWallets(b []byte) (walletPage, error) {
	var p walletPage
	if err := decode(b, &p); err != nil {
		return walletPage{}, err
	}
	if _, err := totals(p.Accounts); err != nil {
		return walletPage{}, err
	}
	return p, nil
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

// product is the part of the SDK's Product Latchkey reads.
type product struct {
	ProductID string `json:"product_id"`
	Price     num    `json:"price"`
}

// decodePrices reads GET /api/v3/brokerage/products (ListProductsResponse:
// products, num_products) into the USD price of each base currency. A
// product without a price ("" for a delisted pair) is left out.
func decodePrices(b []byte) (map[string]decimal.Decimal, error) {
	var p struct {
		Products []product `json:"products"`
	}
	if err := decode(b, &p); err != nil {
		return nil, err
	}
	px := map[string]decimal.Decimal{}
	for _, pr := range p.Products {
		if base, q, ok := strings.Cut(pr.ProductID, "-"); ok && q == valuation && pr.Price.Valid && !pr.Price.IsNegative() {
			px[base] = pr.Price.Decimal
		}
	}
	return px, nil
}

// isCash reports whether a wallet's currency is cash (a fiat currency).
func isCash(c string) bool { return fiat[c] }

// holdings: a cash balance per fiat currency (the USD one's total counting
// the crypto's value) and a position per crypto held. A crypto without a
// price in prices is PriceUnknown.
func holdings(bal map[string]decimal.Decimal, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	cash, pos, held := cryptokit.Holdings(bal, isCash, prices, valuation, asOf)
	return cryptokit.Balances(cash, valuation, held, true), pos
}

// fill is one GET /api/v3/brokerage/orders/historical/fills entry (the
// SDK's Fill).
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
	SizeInQuote        flag   `json:"size_in_quote"`
	Side               string `json:"side"`
}

// fillPage is ListFillsResponse: fills and cursor ("" on the last page).
type fillPage struct {
	Fills  []fill `json:"fills"`
	Cursor string `json:"cursor"`
}

var decodeFills = cryptokit.Decoder[fillPage](decode)

// fillActivity maps a fill: BUY or SELL by side; a REVERSAL, CORRECTION or
// SYNTHETIC fill is OTHER with the trade type kept in the raw type. A
// size_in_quote fill's size is in the quote currency.
func fillActivity(f fill) (integrations.Activity, error) {
	base, q, ok := strings.Cut(f.ProductID, "-")
	at, err := time.Parse(time.RFC3339Nano, f.TradeTime)
	if !ok || !validCode(base) || !validCode(q) || err != nil || f.EntryID == "" || !f.Price.Valid || !f.Size.Valid || f.Price.IsZero() {
		return integrations.Activity{}, errMalformed
	}
	units, notional := f.Size.Decimal, f.Size.Mul(f.Price.Decimal)
	if f.SizeInQuote {
		units, notional = f.Size.Div(f.Price.Decimal).Round(8), f.Size.Decimal
	}
	a := integrations.Activity{ID: "fill:" + f.EntryID, RawType: f.Side, TradeDate: integrations.DateOf(at.UTC()), Symbol: base,
		Price: f.Price.Decimal, Fee: f.Commission.Decimal, Currency: q}
	other := f.TradeType != "" && f.TradeType != "FILL"
	if other {
		a.RawType = f.TradeType + "/" + f.Side
	}
	switch {
	case other:
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
