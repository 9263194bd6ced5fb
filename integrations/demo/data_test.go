package demo

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// snapshot reads everything a client serves.
type snapshot struct {
	accounts   []integrations.Account
	balances   map[string][]integrations.Balance
	positions  map[string][]integrations.Position
	activities map[string][]integrations.Activity
}

func read(t *testing.T, c integrations.Client, since time.Time) snapshot {
	t.Helper()
	ctx := ctxT(t)
	accts, err := c.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{accounts: accts, balances: map[string][]integrations.Balance{},
		positions: map[string][]integrations.Position{}, activities: map[string][]integrations.Activity{}}
	for _, a := range accts {
		if s.balances[a.ID], err = c.Balances(ctx, a.ID); err != nil {
			t.Fatalf("Balances %s: %v", a.ID, err)
		}
		if s.positions[a.ID], err = c.Positions(ctx, a.ID); err != nil {
			t.Fatalf("Positions %s: %v", a.ID, err)
		}
		if s.activities[a.ID], err = c.Activities(ctx, a.ID, since); err != nil {
			t.Fatalf("Activities %s: %v", a.ID, err)
		}
	}
	return s
}

var hundred = decimal.NewFromInt(100)

func TestBrokerageData(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	s := read(t, r.client(t, r.broker, d.Grant, nil), time.Time{})

	if len(s.accounts) != 3 {
		t.Fatalf("%d accounts, want 3", len(s.accounts))
	}
	wantCat := map[string]integrations.Category{"MARGIN": integrations.CategoryInvestment, "TFSA": integrations.CategoryRetirement, "CRYPTO": integrations.CategoryCrypto}
	wantCur := map[string]string{"MARGIN": "USD", "TFSA": "CAD", "CRYPTO": "USD"}
	for _, a := range s.accounts {
		if a.Category != wantCat[a.RawType] || a.Currency != wantCur[a.RawType] || a.Status != "open" {
			t.Errorf("account %+v", a)
		}
		if len([]rune(a.Number)) != 8 || a.Number[:len("••••")] != "••••" {
			t.Errorf("account number %q is not masked", a.Number)
		}
	}

	// Positions: about 25, of every type, market value = units × price (× 100
	// for options) to the cent, exactly.
	types := map[integrations.SecurityType]int{}
	n := 0
	for _, a := range s.accounts {
		for _, p := range s.positions[a.ID] {
			n++
			types[p.Symbol.Type]++
			want := p.Units.Mul(p.Price)
			if p.Symbol.Type == integrations.SecurityOption {
				want = want.Mul(hundred)
			}
			if !p.MarketValue.Equal(want.Round(2)) {
				t.Errorf("%s: market value %s, want %s × %s = %s", p.Symbol.Ticker, p.MarketValue, p.Units, p.Price, want)
			}
			if p.AverageCost.Valid && p.CostBasis.Valid && p.Symbol.Type != integrations.SecurityOption &&
				!p.CostBasis.Decimal.Equal(p.AverageCost.Decimal.Mul(p.Units).Round(2)) {
				t.Errorf("%s: cost basis %s is not %s × %s", p.Symbol.Ticker, p.CostBasis.Decimal, p.AverageCost.Decimal, p.Units)
			}
			if !p.AsOf.Equal(dayTime(dayOf(t0))) {
				t.Errorf("%s: as of %s", p.Symbol.Ticker, p.AsOf)
			}
		}
	}
	if n < 22 || n > 28 {
		t.Errorf("%d positions, want about 25", n)
	}
	for _, st := range []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityFund,
		integrations.SecurityOption, integrations.SecurityCrypto, integrations.SecurityCash} {
		if types[st] == 0 {
			t.Errorf("no %s position", st)
		}
	}

	// Balances: one per currency; the USD account holds CAD too; total is
	// cash plus the market value of the non-cash positions in the currency.
	for _, a := range s.accounts {
		seen := map[string]bool{}
		for _, b := range s.balances[a.ID] {
			if seen[b.Currency] {
				t.Errorf("%s: two %s balances", a.RawType, b.Currency)
			}
			seen[b.Currency] = true
			mv := decimal.Zero
			for _, p := range s.positions[a.ID] {
				if p.Currency == b.Currency && p.Symbol.Type != integrations.SecurityCash {
					mv = mv.Add(p.MarketValue)
				}
			}
			if !b.Total.Equal(b.Cash.Add(mv)) {
				t.Errorf("%s %s: total %s, want cash %s + holdings %s", a.RawType, b.Currency, b.Total, b.Cash, mv)
			}
		}
		if a.RawType == "MARGIN" && (!seen["USD"] || !seen["CAD"]) {
			t.Errorf("the margin account's balances are in %v, want USD and CAD", seen)
		}
	}
	margin := s.balances[s.accounts[0].ID]
	if !margin[0].Cash.Equal(decimal.RequireFromString("8432.17")) || !margin[0].BuyingPower.Decimal.Equal(decimal.RequireFromString("16864.34")) {
		t.Errorf("margin USD balance %+v", margin[0])
	}

	// Activities: several hundred over two years, every universal type, the
	// raw type kept, signs that match the type.
	all := 0
	seenTypes := map[integrations.ActivityType]bool{}
	first, last := integrations.Date("9999-12-31"), integrations.Date("")
	ids := map[string]bool{}
	for _, a := range s.accounts {
		for _, x := range s.activities[a.ID] {
			all++
			seenTypes[x.Type] = true
			if ids[x.ID] {
				t.Errorf("activity id %s twice", x.ID)
			}
			ids[x.ID] = true
			if x.RawType == "" || (x.Type == integrations.ActivityOther) != (x.RawType == "ADJ") {
				t.Errorf("activity %s: type %s from raw %q", x.ID, x.Type, x.RawType)
			}
			first, last = min(first, x.TradeDate), max(last, x.TradeDate)
			switch x.Type {
			case integrations.ActivityBuy, integrations.ActivityWithdrawal, integrations.ActivityFee, integrations.ActivityTax:
				if x.Amount.IsPositive() {
					t.Errorf("%s %s with amount %s", x.Type, x.ID, x.Amount)
				}
			case integrations.ActivitySell, integrations.ActivityContribution, integrations.ActivityDividend, integrations.ActivityInterest:
				if x.Amount.IsNegative() {
					t.Errorf("%s %s with amount %s", x.Type, x.ID, x.Amount)
				}
			}
			if x.Type == integrations.ActivityBuy && x.Symbol != "" && !x.Price.IsZero() {
				mult := decimal.NewFromInt(securities[x.Symbol].mult)
				if want := x.Units.Mul(x.Price).Mul(mult).Round(2).Add(x.Fee).Neg(); !x.Amount.Equal(want) {
					t.Errorf("buy %s: amount %s, want %s", x.ID, x.Amount, want)
				}
			}
		}
	}
	if all < 400 || all > 1000 {
		t.Errorf("%d activities, want several hundred", all)
	}
	for _, at := range integrations.ActivityTypes {
		if !seenTypes[at] {
			t.Errorf("no %s activity", at)
		}
	}
	if want := integrations.DateOf(t0.AddDate(0, 0, -historyDays)); first < want || first > integrations.DateOf(t0.AddDate(0, 0, -historyDays+7)) {
		t.Errorf("first activity on %s, want about %s", first, want)
	}
	if last >= integrations.DateOf(t0) {
		t.Errorf("last activity on %s, want before today", last)
	}
	curs := map[string]bool{}
	for _, a := range s.accounts {
		for _, x := range s.activities[a.ID] {
			curs[x.Currency] = true
		}
	}
	if !curs["USD"] || !curs["CAD"] {
		t.Errorf("activity currencies %v", curs)
	}
}

