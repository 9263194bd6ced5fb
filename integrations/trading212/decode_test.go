package trading212

import (
	"net/url"
	"testing"
	"time"

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
	in := &Integration{id: LiveID}
	a := s.account(in)
	if a.Number != "••••5678" || a.Currency != "GBP" || a.ID != AccountID(LiveID, 12345678) || a.Category != integrations.CategoryInvestment {
		t.Errorf("account = %+v", a)
	}
	b := s.balances()
	if len(b) != 1 {
		t.Fatalf("balances = %+v", b)
	}
	eq(t, "cash", b[0].Cash, "1211.75")
	eq(t, "buying power", b[0].BuyingPower.Decimal, "1200.5")
	eq(t, "total", b[0].Total, "10512.37")
	if (&Integration{id: PracticeID, practice: true}).Institution().Paper != true {
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
	eq(t, "AAPL units", aapl.Units, "12.5")
	eq(t, "AAPL price", aapl.Price, "231.42")
	eq(t, "AAPL market value", aapl.MarketValue, "2892.75")
	eq(t, "AAPL average cost", aapl.AverageCost.Decimal, "187.3")
	eq(t, "AAPL cost basis", aapl.CostBasis.Decimal, "2341.25")
	if !aapl.AsOf.Equal(asOf.Truncate(time.Second)) {
		t.Errorf("as of %s", aapl.AsOf)
	}
	// GBX quotes are pence: shown in GBP.
	if azn.Symbol.Ticker != "AZN" || azn.Symbol.Exchange != "LSE" || azn.Currency != "GBP" || azn.Symbol.Currency != "GBP" {
		t.Errorf("AZN = %+v", azn)
	}
	eq(t, "AZN price", azn.Price, "118.42")
	eq(t, "AZN market value", azn.MarketValue, "355.26")
	eq(t, "AZN average cost", azn.AverageCost.Decimal, "102.5")
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
	if buy.ID != "o440-4401" || buy.Type != integrations.ActivityBuy || buy.RawType != "TRADE BUY" || buy.Symbol != "AAPL" ||
		buy.TradeDate != "2025-10-13" || buy.Currency != "GBP" {
		t.Errorf("buy = %+v", buy)
	}
	eq(t, "buy amount", buy.Amount, "-455.31")
	eq(t, "buy fee", buy.Fee, "0.68")
	eq(t, "buy units", buy.Units, "2.5")
	// USD fill in a GBP account: price is the amount before fees per share.
	eq(t, "buy price", buy.Price, "181.852")
	if sell.ID != "o430-4301" || sell.Type != integrations.ActivitySell || sell.Symbol != "VUSA" || sell.TradeDate != "2025-10-02" {
		t.Errorf("sell = %+v", sell)
	}
	eq(t, "sell amount", sell.Amount, "369.44")
	eq(t, "sell units", sell.Units, "-4")
	eq(t, "sell price", sell.Price, "92.36")
	eq(t, "sell fee", sell.Fee, "0")
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
	if d.ID != "dDIV-77-1" || d.Type != integrations.ActivityDividend || d.RawType != "ORDINARY" || d.Symbol != "AAPL" || d.TradeDate != "2025-08-14" {
		t.Errorf("dividend = %+v", d)
	}
	eq(t, "dividend amount", d.Amount, "3.92")
	eq(t, "dividend units", d.Units, "12.5")
	eq(t, "dividend price (USD per share, GBP account: not set)", d.Price, "0")
	if roc.Type != integrations.ActivityOther || roc.RawType != "RETURN_OF_CAPITAL" {
		t.Errorf("return of capital = %+v", roc)
	}
	eq(t, "return of capital per share", roc.Price, "0.13")
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
