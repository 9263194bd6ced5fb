package simplefin_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/simplefin"
	"github.com/latchkey/latchkey/integrations/simplefin/fake"
)

func quick() *simplefin.Integration {
	return simplefin.NewWith(simplefin.Options{RepairPoll: 5 * time.Millisecond, RepairTimeout: 5 * time.Second})
}

// connect logs in with what was pasted and returns the DoneStep.
func connect(t *testing.T, in integrations.Integration, env integrations.Env, pasted string) *integrations.DoneStep {
	t.Helper()
	_, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthBridge, Env: env,
		Values: map[string]string{simplefin.FieldToken: pasted}})
	done, ok := step.(*integrations.DoneStep)
	if err != nil || !ok {
		t.Fatalf("login: %T %v", step, err)
	}
	return done
}

func client(t *testing.T, in integrations.Integration, env integrations.Env, d *integrations.DoneStep) integrations.Client {
	t.Helper()
	c, err := in.NewClient(t.Context(), d.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func accessOf(t *testing.T, d *integrations.DoneStep) string {
	t.Helper()
	// The test reads the grant the way only the package does: its secret is
	// JSON with the access URL.
	s := string(d.Grant.Secret)
	i := strings.Index(s, `"access_url":"`)
	if i < 0 {
		t.Fatalf("no access URL in the grant")
	}
	s = s[i+len(`"access_url":"`):]
	return s[:strings.IndexByte(s, '"')]
}

// byName returns the DoneStep (of a login's main one and its Also) that
// reaches name.
func byName(d *integrations.DoneStep, name string) *integrations.DoneStep {
	for _, x := range append([]*integrations.DoneStep{d}, d.Also...) {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// TestSetupTokenClaimedOnce: a setup token is claimed once; the login
// makes one DoneStep per connection; the same token again is the Bridge's
// 403 in words that say what it may mean, the form handed back, nothing
// made.
func TestSetupTokenClaimedOnce(t *testing.T) {
	in := quick()
	env, srv, _ := fake.Start(t, in, fake.Options{})
	tok := srv.NewSetupToken()
	d := connect(t, in, env, tok)
	if srv.Claims() != 1 {
		t.Fatalf("%d claims", srv.Claims())
	}
	if d.Name != "Fidelity Investments" || d.Monogram != "fidelity" || len(d.Also) != 2 || len(d.Accounts) != 2 {
		t.Fatalf("done %+v", d)
	}
	van, demo := byName(d, "Vanguard"), byName(d, "SimpleFIN Demo")
	if van == nil || demo == nil || van.Monogram != "vanguard" || demo.Monogram != "" {
		t.Fatalf("also %+v", d.Also)
	}
	if d.Grant.Fingerprint == van.Grant.Fingerprint || van.Grant.Fingerprint == demo.Grant.Fingerprint {
		t.Error("two connections share a fingerprint")
	}
	if len(van.Accounts) != 1 || van.Accounts[0].Number != "••••0014" || strings.Contains(van.Accounts[0].Name, fake.FullNumber) {
		t.Errorf("Vanguard's account %+v", van.Accounts)
	}

	lg, form, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthBridge, Env: env})
	if _, ok := form.(*integrations.FormStep); !ok || err != nil {
		t.Fatalf("first step %T %v", form, err)
	}
	again, err := lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: tok}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || again != form {
		t.Fatalf("the same token again: %T %v", again, err)
	}
	if d := integrations.Detail(err, integrations.ErrInvalidCredentials); !strings.Contains(d, "already claimed") ||
		!strings.Contains(d, "disable it at the Bridge") || strings.Contains(d, tok) {
		t.Errorf("detail %q", d)
	}
	if srv.Claims() != 1 {
		t.Errorf("%d claims", srv.Claims())
	}
	// A token from a server on plain http elsewhere is refused unread.
	bad := "aHR0cDovL2V4YW1wbGUuY29tL3NpbXBsZWZpbi9jbGFpbS94" // http://example.com/simplefin/claim/x
	if _, err := lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: bad}}); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("an http token: %v", err)
	}
}