func TestPagination(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	c := r.client(t, r.broker, d.Grant, nil)
	p := buildPortfolio(userID("user_good"), dayOf(t0), false)
	margin := p.accounts[0]

	before := r.tr.count("/v1/accounts/" + margin.wire.ID + "/positions")
	pos, err := c.Positions(ctxT(t), margin.wire.ID)
	if err != nil || len(pos) != len(margin.positions) {
		t.Fatalf("%d positions, %v; want %d", len(pos), err, len(margin.positions))
	}
	if pages := r.tr.count("/v1/accounts/"+margin.wire.ID+"/positions") - before; pages != 2 {
		t.Errorf("positions took %d pages, want 2", pages)
	}

	acts, err := c.Activities(ctxT(t), margin.wire.ID, time.Time{})
	if err != nil || len(acts) != len(margin.activities) {
		t.Fatalf("%d activities, %v; want %d", len(acts), err, len(margin.activities))
	}
	if pages, want := r.tr.count("/v1/accounts/"+margin.wire.ID+"/activities"), (len(acts)+99)/100; pages != want {
		t.Errorf("activities took %d pages, want %d", pages, want)
	}
	for i, a := range acts {
		if a.ID != margin.activities[i].ID {
			t.Fatalf("activity %d is %s, want %s: pages out of order", i, a.ID, margin.activities[i].ID)
		}
	}

	// since keeps the activities on or after the day.
	since := t0.AddDate(0, -2, 0)
	recent, err := c.Activities(ctxT(t), margin.wire.ID, since)
	if err != nil || len(recent) == 0 || len(recent) >= len(acts) {
		t.Fatalf("%d activities since %s, %v", len(recent), since, err)
	}
	for _, a := range recent {
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("activity of %s read since %s", a.TradeDate, since)
		}
	}
	want := 0
	for _, a := range acts {
		if a.TradeDate >= integrations.DateOf(since) {
			want++
		}
	}
	if len(recent) != want {
		t.Errorf("%d activities since, want %d", len(recent), want)
	}
}

