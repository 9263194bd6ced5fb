package app_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

// memInst is an institution whose logins end at once with the accounts of
// the login named by Values["user"]; a bridge's login reaches reaches[user]
// (DoneStep.Name and Monogram).
type memInst struct {
	inst     integrations.Institution
	accounts map[string][]integrations.Account // by user
	reaches  map[string][2]string              // by user: name, monogram
}

func (m *memInst) Institution() integrations.Institution { return m.inst }

func (m *memInst) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	user := req.Values["user"]
	d := &integrations.DoneStep{Grant: integrations.Grant{Method: req.Method, Secret: []byte(user), Fingerprint: integrations.Fingerprint(m.inst.ID, user)},
		Name: m.reaches[user][0], Monogram: m.reaches[user][1]}
	return memLogin{d}, nil
}

type memLogin struct{ d *integrations.DoneStep }

func (l memLogin) Next(context.Context, integrations.Answer) (integrations.Step, error) {
	return l.d, nil
}
func (l memLogin) Paste(string) error { return nil }
func (l memLogin) Close() error       { return nil }

func (m *memInst) NewClient(_ context.Context, g integrations.Grant, _ integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	return memClient(m.accounts[string(g.Secret)]), nil
}

type memClient []integrations.Account

func (c memClient) Accounts(context.Context) ([]integrations.Account, error) { return c, nil }
func (c memClient) Balances(_ context.Context, id string) ([]integrations.Balance, error) {
	for _, a := range c {
		if a.ID == id {
			return []integrations.Balance{{Currency: a.Currency, Cash: decimal.NewFromInt(100), Total: decimal.NewFromInt(100)}}, nil
		}
	}
	return nil, errors.New("no account")
}
func (c memClient) Positions(context.Context, string) ([]integrations.Position, error) {
	return nil, nil
}
func (c memClient) Activities(context.Context, string, time.Time) ([]integrations.Activity, error) {
	return nil, nil
}

func memInstitution(id, name string, method integrations.AuthKind) integrations.Institution {
	return integrations.Institution{ID: id, Name: name, DisplayName: name, Region: "US", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: method, Label: "Log in"}},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings},
		Endpoints:    []integrations.Endpoint{{Name: "api", URL: "http://127.0.0.1:1"}}}
}

func acct(id, number, cur string) integrations.Account {
	return integrations.Account{ID: id, Number: number, Name: id, Category: integrations.CategoryInvestment, Currency: cur, Status: "open"}
}

// dupEnv is an app over a direct Questrade-like institution, a direct
// Wealthsimple-like one and a bridge that reaches both (and Fidelity).
type dupEnv struct {
	v   *vault.Vault
	reg *integrations.Registry
	a   *app.App
	ids map[string]string // connection label → id
}

