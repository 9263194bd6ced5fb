package ibkr_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/ibkr"
	"github.com/latchkey/latchkey/integrations/ibkr/fake"
)

func variant(t testing.TB, id string) integrations.Integration {
	t.Helper()
	return brokertest.Variant(t, ibkr.New(), id)
}

// rig is a fake, an Env that records, and the clock.
type rig struct {
	in  integrations.Integration
	env integrations.Env
	srv *fake.Server
	clk *fakekit.Clock
	rec *brokertest.Sent
}

func newRig(t *testing.T, id string, opts fake.Options) *rig {
	in := variant(t, id)
	env, srv, clk := fake.Start(t, in, opts)
	rec := brokertest.RecordSent(&env)
	return &rig{in: in, env: env, srv: srv, clk: clk, rec: rec}
}

func (r *rig) login(t *testing.T, values map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	_, step, err := brokertest.FirstStep(t, r.in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Values: values, Env: r.env})
	if err != nil {
		return nil, err
	}
	done, ok := step.(*integrations.DoneStep)
	if !ok {
		t.Fatalf("login ended at %T", step)
	}
	return done, nil
}

func (r *rig) client(t *testing.T, g integrations.Grant, sv *brokertest.Saves) integrations.Client {
	t.Helper()
	save := integrations.SaveFunc(nil)
	if sv != nil {
		save = sv.Save
	}
	c, err := r.in.NewClient(t.Context(), g, r.env, save)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (r *rig) connect(t *testing.T, sv *brokertest.Saves) (integrations.Client, []integrations.Account, integrations.Grant) {
	t.Helper()
	done, err := r.login(t, fake.Values(r.in.Institution().ID))
	if err != nil {
		t.Fatal(err)
	}
	c := r.client(t, done.Grant, sv)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c, accts, done.Grant
}

func TestGrantKeepsNoEncryptionKeyAndNoExpiry(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	done, err := r.login(t, fake.Values(ibkr.ID))
	if err != nil {
		t.Fatal(err)
	}
	g := done.Grant
	if !g.Expiry.IsZero() {
		t.Errorf("the access token has no documented end; Expiry %v", g.Expiry)
	}
	s := string(g.Secret)
	for _, no := range []string{"ENCRYPTION", fake.LiveAccessTokenSecret, strings.Split(fake.LiveEncryptionKey, "\n")[1]} {
		if strings.Contains(s, no) {
			t.Errorf("the grant keeps %.20q", no)
		}
	}
	if !strings.Contains(s, `"lst":`) {
		t.Error("the login's live session token is not saved with the grant")
	}
	if done.LoginHint != "L•••Y" || len(done.Accounts) != 2 {
		t.Errorf("hint %q, %d accounts", done.LoginHint, len(done.Accounts))
	}
	if r.srv.Issued() != 1 {
		t.Errorf("the login made %d live session tokens", r.srv.Issued())
	}
	// A client from the grant uses the saved token: no new exchange.
	if _, err := r.client(t, g, nil).Accounts(t.Context()); err != nil || r.srv.Issued() != 1 {
		t.Errorf("accounts %v; tokens made %d", err, r.srv.Issued())
	}
}

// The live session token is made again when it is due (a day on), saved
// before it signs anything.
func TestLiveSessionTokenRenewedWhenDue(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{LSTLife: 24 * time.Hour})
	sv := &brokertest.Saves{}
	c, _, _ := r.connect(t, sv)
	r.clk.Add(24 * time.Hour)
	n0 := r.rec.Count(" 401")
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	saved, n := sv.Last()
	if n != 1 || r.srv.Issued() != 2 {
		t.Fatalf("saved %d grants, %d tokens made", n, r.srv.Issued())
	}
	if r.rec.Count(" 401") != n0 {
		t.Error("a due token was used and refused before it was renewed")
	}
	if _, err := r.client(t, saved, nil).Accounts(t.Context()); err != nil {
		t.Errorf("the saved grant: %v", err)
	}
}

