package saxo

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func rows(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	var env struct {
		Data []json.RawMessage `json:"Data"`
		Next string            `json:"__next"`
	}
	if err := json.Unmarshal(fixture(t, name), &env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}

func TestDecodeFixtures(t *testing.T) {
	accts, err := decodeAccounts(fixture(t, "accounts_me.json"), "Saxo Bank SIM")
	if err != nil || len(accts) != 1 {
		t.Fatalf("accounts: %v %+v", err, accts)
	}
	if a := accts[0]; a.ID != "X1JlUyeXTMK3mBxzd-D2UA==" || a.Number != "••••3876" || a.Name != "My default account" ||
		a.RawType != "Normal" || a.Category != integrations.CategoryInvestment || a.Currency != "EUR" || a.Status != "open" {
		t.Errorf("account: %+v", a)
	}

	bals, err := decodeBalances(fixture(t, "balance.json"))
	if err != nil || len(bals) != 1 || bals[0].Currency != "EUR" {
		t.Fatalf("balances: %v %+v", err, bals)
	}
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("1000123.45"),
		Total: brokertest.Dec("1012345.67"), BuyingPower: brokertest.NullDec("998765.43")})

	asOf := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	p, err := decodePosition(rows(t, "positions.json")[0], asOf)
	if err != nil {
		t.Fatal(err)
	}
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Exchange != "XNAS" || p.Symbol.Type != integrations.SecurityEquity ||
		p.Currency != "USD" || p.Symbol.Description != "Apple Inc." || !p.AsOf.Equal(asOf) {
		t.Errorf("position: %+v", p)
	}
	brokertest.Match(t, "p", p, integrations.Position{Units: brokertest.Dec("12"), Price: brokertest.Dec("191.23"),
		MarketValue: brokertest.Dec("2294.76"), AverageCost: brokertest.NullDec("185.64"),
		CostBasis: brokertest.NullDec("2227.68")})

	bk := rows(t, "bookings.json")
	want := []struct {
		id   string
		typ  integrations.ActivityType
		amt  string
		cur  string
		date integrations.Date
	}{
		{"7000000001", integrations.ActivityBuy, "-2457", "DKK", "2021-02-26"},
		{"private-dividend", integrations.ActivityDividend, "20", "USD", "2026-02-03"},
		{"private-withholding", integrations.ActivityTax, "-3", "USD", "2026-02-03"},
		{"private-commission", integrations.ActivityFee, "-2", "USD", "2026-02-02"},
	}
	for i, w := range want {
		a, err := decodeBooking(bk[i])
		if err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
		if a.ID != w.id || a.Type != w.typ || a.Currency != w.cur || a.TradeDate != w.date {
			t.Errorf("booking %d: %+v", i, a)
		}
		eq(t, "booking amount "+w.id, a.Amount, w.amt)
	}
	first, _ := decodeBooking(bk[0])
	brokertest.Match(t, "share amount", first, integrations.Activity{Symbol: "ACME", SettlementDate: "2021-03-02",
		RawType: "Share Amount"})
	fee, _ := decodeBooking(bk[3])
	eq(t, "commission fee", fee.Fee, "2")
}

func TestBookingTypes(t *testing.T) {
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, _ decimal.Decimal) integrations.ActivityType {
		return bookingType(c.Raw, amount)
	}, []brokertest.TypeCase{
		{Raw: "Share Amount", Amount: "-10", Want: integrations.ActivityBuy},
		{Raw: "Share Amount", Amount: "10", Want: integrations.ActivitySell},
		{Raw: "Corporate Actions - Cash Dividends", Amount: "5", Want: integrations.ActivityDividend},
		{Raw: "Dividend Tax", Amount: "-1", Want: integrations.ActivityTax},
		{Raw: "Stamp Duty", Amount: "-1", Want: integrations.ActivityTax},
		{Raw: "Exchange Fee", Amount: "-1", Want: integrations.ActivityFee},
		{Raw: "Custody Fee", Amount: "-1", Want: integrations.ActivityFee},
		{Raw: "Interest", Amount: "1", Want: integrations.ActivityInterest},
		{Raw: "Cash Amount", Amount: "100", Want: integrations.ActivityContribution},
		{Raw: "Cash Amount", Amount: "-100", Want: integrations.ActivityWithdrawal},
		{Raw: "Security Transfer", Amount: "10", Want: integrations.ActivityTransferIn},
		{Raw: "Corporate Actions - Stock Split", Amount: "0", Want: integrations.ActivitySplit},
		{Raw: "Brand New Booking", Amount: "5", Want: integrations.ActivityOther},
	}...)
}

