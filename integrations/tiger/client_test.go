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
