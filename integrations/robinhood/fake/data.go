package fake

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Wire shapes: the documented schemas (docs.robinhood.com/crypto/trading:
// Get Crypto Orders' response sample).
type wireExecution struct {
	EffectivePrice string `json:"effective_price"`
	Quantity       string `json:"quantity"`
	Timestamp      string `json:"timestamp"`
}

type marketConfig struct {
	AssetQuantity json.Number `json:"asset_quantity"`
}

type limitConfig struct {
	AssetQuantity json.Number `json:"asset_quantity"`
	LimitPrice    json.Number `json:"limit_price"`
	TimeInForce   string      `json:"time_in_force"`
}

type wireOrder struct {
	ID                  string          `json:"id"`
	AccountNumber       string          `json:"account_number"`
	Symbol              string          `json:"symbol"`
	ClientOrderID       string          `json:"client_order_id"`
	Side                string          `json:"side"`
	Executions          []wireExecution `json:"executions"`
	Type                string          `json:"type"`
	State               string          `json:"state"`
	AveragePrice        *json.Number    `json:"average_price"`
	FilledAssetQuantity json.Number     `json:"filled_asset_quantity"`
	CreatedAt           string          `json:"created_at"`
	UpdatedAt           string          `json:"updated_at"`
	MarketOrderConfig   *marketConfig   `json:"market_order_config,omitempty"`
	LimitOrderConfig    *limitConfig    `json:"limit_order_config,omitempty"`
}

type order struct {
	wireOrder
	created, updated time.Time
}

type holding struct{ code, qty string }

type book struct {
	buyingPower string
	holdings    []holding
	orders      []order // newest first
}

// prices are the mid prices best_bid_ask answers.
var prices = map[string]decimal.Decimal{
	"BTC": decimal.RequireFromString("67215.43"), "ETH": decimal.RequireFromString("3481.12"),
	"DOGE": decimal.RequireFromString("0.1642"), "SOL": decimal.RequireFromString("171.88"),
	"USDC": decimal.RequireFromString("1.0000"), "LTC": decimal.RequireFromString("84.31"),
}

// quoteOf is one best_bid_ask result: the mid price and the bid and ask
// inclusive of a 0.45% spread, as numbers (the documented sample's types).
func quoteOf(symbol string, px decimal.Decimal, now time.Time) map[string]any {
	spread := decimal.RequireFromString("0.0045")
	bid := px.Mul(decimal.NewFromInt(1).Sub(spread)).Round(4)
	ask := px.Mul(decimal.NewFromInt(1).Add(spread)).Round(4)
	return map[string]any{"symbol": symbol, "price": jsonNumber(px.String()),
		"bid_inclusive_of_sell_spread": jsonNumber(bid.String()), "sell_spread": jsonNumber(spread.String()),
		"ask_inclusive_of_buy_spread": jsonNumber(ask.String()), "buy_spread": jsonNumber(spread.String()),
		"timestamp": now.UTC().Format("2006-01-02T15:04:05.000000Z07:00")}
}

func jsonNumber(s string) json.Number { return json.Number(s) }

func seeded(s string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(s))
	v := h.Sum64()
	return rand.New(rand.NewPCG(v, v^0x51ed2701f3a5c7b9))
}

func uuidOf(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff,
		0x8000|r.Uint32()&0x3fff, r.Uint64()&0xffffffffffff)
}

// buildBook makes the demo account anchored to now's day: its holdings and
// about 140 orders over the 180 days before it.
func buildBook(now time.Time) *book {
	day := fakekit.Day(now)
	b := &book{buyingPower: "2841.57", holdings: []holding{
		{"BTC", "0.41235"}, {"ETH", "3.2"}, {"DOGE", "15000"}, {"SOL", "12.5"}, {"USDC", "250"}, {"LTC", "0"},
	}}
	r := seeded("robinhood-demo")
	syms := []string{"BTC", "ETH", "DOGE", "SOL", "LTC"}
	const n = 140
	for i := range n {
		asset := syms[r.IntN(len(syms))]
		created := day.Add(-time.Duration(1+i*179/n)*24*time.Hour + time.Duration(r.IntN(24*60))*time.Minute)
		side := "buy"
		if r.IntN(10) >= 6 {
			side = "sell"
		}
		px := prices[asset].Mul(decimal.NewFromInt(int64(880 + r.IntN(240)))).Div(decimal.NewFromInt(1000))
		qty := decimal.NewFromInt(int64(1 + r.IntN(40))).Mul(decimal.RequireFromString("25")).Div(px).Round(6)
		if asset == "DOGE" {
			qty = qty.Round(0).Add(decimal.NewFromInt(1))
			px = px.Round(4)
		} else {
			px = px.Round(2)
		}
		o := order{created: created, wireOrder: wireOrder{ID: uuidOf(r), AccountNumber: AccountNumber, Symbol: asset + "-USD",
			ClientOrderID: uuidOf(r), Side: side, Type: "market", Executions: []wireExecution{},
			CreatedAt: created.Format(time.RFC3339Nano)}}
		if r.IntN(3) == 0 {
			o.Type = "limit"
			o.LimitOrderConfig = &limitConfig{AssetQuantity: jsonNumber(qty.String()), LimitPrice: jsonNumber(px.String()), TimeInForce: "gtc"}
		} else {
			o.MarketOrderConfig = &marketConfig{AssetQuantity: jsonNumber(qty.String())}
		}
		// What became of it: mostly filled (one or two executions), some
		// partly filled (still open or canceled), failed or open.
		var fills []decimal.Decimal
		switch k := r.IntN(20); {
		case k < 13:
			o.State = "filled"
			if r.IntN(3) == 0 {
				half := qty.Div(decimal.NewFromInt(2)).Round(6)
				fills = []decimal.Decimal{half, qty.Sub(half)}
			} else {
				fills = []decimal.Decimal{qty}
			}
		case k < 15:
			o.State, fills = "partially_filled", []decimal.Decimal{qty.Div(decimal.NewFromInt(3)).Round(6)}
		case k < 17:
			o.State, fills = "canceled", []decimal.Decimal{qty.Div(decimal.NewFromInt(4)).Round(6)}
		case k < 19:
			o.State = "failed"
		default:
			o.State = "open"
		}
		at, filled, value := created, decimal.Zero, decimal.Zero
		for j, f := range fills {
			at = at.Add(time.Duration(2+r.IntN(90)) * time.Second)
			epx := px
			if j > 0 {
				epx = px.Mul(decimal.RequireFromString("1.0004")).Round(2)
			}
			o.Executions = append(o.Executions, wireExecution{EffectivePrice: epx.String(), Quantity: f.String(),
				Timestamp: at.Format(time.RFC3339Nano)})
			filled, value = filled.Add(f), value.Add(f.Mul(epx))
		}
		o.FilledAssetQuantity = jsonNumber(filled.String())
		if filled.IsPositive() {
			avg := jsonNumber(value.Div(filled).Round(2).String())
			o.AveragePrice = &avg
		}
		o.updated = at.Add(time.Second)
		o.UpdatedAt = o.updated.Format(time.RFC3339Nano)
		b.orders = append(b.orders, o)
	}
	return b
}
