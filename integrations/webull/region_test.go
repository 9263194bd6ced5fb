package webull

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Fixtures: testdata/hk_positions.json and the totals of
// testdata/hk_balance.json are developer.webull.hk's examples
// (api-doc/trade/account/account-positions, account-balance);
// testdata/jp_positions.json and the margin totals of jp_balance.json are
// developer.webull.co.jp's (api-doc/trade/account/account-positions,
// account-balance), its JPY asset the cash balance 485705 and buying power
// 484551 of its account-balance-v2 example; the asset fields are those of
// the Java SDK's JPAccountAsset (webull-openapi-java-sdk @fa8dfc4).

func TestDecodeHKBalanceDocumented(t *testing.T) {
	bals, err := decodeBalanceIn(fixture(t, "hk_balance.json"), true, "HKD")
	if err != nil {
		t.Fatal(err)
	}
	if len(bals) != 1 || bals[0].Currency != "HKD" {
		t.Fatalf("balances = %+v", bals)
	}
	eq(t, "cash", bals[0].Cash, "1158685845.0054370000")
	eq(t, "total", bals[0].Total, "1247724759.5266750000")
	eq(t, "buying power (margin)", bals[0].BuyingPower.Decimal, "1158672387.6454370000")
	// Totals only, without a currency: HKD, total_asset_currency's default.
	bals, err = decodeBalanceIn([]byte(`{"total_asset":"10","total_cash_balance":"4"}`), false, "HKD")
	if err != nil || len(bals) != 1 || bals[0].Currency != "HKD" {
		t.Fatalf("totals only: %+v %v", bals, err)
	}
}

