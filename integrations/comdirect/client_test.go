package comdirect_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/comdirect"
	"github.com/latchkey/latchkey/integrations/comdirect/fake"
)

func login(t *testing.T, user string) (integrations.Integration, integrations.Env, *fakekit.Clock, integrations.Grant) {
	t.Helper()
	in, env, clk, g, _ := loginTo(t, user)
	return in, env, clk, g
}

// loginTo is login, with the fake.
func loginTo(t *testing.T, user string) (integrations.Integration, integrations.Env, *fakekit.Clock, integrations.Grant, *fake.Server) {
	t.Helper()
	in := comdirect.New()[0].(*comdirect.Integration).WithPollInterval(time.Millisecond)
	env, srv, clk := fake.Start(t, in, fake.Options{})
	l, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: fake.Values(user)})
	for i := 0; err == nil && i < 4; i++ {
		switch s := st.(type) {
		case *integrations.DoneStep:
			return in, env, clk, s.Grant, srv
		case *integrations.CodeStep:
			st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{s.Field.Name: fake.TAN}})
		default:
			st, err = l.Next(t.Context(), integrations.Answer{})
		}
	}
	t.Fatalf("login ended at %T, %v", st, err)
	return nil, env, clk, integrations.Grant{}, srv
}

// The grant lives as long as its refresh token: it ends 20 minutes after
// the last refresh, which a sync within that time moves forward (the saved
// grant's expiry with it); after it the client refuses and the user logs in
// again with a TAN.
func TestMinutesLongGrant(t *testing.T) {
	in, env, clk, g := login(t, fake.PushUser)
	if want := fakekit.T0.Add(20 * time.Minute); !g.Expiry.Equal(want) {
		t.Fatalf("expiry %v, want %v", g.Expiry, want)
	}
	if got := in.Institution().ExpiringWithin; got != 10*time.Minute {
		t.Errorf("ExpiringWithin = %v", got)
	}
	var saved []integrations.Grant
	save := func(_ context.Context, g integrations.Grant) error { saved = append(saved, g); return nil }
	c, err := in.NewClient(context.Background(), g, env, save)
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(15 * time.Minute) // the access token (599 s) is due: refreshed, saved
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || !saved[0].Expiry.Equal(clk.Now().Add(20*time.Minute)) {
		t.Fatalf("saved %d grants, expiry %v", len(saved), saved)
	}
	clk.Add(21 * time.Minute)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after the refresh token's end: %v", err)
	}
}

// The mobileTAN login: the TAN is asked as a code, and a wrong one can be
// entered again.
func TestMobileTAN(t *testing.T) {
	in := comdirect.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	l, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: fake.Values(fake.MTANUser)})
	cs, ok := st.(*integrations.CodeStep)
	if err != nil || !ok || cs.Destination != "SMS to +49-160-99XXXX" {
		t.Fatalf("first step %T %+v, %v", st, st, err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{cs.Field.Name: "111111"}})
	if !errors.Is(err, integrations.ErrInvalidMFACode) || st != cs {
		t.Fatalf("a wrong TAN: %T %v", st, err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{cs.Field.Name: fake.TAN}})
	if _, ok := st.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("the right TAN: %T %v", st, err)
	}
}

