package snaptrade_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	"github.com/latchkey/latchkey/integrations/snaptrade/fake"
)

type rig struct {
	in  *snaptrade.Integration
	env integrations.Env
	srv *fake.Server
	clk *fakekit.Clock
	rec *brokertest.Sent
}

func newRig(t *testing.T, o snaptrade.Options, fo fake.Options) *rig {
	t.Helper()
	if o.PollInterval == 0 {
		o.PollInterval = -1
	}
	in := snaptrade.NewWith(o)
	env, srv, clk := fake.Start(t, in, fo)
	rec := brokertest.RecordSent(&env)
	return &rig{in: in, env: env, srv: srv, clk: clk, rec: rec}
}

// answer plays the user at one step; nil ends the script with the step.
type answer func(ctx context.Context, s integrations.Step) (integrations.Answer, error)

// portal submits the portal form with login and decision, and the extra
// form values (a brokerage picked in the portal).
func portal(decision, login string, extra map[string]string) answer {
	return func(ctx context.Context, s integrations.Step) (integrations.Answer, error) {
		switch st := s.(type) {
		case *integrations.BrowserStep:
			v := map[string]string{"decision": decision, "login": login}
			for k, x := range extra {
				v[k] = x
			}
			_, err := brokertest.SubmitForm(ctx, st.URL, v)
			return integrations.Answer{}, err
		case *integrations.ChoiceStep:
			return integrations.Answer{Values: map[string]string{snaptrade.FieldBroker: snaptrade.AnyBroker}}, nil
		}
		return integrations.Answer{}, errors.New("unexpected step")
	}
}

