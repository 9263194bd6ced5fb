package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

func TestConnectEveryDemoLoginAndSync(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inst     string
		method   integrations.AuthKind
		username string
		mfa      string
	}{
		{"credentials", demo.ID, integrations.AuthCredentials, "user_good", ""},
		{"mfa code", demo.ID, integrations.AuthCredentials, "user_mfa_code", "code"},
		{"mfa choice", demo.ID, integrations.AuthCredentials, "user_mfa_choice", "code"},
		{"mfa push", demo.ID, integrations.AuthCredentials, "user_mfa_push", "approve"},
		{"mfa questions", demo.ID, integrations.AuthCredentials, "user_mfa_questions", "questions"},
		{"oauth", demo.ID, integrations.AuthOAuth2, "", ""},
		{"api key", demo.CryptoID, integrations.AuthAPIKey, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: tc.inst})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := drive(e.ctx, p, tc.method, loginValues(tc.username)); err != nil {
				t.Fatalf("login: %v", err)
			}
			c := p.Connection()
			if c == nil || c.InstitutionID != tc.inst || c.Fingerprint == "" || c.Method != tc.method {
				t.Fatalf("connection %+v", c)
			}
			res := e.sync(c.ID)
			if res[0].Err != nil || res[0].Status != app.StatusActive {
				t.Fatalf("sync: %+v", res[0])
			}
			accts, err := e.a.Accounts(e.ctx, c.ID)
			if err != nil || len(accts) == 0 {
				t.Fatalf("accounts %d, %v", len(accts), err)
			}
			pos, _ := e.a.Positions(e.ctx, "")
			acts, _ := e.a.Activities(e.ctx, app.ActivityFilter{})
			if len(pos) == 0 || len(acts) == 0 {
				t.Fatalf("positions %d activities %d", len(pos), len(acts))
			}
			ev, err := e.a.History(e.ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := eventTypes(ev)
			if !strings.HasPrefix(got, "SESSION_STARTED INSTITUTION_SELECTED") || !strings.HasSuffix(got, "CONNECTION_SUCCESSFUL") {
				t.Errorf("history %q", got)
			}
			if tc.mfa != "" && (!strings.Contains(got, "MFA_REQUESTED") || !strings.Contains(got, "MFA_SUBMITTED")) {
				t.Errorf("history %q lacks the MFA events", got)
			}
			if tc.method == integrations.AuthOAuth2 && (!strings.Contains(got, "OAUTH_REDIRECT") || !strings.Contains(got, "OAUTH_CALLBACK")) {
				t.Errorf("history %q lacks the OAuth events", got)
			}
			for _, x := range ev {
				for _, secret := range []string{demo.GoodPassword, demo.MFACode, demo.CryptoSecret, demo.AnswerPet} {
					if strings.Contains(x.Detail+x.Code+x.Method, secret) {
						t.Errorf("event %+v holds a secret", x)
					}
				}
			}
		})
	}
}

func TestDemoDataShape(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	e.sync(c.ID)
	accts, _ := e.a.Accounts(e.ctx, c.ID)
	if len(accts) != 3 {
		t.Fatalf("%d accounts, want 3", len(accts))
	}
	currencies := map[string]bool{}
	for _, a := range accts {
		for _, b := range a.Balances {
			currencies[b.Currency] = true
		}
		if strings.ContainsAny(strings.TrimLeft(a.Number, "•"), "•") || len(strings.TrimLeft(a.Number, "•")) > 4 {
			t.Errorf("account number %q is not masked", a.Number)
		}
	}
	if !currencies["USD"] || !currencies["CAD"] {
		t.Errorf("balance currencies %v, want USD and CAD", currencies)
	}
	pos, _ := e.a.Positions(e.ctx, "")
	acts, _ := e.a.Activities(e.ctx, app.ActivityFilter{})
	if len(pos) < 20 || len(acts) < 200 {
		t.Errorf("%d positions, %d activities", len(pos), len(acts))
	}
	types := map[integrations.ActivityType]bool{}
	for _, x := range acts {
		types[x.Type] = true
	}
	for _, want := range []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend, integrations.ActivitySplit} {
		if !types[want] {
			t.Errorf("no %s activity", want)
		}
	}
	// Filters.
	buys, _ := e.a.Activities(e.ctx, app.ActivityFilter{Type: integrations.ActivityBuy})
	for _, x := range buys {
		if x.Type != integrations.ActivityBuy {
			t.Fatalf("type filter let %s through", x.Type)
		}
	}
	since := acts[len(acts)/2].TradeDate
	later, _ := e.a.Activities(e.ctx, app.ActivityFilter{Since: since})
	if len(later) == 0 || len(later) >= len(acts) {
		t.Errorf("since %s: %d of %d", since, len(later), len(acts))
	}
	for _, x := range later {
		if x.TradeDate < since {
			t.Fatalf("since filter let %s through", x.TradeDate)
		}
	}
}

