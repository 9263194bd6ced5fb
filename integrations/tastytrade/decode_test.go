package tastytrade

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func env(t *testing.T, name string) *envelope {
	t.Helper()
	e, err := decodeEnvelope(fixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDecodeFixtures(t *testing.T) {
	accts, numbers, err := decodeAccounts(env(t, "accounts.json"))
	if err != nil || len(accts) != 2 || numbers[0] != "5WT12345" {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	if a := accts[0]; a.ID != accountID("5WT12345") || a.Number != "••••2345" || a.Name != "Individual" ||
		a.RawType != "Individual (Margin)" || a.Category != integrations.CategoryInvestment || a.Status != "open" {
		t.Errorf("account 0: %+v", a)
	}
	if a := accts[1]; a.Category != integrations.CategoryRetirement || a.Status != "closed" || a.Name != "Traditional IRA cash" {
		t.Errorf("account 1: %+v", a)
	}

	bals, err := decodeBalances(env(t, "balances.json"))
	if err != nil || len(bals) != 1 || bals[0].Currency != "USD" {
		t.Fatalf("balances: %v %+v", err, bals)
	}
	eq(t, "cash", bals[0].Cash, "10234.56")
	eq(t, "total", bals[0].Total, "29224.06")
	eq(t, "buying power", bals[0].BuyingPower.Decimal, "20469.12")

	pos, err := decodePositions(env(t, "positions.json"), time.Unix(0, 0))
	if err != nil || len(pos) != 2 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	aapl, put := pos[0], pos[1]
	if aapl.Symbol.Ticker != "AAPL" || aapl.Symbol.Type != integrations.SecurityEquity {
		t.Errorf("AAPL: %+v", aapl)
	}
	eq(t, "AAPL units", aapl.Units, "100")
	eq(t, "AAPL price", aapl.Price, "189.25")
	eq(t, "AAPL value", aapl.MarketValue, "18925")
	eq(t, "AAPL basis", aapl.CostBasis.Decimal, "15010")
	if put.Symbol.Type != integrations.SecurityOption {
		t.Errorf("put: %+v", put)
	}
	eq(t, "put units", put.Units, "-1")
	eq(t, "put price (mark)", put.Price, "7.75")
	eq(t, "put value", put.MarketValue, "-775")

	e := env(t, "transactions.json")
	if e.Pagination == nil || e.Pagination.TotalPages != 1 {
		t.Fatalf("pagination: %+v", e.Pagination)
	}
	acts, err := decodeTransactions(e)
	if err != nil || len(acts) != 3 {
		t.Fatalf("transactions: %v %+v", err, acts)
	}
	buy, div, wd := acts[0], acts[1], acts[2]
	if buy.ID != "261234567" || buy.Type != integrations.ActivityBuy || buy.RawType != "Trade / Buy to Open" ||
		buy.Symbol != "AAPL" || buy.TradeDate != "2026-03-02" {
		t.Errorf("buy: %+v", buy)
	}
	eq(t, "buy units", buy.Units, "10")
	eq(t, "buy price", buy.Price, "189.25")
	eq(t, "buy amount", buy.Amount, "-1893.64")
	eq(t, "buy fee", buy.Fee, "1.14")
	if div.Type != integrations.ActivityDividend || div.Symbol != "KO" {
		t.Errorf("dividend: %+v", div)
	}
	eq(t, "dividend", div.Amount, "14.55")
	if wd.Type != integrations.ActivityWithdrawal {
		t.Errorf("withdrawal: %+v", wd)
	}
	eq(t, "withdrawal", wd.Amount, "-500")
}

func TestAmountAcceptsStringsAndNumbers(t *testing.T) {
	for in, want := range map[string]string{`"1.10"`: "1.1", `1.10`: "1.1", `"0.30000000000000004"`: "0.30000000000000004", `12`: "12"} {
		var a amount
		if err := a.UnmarshalJSON([]byte(in)); err != nil || !a.Valid || !a.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s: %v %v", in, a.Decimal, err)
		}
	}
	for _, in := range []string{`null`, `""`} {
		var a amount
		if err := a.UnmarshalJSON([]byte(in)); err != nil || a.Valid {
			t.Errorf("%s: valid=%v %v", in, a.Valid, err)
		}
	}
	var a amount
	if a.UnmarshalJSON([]byte(`"abc"`)) == nil || a.UnmarshalJSON([]byte(`true`)) == nil {
		t.Error("a non-decimal was accepted")
	}
}

func TestTransactionTypes(t *testing.T) {
	cases := []struct {
		typ, sub, action, net string
		want                  integrations.ActivityType
	}{
		{"Trade", "Sell to Close", "Sell to Close", "10", integrations.ActivitySell},
		{"Trade", "Buy to Close", "Buy to Close", "-10", integrations.ActivityBuy},
		{"Money Movement", "Deposit", "", "10", integrations.ActivityContribution},
		{"Money Movement", "Credit Interest", "", "1", integrations.ActivityInterest},
		{"Money Movement", "Debit Interest", "", "-1", integrations.ActivityInterest},
		{"Money Movement", "Withholding", "", "-1", integrations.ActivityTax},
		{"Money Movement", "Fee", "", "-1", integrations.ActivityFee},
		{"Money Movement", "Transfer", "", "-1", integrations.ActivityTransferOut},
		{"Money Movement", "Balance Adjustment", "", "1", integrations.ActivityOther},
		{"Receive Deliver", "Reverse Split", "", "0", integrations.ActivitySplit},
		{"Receive Deliver", "ACAT", "", "0", integrations.ActivityTransferIn},
		{"Receive Deliver", "Assignment", "", "0", integrations.ActivityOther},
		{"Something New", "", "", "0", integrations.ActivityOther},
	}
	for _, c := range cases {
		got := transactionType(wireTransaction{Type: c.typ, SubType: c.sub, Action: c.action}, decimal.RequireFromString(c.net))
		if got != c.want {
			t.Errorf("%s/%s: %s, want %s", c.typ, c.sub, got, c.want)
		}
	}
}
