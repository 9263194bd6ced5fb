package tiger_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tiger"
	"github.com/latchkey/latchkey/integrations/tiger/fake"
)

// connect logs in to a variant against a fresh fake.
func connect(t *testing.T, variant int, values func(*fake.Server) map[string]string) (integrations.Integration, integrations.Env, *fake.Server, func(time.Duration), *integrations.DoneStep) {
	t.Helper()
	in := tiger.New()[variant]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: values(srv)})
	if err != nil {
		t.Fatal(err)
	}
	return in, env, srv, clk.Add, done
}

func token(t *testing.T, g integrations.Grant) string {
	t.Helper()
	var s struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(g.Secret, &s); err != nil {
		t.Fatal(err)
	}
	return s.Token
}

// TestKeyNeverExpires: a TBSG key has no expiry and nothing to refresh.
func TestKeyNeverExpires(t *testing.T) {
	in, env, _, advance, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	if !done.Grant.Expiry.IsZero() || len(done.Accounts) != 2 {
		t.Fatalf("expiry %s, %d accounts", done.Grant.Expiry, len(done.Accounts))
	}
	if done.Accounts[0].Currency != "USD" || done.Accounts[1].Currency != "SGD" {
		t.Errorf("base currencies %s %s", done.Accounts[0].Currency, done.Accounts[1].Currency)
	}
	var sv brokertest.Saves
	c, _ := in.NewClient(t.Context(), done.Grant, env, sv.Save)
	advance(400 * 24 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, n := sv.Last(); n != 0 {
		t.Errorf("%d saves of a key that never changes", n)
	}
}

// TestHKTokenRenewedDaily: a TBHK grant ends with its token, 15 days after
// it was made; a day on, the client renews it (user_token_refresh), saves
// the grant with the new end before using it; a token left to expire asks
// for a repair without calling.
func TestHKTokenRenewedDaily(t *testing.T) {
	in, env, srv, advance, done := connect(t, 1, func(s *fake.Server) map[string]string {
		return fake.Keys(fake.HKTigerID, fake.DemoPrivateKey, s.NewToken())
	})
	start := srv.Now()
	if want := start.Add(fake.TokenLife); done.Grant.Expiry.Sub(want).Abs() > time.Second {
		t.Fatalf("expiry %s, want the token's end %s", done.Grant.Expiry, want)
	}
	var sv brokertest.Saves
	c, _ := in.NewClient(t.Context(), done.Grant, env, sv.Save)
	if _, err := c.Accounts(t.Context()); err != nil || srv.Calls("user_token_refresh") != 0 {
		t.Fatalf("a fresh token is used as it is: %v, %d renewals", err, srv.Calls("user_token_refresh"))
	}
	advance(25 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	g, n := sv.Last()
	if n != 1 || srv.Calls("user_token_refresh") != 1 || token(t, g) == token(t, done.Grant) {
		t.Fatalf("%d saves, %d renewals: the token is renewed a day on and saved", n, srv.Calls("user_token_refresh"))
	}
	if want := srv.Now().Add(fake.TokenLife); g.Expiry.Sub(want).Abs() > time.Second {
		t.Errorf("renewed expiry %s, want %s", g.Expiry, want)
	}
	// A client left with the first token past its 15 days.
	old, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	advance(15 * 24 * time.Hour)
	before := srv.Calls("user_token_refresh")
	if _, err := old.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("expired token: %v", err)
	}
	if srv.Calls("user_token_refresh") != before {
		t.Error("an expired token was sent to be renewed")
	}
}

// TestHKExpiredTokenRefusedAtLogin: a token past its end keeps the form.
func TestHKExpiredTokenRefusedAtLogin(t *testing.T) {
	in := tiger.New()[1]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	tok := srv.NewToken()
	clk.Add(16 * 24 * time.Hour)
	lg, _ := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.HKTigerID, fake.DemoPrivateKey, tok)})
	defer lg.Close()
	if _, err := lg.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("expired token: %v", err)
	}
}

// TestPositionsPerSecurityType: one positions call per security type.
func TestPositionsPerSecurityType(t *testing.T) {
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	pos, err := c.Positions(t.Context(), done.Accounts[0].ID)
	if err != nil || len(pos) != srv.Count(brokertest.ListPositions, done.Accounts[0].ID) {
		t.Fatalf("positions: %v %d", err, len(pos))
	}
	if srv.Calls("positions") != 3 {
		t.Errorf("%d positions calls, want one each for STK, OPT and FUT", srv.Calls("positions"))
	}
}