func TestResyncDeduplicatesActivities(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	e.sync(c.ID)
	first := e.snapshot(c.ID)
	n1, _ := e.a.Activities(e.ctx, app.ActivityFilter{})
	e.sync(c.ID) // incremental: from the last sync minus the overlap window
	n2, _ := e.a.Activities(e.ctx, app.ActivityFilter{})
	if len(n1) != len(n2) {
		t.Fatalf("activities %d after the first sync, %d after the second", len(n1), len(n2))
	}
	if e.snapshot(c.ID) != first {
		t.Error("a second sync of unchanged data changed the cache")
	}
}

func TestRevokeDisablesAndRepairKeepsEverything(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	e.sync(c.ID)
	before := e.snapshot(c.ID)
	if _, err := e.a.RunAction(e.ctx, c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	res := e.sync(c.ID)
	if !errors.Is(res[0].Err, integrations.ErrReauthRequired) || res[0].Status != app.StatusDisabled {
		t.Fatalf("sync after revoke: %+v", res[0])
	}
	d := e.conn(c.ID)
	if !d.Disabled() || d.DisabledReason == "" || e.a.Status(d) != app.StatusDisabled {
		t.Fatalf("connection after revoke: %+v", d)
	}
	if e.snapshot(c.ID) != before {
		t.Fatal("the failed sync changed the cached data")
	}
	accts, _ := e.a.Accounts(e.ctx, c.ID)
	if len(accts) == 0 || !accts[0].Stale {
		t.Fatalf("a disabled connection must still serve its data, marked stale: %+v", accts)
	}
	if n := e.notes.all(); len(n) != 1 || !strings.Contains(n[0], c.Label) {
		t.Fatalf("notifications %q", n)
	}

	// A repair with another login is refused and changes nothing.
	grantBefore, _ := e.a.Grant(e.ctx, c.ID)
	p, err := e.a.NewPortal(e.ctx, app.PortalRequest{ConnectionID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if p.Reconnecting() == nil || p.Institution() == nil || p.Institution().ID != demo.ID {
		t.Fatal("reconnect mode must preselect the connection's institution")
	}
	if _, err := drive(e.ctx, p, "", loginValues("user_mfa_code")); !errors.Is(err, integrations.ErrDifferentLogin) {
		t.Fatalf("repair with another user: %v, want ErrDifferentLogin", err)
	}
	if g, _ := e.a.Grant(e.ctx, c.ID); string(g.Secret) != string(grantBefore.Secret) {
		t.Fatal("a refused repair replaced the grant")
	}
	if !e.conn(c.ID).Disabled() {
		t.Fatal("a refused repair enabled the connection")
	}

	// The repair with the same login keeps id, accounts, data and history.
	p, _ = e.a.NewPortal(e.ctx, app.PortalRequest{ConnectionID: c.ID})
	if _, err := drive(e.ctx, p, "", loginValues("user_good")); err != nil {
		t.Fatalf("repair: %v", err)
	}
	r := e.conn(c.ID)
	if r.Disabled() || e.a.Status(r) != app.StatusActive || r.ID != c.ID || r.CreatedAt != c.CreatedAt {
		t.Fatalf("after repair: %+v", r)
	}
	if e.snapshot(c.ID) != before {
		t.Fatal("repair changed the cached data")
	}
	if res := e.sync(c.ID); res[0].Err != nil {
		t.Fatalf("sync after repair: %v", res[0].Err)
	}
	if strings.Join(e.conn(c.ID).AccountIDs, ",") != strings.Join(d.AccountIDs, ",") {
		t.Fatal("repair changed the accounts")
	}
	ev, _ := e.a.History(e.ctx, c.ID)
	got := eventTypes(ev)
	for _, want := range []string{"CONNECTION_DISABLED", "RECONNECT_STARTED", "CONNECTION_FAILED", "CONNECTION_REPAIRED"} {
		if !strings.Contains(got, want) {
			t.Errorf("history lacks %s: %s", want, got)
		}
	}
	if !strings.HasPrefix(got, "SESSION_STARTED") {
		t.Errorf("history lost its beginning: %s", got)
	}
}

func TestAlreadyConnectedOffersTheExistingConnection(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	p, _ := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.ID})
	_, err := drive(e.ctx, p, integrations.AuthCredentials, loginValues("user_good"))
	var ae *app.AlreadyConnectedError
	if !errors.As(err, &ae) || ae.Existing.ID != c.ID {
		t.Fatalf("second connect of the same login: %v", err)
	}
	if all, _ := e.a.Connections(e.ctx); len(all) != 1 {
		t.Fatalf("%d connections, want 1", len(all))
	}
	got, err := p.UseExisting(e.ctx)
	if err != nil || got.ID != c.ID {
		t.Fatalf("UseExisting: %v %+v", err, got)
	}
}

func TestFixedElsewhereLeavesDisabled(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	e.srv.Inject(demo.FaultUnauthorized, 100)
	if res := e.sync(c.ID); res[0].Status != app.StatusDisabled {
		t.Fatalf("status %s after 401s", res[0].Status)
	}
	e.srv.Inject(demo.FaultUnauthorized, 0)
	if res := e.sync(c.ID); res[0].Err != nil || res[0].Status != app.StatusActive {
		t.Fatalf("sync once the institution accepts the grant again: %+v", res[0])
	}
	ev, _ := e.a.History(e.ctx, c.ID)
	if !strings.HasSuffix(eventTypes(ev), "CONNECTION_DISABLED CONNECTION_REPAIRED") {
		t.Errorf("history %s", eventTypes(ev))
	}
}

func TestDisconnectRemovesEverything(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	keep := e.connect("user_mfa_code")
	e.sync()
	if err := e.a.Disconnect(e.ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Connection(e.ctx, c.ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("connection after disconnect: %v", err)
	}
	info, err := e.v.Info(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for b := range info.Buckets {
		if strings.Contains(b, c.ID) {
			t.Errorf("bucket %s survived the disconnect", b)
		}
	}
	if _, err := e.a.Grant(e.ctx, c.ID); err == nil {
		t.Error("the grant survived the disconnect")
	}
	if accts, _ := e.a.Accounts(e.ctx, ""); len(accts) != 3 || accts[0].ConnectionID != keep.ID {
		t.Errorf("the other connection's data: %d accounts", len(accts))
	}
}

// The method a login uses: the one asked for; else a repaired connection's
// own while the institution still offers it; else the institution's first.
func TestLoginMethod(t *testing.T) {
	inst := integrations.Institution{AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthOAuth2}, {Kind: integrations.AuthToken}}}
	for _, tc := range []struct {
		name      string
		inst      integrations.Institution
		method    integrations.AuthKind
		repairing *app.Connection
		want      integrations.AuthKind
	}{
		{"asked", inst, integrations.AuthToken, nil, integrations.AuthToken},
		{"asked, repairing", inst, integrations.AuthOAuth2, &app.Connection{Method: integrations.AuthToken}, integrations.AuthOAuth2},
		{"asked, not offered", inst, integrations.AuthAPIKey, nil, integrations.AuthAPIKey},
		{"first", inst, "", nil, integrations.AuthOAuth2},
		{"repaired's own", inst, "", &app.Connection{Method: integrations.AuthToken}, integrations.AuthToken},
		{"repaired's no longer offered", inst, "", &app.Connection{Method: integrations.AuthCredentials}, integrations.AuthOAuth2},
		{"no methods", integrations.Institution{}, "", nil, ""},
	} {
		if got := app.LoginMethod(tc.inst, tc.method, tc.repairing); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestStatusDerivation(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	ok := map[string]app.SyncState{app.DataHoldings: {LastSuccess: now}}
	failed := map[string]app.SyncState{app.DataHoldings: {LastError: "UNAVAILABLE"}}
	for _, tc := range []struct {
		name    string
		c       app.Connection
		syncing bool
		want    app.Status
	}{
		{"active", app.Connection{Sync: ok}, false, app.StatusActive},
		{"syncing", app.Connection{Sync: ok}, true, app.StatusSyncing},
		{"error", app.Connection{Sync: failed}, false, app.StatusError},
		{"expiring", app.Connection{Sync: ok, ExpiresAt: now.Add(6 * 24 * time.Hour)}, false, app.StatusExpiring},
		{"not yet expiring", app.Connection{Sync: ok, ExpiresAt: now.Add(8 * 24 * time.Hour)}, false, app.StatusActive},
		{"expired", app.Connection{Sync: ok, ExpiresAt: now.Add(-time.Minute)}, false, app.StatusDisabled},
		{"disabled beats syncing", app.Connection{DisabledAt: now}, true, app.StatusDisabled},
	} {
		if got := tc.c.StatusAt(now, tc.syncing); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestExpiringScenario(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_expiring")
	if st := e.a.Status(c); st != app.StatusExpiring {
		t.Fatalf("user_expiring: %s (expires %s)", st, c.ExpiresAt)
	}
}

func TestLoginErrorsAreRecordedAndRetryable(t *testing.T) {
	e := newEnv(t)
	p, _ := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.ID})
	step, err := p.Begin(e.ctx, integrations.AuthCredentials, nil)
	if err != nil {
		t.Fatal(err)
	}
	step, err = p.Next(e.ctx, integrations.Answer{Values: map[string]string{"username": "user_good", "password": "wrong"}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || step == nil {
		t.Fatalf("wrong password: %v, step %T", err, step)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q echoes the password", err)
	}
	if _, err := p.Next(e.ctx, integrations.Answer{Values: map[string]string{"username": "user_good", "password": demo.GoodPassword}}); err != nil {
		t.Fatalf("retry: %v", err)
	}
	for _, tc := range []struct {
		user string
		want error
	}{
		{"user_locked", integrations.ErrAccountLocked},
		{"user_maintenance", integrations.ErrUnavailable},
		{"user_rate_limited", integrations.ErrRateLimited},
	} {
		p, _ := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.ID})
		if _, err := drive(e.ctx, p, integrations.AuthCredentials, loginValues(tc.user)); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.user, err, tc.want)
		}
		p.Abandon(e.ctx)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	e := newEnv(t)
	p, _ := e.a.Preferences(e.ctx)
	if p != app.DefaultPreferences {
		t.Fatalf("fresh preferences %+v", p)
	}
	want := app.Preferences{AutoLockMinutes: 5, RefreshIntervalMinutes: 30}
	if err := e.a.SetPreferences(e.ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.a.Preferences(e.ctx); got != want {
		t.Fatalf("preferences %+v", got)
	}
	reg := &integrations.AppRegistration{ClientID: "my-app", ClientSecret: "s3cret", RedirectPort: 8765}
	if err := e.a.SetAppRegistration(e.ctx, demo.ID, reg); err != nil {
		t.Fatal(err)
	}
	got, err := e.a.AppRegistration(e.ctx, demo.ID)
	if err != nil || *got != *reg {
		t.Fatalf("registration %+v %v", got, err)
	}
	if err := e.a.SetAppRegistration(e.ctx, "nope", reg); !errors.Is(err, integrations.ErrUnknownInstitution) {
		t.Errorf("unknown institution: %v", err)
	}
	if err := e.a.SetAppRegistration(e.ctx, demo.ID, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.a.AppRegistration(e.ctx, demo.ID); got != nil {
		t.Errorf("removed registration still there: %+v", got)
	}
}

func TestRenameAndPrefixLookup(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	if _, err := e.a.Rename(e.ctx, c.ID[:8], "  My broker "); err != nil {
		t.Fatal(err)
	}
	if got := e.conn(c.ID).Label; got != "My broker" {
		t.Fatalf("label %q", got)
	}
	if _, err := e.a.Rename(e.ctx, c.ID, " "); err == nil {
		t.Error("an empty label was accepted")
	}
}

func TestInstitutionExpiringWindow(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	c := app.Connection{Sync: map[string]app.SyncState{app.DataHoldings: {LastSuccess: now}}, ExpiresAt: now.Add(4 * 24 * time.Hour)}
	if got := c.StatusWithin(now, false, 2*24*time.Hour); got != app.StatusActive {
		t.Errorf("4 days left, 2-day window: %s", got)
	}
	c.ExpiresAt = now.Add(36 * time.Hour)
	if got := c.StatusWithin(now, false, 2*24*time.Hour); got != app.StatusExpiring {
		t.Errorf("36 h left, 2-day window: %s", got)
	}
	if got := c.StatusWithin(now, false, -1); got != app.StatusActive {
		t.Errorf("rolling grant (no window): %s", got)
	}
}
