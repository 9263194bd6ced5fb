package upstox_test

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/upstox"
	"github.com/latchkey/latchkey/integrations/upstox/fake"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, values map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	ctx := t.Context()
	lg, err := in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	if err != nil {
		return nil, err
	}
	v := map[string]string{"decision": "approve"}
	for k, x := range values {
		v[k] = x
	}
	if u, ok := v["user_id"]; ok { // the consent page asks whom to sign in as
		v["username"] = u
	}
	if _, err := brokertest.SubmitForm(ctx, step.(*integrations.BrowserStep).URL, v); err != nil {
		t.Fatal(err)
	}
	step, err = lg.Next(ctx, integrations.Answer{})
	if err != nil {
		return nil, err
	}
	return step.(*integrations.DoneStep), nil
}

func TestLoginNeedsApp(t *testing.T) {
	in, env, _, _ := newRig(t)
	env.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, upstox.ErrNoApp) {
		t.Fatalf("got %v", err)
	}
}

func TestAuthorizeURL(t *testing.T) {
	in, env, f, _ := newRig(t)
	_, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(step.(*integrations.BrowserStep).URL)
	if got := u.Scheme + "://" + u.Host + u.Path; got != f.URL()+"/v2/login/authorization/dialog" {
		t.Errorf("dialog %s", got)
	}
	q := u.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != "test-api-key" || q.Get("state") == "" ||
		q.Get("redirect_uri") != "http://127.0.0.1:"+strconv.Itoa(env.App.RedirectPort)+"/callback" {
		t.Errorf("query %v", q)
	}
}

func TestBadSecret(t *testing.T) {
	in, env, _, _ := newRig(t)
	env.App.ClientSecret = fake.BadClientSecret
	if _, err := login(t, in, env, nil); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("got %v", err)
	}
}

// The grant ends at 03:30 India time; after that the client refuses
// locally, and the fake too.
func TestDailyExpiry(t *testing.T) {
	in, env, _, clk := newRig(t)
	done, err := login(t, in, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Accounts) != 2 {
		t.Errorf("%d accounts from the token answer", len(done.Accounts))
	}
	// Expiring in its last hours only: not just after an evening login
	// (20:00 India time, t0), from 00:30 on.
	brokertest.WantDailyEnd(t, brokertest.DailyEnd{In: in, Env: env, Set: clk.Set, Done: done, LoggedIn: t0,
		End: time.Date(2025, 6, 17, 3, 30, 0, 0, upstox.IST), ExpiringBy: time.Date(2025, 6, 17, 1, 0, 0, 0, upstox.IST),
		Before: time.Minute})
}

func TestSecondUserHasNoCommodity(t *testing.T) {
	in, env, _, _ := newRig(t)
	done, err := login(t, in, env, map[string]string{"user_id": fake.UserSecond})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 1 || accts[0].ID != fake.UserSecond+"-equity" {
		t.Fatalf("%+v %v", accts, err)
	}
	if _, err := c.Positions(t.Context(), fake.UserMain+"-equity"); err == nil {
		t.Errorf("another user's account was read")
	}
}

