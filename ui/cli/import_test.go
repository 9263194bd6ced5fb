package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/importer"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
	"github.com/latchkey/latchkey/ui/cli"
)

// importWorld is a world whose registry has the demo and the import
// institutions, with a vault.
func importWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	w.integrations = append(demo.New(demo.Options{DataDir: w.dir, ApproveAfter: -1, PollInterval: time.Millisecond}), importer.New()...)
	w.init()
	return w
}

// statement writes an import file under name and returns its path.
func (w *world) statement(name string, data []byte) string {
	w.t.Helper()
	dir := filepath.Join(w.dir, "downloads")
	_ = os.MkdirAll(dir, 0o700)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		w.t.Fatal(err)
	}
	return p
}

type importDoc struct {
	ID      string `json:"id"`
	Method  string `json:"method"`
	Status  string `json:"status"`
	Imports []struct {
		File            string  `json:"file"`
		NewActivities   int     `json:"new_activities"`
		KnownActivities int     `json:"known_activities"`
		HoldingsAsOf    *string `json:"holdings_as_of"`
		SkippedRows     int     `json:"skipped_rows"`
		Problems        []struct {
			Line   int    `json:"line"`
			Reason string `json:"reason"`
		} `json:"problems"`
	} `json:"imports"`
	Import     json.RawMessage `json:"import"`
	Connection struct {
		ID string `json:"id"`
	} `json:"connection"`
}

func decode(t *testing.T, s string) importDoc {
	t.Helper()
	var d importDoc
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("--json output %q: %v", s, err)
	}
	return d
}

