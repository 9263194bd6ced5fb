package schwab

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

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
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("4201.57"),
		Total: brokertest.Dec("8459.04"), BuyingPower: brokertest.NullDec("8403.14")})

	asOf := time.Date(2025, 4, 24, 0, 0, 0, 0, time.UTC)
	pos, err := decodePositions(fixture(t, "account_positions.json"), asOf)
	if err != nil || len(pos) != 3 {
		t.Fatalf("positions: %v %+v", err, pos)
	}
	aapl, put, mmf := pos[0], pos[1], pos[2]
	if aapl.Symbol.Ticker != "AAPL" || aapl.Symbol.Type != integrations.SecurityEquity || aapl.Symbol.CUSIP != "037833100" {
		t.Errorf("AAPL: %+v", aapl.Symbol)
	}
	brokertest.Match(t, "aapl", aapl, integrations.Position{Units: brokertest.Dec("15"), Price: brokertest.Dec("190.96"),
		MarketValue: brokertest.Dec("2864.4"), AverageCost: brokertest.NullDec("171.3357"),
		CostBasis: brokertest.NullDec("2570.04")})
	if put.Symbol.Type != integrations.SecurityOption || put.Symbol.Ticker != "SPY   250516P00500000" {
		t.Errorf("put: %+v", put.Symbol)
	}
	brokertest.Match(t, "put", put, integrations.Position{Units: brokertest.Dec("-1"), Price: brokertest.Dec("1.3"),
		MarketValue: brokertest.Dec("-130"), AverageCost: brokertest.NullDec("2.45")})
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
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "95512265692", Type: integrations.ActivityBuy,
		RawType: "TRADE", Symbol: "SCHD", TradeDate: "2025-04-23", SettlementDate: "2025-04-24",
		Units: brokertest.Dec("6.57"), Price: brokertest.Dec("25.09"), Amount: brokertest.Dec("-164.85"),
		Fee: brokertest.Dec("0.01")})
	brokertest.Match(t, "interest", intr, integrations.Activity{Type: integrations.ActivityInterest,
		TradeDate: "2025-03-31", Amount: brokertest.Dec("0.42")})
	brokertest.Match(t, "deposit", dep, integrations.Activity{Type: integrations.ActivityContribution,
		Amount: brokertest.Dec("1000")})
}

func TestActivityTypes(t *testing.T) {
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, units decimal.Decimal) integrations.ActivityType {
		return activityType(wireTransaction{Type: c.Raw, Description: c.Detail}, amount, units)
	}, []brokertest.TypeCase{
		{Raw: "TRADE", Amount: "-10", Want: integrations.ActivityBuy},
		{Raw: "TRADE", Amount: "10", Want: integrations.ActivitySell},
		{Raw: "DIVIDEND_OR_INTEREST", Detail: "QUALIFIED DIVIDEND~KO", Amount: "5", Want: integrations.ActivityDividend},
		{Raw: "DIVIDEND_OR_INTEREST", Detail: "NON-RESIDENT TAX WITHHELD", Amount: "-1", Want: integrations.ActivityTax},
		{Raw: "DIVIDEND_OR_INTEREST", Detail: "BANK INTEREST", Amount: "1", Want: integrations.ActivityInterest},
		{Raw: "DIVIDEND_OR_INTEREST", Detail: "ADR MGMT CHARGE", Amount: "-1", Want: integrations.ActivityFee},
		{Raw: "ELECTRONIC_FUND", Amount: "-5", Want: integrations.ActivityWithdrawal},
		{Raw: "ELECTRONIC_FUND", Amount: "5", Want: integrations.ActivityContribution},
		{Raw: "WIRE_OUT", Amount: "-5", Want: integrations.ActivityWithdrawal},
		{Raw: "JOURNAL", Detail: "INTRA-ACCOUNT TRANSFER", Amount: "-5", Want: integrations.ActivityTransferOut},
		{Raw: "JOURNAL", Detail: "SERVICE FEE", Amount: "-5", Want: integrations.ActivityFee},
		{Raw: "RECEIVE_AND_DELIVER", Detail: "STOCK SPLIT", Amount: "0", Want: integrations.ActivitySplit},
		{Raw: "MONEY_MARKET", Amount: "5", Want: integrations.ActivityOther},
		{Raw: "SOMETHING_NEW", Amount: "5", Want: integrations.ActivityOther},
		{Raw: "DIVIDEND_OR_INTEREST", Detail: "QUALIFIED DIV REINVEST~VTI", Amount: "0", Want: integrations.ActivityReinvest},
		{Raw: "JOURNAL", Detail: "MARGIN INTEREST", Amount: "-3", Want: integrations.ActivityInterest},
		{Raw: "JOURNAL", Detail: "CASH MOVEMENT", Amount: "7", Want: integrations.ActivityTransferIn},
		// shares moved in or out (an ACATS) carry no cash: the units say the direction
		{Raw: "RECEIVE_AND_DELIVER", Detail: "TRANSFER OF SECURITY", Amount: "0", Units: "10", Want: integrations.ActivityTransferIn},
		{Raw: "RECEIVE_AND_DELIVER", Detail: "TRANSFER OF SECURITY", Amount: "0", Units: "-10", Want: integrations.ActivityTransferOut},
		{Raw: "RECEIVE_AND_DELIVER", Detail: "INTERNAL TRANSFER", Amount: "-5", Want: integrations.ActivityTransferOut},
		{Raw: "RECEIVE_AND_DELIVER", Amount: "0", Want: integrations.ActivityOther},
		// a buy that cost nothing (a spin-off's shares) is still a buy by its units
		{Raw: "TRADE", Amount: "0", Units: "3", Want: integrations.ActivityBuy},
	}...)
}

