package coinbase_test

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase"
	"github.com/latchkey/latchkey/integrations/coinbase/fake"
)

// login plays an OAuth login, approving on the consent page.
func login(t *testing.T, in integrations.Integration, env integrations.Env) *integrations.DoneStep {
	t.Helper()
	done, err := brokertest.PlayLogin(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}, nil, brokertest.Press("approve", nil))
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func TestLoginNeedsApp(t *testing.T) {
	in, env, _ := newRig(t, fake.Options{})
	env.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, coinbase.ErrNoApp) {
		t.Fatalf("StartLogin without an app: %v", err)
	}
	env.App = &integrations.AppRegistration{ClientID: "x"}
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, coinbase.ErrNoApp) {
		t.Fatalf("StartLogin without a client secret: %v", err)
	}
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("StartLogin with an API key: %v", err)
	}
}

// The authorize URL carries what Coinbase documents: the comma-separated
// scopes with offline_access, PKCE S256, a state of 8+ characters, and the
// exact registered redirect URI.
func TestAuthorizeURL(t *testing.T) {
	in, env, f := newRig(t, fake.Options{})
	_, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(step.(*integrations.BrowserStep).URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got := u.Scheme + "://" + u.Host + u.Path; got != f.URL()+"/oauth2/auth" {
		t.Errorf("authorize endpoint %s", got)
	}
	want := map[string]string{
		"response_type": "code", "client_id": "latchkey-test-client", "scope": coinbase.Scopes,
		"code_challenge_method": "S256",
		"redirect_uri":          "http://127.0.0.1:" + strconv.Itoa(env.App.RedirectPort) + "/callback",
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	if len(q.Get("state")) < 8 || len(q.Get("code_challenge")) < 43 {
		t.Errorf("state %q, challenge %q", q.Get("state"), q.Get("code_challenge"))
	}
	if m, _ := in.Institution().Method(integrations.AuthOAuth2); m.FixedRedirectPort != coinbase.DefaultRedirectPort ||
		!strings.Contains(m.AppHelp, "http://127.0.0.1:8710/callback") {
		t.Errorf("method %+v", m)
	}
}

// A refused client secret hands the browser step back with
// ErrInvalidCredentials, so the user can fix Settings and try again.
func TestBadClientSecret(t *testing.T) {
	in, env, _ := newRig(t, fake.Options{})
	env.App.ClientSecret = fake.BadClientSecret
	ctx := t.Context()
	lg, err := in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	step, _ := lg.Next(ctx, integrations.Answer{})
	if _, err := brokertest.SubmitForm(ctx, step.(*integrations.BrowserStep).URL, map[string]string{"decision": "approve"}); err != nil {
		t.Fatal(err)
	}
	step, err = lg.Next(ctx, integrations.Answer{})
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("got %v", err)
	}
	if _, ok := step.(*integrations.BrowserStep); !ok {
		t.Errorf("got a %T, want the BrowserStep again", step)
	}
}

// Refresh tokens are single-use: after a rotation the old grant's refresh
// token is refused, and the saved grant carries the new pair.
func TestRefreshTokenRotation(t *testing.T) {
	in, env, f := newRig(t, fake.Options{})
	done := login(t, in, env)
	if want := t0.AddDate(0, 18, 0); !done.Grant.Expiry.Equal(want) {
		t.Errorf("grant expiry %s, want %s (1.5 years)", done.Grant.Expiry, want)
	}
	sv := &brokertest.Saves{}
	c, err := in.NewClient(t.Context(), done.Grant, env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	f.ExpireAccessTokens()
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("Accounts after expiry: %v", err)
	}
	saved, n := sv.Last()
	if n != 1 || saved.Fingerprint != done.Grant.Fingerprint {
		t.Fatalf("saved %d grants", n)
	}
	// The login's own grant holds the spent refresh token.
	old, err := in.NewClient(t.Context(), done.Grant, env, (&brokertest.Saves{}).Save)
	if err != nil {
		t.Fatal(err)
	}
	f.ExpireAccessTokens()
	if _, err := old.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("the spent refresh token: got %v, want ErrReauthRequired", err)
	}
	// The saved one still works, and rotates again.
	again, err := in.NewClient(t.Context(), saved, env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := again.Accounts(t.Context()); err != nil {
		t.Errorf("the saved grant: %v", err)
	}
	if _, n := sv.Last(); n != 2 {
		t.Errorf("saved %d grants, want 2", n)
	}
}

// Without the app registration an expired access token cannot be refreshed.
func TestExpiredWithoutApp(t *testing.T) {
	in, env, f := newRig(t, fake.Options{})
	done := login(t, in, env)
	env.App = nil
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("a valid access token: %v", err)
	}
	f.ExpireAccessTokens()
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("got %v", err)
	}
}

