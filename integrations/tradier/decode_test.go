package tradier

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var read = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

func TestDecodeProfileSample(t *testing.T) {
	for _, name := range []string{"profile.json", "profile_one.json"} {
		uid, accts, err := decodeProfile(read(t, name), ID, false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if uid != "id-gcostanza" || len(accts) == 0 {
			t.Fatalf("%s: %q %d", name, uid, len(accts))
		}
		a := accts[0]
		if a.Full != "VA000001" || a.Number != "••••0001" || a.ID != integrations.AccountHash(ID, "VA000001") || a.Status != "open" ||
			a.RawType != "individual/margin" || a.Category != integrations.CategoryInvestment || a.Currency != "USD" {
			t.Errorf("%s: %+v", name, a)
		}
	}
	_, accts, _ := decodeProfile(read(t, "profile.json"), ID, false)
	if len(accts) != 2 || accts[1].Category != integrations.CategoryRetirement {
		t.Errorf("IRA: %+v", accts)
	}
}

func TestDecodeBalancesSample(t *testing.T) {
	bal, err := decodeBalances(read(t, "balances.json"))
	if err != nil || len(bal) != 1 {
		t.Fatal(err, bal)
	}
	brokertest.Match(t, "bal[0]", bal[0], integrations.Balance{Cash: brokertest.Dec("6363.86"),
		Total: brokertest.Dec("17798.36"), BuyingPower: brokertest.NullDec("12727.72")})
	if bal[0].Currency != "USD" {
		t.Error(bal[0].Currency)
	}
}

func TestDecodePositionsShapes(t *testing.T) {
	cases := map[string]int{"positions.json": 2, "positions_one.json": 1, "positions_null.json": 0}
	for name, n := range cases {
		pos, err := decodePositions(read(t, name))
		if err != nil || len(pos) != n {
			t.Errorf("%s: %d positions, %v; want %d", name, len(pos), err, n)
		}
	}
	pos, _ := decodePositions(read(t, "positions.json"))
	eq(t, "cost basis", pos[0].CostBasis.Decimal, "207.01")
	eq(t, "quantity", pos[0].Quantity.Decimal, "1")
}

func TestQuotesPricePositions(t *testing.T) {
	quotes, err := decodeQuotes(read(t, "quotes.json"))
	if err != nil || len(quotes) != 2 {
		t.Fatal(err, len(quotes))
	}
	asOf := time.Date(2019, 5, 6, 20, 0, 0, 0, time.UTC)
	p := position(wirePosition{Symbol: "AAPL", Quantity: num{Decimal: decimal.RequireFromString("3"), Valid: true},
		CostBasis: num{Decimal: decimal.RequireFromString("621.03"), Valid: true}}, quotes["AAPL"], asOf)
	if p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Description != "Apple Inc" {
		t.Errorf("%+v", p.Symbol)
	}
	brokertest.Match(t, "p", p, integrations.Position{Price: brokertest.Dec("208.21"),
		MarketValue: brokertest.Dec("624.63"), AverageCost: brokertest.NullDec("207.01")})
	o := position(wirePosition{Symbol: "SPY190621C00280000", Quantity: num{Decimal: decimal.RequireFromString("-2"), Valid: true}},
		quotes["SPY190621C00280000"], asOf)
	if o.Symbol.Type != integrations.SecurityOption {
		t.Errorf("%+v", o.Symbol)
	}
	eq(t, "option value", o.MarketValue, "-1280")
}

func TestDecodeHistorySample(t *testing.T) {
	ev, err := decodeHistory(read(t, "history.json"))
	if err != nil || len(ev) != 4 {
		t.Fatal(err, len(ev))
	}
	acts, err := mapEvents("acct-x", ev)
	if err != nil {
		t.Fatal(err)
	}
	sell, div, opt, ach := acts[0], acts[1], acts[2], acts[3]
	brokertest.Match(t, "sell", sell, integrations.Activity{Type: integrations.ActivitySell, RawType: "trade/equity",
		Symbol: "GE", TradeDate: "2018-10-31", Amount: brokertest.Dec("10.06"), Units: brokertest.Dec("-1"),
		Price: brokertest.Dec("10.06")})
	// Tradier's documented example puts the dividend's details under
	// "adjustment": its description is the only record of what paid.
	brokertest.Match(t, "dividend", div, integrations.Activity{Type: integrations.ActivityDividend, TradeDate: "2018-10-25",
		Description: "GENERAL ELECTRIC COMPANY", Amount: brokertest.Dec("0.12")})
	brokertest.Match(t, "option expiry", opt, integrations.Activity{Type: integrations.ActivityOther,
		RawType: "option/optexp", Description: "Expired"})
	brokertest.Match(t, "ach", ach, integrations.Activity{Type: integrations.ActivityWithdrawal,
		Amount: brokertest.Dec("-3000")})
	if sell.ID == div.ID || div.ID == ach.ID || opt.ID == ach.ID {
		t.Error("ids repeat")
	}
	// A detail under the type's own name is read too.
	ev, err = decodeHistory([]byte(`{"history":{"event":{"amount":0.82,"date":"2018-10-25T00:00:00Z","type":"dividend",` +
		`"dividend":{"description":"GE CASH DIV","quantity":0}}}}`))
	if err != nil || len(ev) != 1 || ev[0].detail.Description != "GE CASH DIV" {
		t.Errorf("a type-named detail: %+v %v", ev, err)
	}
}

// Two identical events (same day, type, amount, text) get different ids,
// the same on every read.
func TestIdenticalEventsKeepDistinctStableIDs(t *testing.T) {
	b := []byte(`{"history":{"event":[{"amount":-0.05,"date":"2026-01-05T00:00:00Z","type":"fee","fee":{"description":"ORF","quantity":0}},` +
		`{"amount":-0.05,"date":"2026-01-05T00:00:00Z","type":"fee","fee":{"description":"ORF","quantity":0}}]}}`)
	ev, _ := decodeHistory(b)
	a1, _ := mapEvents("a", ev)
	a2, _ := mapEvents("a", ev)
	if a1[0].ID == a1[1].ID || a1[0].ID != a2[0].ID || a1[1].ID != a2[1].ID {
		t.Errorf("ids: %s %s / %s %s", a1[0].ID, a1[1].ID, a2[0].ID, a2[1].ID)
	}
}

func TestEventTypes(t *testing.T) {
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, units decimal.Decimal) integrations.ActivityType {
		return eventType(wireEvent{Type: c.Raw, Amount: num{Decimal: amount, Valid: true},
			detail: wireDetail{Quantity: num{Decimal: units, Valid: true}}})
	}, []brokertest.TypeCase{
		{Raw: "trade", Amount: "-100", Units: "1", Want: integrations.ActivityBuy},
		{Raw: "trade", Amount: "100", Units: "-1", Want: integrations.ActivitySell},
		{Raw: "ach", Amount: "50", Units: "0", Want: integrations.ActivityContribution},
		{Raw: "wire", Amount: "-50", Units: "0", Want: integrations.ActivityWithdrawal},
		{Raw: "journal", Amount: "5", Units: "0", Want: integrations.ActivityTransferIn},
		{Raw: "transfer", Amount: "-5", Units: "0", Want: integrations.ActivityTransferOut},
		{Raw: "interest", Amount: "1", Units: "0", Want: integrations.ActivityInterest},
		{Raw: "tax", Amount: "-1", Units: "0", Want: integrations.ActivityTax},
		{Raw: "fee", Amount: "-1", Units: "0", Want: integrations.ActivityFee},
		{Raw: "option", Amount: "0", Units: "-1", Want: integrations.ActivityOther},
		{Raw: "adjustment", Amount: "1", Units: "0", Want: integrations.ActivityOther},
		{Raw: "brand_new", Amount: "1", Units: "0", Want: integrations.ActivityOther},
	}...)
}

// Tradier's 429 may name its window's end in X-Ratelimit-Expiry (Unix ms).
func TestRateWait(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	api := newAPI(integrations.Env{Now: func() time.Time { return now }}, false)
	brokertest.WantRateWaits(t, api.Status, time.Minute,
		brokertest.RateHeader{Name: "X-Ratelimit-Expiry", Value: "1700000030000", Want: 31 * time.Second})
}

func TestEventDateAndTitleWord(t *testing.T) {
	for in, want := range map[string]integrations.Date{
		"2018-10-31T00:00:00Z":        "2018-10-31",
		"2018-10-31T23:30:00.5-04:00": "2018-10-31", // the date as Tradier wrote it, not in UTC
		"2018-10-31":                  "2018-10-31",
	} {
		if got, err := eventDate(in); err != nil || got != want {
			t.Errorf("eventDate(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if _, err := eventDate("31/10/2018"); err == nil {
		t.Error("eventDate of a date in another layout must fail")
	}
	for in, want := range map[string]string{"": "", "MARGIN": "Margin", "cash_account": "Cash account"} {
		if got := titleWord(in); got != want {
			t.Errorf("titleWord(%q) = %q, want %q", in, got, want)
		}
	}
}