func TestSecurityTypes(t *testing.T) {
	brokertest.WantMapped(t, "securityType", securityType, map[string]integrations.SecurityType{
		"Stock": integrations.SecurityEquity, "Etf": integrations.SecurityETF, "Etc": integrations.SecurityETF,
		"MutualFund": integrations.SecurityFund, "Bond": integrations.SecurityBond,
		"StockOption": integrations.SecurityOption, "FxVanillaOption": integrations.SecurityOption,
		"FxSpot": integrations.SecurityCash, "CashDeposit": integrations.SecurityCash,
		"ContractFutures": integrations.SecurityOther, "CfdOnStock": integrations.SecurityOther,
	})
}

// A cash account's balance has no CashAvailableForTrading or TotalValue:
// the buying power is the margin available, the total the cash.
func TestBalanceFallbacks(t *testing.T) {
	bals, err := decodeBalances([]byte(`{"CashBalance":120.5,"MarginAvailableForTrading":300,"Currency":"EUR"}`))
	if err != nil || len(bals) != 1 {
		t.Fatalf("%v %+v", err, bals)
	}
	brokertest.Match(t, "balance", bals[0], integrations.Balance{Currency: "EUR", Cash: brokertest.Dec("120.5"),
		BuyingPower: brokertest.NullDec("300"), Total: brokertest.Dec("120.5")})
}

// An account whose display name is empty or holds its number is named by
// its currency (the number is masked elsewhere); an inactive account says
// so; an unknown type is an investment account.
func TestAccountNames(t *testing.T) {
	accts, err := decodeAccounts([]byte(`{"Data":[`+
		`{"AccountKey":"k1","AccountId":"9226397","Currency":"USD","DisplayName":"9226397 main","AccountType":"Something","Active":false},`+
		`{"AccountKey":"k2","AccountId":"9226398","Currency":"DKK","DisplayName":"  "}]}`), "Saxo")
	if err != nil || len(accts) != 2 {
		t.Fatalf("%v %+v", err, accts)
	}
	if a := accts[0]; a.Name != "Saxo USD account" || a.Status != "inactive" || a.Category != integrations.CategoryInvestment {
		t.Errorf("account 0: %+v", a)
	}
	if a := accts[1]; a.Name != "Saxo DKK account" || a.Status != "open" {
		t.Errorf("account 1: %+v", a)
	}
}

func TestResolveStaysOnTheAPI(t *testing.T) {
	c := &client{base: "https://gateway.saxobank.com/sim/openapi"}
	if u, err := c.resolve("https://gateway.saxobank.com/sim/openapi/port/v1/positions?$skip=3"); err != nil || u == "" {
		t.Errorf("own host: %q %v", u, err)
	}
	for _, bad := range []string{"https://evil.example/sim/openapi/port", "http://gateway.saxobank.com/sim/openapi/x"} {
		if _, err := c.resolve(bad); err == nil {
			t.Errorf("resolve(%q) accepted a link off the API", bad)
		}
	}
	if u, _ := c.resolve("//evil.example/x"); !strings.HasPrefix(u, "https://gateway.saxobank.com/") {
		t.Errorf("a path resolved off the API: %q", u)
	}
}

// TestBookingDates: a booking's dates are read from their first ten
// characters; a value date before the trade date is dropped, one that does
// not read refuses the row.
func TestBookingDates(t *testing.T) {
	row := func(date, value string) []byte {
		return []byte(`{"BkAmountId":"b1","BkAmountType":"Interest","Amount":1.5,"Currency":"EUR","Date":"` + date +
			`","ValueDate":"` + value + `"}`)
	}
	a, err := decodeBooking(row("2024-03-05T00:00:00", "2024-03-07T00:00:00"))
	if err != nil || a.TradeDate != "2024-03-05" || a.SettlementDate != "2024-03-07" {
		t.Errorf("dates: %+v %v", a, err)
	}
	if a, err = decodeBooking(row("2024-03-05", "2024-03-01")); err != nil || a.SettlementDate != "" {
		t.Errorf("a value date before the trade date: %+v %v", a, err)
	}
	if _, err = decodeBooking(row("2024-03-05", "soon")); err == nil {
		t.Error("a value date that does not read was accepted")
	}
}