func TestDecodeHKPositionsDocumented(t *testing.T) {
	asOf := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	pos, more, last, err := decodeHoldings(fixture(t, "hk_positions.json"), asOf, regionHK)
	if err != nil {
		t.Fatal(err)
	}
	if !more || last != "913252773" || len(pos) != 1 {
		t.Fatalf("more=%v last=%q n=%d", more, last, len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "00001" || p.Symbol.Type != integrations.SecurityEquity || p.Currency != "HKD" {
		t.Errorf("position = %+v", p)
	}
	eq(t, "units (qty a String in Hong Kong)", p.Units, "11000.0")
	eq(t, "price", p.Price, "52.250")
	eq(t, "market value", p.MarketValue, "574750.0000000000000")
	eq(t, "cost basis", p.CostBasis.Decimal, "105006.00000000000000000000")
}

func TestDecodeJPPositionsDocumented(t *testing.T) {
	pos, more, last, err := decodeHoldings(fixture(t, "jp_positions.json"), time.Time{}, regionJP)
	if err != nil {
		t.Fatal(err)
	}
	// Japan pages by the position's id (last_id), not its instrument.
	if !more || last != "123456" || len(pos) != 1 {
		t.Fatalf("more=%v last=%q n=%d", more, last, len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Type != integrations.SecurityEquity || p.Currency != "USD" {
		t.Errorf("position = %+v", p)
	}
	eq(t, "units (qty an int in Japan)", p.Units, "20")
	eq(t, "average cost", p.AverageCost.Decimal, "101.0775")
	// Elsewhere the same page's cursor is the instrument.
	if _, _, last, _ := decodeHoldings(fixture(t, "jp_positions.json"), time.Time{}, regionHK); last != "913256135" {
		t.Errorf("Hong Kong cursor = %q", last)
	}
}

func TestDecodeJPBalanceDocumented(t *testing.T) {
	b := fixture(t, "jp_balance.json")
	bals, err := decodeJPBalance(b, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(bals) != 2 || bals[0].Currency != "USD" || bals[1].Currency != "JPY" {
		t.Fatalf("balances = %+v", bals)
	}
	eq(t, "USD cash", bals[0].Cash, "996462.00")
	eq(t, "USD buying power: the indefinite margin power (camelCase on the page)", bals[0].BuyingPower.Decimal, "1000000.00")
	eq(t, "USD total before positions", bals[0].Total, "996462.00")
	eq(t, "JPY cash", bals[1].Cash, "485705")
	eq(t, "JPY buying power: stock_power", bals[1].BuyingPower.Decimal, "484551")
	// The SDK's Gson reads snake_case: the same power under that name.
	snake := strings.ReplaceAll(string(b), "infiniteMarginPower", "infinite_margin_power")
	if bals, err := decodeJPBalance([]byte(snake), true); err != nil || bals[0].BuyingPower.Decimal.String() != "1000000" {
		t.Errorf("snake_case margin power: %+v %v", bals, err)
	}
	// A cash account's buying power is stock_power in every currency.
	bals, _ = decodeJPBalance(b, false)
	eq(t, "cash account USD buying power", bals[0].BuyingPower.Decimal, "996462.00")
	// Cash without total_cash: settled plus unsettled.
	bals, err = decodeJPBalance([]byte(`{"account_currency_assets":[{"currency":"jpy","settled_cash":"100","unsettled_cash":"20"}]}`), false)
	if err != nil || bals[0].Currency != "JPY" || bals[0].Cash.String() != "120" || bals[0].BuyingPower.Valid {
		t.Errorf("settled + unsettled: %+v %v", bals, err)
	}
	for _, bad := range []string{`{"account_currency_assets":[{"currency":"USD"}]}`, `{"account_currency_assets":[{"total_cash":"1"}]}`,
		`{"account_currency_assets":[{"currency":"USD","total_cash":"1"},{"currency":"usd","total_cash":"2"}]}`} {
		if _, err := decodeJPBalance([]byte(bad), false); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}

func TestSecurityTypeCategories(t *testing.T) {
	for in, want := range map[string]integrations.SecurityType{
		"STOCK": integrations.SecurityEquity, "US_STOCK": integrations.SecurityEquity, "JP_STOCK": integrations.SecurityEquity,
		"US_ETF": integrations.SecurityETF, "jp_etf": integrations.SecurityETF, "OPTION": integrations.SecurityOption,
		"US_OPTION": integrations.SecurityOption, "WARRANT": integrations.SecurityOther, "": integrations.SecurityOther,
	} {
		if got := securityType(in); got != want {
			t.Errorf("%q → %s, want %s", in, got, want)
		}
	}
}

func TestRegionMarket(t *testing.T) {
	for _, c := range []struct {
		r        *region
		symbol   string
		cur, loc string
	}{
		{regionHK, "00700", "HKD", "Asia/Hong_Kong"}, {regionHK, "00001", "HKD", "Asia/Hong_Kong"},
		{regionHK, "600519", "CNY", "Asia/Shanghai"}, {regionHK, "AAPL", "USD", "America/New_York"},
		{regionJP, "7203", "JPY", "Asia/Tokyo"}, {regionJP, "VOO", "USD", "America/New_York"},
		{regionUS, "00700", "USD", "America/New_York"}, {regionJP, "", "USD", "America/New_York"},
	} {
		cur, loc := c.r.market(c.symbol)
		if cur != c.cur || loc.String() != c.loc {
			t.Errorf("%s %q → %s %s, want %s %s", c.r.id, c.symbol, cur, loc, c.cur, c.loc)
		}
	}
}

// TestDecodeOrdersByMarket: a Hong Kong account's orders are priced and
// dated in their own market: a Tencent fill at 02:00 UTC is that day in Hong
// Kong, an AAPL fill at 01:30 UTC the day before in New York.
func TestDecodeOrdersByMarket(t *testing.T) {
	b := []byte(`[{"client_order_id":"A","orders":[{"order_id":"1","symbol":"00700","side":"BUY","filled_quantity":"100","filled_price":"383.8","filled_time_at":"2026-03-16T02:00:00Z"}]},
		{"client_order_id":"B","orders":[{"order_id":"2","symbol":"AAPL","side":"SELL","filled_quantity":"2","filled_price":"200","filled_time_at":"2026-03-17T01:30:00Z"}]},
		{"client_order_id":"C","orders":[{"order_id":"3","symbol":"600519","side":"BUY","filled_quantity":"100","filled_price":"1498","filled_time_at":"2026-03-16T17:00:00Z"}]}]`)
	acts, n, last, err := decodeOrdersIn(b, regionHK)
	if err != nil || n != 3 || last != "C" || len(acts) != 3 {
		t.Fatalf("%+v %d %q %v", acts, n, last, err)
	}
	want := []struct{ date, cur string }{{"2026-03-16", "HKD"}, {"2026-03-16", "USD"}, {"2026-03-17", "CNY"}}
	for i, w := range want {
		if string(acts[i].TradeDate) != w.date || acts[i].Currency != w.cur {
			t.Errorf("activity %d: %s %s, want %s %s", i, acts[i].TradeDate, acts[i].Currency, w.date, w.cur)
		}
	}
	eq(t, "HKD buy amount", acts[0].Amount, "-38380")
}

func TestAddHoldings(t *testing.T) {
	bals := []integrations.Balance{{Currency: "JPY", Cash: decimalOf("100"), Total: decimalOf("100")}}
	pos := []integrations.Position{{Currency: "JPY", MarketValue: decimalOf("50")}, {Currency: "USD", MarketValue: decimalOf("7.5")},
		{Currency: "JPY", MarketValue: decimalOf("25")}}
	got := addHoldings(bals, pos)
	if len(got) != 2 || got[0].Total.String() != "175" || got[1].Currency != "USD" || got[1].Total.String() != "7.5" || !got[1].Cash.IsZero() {
		t.Errorf("%+v", got)
	}
}
