package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/internal/apptest"
)

// fileInst is an import institution whose login hands over a dataset, and
// a bridge-like one whose login finds three authorizations.
type fileInst struct {
	id   string
	data func() *integrations.Dataset
	also int // sibling grants (bridge)
}

func (f *fileInst) Institution() integrations.Institution {
	return integrations.Institution{ID: f.id, Name: "File Bank", DisplayName: "File Bank", Region: "US", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthImport, Label: "Import statements"}},
		Capabilities: []integrations.Capability{integrations.CapHoldings, integrations.CapTransactions}, StaleAfter: 35 * 24 * time.Hour}
}

func (f *fileInst) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	done := &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthImport, Fingerprint: integrations.Fingerprint(f.id, "acct-1")}}
	if f.data != nil {
		done.Data = f.data()
	}
	for i := range f.also {
		done.Also = append(done.Also, &integrations.DoneStep{Name: []string{"Webull Canada", "Fidelity", "Vanguard"}[i],
			Grant: integrations.Grant{Method: integrations.AuthBridge, Fingerprint: integrations.Fingerprint(f.id, "auth", string(rune('a'+i)))}})
	}
	if f.also > 0 {
		done.Name = "Robinhood"
	}
	return &doneLogin2{done}, nil
}

type doneLogin2 struct{ d *integrations.DoneStep }

func (l *doneLogin2) Next(context.Context, integrations.Answer) (integrations.Step, error) {
	return l.d, nil
}
func (l *doneLogin2) Paste(string) error { return nil }
func (l *doneLogin2) Close() error       { return nil }

func (f *fileInst) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, errors.New("an import connection has no client")
}

func statement(asOf string, price int64, acts ...string) *integrations.Dataset {
	d, _ := time.Parse(time.DateOnly, asOf)
	ds := &integrations.Dataset{AsOf: d,
		Accounts:   []integrations.Account{{ID: "acct-1", Number: "••••0001", Name: "Brokerage", Category: integrations.CategoryInvestment, Currency: "CAD"}},
		Balances:   map[string][]integrations.Balance{"acct-1": {{Currency: "CAD", Cash: decimal.NewFromInt(10), Total: decimal.NewFromInt(10 + 5*price)}}},
		Positions:  map[string][]integrations.Position{"acct-1": {{Symbol: integrations.Symbol{Ticker: "XEQT", Type: integrations.SecurityETF}, Units: decimal.NewFromInt(5), Price: decimal.NewFromInt(price), MarketValue: decimal.NewFromInt(5 * price), Currency: "CAD"}}},
		Activities: map[string][]integrations.Activity{},
	}
	for _, id := range acts {
		ds.Activities["acct-1"] = append(ds.Activities["acct-1"], integrations.Activity{ID: id, Type: integrations.ActivityBuy, TradeDate: integrations.Date(id[:10]), Symbol: "XEQT",
			Units: decimal.NewFromInt(1), Amount: decimal.NewFromInt(-30), Currency: "CAD"})
	}
	return ds
}

func newFileApp(t *testing.T, f *fileInst, clk *fakekit.Clock) *app.App {
	t.Helper()
	return app.New(app.Options{Vault: apptest.Vault(t, ""), Registry: fastRegistry(t, []integrations.Integration{f}, nil), Now: clk.Now})
}

