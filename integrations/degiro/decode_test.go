package degiro

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeUpdate(t *testing.T) {
	pos, cash, err := decodeUpdate(fixture(t, "update.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pos) != 1 || pos[0].ProductID != "26019471" {
		t.Fatalf("positions = %+v (the CASH row is not a holding)", pos)
	}
	eq(t, "size", pos[0].Size, "64")
	eq(t, "price (a JSON number, read from its text)", pos[0].Price, "53.24")
	eq(t, "break-even", pos[0].BreakEven.Decimal, "113.26")
	if len(cash) != 2 || cash[0].Currency != "EUR" || cash[1].Currency != "USD" {
		t.Fatalf("cash = %+v", cash)
	}
	eq(t, "EUR cash", cash[0].Value, "1935.8")

	p := position(pos[0], wireProduct{ID: "26019471", Name: "X", ISIN: "NL0000000001", Symbol: "X", Currency: "EUR", ProductType: "STOCK"},
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	brokertest.Match(t, "p", p, integrations.Position{MarketValue: brokertest.Dec("3407.36"),
		CostBasis: brokertest.NullDec("7248.64")})
	bond := position(positionRow{ProductID: "1", Size: decimal.RequireFromString("2000"), Price: decimal.RequireFromString("98.75")},
		wireProduct{ProductType: "BOND", Currency: "EUR", ISIN: "NL0015000RT3"}, time.Time{})
	eq(t, "bond market value (per 100 of face value)", bond.MarketValue, "1975")
	if bond.Symbol.Ticker != "NL0015000RT3" || bond.Symbol.Type != integrations.SecurityBond {
		t.Errorf("bond symbol = %+v", bond.Symbol)
	}
}

func TestDecodeTransactions(t *testing.T) {
	rows, err := decodeTransactions(fixture(t, "transactions.json"))
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	prod := wireProduct{ID: "26019471", Name: "SOME PRODUCT", Symbol: "SOME", Currency: "EUR", ProductType: "STOCK"}
	buy := transaction(rows[0], prod, "EUR")
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "t400000013", Type: integrations.ActivityBuy,
		RawType: "TRANSACTION B", TradeDate: "2026-02-03", Symbol: "SOME", Currency: "EUR", Units: brokertest.Dec("64"),
		Amount: brokertest.Dec("-3407.36"), Fee: brokertest.Dec("2")})
	sell := transaction(rows[1], prod, "EUR")
	brokertest.Match(t, "sell", sell, integrations.Activity{Type: integrations.ActivitySell, TradeDate: "2026-02-10",
		Units: brokertest.Dec("-10"), Amount: brokertest.Dec("541")})
	usd := transaction(rows[0], wireProduct{Currency: "USD", Symbol: "AAPL"}, "EUR")
	eq(t, "a fee in another currency than the trade's is left out", usd.Fee, "0")
}

func TestDecodeCashMovements(t *testing.T) {
	moves, err := decodeCashMovements(fixture(t, "accountoverview.json"))
	if err != nil || len(moves) != 4 {
		t.Fatalf("%v %v", moves, err)
	}
	prods := map[string]wireProduct{"331868": {Symbol: "AAPL", Currency: "USD"}}
	want := []struct {
		typ    integrations.ActivityType
		amount string
		symbol string
	}{{integrations.ActivityDividend, "4.8", "AAPL"}, {integrations.ActivityTax, "-0.72", "AAPL"}, {integrations.ActivityOther, "8.29", ""}}
	for i, w := range want {
		a, ok := movement(moves[i], prods)
		if !ok || a.Type != w.typ || a.Symbol != w.symbol || a.RawType != moves[i].Description {
			t.Errorf("movement %d = %+v", i, a)
		}
		eq(t, "amount", a.Amount, w.amount)
	}
	a, _ := movement(moves[2], prods)
	b, _ := movement(moves[2], prods)
	if a.ID == "" || a.ID != b.ID || a.ID[0] != 'h' {
		t.Errorf("a movement without an id gets a stable hash id: %q %q", a.ID, b.ID)
	}
	if !skipMovement(moves[3]) {
		t.Error("a TRANSACTION movement is the cash leg of a trade and must be skipped")
	}
}