// After a new live session token, the new session lists the accounts before
// any other /portfolio call, as IBKR asks (the fake refuses otherwise).
func TestNewSessionListsAccountsFirst(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	c, accts, _ := r.connect(t, &brokertest.Saves{})
	r.srv.ExpireAccessTokens()
	bal, err := c.Balances(t.Context(), accts[0].ID)
	if err != nil || len(bal) != 2 {
		t.Fatalf("balances %v, %v", bal, err)
	}
	if n := r.rec.Count("/portfolio/accounts 200"); n != 3 { // login, Accounts, the new session
		t.Errorf("/portfolio/accounts answered %d times", n)
	}
	if r.rec.Count(" 400") != 0 {
		t.Error("a /portfolio call went before the session listed its accounts")
	}
}

func TestPositionsEveryPage(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{PageSize: 30})
	c, accts, _ := r.connect(t, nil)
	pos, err := c.Positions(t.Context(), accts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := r.srv.Portfolio(fake.LiveAccount).OpenPositions(); len(pos) != want {
		t.Errorf("%d positions, want %d", len(pos), want)
	}
	if n := r.rec.Count("/positions/"); n != 2 {
		t.Errorf("%d pages read for 35 rows at 30 a page", n)
	}
	r2 := newRig(t, ibkr.ID, fake.Options{}) // 100 a page: one page, and no empty one after it
	c2, accts2, _ := r2.connect(t, nil)
	if _, err := c2.Positions(t.Context(), accts2[0].ID); err != nil || r2.rec.Count("/positions/") != 1 {
		t.Errorf("%d pages, %v", r2.rec.Count("/positions/"), err)
	}
}

// Executions carry their contract's currency: SAP trades in EUR in a USD
// account.
func TestActivitiesCurrencyFromContract(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	c, accts, _ := r.connect(t, nil)
	acts, err := c.Activities(t.Context(), accts[0].ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	cur := map[string]string{}
	for _, a := range acts {
		cur[a.Symbol] = a.Currency
	}
	if cur["SAP"] != "EUR" || cur["AAPL"] != "USD" || len(acts) != 8 {
		t.Errorf("%d activities, currencies %v", len(acts), cur)
	}
	if r.rec.Count("/iserver/auth/ssodh/init") != 1 || r.rec.Count("/iserver/accounts") != 1 {
		t.Error("the brokerage session is opened once per session")
	}
	if _, err := c.Activities(t.Context(), accts[1].ID, time.Time{}); err != nil || r.rec.Count("/iserver/auth/ssodh/init") != 1 {
		t.Errorf("second account: %v; ssodh/init %d times", err, r.rec.Count("/iserver/auth/ssodh/init"))
	}
}

// A brokerage session held by TWS or the mobile app: Latchkey does not take
// it over; trades wait, positions and cash still read.
func TestCompetingBrokerageSession(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{Competing: true})
	c, accts, _ := r.connect(t, nil)
	_, err := c.Activities(t.Context(), accts[0].ID, time.Time{})
	if !errors.Is(err, integrations.ErrUnavailable) || !strings.Contains(err.Error(), "another Interactive Brokers session") {
		t.Errorf("activities: %v", err)
	}
	if !integrations.Transient(err) {
		t.Error("a competing session is transient")
	}
	if _, err := c.Positions(t.Context(), accts[0].ID); err != nil {
		t.Errorf("positions: %v", err)
	}
	if _, err := c.Balances(t.Context(), accts[0].ID); err != nil {
		t.Errorf("balances: %v", err)
	}
}