func newDupEnv(t *testing.T) *dupEnv {
	t.Helper()
	ctx := t.Context()
	direct := &memInst{inst: memInstitution("questrade", "Questrade", integrations.AuthToken), accounts: map[string][]integrations.Account{
		"q": {acct("Q1", "••••8443", "CAD"), acct("Q2", "••••1111", "USD"), acct("Q3", "••••2222", "CAD"), acct("Q4", "••••12", "CAD"),
			acct("Q5", "••••7777", "CAD"), acct("Q6", "xxxx-7777", "CAD")},
	}}
	ws := &memInst{inst: memInstitution("wealthsimple", "Wealthsimple", integrations.AuthCredentials), accounts: map[string][]integrations.Account{
		"w": {acct("W1", "••••4040", "CAD")},
	}}
	paper := acct("P1", "••••9999", "CAD")
	paper.Paper = true
	bridge := &memInst{inst: memInstitution("bridge", "Bridge", integrations.AuthBridge), accounts: map[string][]integrations.Account{
		// through the bridge: Questrade (its monogram names the direct id)
		"bq": {acct("bq-1", "Q6542138443", "CAD"), acct("bq-2", "••••1111", "CAD"), acct("bq-5", "••••7777", "CAD"), acct("bq-9", "••••9999", "CAD")},
		// Wealthsimple Trade, matched by name only
		"bw": {acct("bw-1", "••••4040", "CAD")},
		// Fidelity: same last four as a Questrade account, another institution
		"bf": {acct("bf-1", "••••2222", "CAD")},
	}, reaches: map[string][2]string{"bq": {"Questrade", "questrade"}, "bw": {"Wealthsimple Trade", ""}, "bf": {"Fidelity", ""}}}
	directPaper := &memInst{inst: memInstitution("questrade-practice", "Questrade", integrations.AuthToken), accounts: map[string][]integrations.Account{
		"qp": {paper},
	}}
	dir := t.TempDir()
	v := apptest.Vault(t, dir)
	reg, err := integrations.NewRegistry(direct, ws, bridge, directPaper)
	if err != nil {
		t.Fatal(err)
	}
	e := &dupEnv{v: v, reg: reg, a: app.New(app.Options{Vault: v, Registry: reg, DataDir: dir}), ids: map[string]string{}}
	connect := func(inst, user, label string) {
		t.Helper()
		p, err := e.a.NewPortal(ctx, app.PortalRequest{InstitutionID: inst, Label: label})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Begin(ctx, "", map[string]string{"user": user}); err != nil {
			t.Fatal(err)
		}
		e.ids[label] = p.Connection().ID
	}
	connect("questrade", "q", "Questrade direct")
	connect("wealthsimple", "w", "Wealthsimple direct")
	connect("questrade-practice", "qp", "Questrade practice")
	connect("bridge", "bq", "Questrade · via Bridge")
	connect("bridge", "bw", "Wealthsimple Trade · via Bridge")
	connect("bridge", "bf", "Fidelity · via Bridge")
	if res, err := e.a.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	} else {
		for _, r := range res {
			if r.Err != nil {
				t.Fatalf("sync %s: %v", r.ConnectionID, r.Err)
			}
		}
	}
	return e
}

func refOf(t *testing.T, a *app.App, connID, acctID string) string {
	t.Helper()
	views, err := a.Accounts(t.Context(), connID)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		if v.ID == acctID {
			return v.Ref
		}
	}
	t.Fatalf("no account %s in %s", acctID, connID)
	return ""
}

func TestDuplicateAccounts(t *testing.T) {
	e := newDupEnv(t)
	ctx := t.Context()
	groups, err := e.a.DuplicateAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type got struct{ inst, number, cur, accts, counted string }
	var list []got
	for _, g := range groups {
		var ids []string
		for _, v := range g.Accounts {
			ids = append(ids, v.ID)
		}
		counted := ""
		for _, v := range g.Accounts {
			if v.Ref == g.Counted {
				counted = v.ID
			}
		}
		if g.Chosen || len(g.Key) != 24 {
			t.Errorf("group %+v", g)
		}
		list = append(list, got{g.Institution, g.Number, g.Currency, strings.Join(ids, ","), counted})
	}
	// The same Questrade account both ways (by monogram and name); the
	// Wealthsimple one by name. Not: another currency (••••1111), another
	// institution (••••2222), a number showing two digits, a paper account
	// against a live one, and ••••7777, which two accounts of one connection
	// show.
	want := []got{
		{"Questrade", "••••8443", "CAD", "Q1,bq-1", "Q1"},
		{"Wealthsimple", "••••4040", "CAD", "W1,bw-1", "W1"},
	}
	sort.Slice(list, func(i, j int) bool { return list[i].number < list[j].number })
	sort.Slice(want, func(i, j int) bool { return want[i].number < want[j].number })
	if len(list) != len(want) {
		t.Fatalf("groups %+v, want %+v", list, want)
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("group %+v, want %+v", list[i], want[i])
		}
	}
	unc, err := e.a.UncountedAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bq := refOf(t, e.a, e.ids["Questrade · via Bridge"], "bq-1")
	bw := refOf(t, e.a, e.ids["Wealthsimple Trade · via Bridge"], "bw-1")
	if len(unc) != 2 || !unc[bq] || !unc[bw] {
		t.Errorf("uncounted %v", unc)
	}

	// The user counts the bridge's side of the Questrade account; the
	// choice outlives the App.
	var q app.DuplicateGroup
	for _, g := range groups {
		if g.Number == "••••8443" {
			q = g
		}
	}
	direct := refOf(t, e.a, e.ids["Questrade direct"], "Q1")
	if err := e.a.CountDuplicate(ctx, q.Key, refOf(t, e.a, e.ids["Fidelity · via Bridge"], "bf-1")); !errors.Is(err, app.ErrNoDuplicate) {
		t.Errorf("counting an account outside the group: %v", err)
	}
	if err := e.a.CountDuplicate(ctx, "nope", bq); !errors.Is(err, app.ErrNoDuplicate) {
		t.Errorf("an unknown group: %v", err)
	}
	if err := e.a.CountDuplicate(ctx, q.Key, bq); err != nil {
		t.Fatal(err)
	}
	a2 := app.New(app.Options{Vault: e.v, Registry: e.reg})
	groups, _ = a2.DuplicateAccounts(ctx)
	for _, g := range groups {
		if g.Key == q.Key && (g.Counted != bq || !g.Chosen) {
			t.Errorf("after the choice %+v", g)
		}
	}
	unc, _ = a2.UncountedAccounts(ctx)
	if len(unc) != 2 || !unc[direct] || unc[bq] || !unc[bw] {
		t.Errorf("uncounted after the choice %v", unc)
	}

	// Once the bridge connection is gone, nothing is a duplicate of it.
	if err := a2.Disconnect(ctx, e.ids["Questrade · via Bridge"]); err != nil {
		t.Fatal(err)
	}
	unc, _ = a2.UncountedAccounts(ctx)
	if len(unc) != 1 || !unc[bw] {
		t.Errorf("uncounted after removing the bridge: %v", unc)
	}
}

