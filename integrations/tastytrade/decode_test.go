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
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("10234.56"),
		Total: brokertest.Dec("29224.06"), BuyingPower: brokertest.NullDec("20469.12")})

	pos, err := decodePositions(env(t, "positions.json"), time.Unix(0, 0))
	if err != nil || len(pos) != 2 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	aapl, put := pos[0], pos[1]
	brokertest.Match(t, "AAPL", aapl, integrations.Position{Symbol: integrations.Symbol{Ticker: "AAPL", Type: integrations.SecurityEquity},
		Units: brokertest.Dec("100"), Price: brokertest.Dec("189.25"), MarketValue: brokertest.Dec("18925"),
		CostBasis: brokertest.NullDec("15010")})
	// Price: mark
	brokertest.Match(t, "put", put, integrations.Position{Symbol: integrations.Symbol{Type: integrations.SecurityOption},
		Units: brokertest.Dec("-1"), Price: brokertest.Dec("7.75"), MarketValue: brokertest.Dec("-775")})

	e := env(t, "transactions.json")
	if e.Pagination == nil || e.Pagination.TotalPages != 1 {
		t.Fatalf("pagination: %+v", e.Pagination)
	}
	acts, err := decodeTransactions(e)
	if err != nil || len(acts) != 3 {
		t.Fatalf("transactions: %v %+v", err, acts)
	}
	buy, div, wd := acts[0], acts[1], acts[2]
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "261234567", Type: integrations.ActivityBuy,
		RawType: "Trade / Buy to Open", Symbol: "AAPL", TradeDate: "2026-03-02", Units: brokertest.Dec("10"),
		Price: brokertest.Dec("189.25"), Amount: brokertest.Dec("-1893.64"), Fee: brokertest.Dec("1.14")})
	brokertest.Match(t, "dividend", div, integrations.Activity{Type: integrations.ActivityDividend, Symbol: "KO",
		Amount: brokertest.Dec("14.55")})
	brokertest.Match(t, "withdrawal", wd, integrations.Activity{Type: integrations.ActivityWithdrawal,
		Amount: brokertest.Dec("-500")})
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
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, _ decimal.Decimal) integrations.ActivityType {
		return transactionType(wireTransaction{Type: c.Raw, SubType: c.Detail, Action: c.Side}, amount)
	}, []brokertest.TypeCase{
		{Raw: "Trade", Detail: "Sell to Close", Side: "Sell to Close", Amount: "10", Want: integrations.ActivitySell},
		{Raw: "Trade", Detail: "Buy to Close", Side: "Buy to Close", Amount: "-10", Want: integrations.ActivityBuy},
		{Raw: "Money Movement", Detail: "Deposit", Amount: "10", Want: integrations.ActivityContribution},
		{Raw: "Money Movement", Detail: "Credit Interest", Amount: "1", Want: integrations.ActivityInterest},
		{Raw: "Money Movement", Detail: "Debit Interest", Amount: "-1", Want: integrations.ActivityInterest},
		{Raw: "Money Movement", Detail: "Withholding", Amount: "-1", Want: integrations.ActivityTax},
		{Raw: "Money Movement", Detail: "Fee", Amount: "-1", Want: integrations.ActivityFee},
		{Raw: "Money Movement", Detail: "Transfer", Amount: "-1", Want: integrations.ActivityTransferOut},
		{Raw: "Money Movement", Detail: "Balance Adjustment", Amount: "1", Want: integrations.ActivityOther},
		{Raw: "Receive Deliver", Detail: "Reverse Split", Amount: "0", Want: integrations.ActivitySplit},
		{Raw: "Receive Deliver", Detail: "ACAT", Amount: "0", Want: integrations.ActivityTransferIn},
		{Raw: "Receive Deliver", Detail: "Assignment", Amount: "0", Want: integrations.ActivityOther},
		{Raw: "Something New", Amount: "0", Want: integrations.ActivityOther},
		// shares leaving by ACAT: the action says so when no cash moves
		{Raw: "Receive Deliver", Detail: "ACAT", Side: "Sell to Close", Amount: "0", Want: integrations.ActivityTransferOut},
		{Raw: "Receive Deliver", Detail: "Transfer", Amount: "-5", Want: integrations.ActivityTransferOut},
	}...)
}

func TestSecurityTypes(t *testing.T) {
	brokertest.WantMapped(t, "securityType", securityType, map[string]integrations.SecurityType{
		"Equity": integrations.SecurityEquity, "Equity Option": integrations.SecurityOption,
		"Future Option": integrations.SecurityOption, "Cryptocurrency": integrations.SecurityCrypto,
		"Bond": integrations.SecurityBond, "Fixed Income Security": integrations.SecurityBond,
		"Future": integrations.SecurityOther, "Warrant": integrations.SecurityOther,
	})
}

// A balance without currency is in USD; a currency that is not an ISO
// code is refused, not shown.
func TestBalanceCurrency(t *testing.T) {
	bals, err := decodeBalances(&envelope{Data: []byte(`{"cash-balance":"1","net-liquidating-value":"2"}`)})
	if err != nil || len(bals) != 1 || bals[0].Currency != "USD" {
		t.Errorf("no currency: %v %+v", err, bals)
	}
	for _, cur := range []string{"usd", "US", "DOLLARS"} {
		if _, err := decodeBalances(&envelope{Data: []byte(`{"cash-balance":"1","net-liquidating-value":"2","currency":"` + cur + `"}`)}); err == nil {
			t.Errorf("currency %q accepted", cur)
		}
	}
}

// A transaction without transaction-date is dated by executed-at.
func TestTransactionDateFromExecutedAt(t *testing.T) {
	acts, err := decodeTransactions(&envelope{Data: []byte(`{"items":[{"id":1,"transaction-type":"Money Movement",` +
		`"transaction-sub-type":"Deposit","executed-at":"2026-03-04T15:00:00.000+00:00","net-value":"5","net-value-effect":"Credit"}]}`)})
	if err != nil || len(acts) != 1 || acts[0].TradeDate != "2026-03-04" {
		t.Errorf("%v %+v", err, acts)
	}
}