// TestClaimKeptWhenTheReadFails: the claim worked but the read after it
// failed: the form comes back, and Connect again uses the claim (the token
// itself is used up).
func TestClaimKeptWhenTheReadFails(t *testing.T) {
	in := quick()
	env, srv, _ := fake.Start(t, in, fake.Options{})
	tok := srv.NewSetupToken()
	lg, _ := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthBridge, Env: env})
	defer lg.Close()
	form, _ := lg.Next(t.Context(), integrations.Answer{})
	srv.Inject(brokertest.ServerError, 1)
	step, err := lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: tok}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || step != form || !strings.Contains(err.Error(), "press Connect again") {
		t.Fatalf("after a failed read: %T %v", step, err)
	}
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: tok}})
	if _, ok := step.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("again: %T %v", step, err)
	}
	if srv.Claims() != 1 {
		t.Errorf("%d claims", srv.Claims())
	}
}

// TestAttentionDisablesOnlyItsConnection: con.auth for Vanguard makes its
// client fail with ErrReauthRequired in the Bridge's words; Fidelity's and
// the demo's read on — in both protocol flavours.
func TestAttentionDisablesOnlyItsConnection(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		in := quick()
		env, srv, clk := fake.Start(t, in, fake.Options{Legacy: legacy})
		d := connect(t, in, env, srv.NewSetupToken())
		srv.NeedsAttention(fake.VanguardConn, "Your Vanguard password changed")
		for _, name := range []string{"Fidelity Investments", "SimpleFIN Demo", "Vanguard"} {
			clk.Add(time.Hour) // each reads afresh
			_, err := client(t, in, env, byName(d, name)).Accounts(t.Context())
			switch {
			case name == "Vanguard" && !errors.Is(err, integrations.ErrReauthRequired):
				t.Errorf("legacy %v: Vanguard: %v", legacy, err)
			case name == "Vanguard":
				det := integrations.Detail(err, integrations.ErrReauthRequired)
				want := "Your Vanguard password changed"
				if legacy {
					want = "Connection to Vanguard may need attention"
				}
				if !strings.Contains(det, want) || !strings.Contains(det, "Repair opens its page") {
					t.Errorf("legacy %v: detail %q", legacy, det)
				}
			case err != nil:
				t.Errorf("legacy %v: %s: %v", legacy, name, err)
			}
		}
	}
}

