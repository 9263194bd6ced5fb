package alpaca

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var read = brokertest.Fixture // testdata/name

var eq = brokertest.EqualDecimal // got equals want's text

// The TradeActivity and NonTradeActivity samples of Alpaca's Account
// Activities page.
func TestDecodeActivitiesDocSamples(t *testing.T) {
	acts, last, err := decodeActivities(read(t, "activities.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 || last != "20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf" {
		t.Fatalf("got %d rows, last %q", len(acts), last)
	}
	f := acts[0]
	brokertest.Match(t, "fill", f, integrations.Activity{ID: "20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74",
		Type: integrations.ActivityBuy, RawType: "FILL/buy", TradeDate: "2019-05-24", Symbol: "LPCN", Currency: "USD",
		Units: brokertest.Dec("1"), Price: brokertest.Dec("1.63"), Amount: brokertest.Dec("-1.63")})
	d := acts[1]
	brokertest.Match(t, "dividend", d, integrations.Activity{Type: integrations.ActivityDividend, RawType: "DIV",
		TradeDate: "2019-08-01", Symbol: "T", Amount: brokertest.Dec("1.02"), Units: brokertest.Dec("2"),
		Price: brokertest.Dec("0.51")})
}

func TestDecodePositionsSample(t *testing.T) {
	asOf := time.Date(2022, 10, 14, 20, 0, 0, 0, time.UTC)
	pos, err := decodePositions(read(t, "positions.json"), asOf)
	if err != nil || len(pos) != 1 {
		t.Fatalf("%v %d", err, len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "SPY" || p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Exchange != "ARCA" || p.Currency != "USD" || !p.AsOf.Equal(asOf) {
		t.Errorf("%+v", p)
	}
	brokertest.Match(t, "p", p, integrations.Position{Units: brokertest.Dec("2"), Price: brokertest.Dec("361.55"),
		MarketValue: brokertest.Dec("723.1"), AverageCost: brokertest.NullDec("412.91"),
		CostBasis: brokertest.NullDec("825.82")})
}

func TestDecodeAccountSample(t *testing.T) {
	a, bal, err := decodeAccount(read(t, "account.json"), false)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "904837e3-3b76-47ec-b432-046db621571b" || a.Number != "••••ABCD" || a.RawType != "margin" ||
		a.Status != "open" || a.Currency != "USD" || a.Paper || a.Category != integrations.CategoryInvestment {
		t.Errorf("%+v", a)
	}
	if len(bal) != 1 || bal[0].Currency != "USD" || !bal[0].BuyingPower.Valid {
		t.Fatalf("%+v", bal)
	}
	brokertest.Match(t, "bal[0]", bal[0], integrations.Balance{Cash: brokertest.Dec("-23140.2"),
		BuyingPower: brokertest.NullDec("262113.632"), Total: brokertest.Dec("103820.56")})
}

// An account answer without currency, status or equity: USD, "unknown",
// and the total from portfolio_value; a closed account says so.
func TestDecodeAccountDefaults(t *testing.T) {
	a, bal, err := decodeAccount([]byte(`{"id":"a1","account_number":"PA3ZXK","cash":"10.5","portfolio_value":"99.5"}`), true)
	if err != nil {
		t.Fatal(err)
	}
	if a.Currency != "USD" || a.Status != "unknown" || !a.Paper || a.Name != "Alpaca paper cash account" {
		t.Errorf("%+v", a)
	}
	if len(bal) != 1 || bal[0].Currency != "USD" {
		t.Fatalf("%+v", bal)
	}
	brokertest.Match(t, "bal[0]", bal[0], integrations.Balance{Cash: brokertest.Dec("10.5"), Total: brokertest.Dec("99.5")})
	for _, st := range []string{"ACCOUNT_CLOSED", "closed"} {
		a, _, err := decodeAccount([]byte(`{"id":"a1","cash":"0","equity":"0","status":"`+st+`"}`), false)
		if err != nil || a.Status != "closed" {
			t.Errorf("status %s: %q %v", st, a.Status, err)
		}
	}
}

// A short position's qty may come unsigned: side "short" makes it negative.
func TestDecodeShortPosition(t *testing.T) {
	for _, qty := range []string{"5", "-5"} {
		pos, err := decodePositions([]byte(`[{"symbol":"TSLA","qty":"`+qty+`","side":"short","asset_class":"us_equity"}]`), time.Unix(0, 0))
		if err != nil || len(pos) != 1 {
			t.Fatalf("qty %s: %v %+v", qty, err, pos)
		}
		eq(t, "units of qty "+qty, pos[0].Units, "-5")
	}
}

// refusal reads Alpaca's error envelope of a refusal the common rules do not
// map; its code is kept, its message (which may echo the request) is not.
func TestRefusalEnvelope(t *testing.T) {
	err := refusal(422, []byte(`{"code":42210000,"message":"invalid symbol SECRET-ECHO"}`))
	if err == nil || !strings.Contains(err.Error(), "HTTP 422, code 42210000") || strings.Contains(err.Error(), "SECRET-ECHO") {
		t.Errorf("422: %v", err)
	}
	for _, b := range []string{`<html>not found</html>`, `{"message":"no code"}`, ``} {
		if err := refusal(404, []byte(b)); err != nil {
			t.Errorf("%q: %v, want nil (the common rules decide)", b, err)
		}
	}
}

func TestActivityMapping(t *testing.T) {
	brokertest.WantTypes(t, func(c brokertest.TypeCase, amount, units decimal.Decimal) integrations.ActivityType {
		return ntaType(c.Raw, amount, units)
	}, []brokertest.TypeCase{
		{Raw: "DIV", Amount: "1", Want: integrations.ActivityDividend},
		{Raw: "DIVNRA", Amount: "-0.3", Want: integrations.ActivityTax},
		{Raw: "DIVFEE", Amount: "-1", Want: integrations.ActivityFee},
		{Raw: "INT", Amount: "2", Want: integrations.ActivityInterest},
		{Raw: "CSD", Amount: "100", Want: integrations.ActivityContribution},
		{Raw: "CSW", Amount: "-100", Want: integrations.ActivityWithdrawal},
		{Raw: "JNLC", Amount: "5", Want: integrations.ActivityTransferIn},
		{Raw: "JNLC", Amount: "-5", Want: integrations.ActivityTransferOut},
		{Raw: "JNLS", Amount: "0", Units: "3", Want: integrations.ActivityTransferIn},
		{Raw: "ACATS", Amount: "0", Units: "-3", Want: integrations.ActivityTransferOut},
		{Raw: "SSP", Amount: "0", Units: "4", Want: integrations.ActivitySplit},
		{Raw: "MA", Amount: "0", Want: integrations.ActivityOther},
		{Raw: "SOMETHING_NEW", Amount: "1", Want: integrations.ActivityOther},
	}...)
	// A fill after hours in New York is dated in New York.
	late, err := mapActivity(wireActivity{ActivityType: "FILL", ID: "x", TransactionTime: "2026-03-19T01:30:00.000Z",
		Side: "sell_short", Symbol: "TSLA", Qty: mustDec("3"), Price: mustDec("180.5")})
	if err != nil || late.TradeDate != "2026-03-18" || late.Type != integrations.ActivitySell {
		t.Errorf("late fill: %+v %v", late, err)
	}
	brokertest.Match(t, "late", late, integrations.Activity{Amount: brokertest.Dec("541.5"), Units: brokertest.Dec("-3")})
}

func mustDec(s string) dec { return dec{Decimal: decimal.RequireFromString(s), Valid: true} }

func TestDecimalsFromNumbersAndStrings(t *testing.T) {
	var w struct{ A, B, C, D dec }
	if err := decode([]byte(`{"A":"0.1","B":0.30000000000000004,"C":null,"D":""}`), &w); err != nil {
		t.Fatal(err)
	}
	eq(t, "string", w.A.Decimal, "0.1")
	eq(t, "number", w.B.Decimal, "0.30000000000000004") // the digits as sent, not a float64's
	if w.C.Valid || w.D.Valid {
		t.Errorf("null and empty must be absent: %+v %+v", w.C, w.D)
	}
	if err := decode([]byte(`{"A":"1.2.3"}`), &w); err == nil {
		t.Error("a bad decimal decoded")
	}
}

// Alpaca's 429 names its wait in X-RateLimit-Reset, if anywhere.
func TestRateWait(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	api := newAPI(integrations.Env{Now: func() time.Time { return now }}, secret{Kind: kindKey}, false)
	brokertest.WantRateWaits(t, api.Status, time.Minute,
		brokertest.RateHeader{Name: "X-RateLimit-Reset", Value: "1700000042", Want: 43 * time.Second},
		brokertest.RateHeader{Name: "Retry-After", Value: "7", Want: 7 * time.Second})
}

// TestActivityDateTimestamp: a non-trade activity dated by a timestamp (as
// some accounts send) is on its New York date; anything else is refused.
func TestActivityDateTimestamp(t *testing.T) {
	for s, want := range map[string]integrations.Date{
		"2019-08-01":                "2019-08-01",
		"2019-08-02T02:30:00Z":      "2019-08-01", // 22:30 the day before in New York
		"2019-08-01T10:00:00-04:00": "2019-08-01",
	} {
		if d, err := activityDate(s); err != nil || d != want {
			t.Errorf("%q: %q %v, want %q", s, d, err, want)
		}
	}
	if _, err := activityDate("01/08/2019"); err == nil {
		t.Error("a date in another layout was read")
	}
}
