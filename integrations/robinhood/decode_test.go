package robinhood

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Fixtures (testdata): the shapes of docs.robinhood.com/crypto/trading's
// response samples — Get Crypto Trading Account Details, Get Crypto
// Holdings (v1 numbers; holdings_v2.json the v2 strings), Get Crypto Orders,
// Get Best Price — with their example ids, timestamps and next links, and
// real values where the samples say "string" or 0; error_validation.json is
// the Error Responses example (its missing comma restored).

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeAccount(t *testing.T) {
	a, err := decodeAccount(fixture(t, "account.json"))
	if err != nil {
		t.Fatal(err)
	}
	acct := cryptoAccount(a)
	brokertest.Match(t, "acct", acct, integrations.Account{ID: "crypto", Number: "••••3619", Currency: "USD",
		Status: "open", Category: integrations.CategoryCrypto})
	eq(t, "buying power", a.BuyingPower.Decimal, "2841.57")
	for in, want := range map[string]string{"deactivated": "closed", "sell_only": "sell_only"} {
		if got := cryptoAccount(wireAccount{AccountNumber: "1", Status: in}).Status; got != want {
			t.Errorf("status %s → %s", in, got)
		}
	}
	if _, err := decodeAccount([]byte(`{"account_number":"string","buying_power":"string"}`)); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("the sample's placeholders decoded: %v", err)
	}
}

func TestDecodeHoldings(t *testing.T) {
	p, err := decodeHoldings(fixture(t, "holdings.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Results) != 2 || p.Results[0].AssetCode != "BTC" || cursorOf(p.Next) != "{CURSOR_ID}" {
		t.Fatalf("%+v", p)
	}
	if c := cursorOf("http://[::1%zz/x?cursor=a"); c != "" {
		t.Errorf("an unreadable next link: cursor %q", c)
	}
	eq(t, "BTC (a JSON number in v1)", p.Results[0].TotalQuantity.Decimal, "0.41235")
	v2, err := decodeHoldings(fixture(t, "holdings_v2.json"))
	if err != nil || v2.Results[0].AssetCode != "ETH" || v2.Next != "" {
		t.Fatalf("v2: %+v %v", v2, err)
	}
	eq(t, "ETH (a string in v2)", v2.Results[0].TotalQuantity.Decimal, "3.2")
}

func TestDecodePrices(t *testing.T) {
	px, err := decodePrices(fixture(t, "best_bid_ask.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(px) != 2 {
		t.Fatalf("%v: only USD pairs", px)
	}
	eq(t, "BTC: the mid price", px["BTC"], "67215.43")
	eq(t, "DOGE without a mid price: the bid", px["DOGE"], "0.1635")
	pos := positions(map[string]decimal.Decimal{"BTC": decimal.RequireFromString("0.5"),
		"DOGE": decimal.NewFromInt(1000), "XYZ": decimal.NewFromInt(3)}, px, time.Time{})
	eq(t, "BTC value", pos[0].MarketValue, "33607.72")
	eq(t, "DOGE value", pos[1].MarketValue, "163.5")
	if !pos[2].PriceUnknown || !pos[2].MarketValue.IsZero() || pos[2].Units.String() != "3" {
		t.Errorf("an unquoted asset: %+v", pos[2])
	}
}

func TestDecodeOrders(t *testing.T) {
	p, err := decodeOrders(fixture(t, "orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	var acts []integrations.Activity
	for _, o := range p.Results {
		a, err := orderActivities(o)
		if err != nil {
			t.Fatal(err)
		}
		acts = append(acts, a...)
	}
	if len(acts) != 3 {
		t.Fatalf("%d activities: one per execution, none for the canceled order without any", len(acts))
	}
	b := acts[0]
	brokertest.Match(t, "buy", b, integrations.Activity{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08:0",
		Type: integrations.ActivityBuy, RawType: "buy", TradeDate: "2019-08-24", Symbol: "BTC", Currency: "USD",
		Description: "buy BTC limit", Units: brokertest.Dec("0.05"), Price: brokertest.Dec("28000.55"),
		Amount: brokertest.Dec("-1400.03")})
	s := acts[2]
	brokertest.Match(t, "sell", s, integrations.Activity{Type: integrations.ActivitySell, TradeDate: "2023-10-31",
		Units: brokertest.Dec("-0.1"), Amount: brokertest.Dec("2915")})
	other, _ := orderActivities(wireOrder{ID: "x", Symbol: "BTC-USD", Side: "convert",
		Executions: []wireExecution{{EffectivePrice: num{Decimal: decimal.NewFromInt(1), Valid: true}, Quantity: num{Decimal: decimal.NewFromInt(1), Valid: true}, Timestamp: "2024-01-01T00:00:00Z"}}})
	// An unknown side moves no cash that can be told (integrations.Traded).
	if len(other) != 1 || other[0].Type != integrations.ActivityOther || other[0].RawType != "convert" ||
		!other[0].Amount.IsZero() || !other[0].Units.Equal(decimal.NewFromInt(1)) {
		t.Errorf("unknown side: %+v", other)
	}
	// a symbol without its quote currency is quoted in USD
	bare, err := orderActivities(wireOrder{ID: "y", Symbol: "eth", Side: "buy",
		Executions: []wireExecution{{EffectivePrice: num{Decimal: decimal.NewFromInt(2), Valid: true}, Quantity: num{Decimal: decimal.NewFromInt(3), Valid: true}, Timestamp: "2024-01-01T00:00:00Z"}}})
	if err != nil || len(bare) != 1 || bare[0].Currency != "USD" || bare[0].Symbol != "ETH" || !bare[0].Amount.Equal(decimal.NewFromInt(-6)) {
		t.Errorf("bare symbol: %+v %v", bare, err)
	}
	for _, bad := range []string{`{"results":[{"id":"","symbol":"BTC-USD","side":"buy"}]}`, `{"results":[{"id":"a","side":"buy"}]}`,
		`{"results":[{"id":"a","symbol":"BTC-USD"}]}`, `[]`} {
		if _, err := decodeOrders([]byte(bad)); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := orderActivities(wireOrder{ID: "a", Symbol: "BTC-USD", Side: "buy", Executions: []wireExecution{{Timestamp: "yesterday"}}}); err == nil {
		t.Error("an execution without a time decoded")
	}
}
