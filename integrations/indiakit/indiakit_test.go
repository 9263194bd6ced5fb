package indiakit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func TestNextAt(t *testing.T) {
	for _, c := range []struct{ at, want string }{
		{"2025-06-16T14:30:00Z", "2025-06-16T23:30:00Z"}, // 20:00 IST → 05:00 IST next day
		{"2025-06-16T23:29:00Z", "2025-06-16T23:30:00Z"},
		{"2025-06-16T23:30:00Z", "2025-06-17T23:30:00Z"}, // at 05:00 IST: the next one
		{"2025-06-16T20:00:00Z", "2025-06-16T23:30:00Z"}, // 01:30 IST
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := NextAt(at, 5, 0).Format(time.RFC3339); got != c.want {
			t.Errorf("NextAt(%s, 05:00) = %s, want %s", c.at, got, c.want)
		}
	}
}

func TestType(t *testing.T) {
	for _, c := range []struct {
		seg, sym, isin, inst string
		want                 integrations.SecurityType
	}{
		{"NSE_EQ", "RELIANCE", "INE002A01018", "", integrations.SecurityEquity},
		{"nse_cm", "NIFTYBEES", "INF204KB14I2", "", integrations.SecurityETF},
		{"NSE_FNO", "NIFTY-Dec2025-24000-CE", "", "OPTIDX", integrations.SecurityOption},
		{"NFO", "NIFTY25DEC24000PE", "", "", integrations.SecurityOption},
		{"NFO", "BANKNIFTY25DECFUT", "", "", integrations.SecurityOther},
		{"MCX_COMM", "GOLDM25DECFUT", "", "FUTCOM", integrations.SecurityOther},
		{"BSE", "INFY", "INE009A01021", "", integrations.SecurityEquity},
	} {
		if got := Type(c.seg, c.sym, c.isin, c.inst); got != c.want {
			t.Errorf("Type(%s, %s) = %s, want %s", c.seg, c.sym, got, c.want)
		}
	}
	for seg, want := range map[string]string{"NSE_EQ": "NSE", "bse_cm": "BSE", "NFO": "NSE", "BFO": "BSE", "MCX_COMM": "MCX", "nse_fo": "NSE"} {
		if got := Exchange(seg); got != want {
			t.Errorf("Exchange(%s) = %s, want %s", seg, got, want)
		}
	}
}

func TestFillActivity(t *testing.T) {
	d := decimal.RequireFromString
	buy := Fill{ID: "T1", Side: "B", Symbol: "TCS", Segment: "NSE_EQ", Date: "2025-01-02", Units: d("3"), Price: d("4000.10"), Fee: d("5.25")}.Activity("trade")
	if buy.Type != integrations.ActivityBuy || !buy.Amount.Equal(d("-12005.55")) || !buy.Units.Equal(d("3")) || buy.ID != "trade:NSE:2025-01-02:T1" {
		t.Errorf("buy = %+v", buy)
	}
	sell := Fill{ID: "T2", Side: "-1", Symbol: "TCS", Segment: "BSE", Date: "2025-01-03", Units: d("2"), Price: d("10"), Fee: d("1")}.Activity("trade")
	if sell.Type != integrations.ActivitySell || !sell.Amount.Equal(d("19")) || !sell.Units.Equal(d("-2")) {
		t.Errorf("sell = %+v", sell)
	}
	odd := Fill{ID: "T3", Side: "AUCTION", Symbol: "X", Date: "2025-01-03", Units: d("2"), Price: d("10")}.Activity("trade")
	if odd.Type != integrations.ActivityOther || odd.RawType != "AUCTION" || !odd.Amount.IsZero() {
		t.Errorf("unknown side = %+v", odd)
	}
	blank := Fill{ID: "T4", Symbol: "X", Date: "2025-01-03", Units: d("1"), Price: d("1")}.Activity("trade")
	if blank.Type != integrations.ActivityOther || blank.RawType != "UNKNOWN" {
		t.Errorf("no side = %+v", blank)
	}
}

// Ended names the broker and the end in India time, and asks for a new
// login (ErrReauthRequired).
func TestEnded(t *testing.T) {
	err := Ended("Dhan", time.Date(2025, 6, 16, 23, 30, 0, 0, time.UTC))
	if !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Dhan's daily login ended at 05:00 India time") {
		t.Errorf("Ended = %v", err)
	}
}

// Date reads a timestamp in India time in the first layout that fits: just
// after midnight in India is still the day before in UTC, and the date is
// India's.
func TestDate(t *testing.T) {
	layouts := []string{"2006-01-02 15:04:05", "02-01-2006"}
	for s, want := range map[string]integrations.Date{
		" 2025-03-31 23:45:00 ": "2025-03-31",
		"2025-04-01 00:10:00":   "2025-04-01",
		"01-04-2025":            "2025-04-01",
		"2025/04/01":            "",
		"":                      "",
	} {
		if got := Date(s, layouts...); got != want {
			t.Errorf("Date(%q) = %q, want %q", s, got, want)
		}
	}
	if got := Date("2025-03-31 23:45:00"); got != "" {
		t.Errorf("no layouts: %q", got)
	}
}

func TestSum(t *testing.T) {
	d := decimal.RequireFromString
	if got := Sum(d("0.1"), d("0.2"), d("-0.05")); !got.Equal(d("0.25")) {
		t.Errorf("Sum = %s", got)
	}
	if got := Sum(); !got.IsZero() {
		t.Errorf("Sum() = %s", got)
	}
}

