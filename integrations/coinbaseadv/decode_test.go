package coinbaseadv

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestFillFixture decodes the API reference's List Fills example
// (testdata/fills.json; the fields of the SDK's Fill, coinbase-advanced-py
// rest/types/orders_types.py v1.8.4).
func TestFillFixture(t *testing.T) {
	p, err := decodeFills(fixture(t, "fills.json"))
	if err != nil || p.Cursor != "789100" || len(p.Fills) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	a, err := fillActivity(p.Fills[0])
	if err != nil || a.Type != integrations.ActivityBuy || !a.Units.Equal(d("0.001")) || !a.Amount.Equal(d("-11.25")) ||
		!a.Fee.Equal(d("1.25")) || a.Symbol != "BTC" || a.Currency != "USD" || a.TradeDate != "2021-05-31" ||
		a.ID != "fill:22222-2222222-22222222" {
		t.Errorf("fill %+v %v", a, err)
	}
}

// TestFillKinds maps a sale, a quote-sized fill (size_in_quote as the
// SDK's str and as the reference's boolean) and a reversal.
func TestFillKinds(t *testing.T) {
	b := []byte(`{"fills":[
	 {"entry_id":"s","trade_time":"2024-01-15T10:05:00Z","trade_type":"FILL","price":"3000","size":"0.5","commission":"1.5","product_id":"ETH-USD","size_in_quote":"false","side":"SELL"},
	 {"entry_id":"q","trade_time":"2024-01-15T10:05:00Z","trade_type":"FILL","price":"50000","size":"100","commission":"0.6","product_id":"BTC-USD","size_in_quote":true,"side":"BUY"},
	 {"entry_id":"r","trade_time":"2024-01-15T10:05:00Z","trade_type":"REVERSAL","price":"50000","size":"0.1","commission":"0","product_id":"BTC-USD","size_in_quote":"true","side":"BUY"}]}`)
	p, err := decodeFills(b)
	if err != nil || len(p.Fills) != 3 {
		t.Fatalf("%v %v", p, err)
	}
	want := []struct {
		typ           integrations.ActivityType
		raw           string
		units, amount string
	}{
		{integrations.ActivitySell, "SELL", "-0.5", "1498.5"},
		{integrations.ActivityBuy, "BUY", "0.002", "-100.6"},
		{integrations.ActivityOther, "REVERSAL/BUY", "0.000002", "-0.1"},
	}
	for i, f := range p.Fills {
		a, err := fillActivity(f)
		if err != nil || a.Type != want[i].typ || a.RawType != want[i].raw || !a.Units.Equal(d(want[i].units)) || !a.Amount.Equal(d(want[i].amount)) {
			t.Errorf("fill %d: %+v %v", i, a, err)
		}
	}
	if _, err := decodeFills([]byte(`{"fills":[{"size_in_quote":7}]}`)); err == nil {
		t.Error("a number for size_in_quote was accepted")
	}
}

// TestPermissionsFixture decodes the SDK's own key_permissions answer
// (tests/rest/test_data_api.py, v1.8.4).
func TestPermissionsFixture(t *testing.T) {
	p, err := decodePermissions(fixture(t, "key_permissions.json"))
	if err != nil || !p.CanView || p.CanTrade || p.owner("k") != "portfolio:portfolio1" {
		t.Fatalf("%+v %v", p, err)
	}
	if (permissions{}).owner("k") != "key:k" {
		t.Error("a key without a portfolio is not named by the key")
	}
}

// TestAccountsAndProducts decodes a page of wallets (the SDK's Account
// fields) and a products answer whose delisted pair has an empty price.
func TestAccountsAndProducts(t *testing.T) {
	p, err := decodeWallets(fixture(t, "accounts.json"))
	if err != nil || !p.HasNext || p.Cursor != "789100" || len(p.Accounts) != 2 {
		t.Fatalf("%+v %v", p, err)
	}
	tot, _ := totals(p.Accounts)
	if !tot["BTC"].Equal(d("1.25")) || !tot["USD"].Equal(d("100.5")) {
		t.Errorf("totals %v", tot)
	}
	px, err := decodePrices(fixture(t, "products.json"))
	if err != nil || len(px) != 1 || !px["BTC"].Equal(d("140.21")) {
		t.Fatalf("prices %v %v", px, err)
	}
	tot["DOGE"] = d("10")
	bals, pos := holdings(tot, px, time.Time{})
	if len(bals) != 1 || !bals[0].Total.Equal(d("275.76")) || len(pos) != 2 {
		t.Fatalf("holdings %+v %+v", bals, pos)
	}
	if pos[0].Symbol.Ticker != "BTC" || !pos[0].MarketValue.Equal(d("175.26")) || pos[0].PriceUnknown {
		t.Errorf("BTC %+v", pos[0])
	}
	if pos[1].Symbol.Ticker != "DOGE" || !pos[1].PriceUnknown || !pos[1].Price.IsZero() || !pos[1].MarketValue.IsZero() {
		t.Errorf("an unpriced coin is not PriceUnknown: %+v", pos[1])
	}
	if _, err := decodeWallets([]byte(`{"accounts":[{"currency":"btc","available_balance":{"value":"1"}}]}`)); err == nil {
		t.Error("a lower-case currency was accepted")
	}
}