func TestMovementTypes(t *testing.T) {
	for desc, want := range map[string]integrations.ActivityType{
		"iDEAL Deposit": integrations.ActivityContribution, "Processed Flatex Withdrawal": integrations.ActivityWithdrawal,
		"DEGIRO Transaction and/or third party fees": integrations.ActivityFee, "Interest": integrations.ActivityInterest,
		"DEGIRO Exchange Connection Fee 2026": integrations.ActivityFee, "Dividendbelasting": integrations.ActivityTax,
		"Valuta Creditering": integrations.ActivityOther,
	} {
		if got := movementType(desc); got != want {
			t.Errorf("%q → %s, want %s", desc, got, want)
		}
	}
}

func TestRefusal(t *testing.T) {
	wrong := integrations.ErrInvalidCredentials
	for _, c := range []struct {
		ans  loginAnswer
		want error
	}{
		{loginAnswer{Status: 3, StatusText: "badCredentials"}, integrations.ErrInvalidCredentials},
		{loginAnswer{Status: 3, CaptchaRequired: true}, integrations.ErrAccountLocked},
		{loginAnswer{Status: 4, StatusText: "accountBlocked"}, integrations.ErrAccountLocked},
		{loginAnswer{Status: 405}, integrations.ErrUnavailable},
		{loginAnswer{Status: 3, StatusText: "Scheduled maintenance"}, integrations.ErrUnavailable},
	} {
		if err := refusal(c.ans, wrong); !errors.Is(err, c.want) {
			t.Errorf("%+v → %v, want %v", c.ans, err, c.want)
		}
	}
}

// parseNum and num read DEGIRO's numbers from their text, as JSON numbers or
// strings; null is no value, not zero, and anything else is malformed.
func TestNumbers(t *testing.T) {
	for raw, want := range map[string]string{`12.34`: "12.34", `"-0.5"`: "-0.5", ` " 7 " `: "7", `1e-3`: "0.001"} {
		d, ok := parseNum(json.RawMessage(raw))
		if !ok || !d.Equal(decimal.RequireFromString(want)) {
			t.Errorf("parseNum(%s) = %s %v, want %s", raw, d, ok, want)
		}
	}
	for _, raw := range []string{``, `null`, `""`, `"abc"`, `"unterminated`, `true`} {
		if d, ok := parseNum(json.RawMessage(raw)); ok {
			t.Errorf("parseNum(%q) = %s, want no value", raw, d)
		}
	}
	var w struct {
		A, B num
	}
	if err := json.Unmarshal([]byte(`{"A":null,"B":"3.5"}`), &w); err != nil || w.A.valid || !w.B.valid || !w.B.d.Equal(decimal.RequireFromString("3.5")) {
		t.Errorf("null and a string: %+v %v", w, err)
	}
	if err := json.Unmarshal([]byte(`{"A":"n/a"}`), &w); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a non-number: %v, want ErrUnavailable", err)
	}
}

func TestAccountIDHidesIntAccount(t *testing.T) {
	id := accountID(31554891)
	if id != accountID(31554891) || id == accountID(31554892) {
		t.Fatal("account ids must be stable and distinct")
	}
	for _, s := range []string{"31554891", "5489"} {
		if strings.Contains(id, s) {
			t.Errorf("account id %s shows %s", id, s)
		}
	}
}

// The login asks whether an in-app approval came every two seconds unless a
// test shortened it.
func TestPollInterval(t *testing.T) {
	if got := (&Integration{}).interval(); got != defaultPollInterval || defaultPollInterval != 2*time.Second {
		t.Errorf("default poll interval %v", got)
	}
	if got := New()[0].(*Integration).WithPollInterval(time.Millisecond).(*Integration).interval(); got != time.Millisecond {
		t.Errorf("shortened poll interval %v", got)
	}
}