func TestHoldingPosition(t *testing.T) {
	d := decimal.RequireFromString
	p := Holding{Symbol: "GOLDM", Segment: "MCX_COMM", Units: d("1"), Price: d("71480"), PriceKnown: true,
		Average: decimal.NewNullDecimal(d("71250")), Multiplier: d("10")}.Position(time.Unix(0, 0))
	if !p.MarketValue.Equal(d("714800")) || !p.CostBasis.Decimal.Equal(d("712500")) || p.Symbol.Exchange != "MCX" || p.PriceUnknown {
		t.Errorf("position = %+v", p)
	}
	u := Holding{Symbol: "SBIN", Segment: "NSE_EQ", Units: d("-10")}.Position(time.Unix(0, 0))
	if !u.PriceUnknown || !u.Price.IsZero() || !u.MarketValue.IsZero() || u.AverageCost.Valid {
		t.Errorf("priceless position = %+v", u)
	}
}

func TestCheckSession(t *testing.T) {
	end := time.Date(2025, 6, 16, 22, 0, 0, 0, time.UTC) // 03:30 IST on the 17th
	if err := CheckSession("Upstox", time.Time{}, end.Add(time.Hour)); err != nil {
		t.Errorf("no known end: %v", err)
	}
	if err := CheckSession("Upstox", end, end.Add(-time.Second)); err != nil {
		t.Errorf("before the end: %v", err)
	}
	for _, now := range []time.Time{end, end.Add(time.Hour)} {
		err := CheckSession("Upstox", end, now)
		if !errors.Is(err, integrations.ErrReauthRequired) {
			t.Fatalf("at %s: %v, want ErrReauthRequired", now, err)
		}
		if want := "Upstox's daily login ended at 03:30 India time; log in again"; !strings.Contains(err.Error(), want) {
			t.Errorf("at %s: %q, want it to say %q", now, err, want)
		}
	}
}

func TestPositions(t *testing.T) {
	asOf := time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC)
	bad := errors.New("malformed")
	type row struct {
		sym   string
		units int64
	}
	valid := func(r row) bool { return r.sym != "" }
	holding := func(r row) Holding {
		return Holding{Symbol: r.sym, Segment: "NSE", Units: decimal.NewFromInt(r.units), Price: decimal.NewFromInt(10), PriceKnown: true}
	}
	ps, err := Positions([]row{{"INFY", 2}, {"SOLD", 0}, {"TCS", -1}}, bad, valid, asOf, holding)
	if err != nil || len(ps) != 2 || ps[0].Symbol.Ticker != "INFY" || ps[1].Symbol.Ticker != "TCS" ||
		!ps[0].MarketValue.Equal(decimal.NewFromInt(20)) || !ps[1].AsOf.Equal(asOf) {
		t.Errorf("Positions = %+v, %v", ps, err)
	}
	if ps, err := Positions([]row{{"INFY", 2}, {"", 1}}, bad, valid, asOf, holding); err != bad || ps != nil {
		t.Errorf("Positions with a row missing its symbol = %+v, %v", ps, err)
	}
	if ps, err := Positions[row](nil, bad, valid, asOf, holding); err != nil || ps == nil || len(ps) != 0 {
		t.Errorf("Positions of no rows = %#v, %v", ps, err)
	}
}

func TestDailyLogin(t *testing.T) {
	if got, want := DailyLogin("Upstox logins", 3, 30), "Upstox logins end every morning at 03:30 India time, so Latchkey asks you to log in again each day you sync."; got != want {
		t.Errorf("DailyLogin = %q, want %q", got, want)
	}
}

// A listing keeps the broker's exchange and type, values a derivative with
// its multiplier and keeps an average of zero.
func TestListing(t *testing.T) {
	asOf := time.Date(2025, 6, 16, 10, 0, 0, 0, IST)
	d := decimal.RequireFromString
	p := Listing{Symbol: "GOLDM25JULFUT", Description: "GOLDM25JULFUT", Exchange: "MCX", Type: integrations.SecurityOther,
		Units: d("2"), Price: d("71480.5"), Average: decimal.NewNullDecimal(d("71250")), Multiplier: d("10")}.Position(asOf)
	if p.Symbol.Exchange != "MCX" || p.Symbol.Type != integrations.SecurityOther || p.Currency != Currency || !p.AsOf.Equal(asOf) ||
		!p.MarketValue.Equal(d("1429610")) || !p.CostBasis.Decimal.Equal(d("1425000")) || !p.AverageCost.Decimal.Equal(d("71250")) {
		t.Errorf("a future: %+v", p)
	}
	p = Listing{Symbol: "BONUS", Exchange: "NSE", Type: integrations.SecurityEquity, Units: d("3"), Price: d("10.005"),
		Average: decimal.NewNullDecimal(decimal.Zero)}.Position(asOf)
	if !p.MarketValue.Equal(d("30.02")) || !p.AverageCost.Valid || !p.CostBasis.Decimal.IsZero() {
		t.Errorf("a holding at no cost: %+v", p)
	}
	if p := (Listing{Symbol: "X", Units: d("1"), Price: d("5")}).Position(asOf); p.AverageCost.Valid || p.CostBasis.Valid {
		t.Errorf("no average: %+v", p)
	}
}

func TestRefused(t *testing.T) {
	err := Refused("Upstox", 3, 30)
	if !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "the Upstox session ended (sessions end daily at 03:30 India time)") {
		t.Errorf("Refused = %v", err)
	}
}
