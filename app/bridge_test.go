package app_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/internal/apptest"
)

// TestRepairLiftsTheBudgetFloor: a repaired connection syncs at once,
// although its institution's budget allows no sync yet; the floor counts
// again from that sync.
func TestRepairLiftsTheBudgetFloor(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	s := &scriptInst{accounts: []string{"A1"}, price: 100, minGap: 4 * time.Hour, now: clk.Now}
	a, c := newScriptApp(t, s)
	syncOnce(t, a, c.ID)
	clk.Add(time.Hour)
	if r := syncOnce(t, a, c.ID); r.NextAllowed.IsZero() || s.reads != 1 {
		t.Fatalf("before the repair: %+v, %d reads", r, s.reads)
	}
	p, err := a.NewPortal(t.Context(), app.PortalRequest{ConnectionID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(t.Context(), "", nil); err != nil {
		t.Fatal(err)
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	if !cc.RepairedAt.Equal(clk.Now()) || !a.NextSyncAllowed(cc).IsZero() {
		t.Errorf("after the repair: repaired %s, next %s", cc.RepairedAt, a.NextSyncAllowed(cc))
	}
	clk.Add(time.Minute)
	if r := syncOnce(t, a, c.ID); !r.NextAllowed.IsZero() || r.Err != nil || s.reads != 2 {
		t.Fatalf("the sync after the repair: %+v, %d reads", r, s.reads)
	}
	clk.Add(time.Minute)
	if r := syncOnce(t, a, c.ID); !r.NextAllowed.Equal(clk.Now().Add(-time.Minute + 4*time.Hour)) {
		t.Errorf("the floor after that sync: %+v", r)
	}
}

// TestBudgetedSyncIsTriedOnce: a transient failure is retried within a
// sync, except at an institution that counts requests against a budget.
func TestBudgetedSyncIsTriedOnce(t *testing.T) {
	for _, gap := range []time.Duration{0, 4 * time.Hour} {
		s := &scriptInst{accounts: []string{"A1"}, price: 100, minGap: gap, now: time.Now}
		a, c := newScriptApp(t, s)
		s.set(func(s *scriptInst) {
			s.errs = map[string]error{"accounts": integrations.Wrap(integrations.ErrUnavailable, "answered HTTP 503")}
		})
		if r := syncOnce(t, a, c.ID); !errors.Is(r.Err, integrations.ErrUnavailable) {
			t.Fatalf("gap %s: %+v", gap, r)
		}
		want := 2 // newScriptApp's MaxRetries is 1
		if gap > 0 {
			want = 1
		}
		if s.tries != want {
			t.Errorf("gap %s: %d tries, want %d", gap, s.tries, want)
		}
	}
}

// TestIncompleteActivitiesKept: an account whose listing the institution
// calls incomplete keeps its cached rows (none is taken as gone), gains
// the new ones, and the sync says so in the integration's words.
func TestIncompleteActivitiesKept(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1", "A2"}, price: 100}
	a, c := newScriptApp(t, s)
	syncOnce(t, a, c.ID)
	s.set(func(s *scriptInst) { s.partial = map[string]bool{"activities/A1": true} })
	r := syncOnce(t, a, c.ID)
	if r.Err != nil || !strings.Contains(r.Partial, "activities of ••••A1: the bridge says the listing is incomplete") {
		t.Fatalf("result %+v", r)
	}
	acts, err := a.Activities(t.Context(), app.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range acts {
		ids = append(ids, x.ID)
	}
	sort.Strings(ids)
	if want := []string{"d-A1", "d-A2", "p-A1"}; !slices.Equal(ids, want) {
		t.Errorf("activities %v, want %v", ids, want)
	}
}

// bridgeInst is a bridge whose login reaches the authorizations named in
// auths (each a fingerprint and a secret): the first is the DoneStep, the
// others its Also.
type bridgeInst struct {
	mu    sync.Mutex
	auths [][2]string
}

func (b *bridgeInst) Institution() integrations.Institution {
	return integrations.Institution{ID: "bridge", Name: "Bridge", DisplayName: "Bridge", Region: "global", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthBridge, Label: "Bridge"}},
		Capabilities: []integrations.Capability{integrations.CapHoldings}, Via: "bridge"}
}

func (b *bridgeInst) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var done *integrations.DoneStep
	for _, x := range b.auths {
		d := &integrations.DoneStep{Name: "Broker " + x[0], Grant: integrations.Grant{Method: integrations.AuthBridge,
			Secret: []byte(x[1]), Fingerprint: integrations.Fingerprint("bridge", x[0])}}
		if done == nil {
			done = d
		} else {
			done.Also = append(done.Also, d)
		}
	}
	return &doneLogin2{done}, nil
}

func (b *bridgeInst) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, errors.New("not used")
}