func ids(acts []integrations.Activity) []string {
	out := make([]string, 0, len(acts))
	for _, a := range acts {
		out = append(out, a.ID)
	}
	sort.Strings(out)
	return out
}

// With pages of three the client follows next_uri through every list and
// reads exactly what one-hundred pages give.
func TestSmallPages(t *testing.T) {
	read := func(limit int) ([]integrations.Position, []integrations.Activity) {
		in, env, _ := newRig(t, fake.Options{PageLimit: limit})
		done := login(t, in, env)
		c, err := in.NewClient(t.Context(), done.Grant, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := done.Accounts[0].ID
		pos, err := c.Positions(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := c.Activities(t.Context(), id, t0.AddDate(-5, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return pos, acts
	}
	pos3, acts3 := read(3)
	pos100, acts100 := read(0)
	if len(pos3) != len(pos100) || len(pos3) != 6 {
		t.Errorf("positions: %d with pages of 3, %d with 100", len(pos3), len(pos100))
	}
	if strings.Join(ids(acts3), ",") != strings.Join(ids(acts100), ",") {
		t.Errorf("activities differ: %d with pages of 3, %d with 100", len(acts3), len(acts100))
	}
}

// counter counts the requests a client sends.
type counter struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// Since stops the newest-first pages early: a recent since reads far fewer
// pages than the whole history.
func TestSinceStopsPaging(t *testing.T) {
	in, env, _ := newRig(t, fake.Options{PageLimit: 5})
	done := login(t, in, env)
	cnt := &counter{}
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { cnt.next = next; return cnt })
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	read := func(since time.Time) ([]integrations.Activity, int64) {
		n0 := cnt.n.Load()
		acts, err := c.Activities(t.Context(), done.Accounts[0].ID, since)
		if err != nil {
			t.Fatal(err)
		}
		return acts, cnt.n.Load() - n0
	}
	since := t0.AddDate(0, 0, -20)
	recent, few := read(since)
	all, many := read(t0.AddDate(-5, 0, 0))
	if len(recent) == 0 || len(recent) >= len(all) {
		t.Fatalf("%d recent activities of %d", len(recent), len(all))
	}
	for _, a := range recent {
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("activity %s of %s is before %s", a.ID, a.TradeDate, integrations.DateOf(since))
		}
	}
	if few*3 > many {
		t.Errorf("the last 20 days took %d requests, the whole history %d: paging did not stop early", few, many)
	}
}

func TestEndpointsFile(t *testing.T) {
	_, _, f := newRig(t, fake.Options{})
	eps := f.Endpoints()[coinbase.ID]
	inst := coinbase.New()[0].Institution()
	for _, e := range inst.Endpoints {
		if eps[e.Name] != f.URL() {
			t.Errorf("endpoint %s: %q", e.Name, eps[e.Name])
		}
	}
	if inst.Endpoint("api") != coinbase.DefaultAPIURL || inst.Endpoint("auth") != coinbase.DefaultAuthURL {
		t.Errorf("default endpoints %+v", inst.Endpoints)
	}
}

// TestPricesPartial: when a spot-price call fails, Balances (whose native
// total needs the prices) fails with ErrPartial and Positions keeps every
// coin's units with its price unknown; a pair Coinbase does not price is
// PriceUnknown without an error (TestUnpricedPair).
func TestPricesPartial(t *testing.T) {
	in, env, f := newRig(t, fake.Options{})
	done := login(t, in, env)
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := done.Accounts[0].ID
	f.InjectPath("/spot", brokertest.ServerError, 1<<20)
	if bal, err := c.Balances(t.Context(), id); !errors.Is(err, integrations.ErrPartial) || bal != nil {
		t.Errorf("Balances: %v %v", bal, err)
	}
	pos, err := c.Positions(t.Context(), id)
	if !errors.Is(err, integrations.ErrPartial) || len(pos) != 6 {
		t.Fatalf("Positions: %d %v", len(pos), err)
	}
	for _, p := range pos {
		if !p.PriceUnknown || p.Units.IsZero() {
			t.Errorf("%+v", p)
		}
	}
	f.InjectPath("/spot", brokertest.ServerError, 0)
	if pos, err = c.Positions(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	for _, p := range pos {
		if p.PriceUnknown {
			t.Errorf("priced position %s unknown", p.Symbol.Ticker)
		}
	}
}
