package trading212

import (
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var readFixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestFixtureSummary(t *testing.T) {
	s, err := decodeSummary(readFixture(t, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	in := New()[0].(*Integration)
	a := s.account(in)
	brokertest.Match(t, "account", a, integrations.Account{Number: "••••5678", Currency: "GBP",
		ID: AccountID(LiveID, 12345678), Category: integrations.CategoryInvestment})
	b := s.balances()
	if len(b) != 1 {
		t.Fatalf("balances = %+v", b)
	}
	brokertest.Match(t, "b[0]", b[0], integrations.Balance{Cash: brokertest.Dec("1211.75"),
		BuyingPower: brokertest.NullDec("1200.5"), Total: brokertest.Dec("10512.37")})
	if New()[1].Institution().Paper != true {
		t.Error("practice is not paper")
	}
	if AccountID(LiveID, 1) == AccountID(PracticeID, 1) {
		t.Error("account ids do not depend on the environment")
	}
}

func TestFixturePositions(t *testing.T) {
	asOf := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	ps, err := decodePositions(readFixture(t, "positions.json"), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("%d positions", len(ps))
	}
	aapl, azn := ps[0], ps[1]
	if aapl.Symbol.Ticker != "AAPL" || aapl.Symbol.Exchange != "US" || aapl.Currency != "USD" || aapl.Symbol.ISIN != "US0378331005" {
		t.Errorf("AAPL = %+v", aapl.Symbol)
	}
	brokertest.Match(t, "aapl", aapl, integrations.Position{Units: brokertest.Dec("12.5"), Price: brokertest.Dec("231.42"),
		MarketValue: brokertest.Dec("2892.75"), AverageCost: brokertest.NullDec("187.3"),
		CostBasis: brokertest.NullDec("2341.25")})
	if !aapl.AsOf.Equal(asOf.Truncate(time.Second)) {
		t.Errorf("as of %s", aapl.AsOf)
	}
	// GBX quotes are pence: shown in GBP.
	brokertest.Match(t, "AZN", azn, integrations.Position{Symbol: integrations.Symbol{Ticker: "AZN", Exchange: "LSE", Currency: "GBP"},
		Currency: "GBP", Price: brokertest.Dec("118.42"), MarketValue: brokertest.Dec("355.26"),
		AverageCost: brokertest.NullDec("102.5")})
}

func TestFixtureOrders(t *testing.T) {
	acts, times, next, err := decodeOrders(readFixture(t, "orders.json"))
	if err != nil {
		t.Fatal(err)
	}
	if next != "/api/v0/equity/history/orders?limit=50&cursor=1759226400000" {
		t.Errorf("next = %q", next)
	}
	if len(acts) != 2 || len(times) != 2 {
		t.Fatalf("%d activities: the cancelled order (no fill) must be skipped", len(acts))
	}
	buy, sell := acts[0], acts[1]
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "o440-4401", Type: integrations.ActivityBuy,
		RawType: "TRADE BUY", Symbol: "AAPL", TradeDate: "2025-10-13", Currency: "GBP", Amount: brokertest.Dec("-455.31"),
		Fee: brokertest.Dec("0.68"), Units: brokertest.Dec("2.5")})
	// USD fill in a GBP account: price is the amount before fees per share.
	eq(t, "buy price", buy.Price, "181.852")
	brokertest.Match(t, "sell", sell, integrations.Activity{ID: "o430-4301", Type: integrations.ActivitySell,
		Symbol: "VUSA", TradeDate: "2025-10-02", Amount: brokertest.Dec("369.44"), Units: brokertest.Dec("-4"),
		Price: brokertest.Dec("92.36"), Fee: brokertest.Dec("0")})
}

func TestFixtureDividends(t *testing.T) {
	acts, _, next, err := decodeDividends(readFixture(t, "dividends.json"))
	if err != nil {
		t.Fatal(err)
	}
	if next != "" || len(acts) != 2 {
		t.Fatalf("next %q, %d activities", next, len(acts))
	}
	d, roc := acts[0], acts[1]
	// Price: USD per share, GBP account: not set
	brokertest.Match(t, "dividend", d, integrations.Activity{ID: "dDIV-77-1", Type: integrations.ActivityDividend,
		RawType: "ORDINARY", Symbol: "AAPL", TradeDate: "2025-08-14", Amount: brokertest.Dec("3.92"),
		Units: brokertest.Dec("12.5"), Price: brokertest.Dec("0")})
	brokertest.Match(t, "return of capital", roc, integrations.Activity{Type: integrations.ActivityOther,
		RawType: "RETURN_OF_CAPITAL", Price: brokertest.Dec("0.13")})
}

// Rows without a reference get an id of their own from what they hold, the
// same on every read; a dividend without its ticker is named by its
// instrument; an INTEREST... dividend type is interest.
func TestRowsWithoutReference(t *testing.T) {
	div := []byte(`{"items":[{"amount":0.8,"currency":"GBP","instrument":{"currency":"GBP","name":"Cash","ticker":"VUSAl_EQ"},` +
		`"paidOn":"2025-07-02T07:00:00Z","quantity":4,"type":"INTEREST_ON_CASH"}],"nextPagePath":null}`)
	acts, _, _, err := decodeDividends(div)
	if err != nil || len(acts) != 1 {
		t.Fatalf("dividends: %v %+v", err, acts)
	}
	brokertest.Match(t, "dividend", acts[0], integrations.Activity{ID: "dVUSAl_EQ-1751439600000-0.8",
		Type: integrations.ActivityInterest, Symbol: "VUSA", Amount: brokertest.Dec("0.8")})
	again, _, _, _ := decodeDividends(div)
	if again[0].ID != acts[0].ID {
		t.Errorf("the id changed between reads: %s, %s", acts[0].ID, again[0].ID)
	}
	tx, _, _, err := decodeTransactions([]byte(`{"items":[{"dateTime":"2025-05-07T00:03:03.896Z","type":"DEPOSIT","amount":500,"currency":"GBP"}]}`))
	if err != nil || len(tx) != 1 || tx[0].ID != "tDEPOSIT-1746576183896-500" {
		t.Errorf("transactions: %v %+v", err, tx)
	}
}

// sane and validCurrency refuse what no broker sends.
func TestSaneAndValidCurrency(t *testing.T) {
	if !sane(decimal.RequireFromString("123.456"), decimal.Zero) || sane(decimal.RequireFromString("1e31")) ||
		sane(decimal.RequireFromString("1e-31")) || sane(decimal.RequireFromString("12345678901234567890123456789012345678901")) {
		t.Error("sane: wrong verdict")
	}
	for c, want := range map[string]bool{"GBP": true, "gbp": false, "GB": false, "GBPX": false, "G1P": false} {
		if validCurrency(c) != want {
			t.Errorf("validCurrency(%q) = %v", c, !want)
		}
	}
}

func TestFixtureTransactions(t *testing.T) {
	acts, _, next, err := decodeTransactions(readFixture(t, "transactions.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		typ    integrations.ActivityType
		amount string
		ccy    string
	}{
		{integrations.ActivityContribution, "500", "GBP"},
		{integrations.ActivityWithdrawal, "-50.25", "GBP"},
		{integrations.ActivityTransferOut, "-300", "GBP"},
		{integrations.ActivityInterest, "1.07", "GBP"},
		{integrations.ActivityOther, "9.5", "USD"},
	}
	if len(acts) != len(want) {
		t.Fatalf("%d activities", len(acts))
	}
	for i, w := range want {
		if acts[i].Type != w.typ || acts[i].Currency != w.ccy {
			t.Errorf("%d: %+v, want %s", i, acts[i], w.typ)
		}
		eq(t, acts[i].RawType, acts[i].Amount, w.amount)
	}
	if acts[0].ID != "t245a5a7f-04b4-45d3-affa-72eb8ff6d62a" || acts[0].TradeDate != "2025-05-07" || acts[4].RawType != "SOMETHING_NEW" {
		t.Errorf("first = %+v, last = %+v", acts[0], acts[4])
	}
	// The observed bare-query nextPagePath continues the same list.
	a := &api{base: "https://live.trading212.com/api/v0"}
	cur, _ := url.Parse("https://live.trading212.com/api/v0/equity/history/transactions?limit=50")
	u, err := a.next(cur, next)
	if err != nil || u.String() != "https://live.trading212.com/api/v0/equity/history/transactions?limit=20&cursor=245a5a7f-04b4-45d3-affa-72eb8ff6d62a&time=2025-05-07T00:03:03.896Z" {
		t.Errorf("next = %v, %v", u, err)
	}
}

func TestNextPagePath(t *testing.T) {
	a := &api{base: "https://live.trading212.com/api/v0"}
	cur, _ := url.Parse("https://live.trading212.com/api/v0/equity/history/orders?limit=50")
	for next, want := range map[string]string{
		"/api/v0/equity/history/orders?limit=50&cursor=1760346100000": "https://live.trading212.com/api/v0/equity/history/orders?limit=50&cursor=1760346100000",
		"?limit=50&cursor=7": "https://live.trading212.com/api/v0/equity/history/orders?limit=50&cursor=7",
		"https://live.trading212.com/api/v0/equity/history/orders?cursor=1": "https://live.trading212.com/api/v0/equity/history/orders?cursor=1",
	} {
		u, err := a.next(cur, next)
		if err != nil || u.String() != want {
			t.Errorf("next(%q) = %v, %v; want %s", next, u, err, want)
		}
	}
	for _, bad := range []string{"https://evil.example/api/v0/equity/history/orders?cursor=1", "//evil.example/x", "http://live.trading212.com/x"} {
		if u, err := a.next(cur, bad); err == nil {
			t.Errorf("next(%q) = %v: a page on another host must be refused (the key would go there)", bad, u)
		}
	}
}

func TestSymbols(t *testing.T) {
	for in, want := range map[string][2]string{
		"AAPL_US_EQ": {"AAPL", "US"}, "BRK_B_US_EQ": {"BRK.B", "US"}, "VUSAl_EQ": {"VUSA", "LSE"}, "SAPd_EQ": {"SAP", "XETRA"},
		"ASMLa_EQ": {"ASML", "Euronext Amsterdam"}, "RBI_AT_EQ": {"RBI", "Wiener Börse"}, "ODD": {"ODD", ""}, "X_ZZ_EQ": {"X_ZZ_EQ", ""},
		"_EQ": {"_EQ", ""}, "ABC_EQ": {"ABC_EQ", ""},
	} {
		tk, ex := symbol(in)
		if tk != want[0] || ex != want[1] {
			t.Errorf("symbol(%q) = %q, %q; want %q, %q", in, tk, ex, want[0], want[1])
		}
	}
}
