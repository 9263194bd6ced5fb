package schwab

import (
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func eq(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestDecodeFixtures(t *testing.T) {
	numbers, err := decodeAccountNumbers(fixture(t, "account_numbers.json"))
	if err != nil || len(numbers) != 1 || numbers[0].number != "12345678" {
		t.Fatalf("account numbers: %v %+v", err, numbers)
	}
	hash := numbers[0].hash

	accts, err := decodeAccounts([]byte("["+string(fixture(t, "account_positions.json"))+"]"), numbers)
	if err != nil || len(accts) != 1 {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	if a := accts[0]; a.ID != hash || a.Number != "••••5678" || a.RawType != "MARGIN" || a.Currency != "USD" || a.Status != "open" {
		t.Errorf("account: %+v", a)
	}

	bals, err := decodeBalances(fixture(t, "account_positions.json"))
	if err != nil || len(bals) != 1 {
		t.Fatalf("balances: %v %+v", err, bals)
	}
	eq(t, "cash", bals[0].Cash, "4201.57")
	eq(t, "total", bals[0].Total, "8459.04")
	eq(t, "buying power", bals[0].BuyingPower.Decimal, "8403.14")

	asOf := time.Date(2025, 4, 24, 0, 0, 0, 0, time.UTC)
	pos, err := decodePositions(fixture(t, "account_positions.json"), asOf)
	if err != nil || len(pos) != 3 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	aapl, put, mmf := pos[0], pos[1], pos[2]
	if aapl.Symbol.Ticker != "AAPL" || aapl.Symbol.Type != integrations.SecurityEquity || aapl.Symbol.CUSIP != "037833100" {
		t.Errorf("AAPL: %+v", aapl.Symbol)
	}
	eq(t, "AAPL units", aapl.Units, "15")
	eq(t, "AAPL price", aapl.Price, "190.96")
	eq(t, "AAPL value", aapl.MarketValue, "2864.4")
	eq(t, "AAPL average", aapl.AverageCost.Decimal, "171.3357")
	eq(t, "AAPL basis", aapl.CostBasis.Decimal, "2570.04")
	if put.Symbol.Type != integrations.SecurityOption || put.Symbol.Ticker != "SPY   250516P00500000" {
		t.Errorf("put: %+v", put.Symbol)
	}
	eq(t, "put units", put.Units, "-1")
	eq(t, "put price", put.Price, "1.3")
	eq(t, "put value", put.MarketValue, "-130")
	eq(t, "put average", put.AverageCost.Decimal, "2.45")
	if mmf.Symbol.Type != integrations.SecurityCash {
		t.Errorf("money market: %+v", mmf.Symbol)
	}
	eq(t, "money market units", mmf.Units, "1523.07")
	eq(t, "money market price", mmf.Price, "1")

	acts, n, err := decodeTransactions(fixture(t, "transactions.json"))
	if err != nil || n != 4 || len(acts) != 3 {
		t.Fatalf("transactions: %v n=%d %+v", err, n, acts)
	}
	buy, intr, dep := acts[0], acts[1], acts[2]
	if buy.ID != "95512265692" || buy.Type != integrations.ActivityBuy || buy.RawType != "TRADE" || buy.Symbol != "SCHD" ||
		buy.TradeDate != "2025-04-23" || buy.SettlementDate != "2025-04-24" {
		t.Errorf("buy: %+v", buy)
	}
	eq(t, "buy units", buy.Units, "6.57")
	eq(t, "buy price", buy.Price, "25.09")
	eq(t, "buy amount", buy.Amount, "-164.85")
	eq(t, "buy fee", buy.Fee, "0.01")
	if intr.Type != integrations.ActivityInterest || intr.TradeDate != "2025-03-31" {
		t.Errorf("interest: %+v", intr)
	}
	eq(t, "interest", intr.Amount, "0.42")
	if dep.Type != integrations.ActivityContribution {
		t.Errorf("deposit: %+v", dep)
	}
	eq(t, "deposit", dep.Amount, "1000")
}

func TestActivityTypes(t *testing.T) {
	cases := []struct {
		typ, desc, net string
		want           integrations.ActivityType
	}{
		{"TRADE", "", "-10", integrations.ActivityBuy},
		{"TRADE", "", "10", integrations.ActivitySell},
		{"DIVIDEND_OR_INTEREST", "QUALIFIED DIVIDEND~KO", "5", integrations.ActivityDividend},
		{"DIVIDEND_OR_INTEREST", "NON-RESIDENT TAX WITHHELD", "-1", integrations.ActivityTax},
		{"DIVIDEND_OR_INTEREST", "BANK INTEREST", "1", integrations.ActivityInterest},
		{"DIVIDEND_OR_INTEREST", "ADR MGMT CHARGE", "-1", integrations.ActivityFee},
		{"ELECTRONIC_FUND", "", "-5", integrations.ActivityWithdrawal},
		{"ELECTRONIC_FUND", "", "5", integrations.ActivityContribution},
		{"WIRE_OUT", "", "-5", integrations.ActivityWithdrawal},
		{"JOURNAL", "INTRA-ACCOUNT TRANSFER", "-5", integrations.ActivityTransferOut},
		{"JOURNAL", "SERVICE FEE", "-5", integrations.ActivityFee},
		{"RECEIVE_AND_DELIVER", "STOCK SPLIT", "0", integrations.ActivitySplit},
		{"MONEY_MARKET", "", "5", integrations.ActivityOther},
		{"SOMETHING_NEW", "", "5", integrations.ActivityOther},
	}
	for _, c := range cases {
		got := activityType(wireTransaction{Type: c.typ, Description: c.desc}, decimal.RequireFromString(c.net), decimal.Zero)
		if got != c.want {
			t.Errorf("%s %q %s: %s, want %s", c.typ, c.desc, c.net, got, c.want)
		}
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	for _, b := range []string{`{`, `[{"activityId":1,"type":"TRADE","tradeDate":"yesterday"}]`,
		`[{"activityId":1,"type":"TRADE","tradeDate":"2025-01-01T00:00:00+0000","netAmount":"x"}]`, `[{"type":"TRADE"}]`} {
		if _, _, err := decodeTransactions([]byte(b)); err == nil {
			t.Errorf("decodeTransactions(%s) accepted", b)
		}
	}
	if _, err := decodeBalances([]byte(`{"securitiesAccount":{"type":"CASH","accountNumber":"1"}}`)); err == nil {
		t.Error("balances without balances accepted")
	}
	if _, err := decodeAccountNumbers([]byte(`[{"accountNumber":"1"}]`)); err == nil {
		t.Error("account number without hash accepted")
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"account_numbers.json", "account_positions.json", "transactions.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`[{"securitiesAccount":{"type":"CASH","accountNumber":"1","positions":[{"longQuantity":1e400}]}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		numbers, _ := decodeAccountNumbers(b)
		_, _ = decodeAccounts(b, numbers)
		_, _ = decodeBalances(b)
		if pos, err := decodePositions(b, time.Unix(0, 0)); err == nil {
			for _, p := range pos {
				if p.Symbol.Ticker == "" {
					t.Fatal("a position without a ticker")
				}
			}
		}
		if acts, _, err := decodeTransactions(b); err == nil {
			for _, a := range acts {
				if a.ID == "" || !a.Type.Valid() {
					t.Fatalf("bad activity %+v", a)
				}
			}
		}
	})
}
