package app_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
	"github.com/latchkey/latchkey/internal/apptest"
)

// newImportApp is an app over a fresh vault with every shipped institution.
func newImportApp(t testing.TB, clk *fakekit.Clock) *app.App {
	t.Helper()
	dir := t.TempDir()
	v := apptest.Vault(t, dir)
	reg, err := integrations.NewRegistry(all.Integrations(dir)...)
	if err != nil {
		t.Fatal(err)
	}
	return app.New(app.Options{Vault: v, Registry: reg, DataDir: dir, Now: clk.Now})
}

// statementFile writes an import file where the user keeps downloads.
func statementFile(t testing.TB, f brokertest.ImportFile) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), f.Name)
	if err := os.WriteFile(p, f.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// importFile runs the portal's import method: a new connection at inst
// (connID "") or a repair of connID ("Import a newer statement"). Choice
// steps are answered with their first choice (import the good rows).
func importFile(t testing.TB, a *app.App, inst, connID, path string, values map[string]string) (*app.Portal, error) {
	t.Helper()
	ctx := t.Context()
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: inst, ConnectionID: connID})
	if err != nil {
		t.Fatal(err)
	}
	v := map[string]string{"file": path}
	for k, x := range values {
		v[k] = x
	}
	method := integrations.AuthImport
	if connID != "" {
		method = "" // reconnect mode picks the connection's own method
	}
	step, err := p.Begin(ctx, method, v)
	for i := 0; err == nil && i < 5; i++ {
		switch st := step.(type) {
		case *integrations.DoneStep:
			return p, nil
		case *integrations.ChoiceStep:
			step, err = p.Next(ctx, integrations.Answer{Values: map[string]string{st.Field.Name: st.Field.Choices[0].Value}})
		default:
			t.Fatalf("import stopped at %T", step)
		}
	}
	p.Abandon(ctx)
	return p, err
}

