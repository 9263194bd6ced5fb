package robinhood

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// num is a decimal read by its text: the documented schemas give some
// amounts as numbers (holdings' total_quantity, orders' average_price) and
// others as strings (buying_power, executions); the v2 holdings give
// strings where v1 gives numbers.
type num = integrations.Number

var errMalformed = integrations.Malformed("Robinhood")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// wireAccount is GET /api/v1/crypto/trading/accounts/: account_number,
// status (active, deactivated, sell_only), buying_power and its currency.
type wireAccount struct {
	AccountNumber       string `json:"account_number"`
	Status              string `json:"status"`
	BuyingPower         num    `json:"buying_power"`
	BuyingPowerCurrency string `json:"buying_power_currency"`
}

func decodeAccount(b []byte) (wireAccount, error) {
	return httpx.Row(b, errMalformed, func(a wireAccount) bool { return a.AccountNumber != "" && a.BuyingPower.Valid })
}

// cryptoAccount is the one account a credential reads.
func cryptoAccount(a wireAccount) integrations.Account {
	status := strings.ToLower(a.Status)
	switch status {
	case "active", "":
		status = "open"
	case "deactivated":
		status = "closed"
	}
	cur := strings.ToUpper(a.BuyingPowerCurrency)
	if cur == "" {
		cur = quote
	}
	return integrations.Account{ID: accountID, Number: integrations.MaskNumber(a.AccountNumber), Name: "Robinhood Crypto",
		RawType: "crypto", Category: integrations.CategoryCrypto, Currency: cur, Status: status}
}

// page is the documented pagination envelope: next and previous links and
// the results.
type page[T any] struct {
	Next     string `json:"next"`
	Previous string `json:"previous"`
	Results  []T    `json:"results"`
}

// wireHolding is one holding (v1: total_quantity and
// quantity_available_for_trading).
type wireHolding struct {
	AccountNumber               string `json:"account_number"`
	AssetCode                   string `json:"asset_code"`
	TotalQuantity               num    `json:"total_quantity"`
	QuantityAvailableForTrading num    `json:"quantity_available_for_trading"`
}

func decodeHoldings(b []byte) (page[wireHolding], error) {
	var p page[wireHolding]
	if err := decode(b, &p); err != nil {
		return page[wireHolding]{}, err
	}
	for i, h := range p.Results {
		if h.AssetCode == "" || !h.TotalQuantity.Valid {
			return page[wireHolding]{}, errMalformed
		}
		p.Results[i].AssetCode = strings.ToUpper(h.AssetCode)
	}
	return p, nil
}

// wirePrice is one result of best_bid_ask: the mid price and the bid and
// ask inclusive of Robinhood's spread.
type wirePrice struct {
	Symbol                   string `json:"symbol"`
	Price                    num    `json:"price"`
	BidInclusiveOfSellSpread num    `json:"bid_inclusive_of_sell_spread"`
	AskInclusiveOfBuySpread  num    `json:"ask_inclusive_of_buy_spread"`
	SellSpread               num    `json:"sell_spread"`
	BuySpread                num    `json:"buy_spread"`
	Timestamp                string `json:"timestamp"`
}

// decodePrices maps best_bid_ask to each asset's USD price: the mid price,
// else the bid inclusive of the sell spread (what a sale would fetch).
func decodePrices(b []byte) (map[string]decimal.Decimal, error) {
	var p struct {
		Results []wirePrice `json:"results"`
	}
	if err := decode(b, &p); err != nil {
		return nil, err
	}
	out := map[string]decimal.Decimal{}
	for _, r := range p.Results {
		asset, q, ok := strings.Cut(strings.ToUpper(r.Symbol), "-")
		if !ok || asset == "" || q != quote {
			continue
		}
		switch {
		case r.Price.Valid && r.Price.Decimal.IsPositive():
			out[asset] = r.Price.Decimal
		case r.BidInclusiveOfSellSpread.Valid && r.BidInclusiveOfSellSpread.Decimal.IsPositive():
			out[asset] = r.BidInclusiveOfSellSpread.Decimal
		}
	}
	return out, nil
}

// noCash says no holding is cash: Robinhood's holdings are all crypto, the
// account's cash its buying power.
func noCash(string) bool { return false }

// positions values each asset held (units not zero) at its price, in code
// order (cryptokit.Holdings); an asset without one keeps its units with the
// price unknown.
func positions(units, px map[string]decimal.Decimal, asOf time.Time) []integrations.Position {
	_, pos, _ := cryptokit.Holdings(units, noCash, px, quote, asOf)
	return pos
}

// wireExecution is one execution of an order.
type wireExecution struct {
	EffectivePrice num    `json:"effective_price"`
	Quantity       num    `json:"quantity"`
	Timestamp      string `json:"timestamp"`
}

// wireOrder is one order of GET /api/v1/crypto/trading/orders/.
type wireOrder struct {
	ID                  string          `json:"id"`
	AccountNumber       string          `json:"account_number"`
	Symbol              string          `json:"symbol"`
	ClientOrderID       string          `json:"client_order_id"`
	Side                string          `json:"side"`
	Executions          []wireExecution `json:"executions"`
	Type                string          `json:"type"`
	State               string          `json:"state"`
	AveragePrice        num             `json:"average_price"`
	FilledAssetQuantity num             `json:"filled_asset_quantity"`
	CreatedAt           string          `json:"created_at"`
	UpdatedAt           string          `json:"updated_at"`
}

func decodeOrders(b []byte) (page[wireOrder], error) {
	var p page[wireOrder]
	if err := decode(b, &p); err != nil {
		return page[wireOrder]{}, err
	}
	for _, o := range p.Results {
		if o.ID == "" || o.Symbol == "" || o.Side == "" {
			return page[wireOrder]{}, errMalformed
		}
	}
	return p, nil
}

// sides maps an order's side; any other is OTHER with its raw text.
var sides = map[string]integrations.ActivityType{"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell}

// orderActivities turns an order's executions into activities: units of
// the pair's asset at the execution's effective price, the amount its
// notional (negative for a buy), dated in UTC (crypto trades around the
// clock). The API reports no fee: Robinhood's spread is in the price.
func orderActivities(o wireOrder) ([]integrations.Activity, error) {
	asset, cur, _ := strings.Cut(strings.ToUpper(o.Symbol), "-")
	if cur == "" {
		cur = quote
	}
	side := strings.ToLower(o.Side)
	typ, ok := sides[side]
	if !ok {
		typ = integrations.ActivityOther
	}
	var out []integrations.Activity
	for i, x := range o.Executions {
		at, err := time.Parse(time.RFC3339Nano, x.Timestamp)
		if err != nil || !x.Quantity.Valid || !x.EffectivePrice.Valid || !x.Quantity.Decimal.IsPositive() {
			return nil, errMalformed
		}
		units, amount := integrations.Traded(typ, x.Quantity.Decimal, x.Quantity.Decimal.Mul(x.EffectivePrice.Decimal).Round(2), decimal.Zero)
		out = append(out, integrations.Activity{
			ID: o.ID + ":" + strconv.Itoa(i), Type: typ, RawType: side, TradeDate: integrations.DateOf(at.UTC()),
			Symbol: asset, Units: units, Price: x.EffectivePrice.Decimal, Amount: amount, Currency: cur,
			Description: strings.TrimSpace(side + " " + asset + " " + strings.ReplaceAll(o.Type, "_", " ")),
		})
	}
	return out, nil
}