// run drives a login to its end: the DoneStep, or the error (with the step
// it came with).
func (r *rig) run(t *testing.T, req integrations.LoginRequest, play answer) (*integrations.DoneStep, integrations.Step, error) {
	t.Helper()
	req.Method = integrations.AuthBridge
	req.Env = r.env
	ctx := t.Context()
	lg, err := r.in.StartLogin(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	for i := 0; err == nil && i < 10; i++ {
		if d, ok := step.(*integrations.DoneStep); ok {
			return d, d, nil
		}
		a, perr := play(ctx, step)
		if perr != nil {
			t.Fatalf("step %T: %v", step, perr)
		}
		step, err = lg.Next(ctx, a)
	}
	return nil, step, err
}

func webull() map[string]string { return map[string]string{snaptrade.FieldBroker: "WEBULL-CANADA"} }

func TestInstitution(t *testing.T) {
	in := snaptrade.New()[0].Institution()
	if in.ID != snaptrade.ID || in.Name != "SnapTrade" || in.Region != "global" || in.Kind != integrations.KindBroker ||
		in.Help == "" || in.Website == "" || len(in.Capabilities) != 3 || in.Via != snaptrade.ID || in.Endpoint("api") != snaptrade.API {
		t.Errorf("institution %+v", in)
	}
	m, ok := in.Method(integrations.AuthBridge)
	if !ok || len(in.AuthMethods) != 1 || !m.NeedsApp || !strings.Contains(m.AppHelp, "consumerKey") || len(m.Fields) != 0 || m.HelpURL == "" {
		t.Errorf("auth method %+v", m)
	}
	if _, ok := assets.Monogram(in.Monogram); !ok {
		t.Errorf("no monogram %q in assets", in.Monogram)
	}
	for slug, id := range map[string]string{"QUESTRADE": "questrade", "webull": "webull", "WEBULL-CANADA": "", "FIDELITY": ""} {
		if got := snaptrade.Monogram(slug); got != id {
			t.Errorf("Monogram(%s) = %q, want %q", slug, got, id)
		}
		if id != "" {
			if _, ok := assets.Monogram(id); !ok {
				t.Errorf("Monogram(%s) names %q, which assets lacks", slug, id)
			}
		}
	}
}

func TestPersonalKeyNeeded(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	for _, app := range []*integrations.AppRegistration{nil, {ClientID: fake.ClientID}} {
		env := r.env
		env.App = app
		if _, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthBridge, Env: env}); !errors.Is(err, integrations.ErrNeedsApp) {
			t.Errorf("login with %+v: %v", app, err)
		}
		if _, err := r.in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"authorization_id":"x"}`)}, env, nil); !errors.Is(err, integrations.ErrNeedsApp) {
			t.Errorf("client with %+v: %v", app, err)
		}
	}
	if _, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.env}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("oauth: %v", err)
	}
	// A wrong consumer key: the signature is refused.
	r.env.App = &integrations.AppRegistration{ClientID: fakekit.TestApp.ClientID, ClientSecret: "not-the-consumer-key"}
	_, _, err := r.run(t, integrations.LoginRequest{}, portal("connect", fake.WebullLogin, nil))
	if !errors.Is(err, integrations.ErrNeedsApp) || strings.Contains(err.Error(), "not-the-consumer-key") {
		t.Errorf("wrong key at login: %v", err)
	}
	c, _ := r.in.NewClient(t.Context(), grant(fake.WebullAuthID), r.env, nil)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("wrong key in a sync: %v", err)
	}
}

func grant(authID string) integrations.Grant {
	return integrations.Grant{Method: integrations.AuthBridge, Secret: []byte(`{"authorization_id":"` + authID + `"}`),
		Fingerprint: integrations.Fingerprint(snaptrade.ID, authID)}
}

// TestRequestsArePersonal: every request is signed for the Personal key and
// carries no SnapTrade user; no user is registered.
func TestRequestsArePersonal(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	// The portal chooses the brokerage.
	done, _, err := r.run(t, integrations.LoginRequest{}, portal("connect", fake.WebullLogin, map[string]string{"broker": "WEBULL-CANADA"}))
	if err != nil {
		t.Fatal(err)
	}
	if ll := r.srv.LastLogin(); ll.Broker != "" {
		t.Errorf("the portal was to choose, but the link names %q", ll.Broker)
	}
	c, _ := r.in.NewClient(t.Context(), done.Grant, r.env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Activities(t.Context(), accts[0].ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	reqs := r.rec.Requests()
	if len(reqs) < 8 {
		t.Fatalf("only %d requests", len(reqs))
	}
	for _, q := range reqs {
		v := q.URL.Query()
		if v.Get("clientId") != fakekit.TestApp.ClientID || v.Get("timestamp") == "" || q.Header.Get("Signature") == "" ||
			v.Has("userId") || v.Has("userSecret") || strings.Contains(q.URL.Path, "registerUser") {
			t.Errorf("%s %s: not a Personal signed request", q.Method, q.URL.Path)
		}
		if strings.Contains(q.URL.String(), fakekit.TestApp.ClientSecret) {
			t.Errorf("%s %s carries the consumer key", q.Method, q.URL.Path)
		}
	}
}

// TestLegacyPrefix: an API base with the legacy /api/v1 prefix is signed
// with it.
func TestLegacyPrefix(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	r.env.Endpoints = map[string]string{"api": r.srv.URL() + "/api/v1"}
	done, _, err := r.run(t, integrations.LoginRequest{Values: webull()}, portal("connect", fake.WebullLogin, nil))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.in.NewClient(t.Context(), done.Grant, r.env, nil)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r.rec.Count("/api/v1/authorizations ") == 0 {
		t.Error("the prefix was not used")
	}
}

// TestTimestampChecked: a clock far off SnapTrade's fails the signature.
func TestTimestampChecked(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	c, _ := r.in.NewClient(t.Context(), grant(fake.WebullAuthID), r.env, nil)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	r.env.Now = func() time.Time { return r.clk.Now().Add(-10 * time.Minute) }
	c, _ = r.in.NewClient(t.Context(), grant(fake.WebullAuthID), r.env, nil)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a stale timestamp: %v", err)
	}
}

// TestNewConnectionAndAlso: the brokerage chosen from SnapTrade's list, a new
// connection made in the portal; the key's other connections come along.
func TestNewConnectionAndAlso(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	var choice *integrations.ChoiceStep
	play := func(ctx context.Context, s integrations.Step) (integrations.Answer, error) {
		if c, ok := s.(*integrations.ChoiceStep); ok {
			choice = c
			return integrations.Answer{Values: map[string]string{snaptrade.FieldBroker: "QUESTRADE"}}, nil
		}
		return portal("connect", "new.person", nil)(ctx, s)
	}
	done, _, err := r.run(t, integrations.LoginRequest{}, play)
	if err != nil {
		t.Fatal(err)
	}
	if choice == nil {
		t.Fatal("no choice of brokerage")
	}
	labels := map[string]string{}
	for _, c := range choice.Field.Choices {
		labels[c.Value] = c.Label
	}
	if choice.Field.Choices[0].Value != snaptrade.AnyBroker || labels["WEBULL-CANADA"] != "Webull Canada" ||
		labels["CHASE"] != "" || labels["OLDBROKER"] != "" || !strings.Contains(labels["ROBINHOOD"], "problems") {
		t.Errorf("choices %v", labels)
	}
	ll := r.srv.LastLogin()
	if ll.Broker != "QUESTRADE" || ll.ConnectionType != "read" || !ll.ImmediateRedirect || ll.Reconnect != "" ||
		!integrations.Loopback(ll.CustomRedirect) {
		t.Errorf("login link %+v", ll)
	}
	if done.Name != "Questrade" || done.Monogram != "questrade" || len(done.Accounts) != 1 || done.Grant.Method != integrations.AuthBridge {
		t.Errorf("done %+v", done)
	}
	names := map[string]int{}
	for _, a := range done.Also {
		names[a.Name] = len(a.Accounts)
		if a.Grant.Fingerprint == done.Grant.Fingerprint || len(a.Also) != 0 {
			t.Errorf("also %+v", a)
		}
	}
	if len(done.Also) != 3 || names["Webull Canada"] != 2 || names["Fidelity"] != 2 || names["Vanguard US"] != 1 {
		t.Errorf("also %v", names)
	}
	// The same login again is the same connection (SnapTrade de-dupes).
	again, _, err := r.run(t, integrations.LoginRequest{Values: map[string]string{snaptrade.FieldBroker: "QUESTRADE"}}, portal("connect", "new.person", nil))
	if err != nil || again.Grant.Fingerprint != done.Grant.Fingerprint {
		t.Errorf("again: %v", err)
	}
}

// TestDisabledAndRepair: a disabled connection is ErrReauthRequired with
// SnapTrade's reason; the repair opens the portal in reconnect mode for its
// id and brings back the same connection with the same accounts.
func TestDisabledAndRepair(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	g := grant(fake.VanguardAuthID)
	c, err := r.in.NewClient(t.Context(), g, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Vanguard US as disabled since 2026-03-06") {
		t.Fatalf("disabled: %v", err)
	}
	// Another login is refused (portal code 1023) and changes nothing.
	_, _, err = r.run(t, integrations.LoginRequest{Repair: &g}, portal("connect", "someone.else", nil))
	if !errors.Is(err, integrations.ErrDifferentLogin) {
		t.Errorf("repair with another login: %v", err)
	}
	done, _, err := r.run(t, integrations.LoginRequest{Repair: &g}, portal("connect", fake.VanguardLogin, nil))
	if err != nil {
		t.Fatal(err)
	}
	if ll := r.srv.LastLogin(); ll.Reconnect != fake.VanguardAuthID || ll.ConnectionType != "" || ll.Broker != "" {
		t.Errorf("the repair's login link %+v", ll)
	}
	if done.Grant.Fingerprint != g.Fingerprint || len(done.Also) != 0 || done.Name != "Vanguard US" {
		t.Errorf("repair %+v", done)
	}
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 1 || accts[0].ID != done.Accounts[0].ID {
		t.Errorf("after the repair: %+v %v", accts, err)
	}
	// A connection SnapTrade no longer has cannot be repaired.
	gone := grant("0b3ebefb-ed47-43df-cd8f-729a4420b5cf")
	if _, _, err := r.run(t, integrations.LoginRequest{Repair: &gone}, portal("connect", "x", nil)); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("repair of a removed connection: %v", err)
	}
}

// connectedUnsent is a login to Fidelity connected in the portal, whose
// browser the portal did not send back: the login waits at its BrowserStep.
func connectedUnsent(t *testing.T) (*rig, integrations.Login, integrations.Step) {
	t.Helper()
	r := newRig(t, snaptrade.Options{}, fake.Options{IgnoreCustomRedirect: true})
	lg, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthBridge, Env: r.env,
		Values: map[string]string{snaptrade.FieldBroker: "FIDELITY"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lg.Close() })
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := portal("connect", fake.FidelityLogin, nil)(t.Context(), step); err != nil {
		t.Fatal(err)
	}
	return r, lg, step
}

// TestPasteAndAbandon: when the portal cannot send the browser back, the
// pasted address does; leaving the portal ends the login.
func TestPasteAndAbandon(t *testing.T) {
	r, lg, step := connectedUnsent(t)
	again, err := lg.Next(t.Context(), integrations.Answer{Redirect: "http://127.0.0.1:1/elsewhere?nothing=here"})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || again != step {
		t.Fatalf("a paste that is not the portal's answer: %T %v", again, err)
	}
	cb := r.srv.LastLogin().CustomRedirect
	done, err := lg.Next(t.Context(), integrations.Answer{Redirect: cb + "?status=SUCCESS&connection_id=" + fake.FidelityAuthID})
	if err != nil || done.(*integrations.DoneStep).Name != "Fidelity" {
		t.Fatalf("paste: %v", err)
	}
	if _, err := lg.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrLoginOver) {
		t.Errorf("after the end: %v", err)
	}

	r = newRig(t, snaptrade.Options{}, fake.Options{})
	if _, _, err := r.run(t, integrations.LoginRequest{Values: webull()}, portal("abandon", fake.WebullLogin, nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("abandoned: %v", err)
	}
}

// TestPolling: with the browser never coming back, the login notices the
// new connection, and a repaired one, by listing the connections.
func TestPolling(t *testing.T) {
	r := newRig(t, snaptrade.Options{PollInterval: 5 * time.Millisecond}, fake.Options{IgnoreCustomRedirect: true})
	done, _, err := r.run(t, integrations.LoginRequest{Values: map[string]string{snaptrade.FieldBroker: "ALPACA"}}, portal("connect", "poller", nil))
	if err != nil || done.Name != "Alpaca" || done.Monogram != "alpaca" || len(done.Also) != 3 {
		t.Fatalf("new connection by polling: %+v %v", done, err)
	}
	g := grant(fake.VanguardAuthID)
	done, _, err = r.run(t, integrations.LoginRequest{Repair: &g}, portal("connect", fake.VanguardLogin, nil))
	if err != nil || done.Grant.Fingerprint != g.Fingerprint {
		t.Fatalf("repair by polling: %v", err)
	}
}

// TestLoginTimeout: nothing comes back in time.
func TestLoginTimeout(t *testing.T) {
	r := newRig(t, snaptrade.Options{Timeout: 20 * time.Millisecond}, fake.Options{})
	_, _, err := r.run(t, integrations.LoginRequest{Values: webull()}, func(context.Context, integrations.Step) (integrations.Answer, error) {
		return integrations.Answer{}, nil
	})
	if !errors.Is(err, integrations.ErrLoginTimeout) {
		t.Errorf("timeout: %v", err)
	}
}

// TestCallbackStrays: the loopback listener answers 404 to anything but the
// portal's answer at its path, and the login keeps waiting.
func TestCallbackStrays(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	play := func(ctx context.Context, s integrations.Step) (integrations.Answer, error) {
		cb, _ := url.Parse(r.srv.LastLogin().CustomRedirect)
		for _, u := range []string{
			cb.Scheme + "://" + cb.Host + "/callback/snaptrade/wrong?status=SUCCESS&connection_id=x",
			cb.String() + "?nothing=1",
			"http://localhost:" + cb.Port() + cb.Path + "?status=SUCCESS&connection_id=" + fake.FidelityAuthID,
		} {
			resp, err := http.Get(u)
			if err != nil {
				return integrations.Answer{}, err
			}
			resp.Body.Close()
			if want := http.StatusNotFound; strings.HasPrefix(u, "http://localhost") {
				want = http.StatusOK
				if resp.StatusCode != want {
					t.Errorf("%s: %d", u, resp.StatusCode)
				}
			} else if resp.StatusCode != want {
				t.Errorf("stray %s: %d", u, resp.StatusCode)
			}
		}
		return integrations.Answer{}, nil
	}
	done, _, err := r.run(t, integrations.LoginRequest{Values: webull()}, play)
	if err != nil || done.Name != "Fidelity" {
		t.Fatalf("%+v %v", done, err)
	}
}

// TestPasteWhileWaiting: an address pasted through Login.Paste is read by
// the wait that follows; a second one before it is refused.
func TestPasteWhileWaiting(t *testing.T) {
	r, lg, _ := connectedUnsent(t)
	answer := r.srv.LastLogin().CustomRedirect + "?status=SUCCESS&connection_id=" + fake.FidelityAuthID
	if err := lg.Paste(answer); err != nil {
		t.Fatalf("paste: %v", err)
	}
	if err := lg.Paste(answer); err == nil {
		t.Error("a second paste before the wait read the first was accepted")
	}
	if done, err := lg.Next(t.Context(), integrations.Answer{}); err != nil || done.(*integrations.DoneStep).Name != "Fidelity" {
		t.Fatalf("the pasted answer: %T %v", done, err)
	}
	if err := lg.Paste(answer); !errors.Is(err, integrations.ErrLoginOver) {
		t.Errorf("a paste after the end: %v", err)
	}
}

// TestChoiceOfBrokerage: no brokerage chosen leaves the choice to the
// portal; one SnapTrade does not offer ends the login.
func TestChoiceOfBrokerage(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	choose := func(v string) answer {
		return func(ctx context.Context, s integrations.Step) (integrations.Answer, error) {
			if _, ok := s.(*integrations.ChoiceStep); ok {
				return integrations.Answer{Values: map[string]string{snaptrade.FieldBroker: v}}, nil
			}
			return portal("connect", fake.WebullLogin, map[string]string{"broker": "WEBULL-CANADA"})(ctx, s)
		}
	}
	if _, _, err := r.run(t, integrations.LoginRequest{}, choose(" ")); err != nil {
		t.Fatalf("no brokerage chosen: %v", err)
	}
	if ll := r.srv.LastLogin(); ll.Broker != "" {
		t.Errorf("no brokerage was chosen, but the link names %q", ll.Broker)
	}
	_, st, err := r.run(t, integrations.LoginRequest{}, choose("NOT-A-BROKER"))
	if st != nil || !errors.Is(err, integrations.ErrNotSupported) || !strings.Contains(err.Error(), "not one of the brokerages SnapTrade offers") {
		t.Errorf("a brokerage SnapTrade does not offer: %T %v", st, err)
	}
}