func unitsOf(t *testing.T, a *app.App, ticker string) decimal.Decimal {
	t.Helper()
	pos, err := a.Positions(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pos {
		if p.Symbol.Ticker == ticker {
			return p.Units
		}
	}
	return decimal.Zero
}

// TestImportWebullCanada is issue 13's "done when": on a fresh vault, an
// import of Webull Canada's orders records makes a connection with
// accounts, holdings and activity; a second, newer file updates it; the
// connection shows as expiring once its statement is stale, and its repair
// imports a newer statement into the same connection.
func TestImportWebullCanada(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 2, 3, 12, 0, 0, 0, time.UTC))
	a := newImportApp(t, clk)
	base, _ := importtest.Base("webull-ca")
	p, err := importFile(t, a, "webull-ca", "", statementFile(t, base), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *p.Connection()
	if c.Method != integrations.AuthImport || !c.FedByData() {
		t.Fatalf("connection method %q", c.Method)
	}
	if r := p.Imported(); r == nil || r.NewActivities != 3 || r.KnownActivities != 0 || r.Accounts != 1 || r.HoldingsAsOf.IsZero() {
		t.Fatalf("first import: %+v", r)
	}
	accts, _ := a.Accounts(ctx, c.ID)
	if len(accts) != 1 || accts[0].Currency != "CAD" || !strings.Contains(accts[0].Name, "Webull Canada") {
		t.Fatalf("accounts %+v", accts)
	}
	if len(c.AccountIDs) != 1 {
		t.Fatalf("account ids %v: listed twice?", c.AccountIDs)
	}
	acts, _ := a.Activities(ctx, app.ActivityFilter{})
	if len(acts) != 3 {
		t.Fatalf("%d activities", len(acts))
	}
	// Holdings are the trades summed: 25 − 10 XEQT, 5 RY.
	if u := unitsOf(t, a, "XEQT"); !u.Equal(decimal.NewFromInt(15)) {
		t.Fatalf("XEQT units %s", u)
	}
	if u := unitsOf(t, a, "RY"); !u.Equal(decimal.NewFromInt(5)) {
		t.Fatalf("RY units %s", u)
	}
	if st, note := a.Status(c), a.StatusNote(c); st != app.StatusActive || note != "Imported just now" {
		t.Fatalf("status %s %q", st, note)
	}

	// A month later, the next file: one new order, two known.
	clk.Add(30 * 24 * time.Hour)
	next, _ := importtest.Overlap("webull-ca")
	p, err = importFile(t, a, "", c.ID, statementFile(t, next), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Connection().ID != c.ID {
		t.Fatal("the newer statement made another connection")
	}
	if r := p.Imported(); r == nil || r.NewActivities != 1 || r.KnownActivities != 2 {
		t.Fatalf("newer file: %+v", r)
	}
	if u := unitsOf(t, a, "RY"); !u.Equal(decimal.NewFromInt(8)) {
		t.Fatalf("RY units after the newer file %s, want 5 + 3", u)
	}
	if acts, _ := a.Activities(ctx, app.ActivityFilter{}); len(acts) != 4 {
		t.Fatalf("%d activities after the newer file", len(acts))
	}

	// 40 days on: the statement is stale; the repair imports a newer one.
	clk.Add(40 * 24 * time.Hour)
	c, _ = a.Connection(ctx, c.ID)
	if st := a.Status(c); st != app.StatusExpiring {
		t.Fatalf("status after 40 days: %s", st)
	}
	if note := a.StatusNote(c); !strings.Contains(note, "40 days old: import a newer statement") {
		t.Fatalf("note %q", note)
	}
	p, err = importFile(t, a, "", c.ID, statementFile(t, next), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Imported(); r == nil || r.NewActivities != 0 || r.KnownActivities != 3 {
		t.Fatalf("the same file again: %+v", r)
	}
	c, _ = a.Connection(ctx, c.ID)
	if st := a.Status(c); st != app.StatusActive {
		t.Fatalf("status after the repair: %s", st)
	}
	if acts, _ := a.Activities(ctx, app.ActivityFilter{}); len(acts) != 4 {
		t.Fatalf("%d activities after the same file again", len(acts))
	}
	ev, _ := a.History(ctx, c.ID)
	if !slices.ContainsFunc(ev, func(e app.Event) bool { return e.Type == app.EventConnectionRepaired }) {
		t.Fatal("no CONNECTION_REPAIRED event for the newer statement")
	}
}

// TestImportEveryInstitution: every institution offering the import method
// makes a connection from its base statement and takes its next one into
// the same connection, the shared rows once.
func TestImportEveryInstitution(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	reg, _ := integrations.NewRegistry(all.Integrations(t.TempDir())...)
	n := 0
	for _, in := range reg.List() {
		inst := in.Institution()
		if _, ok := inst.Method(integrations.AuthImport); !ok {
			continue
		}
		n++
		t.Run(inst.ID, func(t *testing.T) {
			ctx := t.Context()
			a := newImportApp(t, clk)
			base, ok := importtest.Base(inst.ID)
			if !ok {
				t.Fatalf("no statement file for %s", inst.ID)
			}
			p, err := importFile(t, a, inst.ID, "", statementFile(t, base), nil)
			if err != nil {
				t.Fatal(err)
			}
			c := *p.Connection()
			first := p.Imported()
			if first == nil || first.NewActivities == 0 {
				t.Fatalf("first import: %+v", first)
			}
			accts, _ := a.Accounts(ctx, c.ID)
			if len(accts) == 0 || len(accts) != len(c.AccountIDs) {
				t.Fatalf("%d accounts, ids %v", len(accts), c.AccountIDs)
			}
			next, _ := importtest.Overlap(inst.ID)
			p, err = importFile(t, a, "", c.ID, statementFile(t, next), nil)
			if err != nil {
				t.Fatal(err)
			}
			r := p.Imported()
			if p.Connection().ID != c.ID || r == nil || r.NewActivities == 0 || r.KnownActivities == 0 {
				t.Fatalf("the next statement: %+v", r)
			}
			acts, _ := a.Activities(ctx, app.ActivityFilter{})
			if len(acts) != first.NewActivities+r.NewActivities {
				t.Fatalf("%d activities kept, want %d + %d", len(acts), first.NewActivities, r.NewActivities)
			}
		})
	}
	if n < 12 {
		t.Fatalf("%d institutions offer the import method", n)
	}
}

// TestImportRefusals: a file of another account is refused with nothing
// changed; an older statement with holdings is a backfill the user
// confirms; a connection fed by files is not read by a client.
func TestImportRefusals(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	a := newImportApp(t, clk)
	base, _ := importtest.Base("vanguard")
	next, _ := importtest.Overlap("vanguard")
	p, err := importFile(t, a, "vanguard", "", statementFile(t, next), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *p.Connection()
	before, _ := a.Activities(ctx, app.ActivityFilter{})

	// Another account's file.
	other := brokertest.ImportFile{Name: "OfxDownload.csv", Data: []byte(strings.NewReplacer("12345678", "13572468", "87654321", "24681357").Replace(string(base.Data)))}
	if _, err := importFile(t, a, "", c.ID, statementFile(t, other), nil); !errors.Is(err, integrations.ErrDifferentLogin) {
		t.Fatalf("another account's file: %v", err)
	}
	if acts, _ := a.Activities(ctx, app.ActivityFilter{}); len(acts) != len(before) {
		t.Fatal("a refused file changed the activities")
	}

	// The older statement: a backfill, asked first; its holdings are not used.
	pp, err := a.NewPortal(ctx, app.PortalRequest{ConnectionID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	step, err := pp.Begin(ctx, "", map[string]string{"file": statementFile(t, base)})
	st, ok := step.(*integrations.ChoiceStep)
	if err != nil || !ok || st.Field.Name != "backfill" {
		t.Fatalf("an older statement: %T %v", step, err)
	}
	if _, err := pp.Next(ctx, integrations.Answer{Values: map[string]string{"backfill": "backfill"}}); err != nil {
		t.Fatal(err)
	}
	if r := pp.Imported(); r == nil || !r.HoldingsAsOf.IsZero() || r.NewActivities != 1 {
		t.Fatalf("backfill: %+v", r)
	}
	c2, _ := a.Connection(ctx, c.ID)
	if !c2.DataAsOf.Equal(c.DataAsOf) {
		t.Fatalf("a backfill moved the statement date from %s to %s", c.DataAsOf, c2.DataAsOf)
	}
	res, err := a.Refresh(ctx, []string{c.ID}, nil)
	if err != nil || res[0].Err != nil {
		t.Fatalf("sync of an import connection: %v %v", err, res[0].Err)
	}
}
