package etrade

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var readFixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

// transactions.json and portfolio.json are trimmed from real answers
// (daironmichel/toolsbackbone's test data).
func TestFixtureTransactions(t *testing.T) {
	acts, marker, more, err := decodeTransactions(readFixture(t, "transactions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if marker != "20059101214828_1582876800" || !more || len(acts) != 3 {
		t.Fatalf("marker %q more %v, %d rows", marker, more, len(acts))
	}
	sold, bought, old := acts[0], acts[1], acts[2]
	// 1583259006000 is 2020-03-03 18:10 UTC, 13:10 EST.
	if sold.ID != "20062200761797" || sold.Type != integrations.ActivitySell || sold.RawType != "Sold" || sold.Symbol != "MITO" ||
		sold.TradeDate != "2020-03-03" || sold.SettlementDate != "" {
		t.Errorf("sold %+v", sold)
	}
	brokertest.Match(t, "sold", sold, integrations.Activity{Amount: brokertest.Dec("211.98"), Units: brokertest.Dec("-53"),
		Price: brokertest.Dec("4")})
	brokertest.Match(t, "bought", bought, integrations.Activity{Type: integrations.ActivityBuy,
		Amount: brokertest.Dec("-220.35"), Price: brokertest.Dec("4.1575")})
	// 1583136000000 is 2020-03-02 08:00 UTC: 03:00 EST, the 2nd; it settles
	// 1583308800000, 2020-03-04 08:00 UTC.
	brokertest.Match(t, "old", old, integrations.Activity{TradeDate: "2020-03-02", SettlementDate: "2020-03-04"})
}

func TestFixturePortfolio(t *testing.T) {
	ps, pages, err := decodePortfolio(readFixture(t, "portfolio.json"), t0)
	if err != nil || pages != 1 || len(ps) != 1 {
		t.Fatalf("%v %d %v", ps, pages, err)
	}
	p := ps[0]
	if p.Symbol.Ticker != "COCP" || p.Symbol.Type != integrations.SecurityEquity || !p.AsOf.Equal(time.Unix(1583262317, 0).UTC()) {
		t.Errorf("%+v", p)
	}
	brokertest.Match(t, "p", p, integrations.Position{Units: brokertest.Dec("53"), Price: brokertest.Dec("1.3984"),
		MarketValue: brokertest.Dec("74.1152"), CostBasis: brokertest.NullDec("74.465"),
		AverageCost: brokertest.NullDec("1.405")})
}

func TestFixtureAccountsAndBalance(t *testing.T) {
	accts, numbers, err := decodeAccounts(readFixture(t, "accounts.json"), false)
	if err != nil || len(accts) != 2 || numbers[1] != "83405188" {
		t.Fatalf("%+v %v %v", accts, numbers, err)
	}
	if a := accts[0]; a.ID != "idU1aBkPvD5n46JI_7S_2A" || a.Number != "••••9801" || a.Name != "Brokerage" || a.RawType != "INDIVIDUAL MARGIN" ||
		a.Category != integrations.CategoryInvestment || a.Status != "open" {
		t.Errorf("brokerage %+v", a)
	}
	if a := accts[1]; a.Name != "My IRA" || a.Category != integrations.CategoryRetirement || a.Status != "closed" {
		t.Errorf("IRA %+v", a)
	}
	bals, err := decodeBalance(readFixture(t, "balance.json"))
	if err != nil || len(bals) != 1 {
		t.Fatal(bals, err)
	}
	// BuyingPower: margin
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("1820.44"),
		BuyingPower: brokertest.NullDec("3640.88"), Total: brokertest.Dec("1894.5552")})
}

func TestActivityTypes(t *testing.T) {
	neg, pos := decimal.NewFromInt(-1), decimal.NewFromInt(1)
	brokertest.WantMapped(t, "activityType", func(raw string) integrations.ActivityType { return activityType(raw, pos) }, map[string]integrations.ActivityType{
		"Bought": integrations.ActivityBuy, "Sold": integrations.ActivitySell, "Dividend": integrations.ActivityDividend,
		"Qualified Dividend": integrations.ActivityDividend, "Reinvest": integrations.ActivityReinvest,
		"Interest Income": integrations.ActivityInterest, "Service Fee": integrations.ActivityFee,
		"Foreign Tax Withholding": integrations.ActivityTax, "Deposit": integrations.ActivityContribution,
		"Withdrawal": integrations.ActivityWithdrawal, "Stock Split": integrations.ActivitySplit, "Adjustment": integrations.ActivityOther,
	})
	if activityType("Transfer", neg) != integrations.ActivityTransferOut || activityType("Transfer", pos) != integrations.ActivityTransferIn {
		t.Error("transfers are not split by sign")
	}
}

func TestEastern(t *testing.T) {
	for _, c := range []struct {
		utc  time.Time
		want string
	}{
		{time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), "2026-01-16T05:00:00Z"},  // EST
		{time.Date(2026, 7, 1, 3, 30, 0, 0, time.UTC), "2026-07-01T04:00:00Z"},   // 23:30 EDT on the 30th
		{time.Date(2026, 3, 8, 6, 59, 0, 0, time.UTC), "2026-03-09T04:00:00Z"},   // 01:59 EST, the spring-forward day
		{time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), "2026-11-02T05:00:00Z"},  // 07:00 EST, the fall-back day
		{time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC), "2026-11-01T04:00:00Z"}, // EDT
	} {
		if got := midnightEastern(c.utc).Format(time.RFC3339); got != c.want {
			t.Errorf("midnight after %s = %s, want %s", c.utc, got, c.want)
		}
	}
}