// TestOneReadServesTheConnections: the connections of one access URL
// syncing together cost one request; a client asking again reads again.
func TestOneReadServesTheConnections(t *testing.T) {
	in := quick()
	env, srv, clk := fake.Start(t, in, fake.Options{})
	d := connect(t, in, env, srv.NewSetupToken())
	access := accessOf(t, d)
	before := srv.Requests(access)
	clk.Add(time.Hour)
	var clients []integrations.Client
	for _, x := range append([]*integrations.DoneStep{d}, d.Also...) {
		clients = append(clients, client(t, in, env, x))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(clients))
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			accts, err := c.Accounts(t.Context())
			for _, a := range accts {
				if err == nil {
					_, err = c.Balances(t.Context(), a.ID)
				}
				if err == nil {
					_, err = c.Positions(t.Context(), a.ID)
				}
				if err == nil {
					_, err = c.Activities(t.Context(), a.ID, clk.Now().AddDate(0, 0, -10))
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests(access) - before; n != 1 {
		t.Fatalf("three connections' syncs made %d requests", n)
	}
	if _, err := clients[0].Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests(access) - before; n != 2 {
		t.Errorf("a client asking again: %d requests", n)
	}
	q := srv.LastQuery()
	if q.Get("version") != "2" || q.Has("pending") || q.Get("start-date") == "" || q.Has("end-date") {
		t.Errorf("query %v", q)
	}
}

// TestHistoryInTwoWindows: a first sync (since zero) reads the 45-day
// window and, once for every account, the window before it; a later sync
// only the first.
func TestHistoryInTwoWindows(t *testing.T) {
	in := quick()
	env, srv, clk := fake.Start(t, in, fake.Options{})
	d := connect(t, in, env, srv.NewSetupToken())
	access := accessOf(t, d)
	c := client(t, in, env, d)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n0 := srv.Requests(access)
	total := 0
	for _, a := range accts {
		acts, err := c.Activities(t.Context(), a.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		total += len(acts)
		for _, x := range acts {
			if x.TradeDate < integrations.DateOf(clk.Now().AddDate(0, 0, -91)) {
				t.Errorf("activity from %s, past the 90 days read", x.TradeDate)
			}
		}
	}
	if srv.Requests(access)-n0 != 1 {
		t.Errorf("the older window took %d requests", srv.Requests(access)-n0)
	}
	q := srv.LastQuery()
	start, end := q.Get("start-date"), q.Get("end-date")
	if start == "" || end == "" || start >= end {
		t.Errorf("older window %v", q)
	}
	if total < 40 {
		t.Errorf("%d activities", total)
	}
	clk.Add(4 * time.Hour)
	c = client(t, in, env, d)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	n1 := srv.Requests(access)
	if _, err := c.Activities(t.Context(), accts[0].ID, clk.Now().AddDate(0, 0, -7)); err != nil {
		t.Fatal(err)
	}
	if srv.Requests(access) != n1 {
		t.Error("a recent since read another window")
	}
}

// TestAccountIssues: act.failed fails that account's reads (the others go
// on); act.missingdata and a general message come with the rows as
// ErrPartial in the Bridge's words.
func TestAccountIssues(t *testing.T) {
	in := quick()
	env, srv, _ := fake.Start(t, in, fake.Options{})
	d := connect(t, in, env, srv.NewSetupToken())
	srv.FailAccount(fake.FidRoth, fake.FailedText)
	srv.MissingData(fake.FidIndiv, fake.MissingText)
	srv.Say("Scheduled maintenance on Sunday")
	c := client(t, in, env, d)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Balances(t.Context(), fake.FidRoth)
	if !errors.Is(err, integrations.ErrUnavailable) || !strings.Contains(err.Error(), fake.FailedText) {
		t.Errorf("failed account: %v", err)
	}
	if _, err := c.Balances(t.Context(), fake.FidIndiv); err != nil {
		t.Errorf("the other account: %v", err)
	}
	acts, err := c.Activities(t.Context(), fake.FidIndiv, time.Now().AddDate(-1, 0, 0))
	det := integrations.Detail(err, integrations.ErrPartial)
	if len(acts) == 0 || !strings.Contains(det, "incomplete") || !strings.Contains(det, "Scheduled maintenance on Sunday") {
		t.Errorf("missing data: %d rows, %v", len(acts), err)
	}
}

// TestBudget: past the day's budget the Bridge warns (shown with the rows,
// ErrPartial); past its leeway it disables the access URL (403:
// ErrReauthRequired). Nothing is retried: a failing read is one request.
func TestBudget(t *testing.T) {
	in := quick()
	env, _, clk := fake.Start(t, in, fake.Options{})
	srv, err := fake.New(fake.Options{Now: clk.Now, Budget: 2, Leeway: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	d := connect(t, in, env, srv.AccessURL()) // request 1
	read := func() error {
		clk.Add(time.Hour)
		c := client(t, in, env, d)
		accts, err := c.Accounts(t.Context())
		if err != nil {
			return err
		}
		_, err = c.Activities(t.Context(), accts[0].ID, clk.Now().AddDate(0, 0, -3))
		return err
	}
	if err := read(); err != nil { // 2
		t.Fatalf("within the budget: %v", err)
	}
	if err := read(); !errors.Is(err, integrations.ErrPartial) || !strings.Contains(err.Error(), "make fewer requests") { // 3
		t.Errorf("over the budget: %v", err)
	}
	if err := read(); !errors.Is(err, integrations.ErrReauthRequired) { // 4: past the leeway
		t.Errorf("a disabled token: %v", err)
	}
}

// TestNoRetry: a failing read is one request; the app's next sync is the
// retry.
func TestNoRetry(t *testing.T) {
	in := quick()
	env, srv, clk := fake.Start(t, in, fake.Options{})
	d := connect(t, in, env, srv.AccessURL())
	for _, f := range []brokertest.Fault{brokertest.ServerError, brokertest.Maintenance, brokertest.RateLimited} {
		srv.Inject(f, 10)
		clk.Add(time.Hour)
		served := srv.Served()
		if _, err := client(t, in, env, d).Accounts(t.Context()); !integrations.Transient(err) {
			t.Fatalf("%s: %v", f, err)
		}
		if n := srv.Served() - served; n != 1 {
			t.Errorf("%s: a failing read was sent %d times", f, n)
		}
	}
	srv.Inject(brokertest.ServerError, 0)
}

// TestRepair: what a repair does depends on what the Bridge says.
func TestRepair(t *testing.T) {
	in := quick()
	env, srv, _ := fake.Start(t, in, fake.Options{})
	d := connect(t, in, env, srv.NewSetupToken())
	van := byName(d, "Vanguard")
	start := func(g integrations.Grant) integrations.Login {
		lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthBridge, Env: env, Repair: &g})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = lg.Close() })
		return lg
	}

	t.Run("fixed elsewhere", func(t *testing.T) {
		step, err := start(van.Grant).Next(t.Context(), integrations.Answer{})
		done, ok := step.(*integrations.DoneStep)
		if !ok || err != nil || done.Grant.Fingerprint != van.Grant.Fingerprint || accessOf(t, done) != accessOf(t, van) {
			t.Fatalf("%T %v", step, err)
		}
	})

	t.Run("needs attention", func(t *testing.T) {
		// The Bridge says so at the first check and the poll after it;
		// the user has fixed it by the second poll.
		srv.NeedsAttention(fake.VanguardConn, "")
		srv.FixAfterReads(fake.VanguardConn, 2)
		n0 := srv.Requests(accessOf(t, van))
		lg := start(van.Grant)
		step, err := lg.Next(t.Context(), integrations.Answer{})
		ap, ok := step.(*integrations.ApproveStep)
		if !ok || err != nil {
			t.Fatalf("%T %v", step, err)
		}
		if u, _ := url.Parse(ap.ApproveURL); u == nil || u.Path != "/auth/login" || !strings.HasPrefix(ap.ApproveURL, srv.URL()) ||
			!strings.Contains(ap.Message, "Vanguard") || !strings.Contains(ap.Message, fake.AttentionText) || ap.Timeout != 5*time.Second {
			t.Errorf("approve step %+v", ap)
		}
		step, err = lg.Next(t.Context(), integrations.Answer{})
		done, ok := step.(*integrations.DoneStep)
		if !ok || err != nil || done.Grant.Fingerprint != van.Grant.Fingerprint {
			t.Fatalf("after the fix: %T %v", step, err)
		}
		if n := srv.Requests(accessOf(t, van)) - n0; n != 3 {
			t.Errorf("the repair made %d requests, want 3 (a check, a poll that saw it unfixed, a poll that saw it fixed)", n)
		}
	})

	t.Run("the fix page", func(t *testing.T) {
		srv.NeedsAttention(fake.VanguardConn, "")
		step, _ := start(van.Grant).Next(t.Context(), integrations.Answer{})
		ap, ok := step.(*integrations.ApproveStep)
		if !ok {
			t.Fatalf("%T", step)
		}
		if _, err := brokertest.SubmitForm(context.Background(), ap.ApproveURL, map[string]string{"decision": "fix"}); err != nil {
			t.Fatal(err)
		}
		if _, err := client(t, in, env, van).Accounts(t.Context()); err != nil {
			t.Errorf("after fixing on the page: %v", err)
		}
	})

	t.Run("access disabled", func(t *testing.T) {
		srv.Disable(accessOf(t, van))
		lg := start(van.Grant)
		step, err := lg.Next(t.Context(), integrations.Answer{})
		form, ok := step.(*integrations.FormStep)
		if !ok || err != nil || !strings.Contains(form.Message, "new setup token") {
			t.Fatalf("%T %v", step, err)
		}
		step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: srv.NewSetupToken()}})
		done, ok := step.(*integrations.DoneStep)
		if !ok || err != nil || done.Grant.Fingerprint != van.Grant.Fingerprint || accessOf(t, done) == accessOf(t, van) || len(done.Also) != 2 {
			t.Fatalf("with a new token: %T %v", step, err)
		}
	})

	t.Run("another Bridge account", func(t *testing.T) {
		other, err := fake.New(fake.Options{Legacy: true}) // its connections have other keys
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		lg := start(van.Grant) // van's access is disabled: the form
		if step, err := lg.Next(t.Context(), integrations.Answer{}); err != nil {
			t.Fatalf("%T %v", step, err)
		}
		_, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{simplefin.FieldToken: other.NewSetupToken()}})
		if !errors.Is(err, integrations.ErrDifferentLogin) {
			t.Errorf("%v", err)
		}
	})
}
