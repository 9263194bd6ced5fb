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
	return []integrations.Account{{ID: c.id, Number: "••••000" + c.id[len(c.id)-1:], Name: c.id, Currency: "USD", Category: integrations.CategoryInvestment}}, nil
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

// directFidelity is a direct login to the Fidelity account that
// bridgeInst's second authorization reaches (••••0002, USD).
type directFidelity struct{}

func (directFidelity) Institution() integrations.Institution {
	return integrations.Institution{ID: "fidelity-direct", Name: "Fidelity Investments", DisplayName: "Fidelity", Region: "US", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthAPIKey, Label: "Key", Fields: []integrations.Field{{Name: "key", Label: "Key", Kind: integrations.FieldSecret}}}},
		Capabilities: []integrations.Capability{integrations.CapHoldings}}
}

func (d directFidelity) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	done := &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthAPIKey, Secret: []byte("auth-2"), Fingerprint: integrations.Fingerprint("fidelity-direct", "me")}}
	return &integrations.FormLogin{Form: &integrations.FormStep{Fields: d.Institution().AuthMethods[0].Fields},
		Values:   map[string]string{"key": "k"},
		Validate: func(context.Context, map[string]string) (*integrations.DoneStep, error) { return done, nil }}, nil
}

func (directFidelity) NewClient(_ context.Context, g integrations.Grant, _ integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	return bridgeClient{id: string(g.Secret)}, nil
}

// TestDuplicateAccountsCountedOnce: the Fidelity account reached through
// the bridge and by a direct login is counted once in the summary, which
// says so; `duplicates` lists both routes and which is counted, and
// --count moves it.
func TestDuplicateAccountsCountedOnce(t *testing.T) {
	w := newWorld(t)
	w.integrations = []integrations.Integration{&bridgeInst{}, directFidelity{}}
	w.endpoints = ""
	w.init()
	w.mustRun(unlock, "--password-stdin", "connect", "bridge", "--field", "key=k")
	w.mustRun(unlock, "--password-stdin", "connect", "fidelity-direct", "--field", "key=k")
	type group struct {
		Key      string `json:"key"`
		Number   string `json:"number"`
		Counted  string `json:"counted"`
		Chosen   bool   `json:"chosen"`
		Accounts []struct {
			Ref          string `json:"id"`
			ConnectionID string `json:"connection"`
		} `json:"accounts"`
	}
	var groups []group
	r := w.mustRun(unlock, "--password-stdin", "--json", "duplicates")
	if err := json.Unmarshal([]byte(r.stdout), &groups); err != nil || len(groups) != 1 || len(groups[0].Accounts) != 2 {
		t.Fatalf("duplicates: %v\n%s", err, r.stdout)
	}
	g := groups[0]
	if g.Number != "••••0002" || g.Chosen || g.Counted != g.Accounts[1].Ref {
		t.Errorf("the direct login's account should be counted by default: %+v", g)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "summary")
	var sum struct {
		Accounts []struct {
			ID string `json:"id"`
		} `json:"accounts"`
		Duplicates []group `json:"duplicates"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, a := range sum.Accounts {
		ids[a.ID]++
	}
	if len(sum.Accounts) != 3 || ids[g.Accounts[0].Ref] != 0 || ids[g.Accounts[1].Ref] != 1 || len(sum.Duplicates) != 1 {
		t.Errorf("the summary should count the Fidelity account once (3 accounts, the direct one): %s", r.stdout)
	}
	r = w.mustRun(unlock, "--password-stdin", "summary")
	if !strings.Contains(r.stdout, "Counted once: Fidelity Investments ••••0002 (USD) is reached by 2 connections") {
		t.Errorf("the summary should say the account is counted once:\n%s", r.stdout)
	}
	if r := w.run(unlock, "--password-stdin", "duplicates", "--count", "nope"); r.code != 2 {
		t.Errorf("--count of an unknown account: exit %d, want 2", r.code)
	}
	r = w.mustRun(unlock, "--password-stdin", "duplicates", "--count", g.Accounts[0].Ref)
	if !strings.Contains(r.stdout, "counted (your choice)") {
		t.Errorf("after --count:\n%s", r.stdout)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "summary")
	sum.Accounts = nil
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	ids = map[string]int{}
	for _, a := range sum.Accounts {
		ids[a.ID]++
	}
	if ids[g.Accounts[0].Ref] != 1 || ids[g.Accounts[1].Ref] != 0 {
		t.Errorf("after --count the bridge's account should be the one counted: %s", r.stdout)
	}
}