// Trades are split between the accounts: MCX under commodity, the rest
// under equity; the first page of a since in the middle is shorter.
func TestActivitiesSplitAndSince(t *testing.T) {
	in, env, _, _ := newRig(t)
	done, err := login(t, in, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	eqActs, err := c.Activities(t.Context(), fake.UserMain+"-equity", t0.AddDate(-10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	com, err := c.Activities(t.Context(), fake.UserMain+"-commodity", t0.AddDate(-10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(com) != 7 || len(eqActs) < 100 {
		t.Errorf("%d equity, %d commodity activities", len(eqActs), len(com))
	}
	for _, a := range com {
		if a.Symbol != "GOLDM25AUGFUT" {
			t.Errorf("commodity activity %+v", a)
		}
	}
	recent, err := c.Activities(t.Context(), fake.UserMain+"-equity", t0.AddDate(0, -1, 0))
	if err != nil || len(recent) == 0 || len(recent) >= len(eqActs) {
		t.Errorf("since a month: %d of %d, %v", len(recent), len(eqActs), err)
	}
}

// TestRateScope (issue 18.2): the limits count per user (token or API key).
func TestRateScope(t *testing.T) {
	if s := upstox.New()[0].Institution().RateScope; s != integrations.RateScopeGrant {
		t.Errorf("RateScope %q; want per grant", s)
	}
}

// The payment lists are a kind of activity read anew: HistoryRevision is
// raised, so connections synced before read their history once more.
func TestHistoryRevision(t *testing.T) {
	if r := upstox.New()[0].Institution().HistoryRevision; r < 1 {
		t.Errorf("HistoryRevision %d; want at least 1 (deposits and withdrawals read)", r)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, upstox.New()...)
}

// client logs user in to a fresh fake and returns the client and the fake.
func client(t *testing.T, user string) (integrations.Client, *fake.Server) {
	t.Helper()
	in, env, f, _ := newRig(t)
	done, err := login(t, in, env, map[string]string{"user_id": user})
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, f
}

// byType counts activities by type.
func byType(acts []integrations.Activity) map[integrations.ActivityType]int {
	n := map[integrations.ActivityType]int{}
	for _, a := range acts {
		n[a.Type]++
	}
	return n
}

// The equity account's activities are its trades and the completed pay-ins
// and pay-outs (the pending, failed, cancelled, rejected and reversed ones
// left out), in date order, since honoured; the commodity account has no
// payments (funds are one pool under equity).
func TestPaymentsMerged(t *testing.T) {
	c, _ := client(t, fake.UserMain)
	acts, err := c.Activities(t.Context(), fake.UserMain+"-equity", t0.AddDate(-10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	n := byType(acts)
	if n[integrations.ActivityContribution] != 14 || n[integrations.ActivityWithdrawal] != 2 || n[integrations.ActivityBuy] < 90 {
		t.Errorf("activities by type: %v; want 14 pay-ins, 2 pay-outs and the trades", n)
	}
	seen := map[string]bool{}
	for i, a := range acts {
		if seen[a.ID] {
			t.Errorf("%s twice", a.ID)
		}
		seen[a.ID] = true
		if i > 0 && (a.TradeDate < acts[i-1].TradeDate || a.TradeDate == acts[i-1].TradeDate && a.ID < acts[i-1].ID) {
			t.Errorf("%s (%s) after %s (%s): not in date order", a.ID, a.TradeDate, acts[i-1].ID, acts[i-1].TradeDate)
		}
		switch a.Type {
		case integrations.ActivityContribution:
			if !a.Amount.IsPositive() || a.Currency != "INR" || a.ID[:6] != "payin:" {
				t.Errorf("pay-in %+v", a)
			}
		case integrations.ActivityWithdrawal:
			if !a.Amount.IsNegative() || a.ID[:7] != "payout:" {
				t.Errorf("pay-out %+v", a)
			}
		}
	}
	if !seen["payout:imps_7JD3002"] || !seen["payout:qws_7JD3001"] || seen["payout:qws_7JD3004"] || seen["payin:qws_7JD2003"] {
		t.Errorf("completed pay-outs read, reversed ones and pending pay-ins left out: %v", seen)
	}
	com, err := c.Activities(t.Context(), fake.UserMain+"-commodity", t0.AddDate(-10, 0, 0))
	if err != nil || byType(com)[integrations.ActivityContribution]+byType(com)[integrations.ActivityWithdrawal] != 0 {
		t.Errorf("commodity: %v %v", byType(com), err)
	}

	// Since 100 days: the pay-out of 90 days ago, not the one of 200; every
	// row on or after since's date.
	since := t0.AddDate(0, 0, -100)
	recent, err := c.Activities(t.Context(), fake.UserMain+"-equity", since)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range recent {
		ids[a.ID] = true
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("%s of %s read since %s", a.ID, a.TradeDate, since.Format(time.DateOnly))
		}
	}
	if !ids["payout:imps_7JD3002"] || ids["payout:qws_7JD3001"] || byType(recent)[integrations.ActivityContribution] != 4 {
		t.Errorf("since 100 days: %v", byType(recent))
	}
}

// The launch's field set (5XY9PL): the charges are the fee, a DEEMED_SUCCESS
// pay-out is a withdrawal, an APPROVED one and a FAILED pay-in are not.
func TestPaymentsLaunchFieldSet(t *testing.T) {
	c, _ := client(t, fake.UserSecond)
	acts, err := c.Activities(t.Context(), fake.UserSecond+"-equity", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]integrations.Activity{}
	for _, a := range acts {
		got[a.ID] = a
	}
	brokertest.Match(t, "pay-in", got["payin:qws_0426_5XY0001"], integrations.Activity{Type: integrations.ActivityContribution,
		Amount: brokertest.Dec("16995"), Fee: brokertest.Dec("23.60"), RawType: "PAYIN SUCCESS"})
	brokertest.Match(t, "deemed pay-out", got["payout:imps_0426_5XY0102"], integrations.Activity{Type: integrations.ActivityWithdrawal,
		Amount: brokertest.Dec("-1000"), RawType: "PAYOUT DEEMED_SUCCESS", Description: "Pay-out by IMPS to ICICI BANK"})
	if n := byType(acts); n[integrations.ActivityContribution] != 2 || n[integrations.ActivityWithdrawal] != 2 {
		t.Errorf("activities by type: %v", n)
	}
}

// A payment list Upstox refuses or fails leaves the trades (and the other
// list) with an error matching ErrPartial that names what is missing; a
// refused token fails the read.
func TestPaymentsRefused(t *testing.T) {
	acct := fake.UserMain + "-equity"
	since := t0.AddDate(-10, 0, 0)
	c, f := client(t, fake.UserMain)
	whole, err := c.Activities(t.Context(), acct, since)
	if err != nil {
		t.Fatal(err)
	}
	trades := len(whole) - 16

	// The fake's client retries what may pass: the faults last until cleared.
	f.InjectPath("/v2/user/payments/payout", brokertest.ServerError, 100)
	acts, err := c.Activities(t.Context(), acct, since)
	f.Inject(brokertest.ServerError, 0)
	if !errors.Is(err, integrations.ErrPartial) || len(acts) != len(whole)-2 || byType(acts)[integrations.ActivityWithdrawal] != 0 ||
		!strings.Contains(integrations.Detail(err, integrations.ErrPartial), "the withdrawals could not be read") {
		t.Errorf("pay-outs failing: %d of %d activities, %v", len(acts), len(whole), err)
	}

	f.InjectPath("/v2/user/payments/payin", brokertest.RateLimited, 100)
	acts, err = c.Activities(t.Context(), acct, since)
	f.Inject(brokertest.RateLimited, 0)
	if !errors.Is(err, integrations.ErrPartial) || errors.Is(err, integrations.ErrRateLimited) || len(acts) != len(whole)-14 {
		t.Errorf("pay-ins rate limited: %d of %d activities, %v", len(acts), len(whole), err)
	}

	f.RefusePayments(fake.UserMain)
	acts, err = c.Activities(t.Context(), acct, since)
	d := integrations.Detail(err, integrations.ErrPartial)
	if !errors.Is(err, integrations.ErrPartial) || len(acts) != trades || !strings.Contains(d, "deposits") || !strings.Contains(d, "withdrawals") {
		t.Errorf("payments refused: %d activities (%d trades), %v", len(acts), trades, err)
	}

	f.InjectPath("/v2/user/payments/payin", brokertest.Unauthorized, 100)
	if acts, err := c.Activities(t.Context(), acct, since); !errors.Is(err, integrations.ErrReauthRequired) || acts != nil {
		t.Errorf("a refused token: %d activities, %v; want ErrReauthRequired", len(acts), err)
	}
}

// A full list (20 rows) whose oldest row is not before since's date may
// have lost rows of the window: the read is partial, naming the date from
// which the list is whole; from a since after that date it is whole.
func TestPaymentsCutOff(t *testing.T) {
	acct := fake.UserSecond + "-equity"
	c, f := client(t, fake.UserSecond)
	// 20 pay-ins, 16 June back to 28 May: newer than all of 5XY9PL's own.
	for i := range 20 {
		st := "SUCCESS"
		if i == 3 {
			st = "FAILED"
		}
		f.AddPayment(fake.UserSecond, fake.Payment{ID: "order_new" + strconv.Itoa(i), Mode: "UPI", Bank: "AXIS BANK", Status: st,
			Amount: brokertest.Dec("1000"), At: time.Date(2025, 6, 16-i, 9, 0, 0, 0, upstox.IST)})
	}
	acts, err := c.Activities(t.Context(), acct, t0.AddDate(0, 0, -30))
	if !errors.Is(err, integrations.ErrPartial) || byType(acts)[integrations.ActivityContribution] != 19 ||
		integrations.Detail(err, integrations.ErrPartial) != "Upstox lists only the latest 20 deposits: those before 2025-05-28 are the ones earlier syncs read" {
		t.Errorf("since 30 days: %v, %v", byType(acts), err)
	}
	for _, since := range []time.Time{{}, time.Date(2025, 5, 28, 0, 0, 0, 0, time.UTC)} {
		if _, err := c.Activities(t.Context(), acct, since); !errors.Is(err, integrations.ErrPartial) {
			t.Errorf("since %s: %v", since.Format(time.DateOnly), err)
		}
	}
	acts, err = c.Activities(t.Context(), acct, time.Date(2025, 5, 29, 0, 0, 0, 0, time.UTC))
	if err != nil || byType(acts)[integrations.ActivityContribution] != 18 {
		t.Errorf("since the day after the oldest row: %v, %v", byType(acts), err)
	}
}

// The activities reach back as far as the trade history serves (three
// financial years): the payment lists may list older deposits, which the
// app adds to what it keeps without taking them as the whole of their days
// (integrations.ActivitiesReacher).
func TestActivitiesReach(t *testing.T) {
	c, _ := client(t, fake.UserMain)
	r, ok := c.(integrations.ActivitiesReacher)
	if !ok {
		t.Fatal("the client does not say how far its activities reach")
	}
	if got, want := r.ActivitiesReach(time.Time{}), integrations.DateOf(upstox.EarliestTradeDate(t0)); got != want {
		t.Errorf("reach of the whole history %s, want the trade history's first day %s", got, want)
	}
	since := t0.AddDate(0, -1, 0)
	if got := r.ActivitiesReach(since); got != integrations.DateOf(since.UTC()) {
		t.Errorf("reach since %v: %s, want since's day", since, got)
	}
}

// The docs' holdings example (YESBANK 36) served with a positions answer
// whose delivery row carries those 36 overnight and buys 1 today: a share
// is counted once, 36 held and 1 bought today, 37 in all — not 73.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in, env, _, _ := newRig(t)
	done, err := login(t, in, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	brokertest.ServeSamples(t, &env, map[string]string{
		"/v2/portfolio/long-term-holdings":   "holdings.json",
		"/v2/portfolio/short-term-positions": "positions_carried.json",
	})
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.UserMain+"-equity")
	if err != nil {
		t.Fatal(err)
	}
	units, rows := brokertest.Units(ps, "YESBANK")
	if !units.Equal(decimal.NewFromInt(37)) || rows != 2 {
		t.Errorf("YESBANK %s shares in %d rows, want 37 in 2 (36 held, 1 bought today)", units, rows)
	}
}