// If IBKR checks signatures without the query in the base string (as ibind
// signs), the trades request is refused once, signed again without it, and
// the client keeps signing that way.
func TestQuerylessSignatureFallback(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{QuerylessSignatures: true})
	c, accts, _ := r.connect(t, nil)
	for range 2 {
		if _, err := c.Activities(t.Context(), accts[0].ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.rec.Count("/iserver/account/trades 401"); n != 1 {
		t.Errorf("the trades request was refused %d times", n)
	}
	if r.srv.Issued() != 1 {
		t.Error("a signature refused for its query made a new live session token")
	}
	// Signed as IBKR's guide says, the fake checking the guide's way: no refusal.
	r2 := newRig(t, ibkr.ID, fake.Options{})
	c2, accts2, _ := r2.connect(t, nil)
	if _, err := c2.Activities(t.Context(), accts2[0].ID, time.Time{}); err != nil || r2.rec.Count(" 401") != 0 {
		t.Errorf("%v; %d refusals", err, r2.rec.Count(" 401"))
	}
}

// The per-endpoint limits (one request in five seconds): a 429 without
// Retry-After waits five seconds; nothing is retried in a loop.
func TestPacedEndpoint(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{Pacing: true})
	done, err := r.login(t, fake.Values(ibkr.ID))
	if err != nil {
		t.Fatal(err)
	}
	c := r.client(t, done.Grant, nil)
	_, err = c.Accounts(t.Context())
	d, ok := integrations.RetryAfter(err)
	if !ok || d != 5*time.Second {
		t.Fatalf("a second /portfolio/accounts within 5 s: %v (retry after %s)", err, d)
	}
	if n := r.rec.Count("/portfolio/accounts 429"); n != 1 {
		t.Errorf("the paced request was sent %d times", n)
	}
	r.clk.Add(5 * time.Second)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Errorf("after 5 s: %v", err)
	}
}

// 410 Gone asks for a new live session token: one is made and the request
// sent again; a second 410 is an outage, not a dead grant.
func TestGoneMakesANewToken(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	sv := &brokertest.Saves{}
	c, _, _ := r.connect(t, sv)
	gone := brokertest.Reply{Status: http.StatusGone, Body: `{"error":"gone","statusCode":410}`}
	r.srv.InjectReply(gone, 1)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("after one 410: %v", err)
	}
	if _, n := sv.Last(); r.srv.Issued() != 2 || n != 1 {
		t.Errorf("%d tokens, %d saves", r.srv.Issued(), n)
	}
	r.srv.InjectReply(gone, 5)
	_, err := c.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrUnavailable) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("after two 410s: %v", err)
	}
}

// A brokerage session lost on IBKR's side ("no bridge") is opened again
// once.
func TestNoBridgeReopens(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	c, accts, _ := r.connect(t, nil)
	if _, err := c.Activities(t.Context(), accts[0].ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	r.srv.InjectReply(brokertest.Reply{Status: http.StatusBadRequest, Body: `{"error":"Bad Request: no bridge","statusCode":400}`}, 1)
	if _, err := c.Activities(t.Context(), accts[0].ID, time.Time{}); err != nil {
		t.Fatalf("after no bridge: %v", err)
	}
	if n := r.rec.Count("/iserver/auth/ssodh/init"); n != 2 {
		t.Errorf("ssodh/init sent %d times", n)
	}
}

// Since reaches back as far as the trades endpoint allows, in days.
func TestActivitiesSinceSetsDays(t *testing.T) {
	r := newRig(t, ibkr.PaperID, fake.Options{})
	c, accts, _ := r.connect(t, nil)
	since := fakekit.T0.AddDate(0, 0, -2).Truncate(24 * time.Hour)
	acts, err := c.Activities(t.Context(), accts[0].ID, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 {
		t.Errorf("%d activities since %s", len(acts), since.Format(time.DateOnly))
	}
	for _, a := range acts {
		if a.TradeDate < integrations.DateOf(since) {
			t.Errorf("%s before since", a.TradeDate)
		}
	}
	for _, a := range acts {
		if a.Symbol == "BHP" && a.Currency != "AUD" {
			t.Errorf("BHP in %s", a.Currency)
		}
	}
}

// TestNewClientRefusesStrangeSecret: a saved secret that is not the
// integration's asks for a new login, in either variant.
func TestNewClientRefusesStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, ibkr.New()...)
}

// TestUnknownAccount: a data call for an account the login does not have,
// after the accounts are read again, is refused as no such account.
func TestUnknownAccount(t *testing.T) {
	r := newRig(t, ibkr.ID, fake.Options{})
	c, _, _ := r.connect(t, nil)
	if _, err := c.Balances(t.Context(), "no-such-account"); !errors.Is(err, integrations.ErrNotSupported) || !strings.Contains(err.Error(), "no such account") {
		t.Errorf("unknown account: %v", err)
	}
}
