package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// bridgeInst is a bridge-like institution: its login finds three
// authorizations (the first and two more), each a connection of its own;
// its grants can be removed at the bridge; it offers one extra action.
type bridgeInst struct {
	mu      sync.Mutex
	removed []string
	ran     []string
}

func (b *bridgeInst) Institution() integrations.Institution {
	return integrations.Institution{ID: "bridge", Name: "Bridge", DisplayName: "Bridge", Region: "global", Kind: integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthBridge, Label: "Key",
			Fields: []integrations.Field{{Name: "key", Label: "Key", Kind: integrations.FieldSecret}}}},
		Capabilities: []integrations.Capability{integrations.CapHoldings}}
}

func (b *bridgeInst) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	grant := func(id string) integrations.Grant {
		return integrations.Grant{Method: integrations.AuthBridge, Secret: []byte(id), Fingerprint: integrations.Fingerprint("bridge", id)}
	}
	done := &integrations.DoneStep{Grant: grant("auth-1"), Name: "Webull Canada",
		Also: []*integrations.DoneStep{{Grant: grant("auth-2"), Name: "Fidelity"}, {Grant: grant("auth-3"), Name: "Vanguard US"}}}
	return &integrations.FormLogin{Form: &integrations.FormStep{Fields: b.Institution().AuthMethods[0].Fields},
		Values:   map[string]string{"key": "k"},
		Validate: func(context.Context, map[string]string) (*integrations.DoneStep, error) { return done, nil }}, nil
}

func (b *bridgeInst) NewClient(_ context.Context, g integrations.Grant, _ integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	return bridgeClient{id: string(g.Secret)}, nil
}

func (b *bridgeInst) Remove(_ context.Context, g integrations.Grant, _ integrations.Env) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.removed = append(b.removed, string(g.Secret))
	return nil
}

func (b *bridgeInst) ExtraActions() []integrations.ExtraAction {
	return []integrations.ExtraAction{{ID: "refresh", Label: "Refresh at the bridge"}}
}

func (b *bridgeInst) RunAction(_ context.Context, id string, g integrations.Grant, _ integrations.Env) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ran = append(b.ran, id+":"+string(g.Secret))
	return nil
}

type bridgeClient struct{ id string }

func (c bridgeClient) Accounts(context.Context) ([]integrations.Account, error) {
	return []integrations.Account{{ID: c.id, Number: "••••" + c.id[len(c.id)-1:], Name: c.id, Currency: "USD", Category: integrations.CategoryInvestment}}, nil
}
func (c bridgeClient) Balances(context.Context, string) ([]integrations.Balance, error) {
	return []integrations.Balance{{Currency: "USD", Cash: decimal.NewFromInt(1), Total: decimal.NewFromInt(1)}}, nil
}
func (c bridgeClient) Positions(context.Context, string) ([]integrations.Position, error) {
	return nil, nil
}
func (c bridgeClient) Activities(context.Context, string, time.Time) ([]integrations.Activity, error) {
	return nil, nil
}

// TestBridgeConnections: one login at a bridge makes a connection per
// authorization, named after the brokerage it reaches, all synced; extra
// actions are listed and run; disconnect can remove the authorization at
// the bridge too.
func TestBridgeConnections(t *testing.T) {
	w := newWorld(t)
	b := &bridgeInst{}
	w.integrations = []integrations.Integration{b}
	w.endpoints = ""
	w.init()
	r := w.mustRun(unlock, "--password-stdin", "connect", "bridge", "--field", "key=k")
	if !strings.Contains(r.stderr, `Connected "Fidelity · via Bridge"`) || !strings.Contains(r.stderr, `Connected "Vanguard US · via Bridge"`) {
		t.Fatalf("siblings not announced:\n%s", r.stderr)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "connections")
	var conns []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
		Sync  map[string]struct {
			LastSuccess time.Time `json:"last_success"`
		} `json:"last_sync"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &conns); err != nil || len(conns) != 3 {
		t.Fatalf("connections: %v\n%s", err, r.stdout)
	}
	for _, c := range conns {
		if c.Sync["holdings"].LastSuccess.IsZero() {
			t.Errorf("%s was not synced after the connect", c.Label)
		}
	}
	r = w.mustRun(unlock, "--password-stdin", "action", conns[1].ID)
	if !strings.Contains(r.stdout, "Refresh at the bridge") {
		t.Fatalf("actions: %s", r.stdout)
	}
	w.mustRun(unlock, "--password-stdin", "action", conns[1].ID, "refresh")
	if r := w.run(unlock, "--password-stdin", "action", conns[1].ID, "nope"); r.code == 0 {
		t.Fatal("an unknown action ran")
	}
	r = w.mustRun(unlock, "--password-stdin", "disconnect", conns[0].ID)
	if !strings.Contains(r.stdout, "still exists at the institution") {
		t.Errorf("disconnect did not mention the authorization left at the bridge: %s", r.stdout)
	}
	w.mustRun(unlock, "--password-stdin", "disconnect", "--at-institution", conns[2].ID)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.ran) != 1 || len(b.removed) != 1 {
		t.Fatalf("ran %v, removed %v", b.ran, b.removed)
	}
}