func TestPageTokenAcrossMidnight(t *testing.T) {
	// A page token pins the day its list was generated for, so a listing that
	// straddles midnight neither skips nor repeats rows.
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	c := r.client(t, r.broker, d.Grant, nil)
	acct := buildPortfolio(userID("user_good"), dayOf(t0), false).accounts[0]
	n := 0
	r.tr.setHook(func(req *http.Request) {
		if req.URL.Query().Get("page_token") != "" {
			if n++; n == 1 {
				r.clk.Add(24 * time.Hour)
			}
		}
	})
	acts, err := c.Activities(ctxT(t), acct.wire.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != len(acct.activities) {
		t.Errorf("%d activities, want the %d of the day the listing started", len(acts), len(acct.activities))
	}
}

func TestDeterministic(t *testing.T) {
	day := dayOf(t0)
	a := buildPortfolio(userID("user_good"), day, false)
	b := buildPortfolio(userID("user_good"), day, false)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of the same day differ")
	}
	// The next day: the same rows for the days both cover, one new day, and
	// the oldest day dropped.
	next := buildPortfolio(userID("user_good"), day+1, false)
	for i, acct := range a.accounts {
		old := map[string]wireActivity{}
		for _, x := range acct.activities {
			old[x.ID] = x
		}
		for _, x := range next.accounts[i].activities {
			if x.TradeDate == dayDate(day) {
				continue
			}
			if o, ok := old[x.ID]; !ok || o != x {
				t.Errorf("%s: row %s of %s changed or appeared when the window slid", acct.spec.key, x.ID, x.TradeDate)
			}
		}
	}
	// Another user: the same shape, other ids.
	other := buildPortfolio(userID("user_expiring"), day, false)
	if other.accounts[0].wire.ID == a.accounts[0].wire.ID || other.accounts[0].activities[0].ID == a.accounts[0].activities[0].ID {
		t.Error("two users share account or activity ids")
	}
	if len(other.accounts[0].activities) != len(a.accounts[0].activities) {
		t.Error("two users' histories differ in shape")
	}
}