func TestSecurityTypes(t *testing.T) {
	brokertest.WantMapped(t, "securityType", securityType, map[wireInstrument]integrations.SecurityType{
		{AssetType: "EQUITY"}:                                              integrations.SecurityEquity,
		{AssetType: "EQUITY", Type: "EXCHANGE_TRADED_FUND"}:                integrations.SecurityETF,
		{AssetType: "COLLECTIVE_INVESTMENT"}:                               integrations.SecurityETF,
		{AssetType: "COLLECTIVE_INVESTMENT", Type: "EXCHANGE_TRADED_FUND"}: integrations.SecurityETF,
		{AssetType: "COLLECTIVE_INVESTMENT", Type: "CLOSED_END_FUND"}:      integrations.SecurityFund,
		{AssetType: "MUTUAL_FUND"}:                                         integrations.SecurityFund,
		{AssetType: "OPTION"}:                                              integrations.SecurityOption,
		{AssetType: "FIXED_INCOME"}:                                        integrations.SecurityBond,
		{AssetType: "CASH_EQUIVALENT"}:                                     integrations.SecurityCash,
		{AssetType: "CURRENCY"}:                                            integrations.SecurityCash,
		{AssetType: "FUTURE"}:                                              integrations.SecurityOther,
	})
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

// TestDecodeSpecShapes reads answers shaped by the Trader API's
// specification (Accounts and Trading Production, OAS 1.0.0: the schemas
// MarginAccount with MarginInitialBalance and MarginBalance, CashAccount
// with CashInitialBalance and CashBalance, AccountOption's
// optionMultiplier, Transaction with its date-time examples and status
// enum). The spec's current balances hold no cash balance and no
// liquidation value: the value now comes from aggregatedBalance, else the
// current equity, never from the day's opening liquidation value.
func TestDecodeSpecShapes(t *testing.T) {
	margin := fixture(t, "account_margin_spec.json")
	bals, err := decodeBalances(margin)
	if err != nil || len(bals) != 1 {
		t.Fatalf("margin balances: %v %+v", err, bals)
	}
	// Cash: the day's initial cash balance
	// Total: the current equity, not the opening 9160.33
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("9120.33"),
		Total: brokertest.Dec("9183.33"), BuyingPower: brokertest.NullDec("18240.66")})

	pos, err := decodePositions(margin, time.Unix(0, 0))
	if err != nil || len(pos) != 1 {
		t.Fatalf("margin positions: %v %+v", err, pos)
	}
	xsp := pos[0]
	if xsp.Symbol.Type != integrations.SecurityOption {
		t.Errorf("XSP: %+v", xsp.Symbol)
	}
	// Price: 63 over 3 contracts of 10
	// CostBasis: 1.95 × 3 × 10
	brokertest.Match(t, "xsp", xsp, integrations.Position{Price: brokertest.Dec("2.1"), CostBasis: brokertest.NullDec("58.5")})

	cash, err := decodeBalances(fixture(t, "account_cash_spec.json"))
	if err != nil || len(cash) != 1 {
		t.Fatalf("cash balances: %v %+v", err, cash)
	}
	// Cash: current totalCash
	// Total: aggregatedBalance
	brokertest.Match(t, "cash[0]", cash[0], integrations.Balance{Cash: brokertest.Dec("2604.12"),
		Total: brokertest.Dec("11005.62"), BuyingPower: brokertest.NullDec("2604.12")})

	acts, n, err := decodeTransactions(fixture(t, "transactions_spec.json"))
	if err != nil || n != 2 || len(acts) != 2 {
		t.Fatalf("transactions: %v n=%d %+v", err, n, acts)
	}
	div, pending := acts[0], acts[1]
	brokertest.Match(t, "dividend", div, integrations.Activity{Type: integrations.ActivityDividend, Symbol: "KO",
		TradeDate: "2025-01-17", ID: "98765432101", Amount: brokertest.Dec("18.36")})
	brokertest.Match(t, "a PENDING row", pending, integrations.Activity{TradeDate: "2025-01-19", RawType: "JOURNAL"})
}

// TestDecodeAccountsNamesAndStatus: an account of a type Latchkey has no
// name for is a brokerage account, a closing-only one says so, and one
// missing from the hash list (not shared with the app) is left out.
func TestDecodeAccountsNamesAndStatus(t *testing.T) {
	b := []byte(`[{"securitiesAccount":{"accountNumber":"11112222","type":"NEWKIND","isClosingOnlyRestricted":true}},
		{"securitiesAccount":{"accountNumber":"33334444","type":"CASH"}}]`)
	accts, err := decodeAccounts(b, []accountNumber{{number: "11112222", hash: "H1"}})
	if err != nil || len(accts) != 1 {
		t.Fatalf("%+v %v, want the one account of the hash list", accts, err)
	}
	if a := accts[0]; a.ID != "H1" || a.Name != "Schwab Brokerage account" || a.Status != "closing only" || a.Number != "••••2222" {
		t.Errorf("%+v", a)
	}
}
