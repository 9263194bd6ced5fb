package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	snaptradefake "github.com/latchkey/latchkey/integrations/snaptrade/fake"
	"github.com/latchkey/latchkey/internal/apptest"
)

// portalUser plays the user's browser at SnapTrade's Connection Portal: it
// presses Connect with what the portal shows (the preselected brokerage and
// the login it remembers), as someone who logs in at that brokerage.
type portalUser struct {
	mu     sync.Mutex
	opened []string
	errs   chan error
}

func (b *portalUser) OpenURL(_ context.Context, u string) error {
	b.mu.Lock()
	b.opened = append(b.opened, u)
	b.mu.Unlock()
	go func() {
		_, err := brokertest.SubmitForm(context.Background(), u, map[string]string{"decision": "connect"})
		b.errs <- err
	}()
	return nil
}

// TestSnapTradeJourney is issue 15's "done when" against the fake: a
// SnapTrade user with three connections, one disabled, connects once and
// has three Latchkey connections with the right institutions and one
// Disabled; Repair goes through the portal's reconnect mode and brings the
// same Latchkey connection, with the same accounts, back to Active.
func TestSnapTradeJourney(t *testing.T) {
	ctx := t.Context()
	srv, err := snaptradefake.New(snaptradefake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	v := apptest.Vault(t, dir)
	reg := fastRegistry(t, snaptrade.New(), srv.Endpoints())
	browser := &portalUser{errs: make(chan error, 4)}
	a := app.New(app.Options{Vault: v, Registry: reg, DataDir: dir, Browser: browser, RetryBase: 1})

	// Without the Personal key in Settings, the portal cannot open.
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: snaptrade.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(ctx, "", nil); !errors.Is(err, app.ErrNeedsApp) {
		t.Fatalf("without a key: %v", err)
	}
	if err := a.SetAppRegistration(ctx, snaptrade.ID, &integrations.AppRegistration{
		ClientID: snaptradefake.ClientID, ClientSecret: snaptradefake.ConsumerKey}); err != nil {
		t.Fatal(err)
	}

	// Connect, with Webull Canada preselected.
	p, err = a.NewPortal(ctx, app.PortalRequest{InstitutionID: snaptrade.ID})
	if err != nil {
		t.Fatal(err)
	}
	step, err := p.Begin(ctx, "", map[string]string{snaptrade.FieldBroker: "WEBULL-CANADA"})
	if _, ok := step.(*integrations.BrowserStep); !ok || err != nil {
		t.Fatalf("first step %T %v", step, err)
	}
	step, err = p.Next(ctx, integrations.Answer{})
	if _, ok := step.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("after the portal: %T %v", step, err)
	}
	if err := <-browser.errs; err != nil {
		t.Fatalf("the portal: %v", err)
	}
	if ll := srv.LastLogin(); ll.Broker != "WEBULL-CANADA" || ll.Reconnect != "" || ll.ConnectionType != "read" {
		t.Errorf("login link %+v", ll)
	}
	byName := bridgeConnections(t, a, snaptrade.ID, "Fidelity · via SnapTrade", "Vanguard US · via SnapTrade", "Webull Canada · via SnapTrade")
	if p.Connection().Name != "Webull Canada" {
		t.Errorf("the portal's connection is %q", p.Connection().Name)
	}

	// The first sync: two active, Vanguard US disabled with SnapTrade's reason.
	res, err := a.Refresh(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	statuses := statusesByName(ctx, a, res)
	if statuses["Webull Canada"] != app.StatusActive || statuses["Fidelity"] != app.StatusActive || statuses["Vanguard US"] != app.StatusDisabled {
		t.Fatalf("statuses %v", statuses)
	}
	vanguard, _ := a.Connection(ctx, byName["Vanguard US"].ID)
	if vanguard.DisabledReason == "" {
		t.Error("no reason for the Disabled badge")
	}
	for _, r := range res {
		if r.ConnectionID == vanguard.ID && (!errors.Is(r.Err, integrations.ErrReauthRequired) || !strings.Contains(r.Err.Error(), "Vanguard US as disabled")) {
			t.Errorf("Vanguard's sync: %v", r.Err)
		}
	}
	if accts, _ := a.Accounts(ctx, byName["Webull Canada"].ID); len(accts) != 2 {
		t.Errorf("Webull Canada's accounts: %d", len(accts))
	}
	accountsBefore := slices.Clone(vanguard.AccountIDs)
	if len(accountsBefore) != 1 {
		t.Fatalf("Vanguard's accounts %v", accountsBefore)
	}

	// Repair: the portal in reconnect mode for that connection.
	p, err = a.NewPortal(ctx, app.PortalRequest{ConnectionID: vanguard.ID})
	if err != nil {
		t.Fatal(err)
	}
	step, err = p.Begin(ctx, "", nil)
	if _, ok := step.(*integrations.BrowserStep); !ok || err != nil {
		t.Fatalf("repair's first step %T %v", step, err)
	}
	if ll := srv.LastLogin(); ll.Reconnect != snaptradefake.VanguardAuthID || ll.Broker != "" {
		t.Errorf("the repair did not use reconnect mode: %+v", ll)
	}
	step, err = p.Next(ctx, integrations.Answer{})
	if _, ok := step.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("repair: %T %v", step, err)
	}
	if err := <-browser.errs; err != nil {
		t.Fatalf("the portal: %v", err)
	}
	if p.Connection().ID != vanguard.ID {
		t.Fatalf("the repair made connection %s, not %s", p.Connection().ID, vanguard.ID)
	}
	res, err = a.Refresh(ctx, []string{vanguard.ID}, nil)
	if err != nil || res[0].Err != nil || res[0].Status != app.StatusActive {
		t.Fatalf("sync after the repair: %+v %v", res, err)
	}
	wantRepaired(t, a, vanguard.ID, accountsBefore)
	if after, _ := a.Connection(ctx, vanguard.ID); a.Status(after) != app.StatusActive {
		t.Errorf("after the repair %+v", after)
	}
	if accts, _ := a.Accounts(ctx, vanguard.ID); len(accts) != 1 || accts[0].ID != accountsBefore[0] || accts[0].Stale {
		t.Errorf("Vanguard's accounts after the repair %+v", accts)
	}
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if len(browser.opened) != 2 {
		t.Errorf("the browser opened %d pages", len(browser.opened))
	}
}
