package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/simplefin"
	simplefinfake "github.com/latchkey/latchkey/integrations/simplefin/fake"
	"github.com/latchkey/latchkey/internal/apptest"
)

// TestSimpleFINJourney is issue 15's "done when" for SimpleFIN, against
// the fake Bridge and on a clock: a setup token is claimed once and makes
// one connection per institution at the Bridge; the first sync of all of
// them costs one request (and one for the older history); the same token
// again is refused and saves nothing; a sync sooner than the budget allows
// is skipped with the time of the next; the Bridge saying its login to
// Vanguard needs attention disables that connection only; Repair waits on
// the Bridge's page until the user fixed it there and brings the same
// connection, with the same accounts, back to Active at once.
func TestSimpleFINJourney(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	srv, err := simplefinfake.New(simplefinfake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	v := apptest.Vault(t, dir)
	in := simplefin.NewWith(simplefin.Options{RepairPoll: time.Millisecond, RepairTimeout: 10 * time.Second})
	reg := fastRegistry(t, []integrations.Integration{in}, srv.Endpoints())
	a := app.New(app.Options{Vault: v, Registry: reg, DataDir: dir, Now: clk.Now, RetryBase: 1})

	// Connect with a setup token.
	token := srv.NewSetupToken()
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: simplefin.ID})
	if err != nil {
		t.Fatal(err)
	}
	step, err := p.Begin(ctx, "", map[string]string{simplefin.FieldToken: token})
	if _, ok := step.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("connect: %T %v", step, err)
	}
	if srv.Claims() != 1 {
		t.Fatalf("%d claims", srv.Claims())
	}
	byName := bridgeConnections(t, a, simplefin.ID, "Fidelity Investments · via SimpleFIN", "SimpleFIN Demo · via SimpleFIN", "Vanguard · via SimpleFIN")
	if len(p.Created()) != 3 {
		t.Errorf("the session made %d connections", len(p.Created()))
	}
	access := grantAccess(t, a, byName["Vanguard"].ID)
	afterLogin := srv.Requests(access)

	// The first sync of all three.
	res, err := a.Refresh(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.Status != app.StatusActive || !r.NextAllowed.IsZero() {
			t.Errorf("first sync %+v", r)
		}
	}
	if n := srv.Requests(access) - afterLogin; n != 2 {
		t.Errorf("the first sync of three connections made %d requests, want 2 (the 45 days, then the 45 before)", n)
	}
	if accts, _ := a.Accounts(ctx, byName["Fidelity Investments"].ID); len(accts) != 2 {
		t.Errorf("Fidelity's accounts: %+v", accts)
	}
	if pos, _ := a.Positions(ctx, ""); len(pos) < 7 {
		t.Errorf("%d positions", len(pos))
	}

	// The same token again: the Bridge's refusal, nothing saved.
	p, _ = a.NewPortal(ctx, app.PortalRequest{InstitutionID: simplefin.ID})
	step, err = p.Begin(ctx, "", map[string]string{simplefin.FieldToken: token})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(app.Explain(err, app.Situation{Doing: app.DoingConnect}).Text, "already claimed") {
		t.Errorf("the token again: %T %v", step, err)
	}
	p.Abandon(ctx)
	if conns, _ := a.Connections(ctx); len(conns) != 3 || srv.Claims() != 1 {
		t.Errorf("%d connections, %d claims", len(conns), srv.Claims())
	}

	// An hour later: the budget allows no sync yet.
	clk.Add(time.Hour)
	before := srv.Requests(access)
	res, _ = a.Refresh(ctx, nil, nil)
	for _, r := range res {
		if r.Err != nil || !r.NextAllowed.Equal(clk.Now().Add(3*time.Hour)) {
			t.Errorf("an early sync %+v", r)
		}
	}
	if srv.Requests(access) != before {
		t.Error("an early sync asked the Bridge")
	}

	// The Bridge's login to Vanguard needs attention.
	srv.NeedsAttention(simplefinfake.VanguardConn, "")
	clk.Add(4 * time.Hour)
	res, _ = a.Refresh(ctx, nil, nil)
	statuses := statusesByName(ctx, a, res)
	if statuses["Vanguard"] != app.StatusDisabled || statuses["Fidelity Investments"] != app.StatusActive || statuses["SimpleFIN Demo"] != app.StatusActive {
		t.Fatalf("statuses %v", statuses)
	}
	if n := srv.Requests(access) - before; n != 1 {
		t.Errorf("the sync of three connections made %d requests", n)
	}
	vanguard, _ := a.Connection(ctx, byName["Vanguard"].ID)
	if !strings.Contains(vanguard.DisabledReason, simplefinfake.AttentionText) || !strings.Contains(vanguard.DisabledReason, "Vanguard") {
		t.Errorf("reason %q", vanguard.DisabledReason)
	}
	accountsBefore := slices.Clone(vanguard.AccountIDs)
	if accts, _ := a.Accounts(ctx, vanguard.ID); len(accts) != 1 || !accts[0].Stale {
		t.Errorf("the disabled connection's data: %+v", accts)
	}

	// Repair: the Bridge's page; the user fixes the login there.
	p, err = a.NewPortal(ctx, app.PortalRequest{ConnectionID: vanguard.ID})
	if err != nil {
		t.Fatal(err)
	}
	step, err = p.Begin(ctx, "", nil)
	ap, ok := step.(*integrations.ApproveStep)
	if !ok || err != nil || !strings.HasPrefix(ap.ApproveURL, srv.URL()) {
		t.Fatalf("repair's first step %T %v", step, err)
	}
	if _, err := brokertest.SubmitForm(context.Background(), ap.ApproveURL, map[string]string{"decision": "fix"}); err != nil {
		t.Fatalf("the Bridge's page: %v", err)
	}
	step, err = p.Next(ctx, integrations.Answer{})
	if _, ok := step.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("repair: %T %v", step, err)
	}
	if p.Connection().ID != vanguard.ID {
		t.Fatalf("the repair made %s, not %s", p.Connection().ID, vanguard.ID)
	}
	// At once, though the last sync was a moment ago.
	res, err = a.Refresh(ctx, []string{vanguard.ID}, nil)
	if err != nil || res[0].Err != nil || res[0].Status != app.StatusActive || !res[0].NextAllowed.IsZero() {
		t.Fatalf("sync after the repair: %+v %v", res, err)
	}
	wantRepaired(t, a, vanguard.ID, accountsBefore)
	if n := srv.Requests(access); n > 10 {
		t.Errorf("the whole journey made %d requests of the day's 24", n)
	}
}

// grantAccess reads a SimpleFIN connection's access URL out of its grant
// (for counting the fake's requests; the test knows the secret's shape).
func grantAccess(t *testing.T, a *app.App, id string) string {
	t.Helper()
	g, err := a.Grant(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	s := string(g.Secret)
	i := strings.Index(s, `"access_url":"`)
	if i < 0 {
		t.Fatal("no access URL in the grant")
	}
	s = s[i+len(`"access_url":"`):]
	return s[:strings.IndexByte(s, '"')]
}