// TestImportConnection: a connection fed by statements has its data from
// the start, re-importing the same file changes nothing, overlapping files
// merge, an older file is refused unless it is a backfill, sync reads
// nothing, and the status follows the statement's age.
func TestImportConnection(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	f := &fileInst{id: "filebank", data: func() *integrations.Dataset {
		return statement("2026-11-30", 30, "2026-11-02-a", "2026-11-15-b")
	}}
	a := newFileApp(t, f, clk)
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "filebank"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(ctx, integrations.AuthImport, nil); err != nil {
		t.Fatal(err)
	}
	c := *p.Connection()
	acts, _ := a.Activities(ctx, app.ActivityFilter{})
	pos, _ := a.Positions(ctx, "")
	if len(acts) != 2 || len(pos) != 1 {
		t.Fatalf("first import: %d activities, %d positions", len(acts), len(pos))
	}
	if st := a.Status(c); st != app.StatusActive {
		t.Fatalf("status %s", st)
	}
	if note := a.StatusNote(c); note != "Imported just now" {
		t.Fatalf("note %q", note)
	}

	// The same file again: nothing new.
	res, err := a.ImportData(ctx, c.ID, statement("2026-11-30", 30, "2026-11-02-a", "2026-11-15-b"), app.ImportOptions{})
	if err != nil || res.NewActivities != 0 || res.KnownActivities != 2 {
		t.Fatalf("same file twice: %+v %v", res, err)
	}
	if acts, _ := a.Activities(ctx, app.ActivityFilter{}); len(acts) != 2 {
		t.Fatalf("same file twice left %d activities", len(acts))
	}
	// An overlapping newer file merges and replaces the holdings.
	res, err = a.ImportData(ctx, c.ID, statement("2026-12-31", 33, "2026-11-15-b", "2026-12-10-c"), app.ImportOptions{})
	if err != nil || res.NewActivities != 1 || res.KnownActivities != 1 || res.HoldingsAsOf.IsZero() {
		t.Fatalf("overlap: %+v %v", res, err)
	}
	pos, _ = a.Positions(ctx, "")
	if !pos[0].Price.Equal(decimal.NewFromInt(33)) {
		t.Fatalf("holdings not from the newest statement: %v", pos[0].Price)
	}
	// An older one is refused; as a backfill its activities merge and its
	// holdings are not used.
	old := statement("2026-10-31", 20, "2026-10-03-z")
	if _, err := a.ImportData(ctx, c.ID, old, app.ImportOptions{}); !errors.Is(err, app.ErrOlderStatement) {
		t.Fatalf("older statement: %v", err)
	}
	res, err = a.ImportData(ctx, c.ID, old, app.ImportOptions{Backfill: true})
	if err != nil || res.NewActivities != 1 || !res.HoldingsAsOf.IsZero() {
		t.Fatalf("backfill: %+v %v", res, err)
	}
	if pos, _ = a.Positions(ctx, ""); !pos[0].Price.Equal(decimal.NewFromInt(33)) {
		t.Fatalf("a backfill replaced newer holdings: %v", pos[0].Price)
	}

	// Sync reads nothing (the client would fail) and leaves it active.
	r, err := a.Refresh(ctx, []string{c.ID}, nil)
	if err != nil || r[0].Err != nil || r[0].Status != app.StatusActive {
		t.Fatalf("sync of an import connection: %+v %v", r, err)
	}
	// 40 days after the newest statement (2026-12-31): expiring.
	clk.Add(70 * 24 * time.Hour)
	c, _ = a.Connection(ctx, c.ID)
	if st := a.Status(c); st != app.StatusExpiring {
		t.Fatalf("status after 70 days: %s", st)
	}
	if note := a.StatusNote(c); !strings.Contains(note, "days old: import a newer statement") {
		t.Fatalf("note %q", note)
	}
	accts, _ := a.Accounts(ctx, c.ID)
	if !accts[0].Stale {
		t.Fatal("an old statement's data is not marked stale")
	}
}

// TestLoginWithSiblings: a login that finds several authorizations (a
// bridge) makes one connection each, named after what it reaches, and a
// second login does not duplicate them.
func TestLoginWithSiblings(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	a := newFileApp(t, &fileInst{id: "bridge", also: 3}, clk)
	for range 2 {
		p, _ := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "bridge"})
		_, err := p.Begin(ctx, integrations.AuthImport, nil)
		if err != nil && !errors.Is(err, app.ErrAlreadyConnected) {
			t.Fatal(err)
		}
	}
	conns, _ := a.Connections(ctx)
	var labels []string
	for _, c := range conns {
		labels = append(labels, c.Label)
	}
	got := strings.Join(labels, ", ")
	for _, want := range []string{"Robinhood · via File Bank", "Webull Canada · via File Bank", "Fidelity · via File Bank", "Vanguard · via File Bank"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
	if len(conns) != 4 {
		t.Fatalf("%d connections: %s", len(conns), got)
	}
}
