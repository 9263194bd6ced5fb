package alpaca

import (
	"errors"
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

// The Position entity's two examples in Alpaca's documentation
// (alpacahq/alpaca-docs data/webapi/entities/position.yaml and
// position-crypto.yaml): the equity sample's symbol is "AAPL " with a
// trailing space, which is not part of the ticker.
func TestDecodePositionsSample(t *testing.T) {
	asOf := time.Date(2022, 10, 14, 20, 0, 0, 0, time.UTC)
	pos, err := decodePositions(read(t, "positions.json"), asOf)
	if err != nil || len(pos) != 2 {
		t.Fatalf("%v %d", err, len(pos))
	}
	p := pos[0]
	if p.Symbol.Ticker != "AAPL" || p.Symbol.Type != integrations.SecurityEquity || p.Symbol.Exchange != "NASDAQ" || p.Currency != "USD" || !p.AsOf.Equal(asOf) {
		t.Errorf("%+v", p)
	}
	brokertest.Match(t, "p", p, integrations.Position{Units: brokertest.Dec("5"), Price: brokertest.Dec("120.0"),
		MarketValue: brokertest.Dec("600.0"), AverageCost: brokertest.NullDec("100.0"),
		CostBasis: brokertest.NullDec("500.0")})
	c := pos[1]
	if c.Symbol.Ticker != "BTCUSD" || c.Symbol.Type != integrations.SecurityCrypto || c.Symbol.Exchange != "FTXU" {
		t.Errorf("%+v", c)
	}
	brokertest.Match(t, "c", c, integrations.Position{Units: brokertest.Dec("2.61937"), Price: brokertest.Dec("19444"),
		MarketValue: brokertest.Dec("50931.03028"), AverageCost: brokertest.NullDec("19660.5738784516887649"),
		CostBasis: brokertest.NullDec("51498.3174")})
}

// The Account entity's example in Alpaca's documentation
// (alpacahq/alpaca-docs data/webapi/entities/account-v2.yaml; its
// daytrade_count is the string "0"), and alpaca-py's get_account test answer
// (tests/trading/trading_client/test_account_routes.py; its
// options_approved_level the string "1").
func TestDecodeAccountSample(t *testing.T) {
	a, bal, err := decodeAccount(read(t, "account.json"), false)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "e6fe16f3-64a4-4921-8928-cadf02f92f98" || a.Number != "••••ABCD" || a.RawType != "margin" ||
		a.Name != "Alpaca margin account" || a.Status != "open" || a.Currency != "USD" || a.Paper ||
		a.Category != integrations.CategoryInvestment {
		t.Errorf("%+v", a)
	}
	if len(bal) != 1 || bal[0].Currency != "USD" || !bal[0].BuyingPower.Valid {
		t.Fatalf("%+v", bal)
	}
	brokertest.Match(t, "bal[0]", bal[0], integrations.Balance{Cash: brokertest.Dec("-23140.2"),
		BuyingPower: brokertest.NullDec("262113.632"), Total: brokertest.Dec("103820.56")})
	a2, bal2, err := decodeAccount(read(t, "account_sdk.json"), true)
	if err != nil || a2.ID != "e6fe16f3-64a4-4921-8928-cadf02f92f98" || !a2.Paper || len(bal2) != 1 {
		t.Fatalf("alpaca-py sample: %+v %v", a2, err)
	}
}

// An account answer without currency, status, multiplier or equity: USD,
// "unknown", no kind, and the total from portfolio_value; a closed account
// says so.
func TestDecodeAccountDefaults(t *testing.T) {
	a, bal, err := decodeAccount([]byte(`{"id":"a1","account_number":"PA3ZXK","cash":"10.5","portfolio_value":"99.5"}`), true)
	if err != nil {
		t.Fatal(err)
	}
	if a.Currency != "USD" || a.Status != "unknown" || !a.Paper || a.Name != "Alpaca paper account" || a.RawType != "" {
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

// The multiplier classes the account as the Account entity's documentation
// does: 1 is a "standard limited margin account with 1x BP" (not a cash
// account), 2 and 4 margin accounts.
func TestAccountKindFromMultiplier(t *testing.T) {
	for m, want := range map[string]string{"1": "limited margin", "2": "margin", "4": "margin"} {
		a, _, err := decodeAccount([]byte(`{"id":"a1","cash":"0","multiplier":"`+m+`"}`), false)
		if err != nil || a.RawType != want || a.Name != "Alpaca "+want+" account" {
			t.Errorf("multiplier %s: %q %q %v, want %q", m, a.RawType, a.Name, err, want)
		}
	}
}

// Alpaca's AccountStatus values (alpaca-py's enum) other than ACTIVE and
// ACCOUNT_CLOSED are kept as the institution's word.
func TestAccountStatusWords(t *testing.T) {
	for st, want := range map[string]string{"ACTIVE": "open", "ACCOUNT_CLOSED": "closed", "DISABLED": "disabled",
		"ACCOUNT_UPDATED": "account_updated", "ONBOARDING": "onboarding", "INACTIVE": "inactive"} {
		a, _, err := decodeAccount([]byte(`{"id":"a1","cash":"0","status":"`+st+`"}`), false)
		if err != nil || a.Status != want {
			t.Errorf("status %s: %q %v, want %q", st, a.Status, err, want)
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
	if err == nil || !strings.Contains(err.Error(), "HTTP 422, code 42210000") || strings.Contains(err.Error(), "SECRET-ECHO") ||
		!errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("422: %v, want ErrUnavailable naming the status and code only", err)
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
		{Raw: "SPLIT", Amount: "0", Units: "4", Want: integrations.ActivitySplit},
		{Raw: "DIVWH", Amount: "-0.4", Want: integrations.ActivityTax},
		{Raw: "WH", Amount: "-2", Want: integrations.ActivityTax},
		{Raw: "PTR", Amount: "0.05", Want: integrations.ActivityFee},
		{Raw: "CFEE", Amount: "-0.1", Want: integrations.ActivityFee},
		{Raw: "TRANS", Amount: "5", Want: integrations.ActivityOther}, // a filter, never a row's type
		{Raw: "CIL", Amount: "3.1", Want: integrations.ActivityOther},
		{Raw: "SPIN", Amount: "0", Units: "2", Want: integrations.ActivityOther},
		{Raw: "OPEXP", Amount: "0", Units: "-1", Want: integrations.ActivityOther},
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

// The Go SDK's account-activities test answer (alpaca/rest_test.go
// TestGetAccountActivities: NTAs with status "executed", a partial fill of
// a sell) and the Broker API documentation's NTA sample (a CSD with an
// empty description and status "executed").
func TestDecodeActivitiesSDKSamples(t *testing.T) {
	acts, last, err := decodeActivities(read(t, "activities_sdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 4 || last != "20210512000000000::46b11ac3-baa2-4c36-bd5d-f917ab52d3e7" {
		t.Fatalf("got %d rows, last %q", len(acts), last)
	}
	brokertest.Match(t, "partial fill", acts[2], integrations.Activity{ID: "20240624093004214::18a82342-245e-4e8a-9703-87ae38d9b629",
		Type: integrations.ActivitySell, RawType: "FILL/sell", TradeDate: "2024-06-24", Symbol: "AAPL", Currency: "USD",
		Units: brokertest.Dec("-643"), Price: brokertest.Dec("3.8"), Amount: brokertest.Dec("2443.4")})
	brokertest.Match(t, "deposit", acts[3], integrations.Activity{Type: integrations.ActivityContribution, RawType: "CSD",
		TradeDate: "2021-05-12", Amount: brokertest.Dec("1234"), Description: "CSD"})
}

// A non-trade activity "recorded but canceled" (status canceled) moved
// nothing: it is left out, and its id still pages on. Executed and correct
// ("as valid as executed") rows are kept.
func TestCanceledActivityLeftOut(t *testing.T) {
	acts, last, err := decodeActivities([]byte(`[
		{"activity_type":"CSD","id":"1::a","date":"2026-03-02","net_amount":"500","status":"executed"},
		{"activity_type":"CSD","id":"2::b","date":"2026-03-03","net_amount":"700","status":"correct"},
		{"activity_type":"CSW","id":"3::c","date":"2026-03-04","net_amount":"-900","status":"canceled"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 || acts[0].ID != "1::a" || acts[1].ID != "2::b" || last != "3::c" {
		t.Errorf("got %+v, last %q; want the executed and the correct rows, last 3::c", acts, last)
	}
}

// A non-trade activity without per_share_amount but with alpaca-py's
// NonTradeActivity.price (an option exercise, a securities transfer) keeps
// that price; per_share_amount wins when both are sent.
func TestNonTradePrice(t *testing.T) {
	acts, _, err := decodeActivities([]byte(`[
		{"activity_type":"OPEXC","id":"1::a","date":"2026-03-02","net_amount":"-1500","symbol":"AAPL","qty":"100","price":"15"},
		{"activity_type":"DIV","id":"2::b","date":"2026-03-03","net_amount":"1","symbol":"T","qty":"2","per_share_amount":"0.5","price":"9"}]`))
	if err != nil || len(acts) != 2 {
		t.Fatalf("%v %+v", err, acts)
	}
	eq(t, "OPEXC price", acts[0].Price, "15")
	eq(t, "DIV price", acts[1].Price, "0.5")
}

// A symbol's surrounding spaces are not part of the ticker, in activities
// as in positions.
func TestActivitySymbolTrimmed(t *testing.T) {
	acts, _, err := decodeActivities([]byte(`[{"activity_type":"FILL","id":"1::a","transaction_time":"2026-03-02T15:00:00Z",
		"side":"buy","symbol":"AAPL ","qty":"1","price":"2"}]`))
	if err != nil || len(acts) != 1 || acts[0].Symbol != "AAPL" || acts[0].Description != "Buy 1 AAPL @ 2" {
		t.Errorf("%v %+v", err, acts)
	}
}