// TestTransactionsPaged: with a small page every fill arrives once,
// through page_token.
func TestTransactionsPaged(t *testing.T) {
	defer tiger.SetPageLimit(7)()
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	id := done.Accounts[0].ID
	acts, err := c.Activities(t.Context(), id, time.Time{})
	if err != nil || len(acts) != srv.Count(brokertest.ListActivities, id) {
		t.Fatalf("activities: %v %d of %d", err, len(acts), srv.Count(brokertest.ListActivities, id))
	}
	if srv.Calls("order_transactions") <= 5 {
		t.Errorf("%d calls: the pages were not followed", srv.Calls("order_transactions"))
	}
}

// TestRateLimited: past the per-method minute Tiger answers 429 code 5;
// the client waits the rolling minute.
func TestRateLimited(t *testing.T) {
	in := tiger.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{RateLimit: 3})
	lg, _ := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")})
	defer lg.Close()
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	done := step.(*integrations.DoneStep)
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	// The login made 2 prime_assets calls; the client's second is the
	// fourth in the minute.
	_, err = c.Accounts(t.Context())
	brokertest.WantWait(t, "the fourth prime_assets call in a minute", err, time.Minute)
}

// history reads the first TBSG account's activities since since.
func history(t *testing.T, since func(now time.Time) time.Time) ([]integrations.Activity, *fake.Server, string) {
	t.Helper()
	in, env, srv, _, done := connect(t, 0, func(*fake.Server) map[string]string {
		return fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")
	})
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	id := done.Accounts[0].ID
	acts, err := c.Activities(t.Context(), id, since(srv.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return acts, srv, id
}

// TestCashFlows: deposits and withdrawals come from transfer_fund (the one
// still processing left out), dividends, taxes, fees, interest and awards
// from fund_details; the fills fund_details also lists (TRADE), the
// deposits it lists again (DEPOSIT_WITHDRAW) and moves between the
// account's segments are not read, so nothing is counted twice.
func TestCashFlows(t *testing.T) {
	acts, srv, id := history(t, func(time.Time) time.Time { return time.Time{} })
	if len(acts) != srv.Count(brokertest.ListActivities, id) {
		t.Fatalf("%d activities, the fake serves %d", len(acts), srv.Count(brokertest.ListActivities, id))
	}
	byType := map[integrations.ActivityType][]integrations.Activity{}
	for _, a := range acts {
		byType[a.Type] = append(byType[a.Type], a)
		switch a.RawType {
		case "Stock Trade", "Internal Funds Transfer Out", "Internal Funds Transfer In":
			t.Errorf("%s read from fund_details", a.RawType)
		}
	}
	for typ, n := range map[integrations.ActivityType]int{integrations.ActivityContribution: 2, integrations.ActivityWithdrawal: 1,
		integrations.ActivityDividend: 3, integrations.ActivityTax: 3, integrations.ActivityInterest: 1, integrations.ActivityFee: 4,
		integrations.ActivityOther: 1} {
		if len(byType[typ]) != n {
			t.Errorf("%d %s, want %d: %+v", len(byType[typ]), typ, n, byType[typ])
		}
	}
	dep := byType[integrations.ActivityContribution][0]
	if !dep.Amount.Equal(brokertest.Dec("300000")) || dep.Currency != "USD" || byType[integrations.ActivityWithdrawal][0].Amount.String() != "-1200" {
		t.Errorf("deposit %+v, withdrawal %+v", dep, byType[integrations.ActivityWithdrawal][0])
	}
	if srv.Calls("transfer_fund") != 1 {
		t.Errorf("%d transfer_fund calls, want one", srv.Calls("transfer_fund"))
	}
}

// TestFundDetailsWindows: fund_details is asked kind by kind (never ALL,
// TRADE, DEPOSIT_WITHDRAW), in windows of at most 90 days that follow each
// other from since's day (a year back at most) to today.
func TestFundDetailsWindows(t *testing.T) {
	for _, tc := range []struct {
		name    string
		since   func(now time.Time) time.Time
		first   func(now time.Time) time.Time
		windows int
	}{
		{"no since", func(time.Time) time.Time { return time.Time{} },
			func(now time.Time) time.Time { return now.UTC().Add(-365 * 24 * time.Hour).Truncate(24 * time.Hour) }, 5},
		{"older than a year", func(now time.Time) time.Time { return now.AddDate(-3, 0, 0) },
			func(now time.Time) time.Time { return now.UTC().Add(-365 * 24 * time.Hour).Truncate(24 * time.Hour) }, 5},
		{"45 days", func(now time.Time) time.Time { return now.Add(-45 * 24 * time.Hour) },
			func(now time.Time) time.Time { return now.UTC().Add(-45 * 24 * time.Hour).Truncate(24 * time.Hour) }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts, srv, _ := history(t, tc.since)
			from := tc.first(srv.Now()).Format(time.DateOnly)
			for _, a := range acts {
				if string(a.TradeDate) < from {
					t.Errorf("%s %s before %s", a.TradeDate, a.RawType, from)
				}
			}
			today := srv.Now().UTC().Format(time.DateOnly)
			next := map[string]string{}
			count := map[string]int{}
			for _, r := range srv.Requests("fund_details") {
				kind, _ := r["fund_type"].(string)
				start, _ := r["start_date"].(string)
				end, _ := r["end_date"].(string)
				if off, _ := r["start"].(float64); off != 0 {
					continue // a later page of the same window
				}
				count[kind]++
				want := next[kind]
				if want == "" {
					want = from
				}
				s, _ := time.Parse(time.DateOnly, start)
				e, _ := time.Parse(time.DateOnly, end)
				if start != want || e.Before(s) || e.Sub(s) > 89*24*time.Hour || end > today {
					t.Errorf("%s window %s..%s, want one from %s of at most 90 days", kind, start, end, want)
				}
				next[kind] = e.AddDate(0, 0, 1).Format(time.DateOnly)
				segs, _ := r["seg_types"].([]any)
				if len(segs) != 2 || r["lang"] != "en_US" {
					t.Errorf("seg_types %v, lang %v", r["seg_types"], r["lang"])
				}
			}
			if len(count) != 4 {
				t.Errorf("kinds asked: %v", count)
			}
			for kind, n := range count {
				switch kind {
				case "FEE", "CORPORATE_ACTION", "ACTIVITY_AWARD", "OTHER":
				default:
					t.Errorf("fund_type %q asked", kind)
				}
				if n != tc.windows || next[kind] <= today {
					t.Errorf("%s: %d windows ending before %s, want %d to today", kind, n, next[kind], tc.windows)
				}
			}
		})
	}
}

// TestFundDetailsPaged: with a small page every entry arrives once, by
// start offsets.
func TestFundDetailsPaged(t *testing.T) {
	defer tiger.SetPageLimit(1)()
	acts, srv, id := history(t, func(time.Time) time.Time { return time.Time{} })
	if len(acts) != srv.Count(brokertest.ListActivities, id) {
		t.Fatalf("%d activities, the fake serves %d", len(acts), srv.Count(brokertest.ListActivities, id))
	}
	pages := 0
	for _, r := range srv.Requests("fund_details") {
		if r["limit"] != float64(1) {
			t.Fatalf("limit %v", r["limit"])
		}
		if off, _ := r["start"].(float64); off > 0 {
			pages++
		}
	}
	if pages == 0 {
		t.Error("no page past the first was read")
	}
}

// TestWalkResumesAfterRateLimit: past a method's minute the walk stops with
// a rate limit; resumed from the last cursor it reads on and ends with
// every activity once, the steps already read not asked again.
func TestWalkResumesAfterRateLimit(t *testing.T) {
	in := tiger.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{RateLimit: 3})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.TigerID, fake.DemoPrivateKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	w := c.(integrations.HistoryWalker)
	id := done.Accounts[0].ID
	seen := map[string]int{}
	cursor, walks := "", 0
	for {
		walks++
		err := w.WalkActivities(t.Context(), id, time.Time{}, cursor, func(acts []integrations.Activity, next string) error {
			for _, a := range acts {
				seen[a.ID]++
			}
			cursor = next
			return nil
		})
		if err == nil {
			break
		}
		if _, limited := integrations.RetryAfter(err); !limited || walks > 50 {
			t.Fatalf("walk %d: %v", walks, err)
		}
		clk.Add(61 * time.Second)
	}
	if walks < 3 || cursor != "" {
		t.Errorf("%d walks, cursor %q: the rate limit was never met", walks, cursor)
	}
	if len(seen) != srv.Count(brokertest.ListActivities, id) {
		t.Errorf("%d activities, the fake serves %d", len(seen), srv.Count(brokertest.ListActivities, id))
	}
	for a, n := range seen {
		if n != 1 {
			t.Errorf("%s read %d times", a, n)
		}
	}
	if srv.Calls("transfer_fund") != 1 {
		t.Errorf("transfer_fund asked %d times", srv.Calls("transfer_fund"))
	}
}