func TestRateLimit(t *testing.T) {
	r := newRig(t, Options{RateLimit: 3})
	d := r.credLogin(t, "user_good") // the login's account read is the first request
	c := r.client(t, r.broker, d.Grant, nil)
	for i := range 2 {
		if _, err := c.Accounts(ctxT(t)); err != nil {
			t.Fatalf("request %d: %v", i+2, err)
		}
	}
	_, err := c.Accounts(ctxT(t))
	wait, ok := integrations.RetryAfter(err)
	if !ok || wait <= 0 || wait > time.Minute {
		t.Fatalf("4th request: %v (retry after %s); want a RateLimitError", err, wait)
	}
	var rl *integrations.RateLimitError
	if !errors.As(err, &rl) {
		t.Errorf("%T is not a *RateLimitError", err)
	}
	r.clk.Add(wait)
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestRateLimitHeaders(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	sec, _ := decodeSecret(d.Grant.Secret)
	req, _ := newRequest(r.srv.URL()+"/v1/accounts", sec.Access)
	resp, err := r.env.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	if h.Get("X-RateLimit-Limit") != "120" || h.Get("X-RateLimit-Remaining") != "118" ||
		h.Get("X-RateLimit-Reset") != itoa(t0.Add(time.Minute).Unix()) {
		t.Errorf("rate-limit headers %v", h)
	}
}

func TestFaults(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	c := r.client(t, r.broker, d.Grant, nil)
	for _, tc := range []struct {
		f    Fault
		want error
	}{
		{FaultServerError, integrations.ErrUnavailable},
		{FaultRateLimited, integrations.ErrRateLimited},
		{FaultMaintenance, integrations.ErrUnavailable},
		{FaultMalformed, integrations.ErrUnavailable},
		{FaultTruncated, integrations.ErrUnavailable},
		{FaultUnauthorized, integrations.ErrReauthRequired},
	} {
		t.Run(tc.f.String(), func(t *testing.T) {
			r.srv.Inject(tc.f, 1)
			_, err := c.Accounts(ctxT(t))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.f == FaultRateLimited {
				if wait, _ := integrations.RetryAfter(err); wait != FaultRetryAfter {
					t.Errorf("retry after %s, want %s", wait, FaultRetryAfter)
				}
			}
			if _, err := c.Accounts(ctxT(t)); err != nil {
				t.Errorf("after the fault: %v", err)
			}
		})
	}
	r.srv.Inject(FaultServerError, 3)
	r.srv.Inject(FaultServerError, 0)
	if _, err := c.Accounts(ctxT(t)); err != nil {
		t.Errorf("Inject(f, 0) did not clear: %v", err)
	}
}

// TestExpireFast: user_expire_fast's grant ends after 60 s, whether it came
// from the credentials form (TestExpireFast) or the OAuth login
// (TestOAuthExpiresWithGrant); a repair, the same login again, finds the
// same fingerprint, another user's login another.
func TestExpireFast(t *testing.T) {
	for _, c := range []struct {
		name  string
		login func(r *rig, t testing.TB, user string) *integrations.DoneStep
	}{{"TestExpireFast", (*rig).credLogin}, {"TestOAuthExpiresWithGrant", (*rig).oauthLogin}} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, Options{})
			login := func(user string) *integrations.DoneStep { return c.login(r, t, user) }
			d := login("user_expire_fast")
			cl := r.client(t, r.broker, d.Grant, nil)
			if _, err := cl.Accounts(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			r.clk.Add(61 * time.Second)
			if _, err := cl.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
				t.Fatalf("after the grant ended (61 s): %v, want ErrReauthRequired", err)
			}
			if again := login("user_expire_fast"); again.Grant.Fingerprint != d.Grant.Fingerprint {
				t.Error("the repair's fingerprint differs")
			}
			if other := login("user_good"); other.Grant.Fingerprint == d.Grant.Fingerprint {
				t.Error("two users share a fingerprint")
			}
		})
	}
}
