package ibkrflex

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var readFixture = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

// The FlexStatementResponse examples are those of ibflex's client tests.
func TestFixtureAnswers(t *testing.T) {
	r, q, err := decodeAnswer(readFixture(t, "send_success.xml"))
	if err != nil || q != nil || r.Status != "Success" || r.ReferenceCode != "1234567890" ||
		r.URL != "https://gdcdyn.interactivebrokers.com/Universal/servlet/FlexStatementService.GetStatement" {
		t.Errorf("success: %+v %v", r, err)
	}
	r, _, err = decodeAnswer(readFixture(t, "send_fail_1012.xml"))
	if err != nil || r.Status != "Fail" || r.ErrorCode != "1012" {
		t.Errorf("fail: %+v %v", r, err)
	}
	a := &api{login: true}
	if err := a.flexError(r.ErrorCode); !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("1012 at login: %v", err)
	}
	a.login = false
	if err := a.flexError(r.ErrorCode); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("1012 after: %v", err)
	}
	r, _, err = decodeAnswer(readFixture(t, "busy_1001.xml"))
	if err != nil || r.Status != "Warn" || !retryCodes[r.ErrorCode] {
		t.Errorf("busy: %+v %v", r, err)
	}
	if d, ok := integrations.RetryAfter(a.flexError("1018")); !ok || d <= 0 {
		t.Errorf("1018 is not a rate limit with a wait")
	}
	for _, c := range []string{"1003", "1017", "1020", "9999"} {
		if err := a.flexError(c); !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: %v", c, err)
		}
	}
}

func TestFixtureStatement(t *testing.T) {
	_, q, err := decodeAnswer(readFixture(t, "statement.xml"))
	if err != nil || q == nil {
		t.Fatal(err)
	}
	accts := q.accounts()
	if len(accts) != 1 || accts[0].ID != accountID("U666777") || accts[0].Number != "••••6777" || accts[0].Name != "Interactive Brokers ••••6777" ||
		accts[0].RawType != "Individual Margin" || accts[0].Currency != "USD" {
		t.Fatalf("accounts %+v", accts)
	}
	s := &q.Statements[0]
	bals, err := s.balances()
	if err != nil || len(bals) != 2 || bals[0].Currency != "EUR" || bals[1].Currency != "USD" {
		t.Fatalf("balances %+v %v", bals, err)
	}
	// Total: cash + SAP
	brokertest.Match(t, "bals[0]", bals[0], integrations.Balance{Cash: brokertest.Dec("1200.5"),
		Total: brokertest.Dec("2406")})
	// Total: cash + VTI - short call
	brokertest.Match(t, "bals[1]", bals[1], integrations.Balance{Cash: brokertest.Dec("9240.63"),
		Total: brokertest.Dec("12539.79")})
	pos, err := s.positions()
	if err != nil || len(pos) != 3 {
		t.Fatalf("positions (the LOT row must be skipped) %+v %v", pos, err)
	}
	vti, sap, opt := pos[0], pos[1], pos[2]
	if vti.Symbol.Type != integrations.SecurityETF || vti.Symbol.Exchange != "ARCA" || vti.Symbol.ISIN != "US9229087690" || vti.AsOf.Format(time.DateOnly) != "2025-12-31" {
		t.Errorf("VTI %+v", vti)
	}
	brokertest.Match(t, "vti", vti, integrations.Position{MarketValue: brokertest.Dec("3614.16"),
		AverageCost: brokertest.NullDec("250.4125")})
	brokertest.Match(t, "SAP", sap, integrations.Position{Symbol: integrations.Symbol{Type: integrations.SecurityEquity},
		Currency: "EUR"})
	brokertest.Match(t, "option", opt, integrations.Position{Symbol: integrations.Symbol{Type: integrations.SecurityOption},
		Units: brokertest.Dec("-1"), MarketValue: brokertest.Dec("-315")})

	acts, err := s.activities("")
	if err != nil || len(acts) != 8 {
		t.Fatalf("%d activities (ORDER and SUMMARY rows skipped): %v", len(acts), err)
	}
	buy := acts[0]
	brokertest.Match(t, "buy", buy, integrations.Activity{ID: "T812345", Type: integrations.ActivityBuy,
		TradeDate: "2025-03-06", SettlementDate: "2025-03-07", Symbol: "VTI", Amount: brokertest.Dec("-3005.9228"),
		Fee: brokertest.Dec("1.0028"), Price: brokertest.Dec("250.41")})
	sell := acts[1]
	brokertest.Match(t, "sell", sell, integrations.Activity{Type: integrations.ActivitySell, Currency: "EUR",
		Units: brokertest.Dec("-2"), Amount: brokertest.Dec("469.4")})
	want := []struct {
		typ    integrations.ActivityType
		amount string
		date   integrations.Date
	}{
		{integrations.ActivityDividend, "10.8", "2025-06-28"},
		{integrations.ActivityTax, "-1.62", "2025-06-28"},
		{integrations.ActivityContribution, "5000", "2025-01-02"},
		{integrations.ActivityWithdrawal, "-250", "2025-09-01"},
		{integrations.ActivityInterest, "-1.27", "2025-10-03"},
		{integrations.ActivityOther, "0.5", "2025-12-01"},
	}
	for i, w := range want {
		a := acts[2+i]
		if a.Type != w.typ || a.TradeDate != w.date {
			t.Errorf("cash %d: %+v, want %s on %s", i, a, w.typ, w.date)
		}
		eq(t, a.RawType, a.Amount, w.amount)
	}
	if acts[4].RawType != "Deposits & Withdrawals" || acts[2].ID != "C3001" {
		t.Errorf("raw type %q, id %q", acts[4].RawType, acts[2].ID)
	}
	recent, err := s.activities("2025-10-01")
	if err != nil || len(recent) != 3 {
		t.Errorf("since 2025-10-01: %d activities, %v", len(recent), err)
	}
}

func TestFlexDates(t *testing.T) {
	for in, want := range map[string]integrations.Date{
		"20250306": "2025-03-06", "20250306;142202": "2025-03-06", "2025-03-06": "2025-03-06", "2025-03-06, 14:22:02": "2025-03-06",
		"2025-03-06;14:22:02": "2025-03-06", "03/06/2025": "2025-03-06", "20250306 142202": "2025-03-06",
	} {
		if got, err := flexDate(in); err != nil || got != want {
			t.Errorf("flexDate(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "2025-13-01", "yesterday"} {
		if _, err := flexDate(bad); err == nil {
			t.Errorf("flexDate(%q) accepted", bad)
		}
	}
}