// cashClient logs user in and returns a client whose requests are
// recorded, its env's clock and the depot's id.
func cashClient(t *testing.T, user string, rewrite func(*http.Request)) (integrations.Client, *brokertest.Sent, *fake.Server, string) {
	t.Helper()
	in, env, _, g, srv := loginTo(t, user)
	if rewrite != nil {
		brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper {
			return roundTrip(func(r *http.Request) (*http.Response, error) { rewrite(r); return next.RoundTrip(r) })
		})
	}
	sent := brokertest.RecordSent(&env)
	c, err := in.NewClient(t.Context(), g, env, func(context.Context, integrations.Grant) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 1 {
		t.Fatalf("accounts %+v, %v", accts, err)
	}
	return c, sent, srv, accts[0].ID
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

const cashPath = "/api/banking/v1/accounts/"

// The settlement account is read page by page (transactionState=BOOKED,
// paging-count, paging-first counting the rows read, min-bookingDate far
// back when since is zero) until paging.matches; its trades' cash legs are
// left to the depot, whose BUY and SELL carry the trade: the depot's
// transactions and the account's other booked rows are all there, each
// once, and no SECURITIES row.
func TestSettlementAccountPages(t *testing.T) {
	c, sent, srv, depot := cashClient(t, fake.PushUser, nil)
	acts, err := c.Activities(t.Context(), depot, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var reads []url.Values
	for _, r := range sent.Requests() {
		if strings.HasPrefix(r.URL.Path, cashPath) {
			reads = append(reads, r.URL.Query())
		}
	}
	if len(reads) < 3 {
		t.Fatalf("%d reads of the settlement account; the fake pages by 20", len(reads))
	}
	for i, q := range reads {
		if q.Get("transactionState") != "BOOKED" || q.Get("paging-count") != "100" || q.Get("min-bookingDate") != "2000-01-01" ||
			q.Get("paging-first") != strconv.Itoa(20*i) {
			t.Errorf("read %d: %v", i, q)
		}
	}
	byType := map[integrations.ActivityType]int{}
	seen := map[string]bool{}
	depotRows := 0
	for _, a := range acts {
		if seen[a.ID] {
			t.Errorf("%s twice", a.ID)
		}
		seen[a.ID] = true
		byType[a.Type]++
		if strings.HasPrefix(a.ID, "TXA1") {
			depotRows++
		}
		if a.RawType == "SECURITIES" {
			t.Errorf("a trade's cash leg counted again: %+v", a)
		}
	}
	if byType[integrations.ActivityBuy] == 0 || byType[integrations.ActivitySell] == 0 {
		t.Fatalf("types %v", byType)
	}
	// Each of the fake's buys and sells has its cash leg on the account
	// (fake/cash.go); the fake counts the rows to expect without them.
	if want := srv.Count(brokertest.ListActivities, depot); len(acts) != want {
		t.Errorf("%d activities; the fake serves %d besides the trades' cash legs", len(acts), want)
	}
	for _, typ := range []integrations.ActivityType{integrations.ActivityContribution, integrations.ActivityWithdrawal,
		integrations.ActivityDividend, integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTax} {
		if byType[typ] == 0 {
			t.Errorf("no %s (all: %v)", typ, byType)
		}
	}
	if depotRows == len(acts) {
		t.Error("no settlement-account row")
	}
	for i := 1; i < len(acts); i++ {
		if acts[i].TradeDate > acts[i-1].TradeDate {
			t.Fatalf("not newest first at %d: %s after %s", i, acts[i].TradeDate, acts[i-1].TradeDate)
		}
	}
}

// A read from since asks min-bookingDate=since; where comdirect would not
// heed it, the rows coming newest first, the page that reaches before
// since is the last one read, and what is older is dropped.
func TestSettlementAccountSince(t *testing.T) {
	since := fakekit.T0.AddDate(0, -2, 0)
	for _, heeded := range []bool{true, false} {
		var drop func(*http.Request)
		if !heeded {
			drop = func(r *http.Request) {
				if strings.HasPrefix(r.URL.Path, cashPath) {
					q := r.URL.Query()
					q.Del("min-bookingDate")
					r.URL.RawQuery = q.Encode()
				}
			}
		}
		c, sent, _, depot := cashClient(t, fake.PushUser, drop)
		acts, err := c.Activities(t.Context(), depot, since)
		if err != nil {
			t.Fatal(err)
		}
		cash := 0
		for _, a := range acts {
			if a.TradeDate < integrations.DateOf(since) {
				t.Errorf("heeded %v: %+v is before since", heeded, a)
			}
			if !strings.HasPrefix(a.ID, "TX") {
				cash++
			}
		}
		if cash < 3 {
			t.Errorf("heeded %v: %d settlement rows from since", heeded, cash)
		}
		if n := sent.Count(cashPath); n != 1 {
			t.Errorf("heeded %v: %d reads of the settlement account; want 1 (fewer than 20 rows since, or a page reaching before since)", heeded, n)
		}
		for _, r := range sent.Requests() {
			if strings.HasPrefix(r.URL.Path, cashPath) && r.URL.Query().Get("min-bookingDate") != since.Format(time.DateOnly) {
				t.Errorf("asked %s", r.URL.RawQuery)
			}
		}
	}
}

// A settlement account without transactions answers 404 ("No transactions
// found"): the depot's transactions are all there is, no error.
func TestSettlementAccountEmpty(t *testing.T) {
	c, sent, _, depot := cashClient(t, fake.MTANUser, nil)
	acts, err := c.Activities(t.Context(), depot, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Count(cashPath) != 1 || sent.Count(" 404") != 1 || len(acts) == 0 {
		t.Fatalf("%d activities, %d reads, %d answered 404", len(acts), sent.Count(cashPath), sent.Count(" 404"))
	}
	for _, a := range acts {
		if !strings.HasPrefix(a.ID, "TXB2") {
			t.Errorf("%+v", a)
		}
	}
}