// TestBridgeLoginAddsNewAuthorizations: a bridge login whose first
// authorization is already connected still makes the new ones (an
// institution added at the bridge since), the first new one as the
// session's connection; with nothing new it is already connected. A repair
// whose login brings new keys for the siblings too gives them the keys.
func TestBridgeLoginAddsNewAuthorizations(t *testing.T) {
	ctx := t.Context()
	b := &bridgeInst{auths: [][2]string{{"A", "a1"}, {"B", "b1"}}}
	a := app.New(app.Options{Vault: apptest.Vault(t, ""), Registry: fastRegistry(t, []integrations.Integration{b}, nil)})
	login := func() (*app.Portal, error) {
		p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "bridge"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Begin(ctx, "", nil)
		return p, err
	}
	if p, err := login(); err != nil || len(p.Created()) != 2 {
		t.Fatalf("first login: %v", err)
	}
	b.auths = [][2]string{{"A", "a2"}, {"B", "b2"}, {"C", "c2"}}
	p, err := login()
	if err != nil {
		t.Fatalf("a login with a new authorization: %v", err)
	}
	if made := p.Created(); len(made) != 1 || made[0].Name != "Broker C" || p.Connection().Name != "Broker C" {
		t.Errorf("made %+v", made)
	}
	if conns, _ := a.Connections(ctx); len(conns) != 3 {
		t.Errorf("%d connections", len(conns))
	}
	if _, err := login(); !errors.Is(err, app.ErrAlreadyConnected) {
		t.Errorf("nothing new: %v", err)
	}

	conns, _ := a.Connections(ctx)
	byName := map[string]app.Connection{}
	for _, c := range conns {
		byName[c.Name] = c
	}
	b.auths = [][2]string{{"A", "a3"}, {"B", "b3"}}
	p, err = a.NewPortal(ctx, app.PortalRequest{ConnectionID: byName["Broker A"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(ctx, "", nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"Broker A": "a3", "Broker B": "b3", "Broker C": "c2"} {
		g, err := a.Grant(ctx, byName[name].ID)
		if err != nil || string(g.Secret) != want {
			t.Errorf("%s's grant %q %v, want %q", name, g.Secret, err, want)
		}
	}
	if c, _ := a.Connection(ctx, byName["Broker B"].ID); c.RepairedAt.IsZero() {
		t.Error("the sibling's repair is not recorded")
	}
}

// wantRepaired checks a bridge connection after its repair: its accounts
// are the ones it had before, it is not disabled, the bridge's three
// connections are all still there, and its history tells the disabling
// and the repair.
func wantRepaired(t *testing.T, a *app.App, id string, accountsBefore []string) {
	t.Helper()
	ctx := t.Context()
	after, _ := a.Connection(ctx, id)
	if !slices.Equal(after.AccountIDs, accountsBefore) || after.Disabled() {
		t.Errorf("after the repair %+v", after)
	}
	if conns, _ := a.Connections(ctx); len(conns) != 3 {
		t.Errorf("%d connections after the repair", len(conns))
	}
	hist, _ := a.History(ctx, id)
	if h := eventTypes(hist); !strings.Contains(h, "CONNECTION_DISABLED") || !strings.Contains(h, "RECONNECT_STARTED") ||
		!strings.Contains(h, "CONNECTION_REPAIRED") {
		t.Errorf("history %s", h)
	}
}

// bridgeConnections checks that the vault holds exactly the connections
// labelled want (in any order), all through the bridge inst, and returns
// them by institution name.
func bridgeConnections(t *testing.T, a *app.App, inst string, want ...string) map[string]app.Connection {
	t.Helper()
	conns, err := a.Connections(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	byName := map[string]app.Connection{}
	for _, c := range conns {
		labels = append(labels, c.Label)
		byName[c.Name] = c
		if c.InstitutionID != inst || c.Method != integrations.AuthBridge {
			t.Errorf("connection %+v", c)
		}
	}
	sort.Strings(labels)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(labels, want) {
		t.Fatalf("connections %q, want %q", labels, want)
	}
	return byName
}