// TestDuplicatesCountedOnceInTotals: an account reached by a bridge and by
// a direct login is counted once in the overview (its accounts, net worth,
// allocation and holdings), the overview names the group, and the
// connection's own row still counts its accounts; the user's choice moves
// which side is counted.
func TestDuplicatesCountedOnceInTotals(t *testing.T) {
	e := newDupEnv(t)
	ctx := t.Context()
	bq := refOf(t, e.a, e.ids["Questrade · via Bridge"], "bq-1")
	bw := refOf(t, e.a, e.ids["Wealthsimple Trade · via Bridge"], "bw-1")
	direct := refOf(t, e.a, e.ids["Questrade direct"], "Q1")
	counted := func() map[string]bool {
		t.Helper()
		ov, err := e.a.Overview(ctx, app.OverviewOptions{Currency: "CAD"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Duplicates) != 2 {
			t.Errorf("the overview names %d duplicate groups, want 2", len(ov.Duplicates))
		}
		m := map[string]bool{}
		for _, at := range ov.Accounts {
			if m[at.Ref] {
				t.Errorf("account %s listed twice", at.Ref)
			}
			m[at.Ref] = true
		}
		return m
	}
	all, err := e.a.Accounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := counted()
	if len(got) != len(all)-2 || got[bq] || got[bw] || !got[direct] {
		t.Errorf("counted %d of %d accounts (bridge Questrade %t, bridge Wealthsimple %t, direct %t)", len(got), len(all), got[bq], got[bw], got[direct])
	}
	totals, err := e.a.ConnectionTotals(ctx, "CAD")
	if err != nil {
		t.Fatal(err)
	}
	own, err := e.a.Accounts(ctx, e.ids["Questrade · via Bridge"])
	if err != nil {
		t.Fatal(err)
	}
	if ct := totals[e.ids["Questrade · via Bridge"]]; ct.Accounts != len(own) {
		t.Errorf("the bridge connection's own total counts %d accounts, want its %d", ct.Accounts, len(own))
	}
	// An account left out of totals is still one the user can ask about.
	if _, err := e.a.ValueHistory(ctx, app.HistoryQuery{AccountRef: bq}); err != nil {
		t.Errorf("the value history of the uncounted account: %v", err)
	}
	var key string
	groups, _ := e.a.DuplicateAccounts(ctx)
	for _, g := range groups {
		if g.Counted == direct {
			key = g.Key
		}
	}
	if err := e.a.CountDuplicate(ctx, key, bq); err != nil {
		t.Fatal(err)
	}
	got = counted()
	if !got[bq] || got[direct] || got[bw] {
		t.Errorf("after counting the bridge's side: bridge %t, direct %t", got[bq], got[direct])
	}
}