// TestImportCommands: connect webull-ca --method import --file makes the
// connection with its accounts, holdings and activity; latchkey import takes
// a newer file into it; --json says what changed.
func TestImportCommands(t *testing.T) {
	w := importWorld(t)
	base, _ := importtest.Base("webull-ca")
	next, _ := importtest.Overlap("webull-ca")
	r := w.mustRun(pw+"\n", "--password-stdin", "--json", "connect", "webull-ca", "--method", "import", "--file", w.statement(base.Name, base.Data))
	doc := decode(t, r.stdout)
	if doc.ID == "" || doc.Method != "import" || doc.Status != "active" {
		t.Fatalf("connect --json: %s", r.stdout)
	}
	var first struct {
		NewActivities int     `json:"new_activities"`
		HoldingsAsOf  *string `json:"holdings_as_of"`
	}
	if err := json.Unmarshal(doc.Import, &first); err != nil || first.NewActivities != 3 || first.HoldingsAsOf == nil {
		t.Fatalf("connect --json import: %s (%v)", doc.Import, err)
	}
	pos := w.mustRun(pw+"\n", "--password-stdin", "positions")
	if !strings.Contains(pos.stdout, "XEQT") || !strings.Contains(pos.stdout, "RY") {
		t.Fatalf("positions:\n%s", pos.stdout)
	}
	acts := w.mustRun(pw+"\n", "--password-stdin", "activities")
	if strings.Count(acts.stdout, "\n") != 4 { // header + 3
		t.Fatalf("activities:\n%s", acts.stdout)
	}

	// The newer file, without --json: the id on stdout, the counts on stderr.
	r = w.mustRun(pw+"\n", "--password-stdin", "import", doc.ID, w.statement("newer.csv", next.Data))
	if strings.TrimSpace(r.stdout) != doc.ID || !strings.Contains(r.stderr, "1 new activities, 2 already known") {
		t.Fatalf("import: stdout %q stderr %q", r.stdout, r.stderr)
	}
	// Both files again, as JSON: nothing new.
	r = w.mustRun(pw+"\n", "--password-stdin", "--json", "import", doc.ID, w.statement(base.Name, base.Data), w.statement("newer.csv", next.Data))
	d := decode(t, r.stdout)
	if d.Connection.ID != doc.ID || len(d.Imports) != 2 || d.Imports[0].NewActivities != 0 || d.Imports[1].NewActivities != 0 ||
		d.Imports[1].KnownActivities != 3 {
		t.Fatalf("import twice --json: %s", r.stdout)
	}
	// reconnect --file is the same repair ("Import a newer statement").
	r = w.mustRun(pw+"\n", "--password-stdin", "reconnect", doc.ID, "--file", w.statement("newer.csv", next.Data))
	if strings.TrimSpace(r.stdout) != doc.ID || !strings.Contains(r.stderr, "Imported into") || !strings.Contains(r.stderr, "0 new activities, 3 already known") {
		t.Fatalf("reconnect --file: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = w.mustRun(pw+"\n", "--password-stdin", "connections")
	if strings.Count(r.stdout, "webull-ca") != 1 {
		t.Fatalf("connections:\n%s", r.stdout)
	}
}

// TestImportNeedsTheUser: bad rows, an older statement and an unknown CSV
// stop with exit 6 when stdin is not a terminal; the flags (or the
// terminal) answer them; the vault is never read as a statement.
func TestImportNeedsTheUser(t *testing.T) {
	w := importWorld(t)
	base, _ := importtest.Base("fidelity")
	next, _ := importtest.Overlap("fidelity")
	r := w.mustRun(pw+"\n", "--password-stdin", "--json", "connect", "fidelity", "--method", "import", "--file", w.statement("new.csv", next.Data))
	id := decode(t, r.stdout).ID

	bad := w.statement("bad.csv", bytes.Replace(base.Data, []byte("1241.98"), []byte("12x41.98"), 1))
	r = w.run(pw+"\n", "--password-stdin", "import", id, bad)
	if r.code != cli.ExitNeedsUser || !strings.Contains(r.stderr, "line 4") || !strings.Contains(r.stderr, "--accept-bad-rows") {
		t.Fatalf("bad rows without a terminal: exit %d\n%s", r.code, r.stderr)
	}
	r = w.mustRun(pw+"\n", "--password-stdin", "--json", "import", "--accept-bad-rows", id, bad)
	d := decode(t, r.stdout)
	if len(d.Imports) != 1 || d.Imports[0].SkippedRows != 1 || len(d.Imports[0].Problems) != 1 || d.Imports[0].Problems[0].Line != 4 ||
		!strings.Contains(d.Imports[0].Problems[0].Reason, "not a number") {
		t.Fatalf("--accept-bad-rows --json: %s", r.stdout)
	}

	// The vault is not a statement.
	r = w.run(pw+"\n", "--password-stdin", "import", id, w.vault)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "vault") {
		t.Fatalf("the vault as a statement: exit %d %s", r.code, r.stderr)
	}
	// Another account's file: refused, exit 1, nothing changed.
	wrong := w.statement("wrong.csv", []byte(strings.NewReplacer("X11111111", "X99999999", "Z22222222", "Z88888888").Replace(string(base.Data))))
	r = w.run(pw+"\n", "--password-stdin", "import", id, wrong)
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "statement refused") || !strings.Contains(r.stderr, "••••9999") ||
		strings.Contains(r.stderr, "X99999999") {
		t.Fatalf("another account's file: exit %d %s", r.code, r.stderr)
	}
	// A file that is no statement: the reason, exit 1.
	r = w.run(pw+"\n", "--password-stdin", "import", id, w.statement("x.csv", []byte{0xff, 0x00, 0x13, 0x37}))
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "statement not imported") {
		t.Fatalf("a file that is no statement: exit %d %s", r.code, r.stderr)
	}
	// Usage: --file without --method import elsewhere; import into an API connection.
	if r := w.run(pw+"\n", "--password-stdin", "connect", "demo", "--method", "credentials", "--file", bad); r.code != cli.ExitUsage {
		t.Fatalf("--file with another method: exit %d", r.code)
	}
	if r := w.run(pw+"\n", "--password-stdin", "connect", "webull-ca", "--method", "import"); r.code != cli.ExitUsage {
		t.Fatalf("--method import without --file: exit %d", r.code)
	}
	// An unknown CSV: the mapping needs the user. (Into a connection of
	// one account: the file names none.)
	rb, _ := importtest.Base("robinhood")
	r = w.mustRun(pw+"\n", "--password-stdin", "--json", "connect", "robinhood", "--method", "import", "--file", w.statement("rh.csv", rb.Data))
	id = decode(t, r.stdout).ID
	other := w.statement("mine.csv", []byte("When,What,Ticker,Qty,Cash\n2026-10-01,Buy,VTI,1,-240.00\n2026-10-02,Dividend,VTI,0,1.20\n"))
	r = w.run(pw+"\n", "--password-stdin", "import", id, other)
	if r.code != cli.ExitNeedsUser || !strings.Contains(r.stderr, "mapped") {
		t.Fatalf("unknown CSV without a terminal: exit %d\n%s", r.code, r.stderr)
	}
	// On a terminal: Enter keeps every proposal but the date and amount.
	w.terminal = true
	answers := pw + "\n" + strings.Repeat("\n", 0)
	// Fields: kind, date, type, symbol, units, price, amount, fee, currency,
	// description, market value, date format, decimal, default currency,
	// next. The date is column 2 (choice 2: "When"); cash is choice 6.
	answers += "\n2\n\n\n\n\n6\n\n\n\n\n\n\n\n\n"
	r = w.run(answers, "--password-stdin", "--json", "import", id, other)
	if r.code != 0 {
		t.Fatalf("mapping on a terminal: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if d := decode(t, r.stdout); d.Imports[0].NewActivities != 2 {
		t.Fatalf("mapped import: %s", r.stdout)
	}
	if !strings.Contains(r.stderr, "line 2: 2026-10-01 | Buy | VTI | 1 | -240.00") {
		t.Fatalf("no preview:\n%s", r.stderr)
	}
	// The mapping is saved: the next file of the same shape, without a terminal.
	w.terminal = false
	more := w.statement("mine2.csv", []byte("When,What,Ticker,Qty,Cash\n2026-10-05,Sell,VTI,-1,241.00\n"))
	r = w.mustRun(pw+"\n", "--password-stdin", "--json", "import", id, more)
	if d := decode(t, r.stdout); d.Imports[0].NewActivities != 1 {
		t.Fatalf("the saved mapping: %s", r.stdout)
	}
}
