package brokertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// RunImport runs the import section against h as subtests of t:
//
//   - Import/Method: the institution offers AuthImport with a label, help
//     (where the download lives) and one FieldFile field accepting .csv and
//     .ofx, and no secret field.
//   - Import/RoundTrip: Base makes a connection: a DoneStep whose grant has
//     the import method, a secret and a fingerprint, whose Accounts are
//     its Data's, and whose data passes the Data checks (masked numbers,
//     currencies, decimals, signs, unique ids, JSON as strings). The file is
//     left as it was and nothing is written beside it; neither the grant's
//     secret nor anything shown holds the file's name, its path or a full
//     account number.
//   - Import/SameFileTwice: Base imported again into that connection (a
//     repair login with its grant) gives the same accounts, activity ids and
//     holdings, and keeps the fingerprint.
//   - Import/Overlap: Overlap imported into it keeps the fingerprint, shares
//     activity ids with Base for the rows they share, and adds new ones.
//   - Import/WrongFile: Wrong imported into it is refused with
//     integrations.ErrDifferentLogin, whose detail says why.
//   - Import/BadRows: BadRows offers a ChoiceStep naming every bad line
//     ("line N"); its "cancel" choice ends the login with context.Canceled
//     and nothing; its other choice imports the good rows only.
//   - Import/Unreadable: an empty file, random bytes, a missing path and a
//     folder are refused (an error, or the same form back with
//     ErrInvalidCredentials), never imported, never a panic.
//   - Import/Fuzz: FuzzRuns mutations of Base (bytes flipped, cut, lines
//     dropped or doubled) end in a DoneStep with valid data, a step to
//     answer, or an error — never a panic or a hang.
//   - Import/NoLeaks: no error text or step message holds a full account
//     number.
func RunImport(t *testing.T, h ImportHarness) {
	t.Helper()
	runImport(wrapT(t), h)
}

// RunImportVariants runs RunImport for each integration offering the import
// method, as subtests named by institution id; one without a harness fails.
func RunImportVariants(t *testing.T, h ImportHarnessFunc, variants ...integrations.Integration) {
	t.Helper()
	for _, in := range variants {
		if _, ok := in.Institution().Method(integrations.AuthImport); !ok {
			continue
		}
		id := in.Institution().ID
		t.Run(id, func(t *testing.T) {
			ih, ok := h(in)
			if !ok {
				t.Fatalf("no import harness for %s, which offers the import method", id)
			}
			RunImport(t, ih)
		})
	}
}

func runImport(t tb, h ImportHarness) {
	t.Helper()
	if h.New == nil {
		t.Fatalf("brokertest: ImportHarness.New is nil")
	}
	for name, f := range map[string]ImportFile{"Base": h.Base, "Overlap": h.Overlap, "Wrong": h.Wrong, "BadRows": h.BadRows} {
		if len(f.Data) == 0 || f.Name == "" {
			t.Fatalf("brokertest: ImportHarness.%s has no name or no data", name)
		}
	}
	if len(h.BadLines) == 0 {
		t.Fatalf("brokertest: ImportHarness.BadLines is empty")
	}
	s := &suite{h: Harness{Skip: h.Skip}, exp: Expect{CallTimeout: 30 * time.Second, FullAccountNumbers: h.FullAccountNumbers},
		secrets: map[string]string{}}
	for _, n := range h.FullAccountNumbers {
		s.learn(n, "a full account number")
	}
	x := &importer{s: s, h: h}
	s.run(t, "", "Import", func(t tb, path string) {
		s.run(t, path, "Method", x.checkMethod)
		s.run(t, path, "RoundTrip", x.checkRoundTrip)
		s.run(t, path, "SameFileTwice", x.checkSameFileTwice)
		s.run(t, path, "Overlap", x.checkOverlap)
		s.run(t, path, "WrongFile", x.checkWrongFile)
		s.run(t, path, "BadRows", x.checkBadRows)
		s.run(t, path, "Unreadable", x.checkUnreadable)
		s.run(t, path, "Fuzz", x.checkFuzz)
		s.run(t, path, "NoLeaks", s.checkNoLeaks)
	})
}

// importer drives import logins.
type importer struct {
	s *suite
	h ImportHarness
}

// ran is how an import login ended.
type ran struct {
	done  *integrations.DoneStep
	last  integrations.Step // the step the login stopped at (a form to answer, a choice the policy left)
	err   error
	steps []integrations.Step
}

// chooser answers a ChoiceStep: a value, or "" to stop there.
type chooser func(st *integrations.ChoiceStep) string

// proceed picks the first choice that is not "cancel".
func proceed(st *integrations.ChoiceStep) string {
	for _, c := range st.Field.Choices {
		if c.Value != "cancel" {
			return c.Value
		}
	}
	return ""
}

func cancelChoice(st *integrations.ChoiceStep) string {
	if slices.ContainsFunc(st.Field.Choices, func(c integrations.Choice) bool { return c.Value == "cancel" }) {
		return "cancel"
	}
	return ""
}

// rig builds a rig for the data checks.
func (x *importer) rig(t tb) *rig {
	in := x.h.New(t)
	if in == nil {
		t.Fatalf("brokertest: ImportHarness.New returned nil")
	}
	env := integrations.Env{Now: x.h.Now}
	return &rig{s: x.s, in: in, inst: in.Institution(), env: env}
}

// write puts a file in a fresh folder and returns its path.
func write(t tb, f ImportFile) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, filepath.Base(f.Name))
	if err := os.WriteFile(p, f.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileField is the name of the import method's file field.
func fileField(inst integrations.Institution) string {
	m, _ := inst.Method(integrations.AuthImport)
	for _, f := range m.Fields {
		if f.Kind == integrations.FieldFile {
			return f.Name
		}
	}
	return "file"
}

// run imports the file at path (into the connection of repair, when set).
func (x *importer) run(t tb, r *rig, path string, repair *integrations.Grant, choose chooser) ran {
	t.Helper()
	values := map[string]string{fileField(r.inst): path}
	for k, v := range x.h.Values {
		values[k] = v
	}
	where := "import " + filepath.Base(path)
	lg, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthImport, Values: values, Env: r.env, Repair: repair})
	x.s.noteErr(t, "StartLogin "+where, err)
	if err != nil {
		return ran{err: err}
	}
	defer func() { _ = lg.Close() }()
	var out ran
	a := integrations.Answer{}
	for i := 0; i < maxSteps; i++ {
		step, err, panicked := x.next(t, lg, a)
		if panicked != nil {
			t.Errorf("%s: the import panicked: %v", where, panicked)
			out.err = fmt.Errorf("panic: %v", panicked)
			return out
		}
		x.s.noteErr(t, fmt.Sprintf("%s step %d", where, i+1), err)
		if err != nil {
			out.err, out.last = err, step
			return out
		}
		if !checkStep(t, fmt.Sprintf("%s step %d", where, i+1), step) {
			t.FailNow()
		}
		out.steps = append(out.steps, step)
		x.noteStep(t, where, step)
		switch st := step.(type) {
		case *integrations.DoneStep:
			out.done = st
			return out
		case *integrations.ChoiceStep:
			v := ""
			if choose != nil {
				v = choose(st)
			}
			if v == "" {
				out.last = step
				return out
			}
			a = integrations.Answer{Values: map[string]string{st.Field.Name: v}}
		default:
			out.last = step
			return out
		}
	}
	t.Fatalf("%s: no end after %d steps", where, maxSteps)
	return out
}

// next calls Next within the call timeout, recovering a panic.
func (x *importer) next(t tb, lg integrations.Login, a integrations.Answer) (step integrations.Step, err error, panicked any) {
	ctx, cancel := x.s.ctx(t)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			panicked = v
		}
	}()
	step, err = lg.Next(ctx, a)
	return step, err, nil
}

// noteStep checks what a step shows for full account numbers.
func (x *importer) noteStep(t tb, where string, step integrations.Step) {
	t.Helper()
	var texts []string
	switch st := step.(type) {
	case *integrations.FormStep:
		texts = append(texts, st.Title, st.Message)
	case *integrations.ChoiceStep:
		texts = append(texts, st.Message)
		for _, c := range st.Field.Choices {
			texts = append(texts, c.Label)
		}
	case *integrations.DoneStep:
		texts = append(texts, st.LoginHint, st.Name)
		for _, a := range st.Accounts {
			texts = append(texts, a.Name, a.Number)
		}
	}
	for _, text := range texts {
		x.s.noteErr(t, where+" (what it shows)", errText(text))
	}
}

type errText string

func (e errText) Error() string { return string(e) }

// done imports f into a new connection and demands a DoneStep.
func (x *importer) done(t tb, r *rig, f ImportFile, repair *integrations.Grant) (*integrations.DoneStep, string) {
	t.Helper()
	p := write(t, f)
	out := x.run(t, r, p, repair, proceed)
	if out.err != nil {
		t.Fatalf("import %s: %v", f.Name, out.err)
	}
	if out.done == nil {
		t.Fatalf("import %s ended at %T, not a DoneStep", f.Name, out.last)
	}
	return out.done, p
}

func (x *importer) checkMethod(t tb, _ string) {
	r := x.rig(t)
	m, ok := r.inst.Method(integrations.AuthImport)
	if !ok {
		t.Fatalf("%s does not offer the import method", r.inst.ID)
	}
	if m.Label == "" || m.Help == "" {
		t.Errorf("import method: Label %q and Help (where the download lives) must be set", m.Label)
	}
	var files []integrations.Field
	for _, f := range m.Fields {
		if f.Kind == integrations.FieldFile {
			files = append(files, f)
		}
		if f.Kind == integrations.FieldSecret {
			t.Errorf("import method: field %q is secret: an import asks for no secret", f.Name)
		}
	}
	if len(files) != 1 {
		t.Fatalf("import method: %d file fields, want 1", len(files))
	}
	for _, ext := range []string{".csv", ".ofx"} {
		if !slices.Contains(files[0].Accept, ext) {
			t.Errorf("import method: the file field does not accept %s (Accept %v)", ext, files[0].Accept)
		}
	}
	checkFields(t, "import method", m.Fields)
}

// checkDataset runs the Data checks on a login's dataset.
func (x *importer) checkDataset(t tb, r *rig, where string, done *integrations.DoneStep) {
	t.Helper()
	r.checkImportGrant(t, where, done.Grant)
	ds := done.Data
	if ds == nil {
		t.Fatalf("%s: DoneStep without Data", where)
	}
	if ds.AsOf.IsZero() {
		t.Errorf("%s: Data.AsOf is zero: a statement has a date", where)
	}
	if len(ds.Accounts) == 0 {
		t.Fatalf("%s: no accounts", where)
	}
	if accountIDs(done.Accounts) != accountIDs(ds.Accounts) {
		t.Errorf("%s: DoneStep.Accounts %s are not the data's %s", where, accountIDs(done.Accounts), accountIDs(ds.Accounts))
	}
	checkAccounts(t, r, where, ds.Accounts)
	checkJSON(t, where+" accounts", ds.Accounts)
	items := 0
	for _, a := range ds.Accounts {
		checkBalances(t, a.ID, ds.Balances[a.ID])
		checkPositions(t, a.ID, ds.Positions[a.ID])
		checkActivities(t, a.ID, ds.Activities[a.ID])
		checkJSON(t, where+" balances", ds.Balances[a.ID])
		checkJSON(t, where+" positions", ds.Positions[a.ID])
		checkJSON(t, where+" activities", ds.Activities[a.ID])
		items += len(ds.Positions[a.ID]) + len(ds.Activities[a.ID]) + len(ds.Balances[a.ID])
	}
	for id := range ds.Activities {
		if !slices.ContainsFunc(ds.Accounts, func(a integrations.Account) bool { return a.ID == id }) {
			t.Errorf("%s: activities of account %q, which is not in Accounts", where, id)
		}
	}
	if items == 0 {
		t.Errorf("%s: the statement gave no activity, holding or balance", where)
	}
}

// checkImportGrant checks an import grant.
func (r *rig) checkImportGrant(t tb, where string, g integrations.Grant) {
	t.Helper()
	if g.Method != integrations.AuthImport {
		t.Errorf("%s: grant method %q, want %q", where, g.Method, integrations.AuthImport)
	}
	if len(g.Secret) == 0 {
		t.Errorf("%s: grant has an empty Secret: keep what the next import needs (preset, mapping, accounts)", where)
	}
	if g.Fingerprint == "" {
		t.Errorf("%s: grant has an empty Fingerprint", where)
	}
	if !g.Expiry.IsZero() {
		t.Errorf("%s: an import grant has no expiry (its staleness is the statement's age), got %s", where, g.Expiry)
	}
	for _, n := range r.s.exp.FullAccountNumbers {
		if n != "" && bytes.Contains(g.Secret, []byte(n)) {
			t.Errorf("%s: the grant's secret holds a full account number", where)
		}
	}
}

func activityIDSet(ds *integrations.Dataset) map[string]bool {
	out := map[string]bool{}
	for acct, acts := range ds.Activities {
		for _, a := range acts {
			out[acct+"\x00"+a.ID] = true
		}
	}
	return out
}

func positionSet(ds *integrations.Dataset) string {
	var out []string
	for acct, ps := range ds.Positions {
		for _, p := range ps {
			out = append(out, acct+" "+p.Symbol.Ticker+" "+p.Units.String())
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func (x *importer) checkRoundTrip(t tb, _ string) {
	r := x.rig(t)
	p := write(t, x.h.Base)
	dir := filepath.Dir(p)
	before, _ := os.ReadDir(dir)
	out := x.run(t, r, p, nil, proceed)
	if out.err != nil || out.done == nil {
		t.Fatalf("import of Base: ended at %T: %v", out.last, out.err)
	}
	x.checkDataset(t, r, "import of Base", out.done)
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("the import wrote %d file(s) beside the statement: a statement is never copied", len(after)-len(before))
	}
	if b, err := os.ReadFile(p); err != nil || !bytes.Equal(b, x.h.Base.Data) {
		t.Errorf("the import changed the statement file (%v)", err)
	}
	sec := out.done.Grant.Secret
	if bytes.Contains(sec, []byte(dir)) || bytes.Contains(sec, []byte(filepath.Base(p))) {
		t.Errorf("the grant's secret holds the file's path or name")
	}
	// Two imports of the same file give the same data.
	again := x.run(t, r, p, nil, proceed)
	if again.done == nil {
		t.Fatalf("a second import of Base: %v", again.err)
	}
	if !reflect.DeepEqual(activityIDSet(out.done.Data), activityIDSet(again.done.Data)) {
		t.Errorf("two imports of the same file give different activity ids")
	}
}

// importTwice imports Base into a new connection and then file into that
// connection; it checks the second import's dataset (what names it) and
// that the import kept the fingerprint (which names the import in the
// complaint).
func (x *importer) importTwice(t tb, file ImportFile, what, which string) (first, next *integrations.DoneStep) {
	t.Helper()
	r := x.rig(t)
	first, _ = x.done(t, r, x.h.Base, nil)
	next, _ = x.done(t, r, file, &first.Grant)
	x.checkDataset(t, r, what, next)
	if next.Grant.Fingerprint != first.Grant.Fingerprint {
		t.Errorf("%s changed the fingerprint: the app would refuse it", which)
	}
	return first, next
}

func (x *importer) checkSameFileTwice(t tb, _ string) {
	first, second := x.importTwice(t, x.h.Base, "Base imported again", "the same file imported into its connection")
	if accountIDs(second.Data.Accounts) != accountIDs(first.Data.Accounts) {
		t.Errorf("the same file gave accounts %s, then %s", accountIDs(first.Data.Accounts), accountIDs(second.Data.Accounts))
	}
	if !reflect.DeepEqual(activityIDSet(first.Data), activityIDSet(second.Data)) {
		t.Errorf("the same file gave other activity ids the second time: re-importing would duplicate them")
	}
	if positionSet(first.Data) != positionSet(second.Data) {
		t.Errorf("the same file gave other holdings the second time: %s, then %s", positionSet(first.Data), positionSet(second.Data))
	}
}

func (x *importer) checkOverlap(t tb, _ string) {
	first, next := x.importTwice(t, x.h.Overlap, "Overlap imported into Base's connection", "a newer statement of the same account")
	a, b := activityIDSet(first.Data), activityIDSet(next.Data)
	shared, added := 0, 0
	for id := range b {
		if a[id] {
			shared++
		} else {
			added++
		}
	}
	if shared == 0 {
		t.Errorf("Overlap shares no activity id with Base: overlapping files would count their shared rows twice")
	}
	if added == 0 {
		t.Errorf("Overlap adds no activity id to Base's: the harness's Overlap must add a newer row")
	}
	if next.Data.AsOf.Before(first.Data.AsOf) {
		t.Errorf("Overlap is dated %s, before Base (%s): the harness's Overlap must be the later statement", next.Data.AsOf, first.Data.AsOf)
	}
}

func (x *importer) checkWrongFile(t tb, _ string) {
	r := x.rig(t)
	first, _ := x.done(t, r, x.h.Base, nil)
	p := write(t, x.h.Wrong)
	out := x.run(t, r, p, &first.Grant, proceed)
	if out.done != nil {
		t.Fatalf("a statement of another account or institution was imported into the connection")
	}
	if !errors.Is(out.err, integrations.ErrDifferentLogin) {
		t.Fatalf("the wrong file ended in %v (at %T), want integrations.ErrDifferentLogin", out.err, out.last)
	}
	if integrations.Detail(out.err, integrations.ErrDifferentLogin) == "" {
		t.Errorf("the refusal of the wrong file says nothing the user can act on (integrations.Wrap a detail)")
	}
}

func (x *importer) checkBadRows(t tb, _ string) {
	r := x.rig(t)
	base, _ := x.done(t, r, x.h.Base, nil)
	p := write(t, x.h.BadRows)
	out := x.run(t, r, p, nil, nil)
	st, ok := out.last.(*integrations.ChoiceStep)
	if !ok {
		t.Fatalf("a file with bad rows ended at %T (%v), want a ChoiceStep offering to import the good rows", out.last, out.err)
	}
	for _, line := range x.h.BadLines {
		if !strings.Contains(st.Message, fmt.Sprintf("line %d", line)) {
			t.Errorf("the bad rows step does not name line %d: %q", line, st.Message)
		}
	}
	if cancelChoice(st) == "" {
		t.Fatalf("the bad rows step offers no \"cancel\" choice")
	}
	// Cancel: nothing.
	cancelled := x.run(t, r, p, nil, func(st *integrations.ChoiceStep) string { return cancelChoice(st) })
	if cancelled.done != nil || !errors.Is(cancelled.err, context.Canceled) {
		t.Errorf("cancelling the bad rows: done %v, err %v; want context.Canceled and nothing", cancelled.done != nil, cancelled.err)
	}
	// Import the good rows.
	good := x.run(t, r, p, nil, proceed)
	if good.done == nil {
		t.Fatalf("importing the good rows: ended at %T: %v", good.last, good.err)
	}
	x.checkDataset(t, r, "the good rows", good.done)
	count := func(ds *integrations.Dataset) int {
		n := 0
		for _, a := range ds.Activities {
			n += len(a)
		}
		for _, a := range ds.Positions {
			if !x.h.HoldingsFromTrades {
				n += len(a)
			}
		}
		for _, a := range ds.Balances {
			n += len(a)
		}
		return n
	}
	if got, want := count(good.done.Data), count(base.Data)-len(x.h.BadLines); got != want {
		t.Errorf("the good rows gave %d items, want %d (Base's %d less the %d bad rows)", got, want, count(base.Data), len(x.h.BadLines))
	}
}

func (x *importer) checkUnreadable(t tb, _ string) {
	r := x.rig(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rnd.Uint32())
	}
	dir := t.TempDir()
	cases := map[string]string{
		"empty file":   write(t, ImportFile{Name: "empty.csv", Data: []byte{}}),
		"random bytes": write(t, ImportFile{Name: "noise.csv", Data: noise}),
		"missing path": filepath.Join(dir, "no-such-statement.csv"),
		"a folder":     dir,
	}
	names := make([]string, 0, len(cases))
	for k := range cases {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		out := x.run(t, r, cases[name], nil, proceed)
		switch {
		case out.done != nil:
			t.Errorf("%s: imported", name)
		case out.err == nil:
			if _, form := out.last.(*integrations.FormStep); !form {
				t.Errorf("%s: ended at %T without an error", name, out.last)
			}
		case errors.Is(out.err, integrations.ErrInvalidCredentials):
			if _, form := out.last.(*integrations.FormStep); !form {
				t.Errorf("%s: refused with ErrInvalidCredentials but the form did not come back (%T)", name, out.last)
			}
			if integrations.Detail(out.err, integrations.ErrInvalidCredentials) == "" {
				t.Errorf("%s: refused without saying why", name)
			}
		}
	}
}

func (x *importer) checkFuzz(t tb, _ string) {
	r := x.rig(t)
	n := x.h.FuzzRuns
	if n <= 0 {
		n = 150
	}
	base := x.h.Base.Data
	rnd := rand.New(rand.NewPCG(13, 13))
	for i := range n {
		data := mutate(rnd, base)
		p := write(t, ImportFile{Name: x.h.Base.Name, Data: data})
		out := x.run(t, r, p, nil, proceed)
		if out.done != nil {
			x.checkStructure(t, r, fmt.Sprintf("fuzz run %d", i), out.done)
		}
	}
}

// checkStructure checks what holds for any file, however damaged its
// numbers: a grant, accounts that can be shown, items with ids, valid
// types, dates and currencies, decimals that are not float artefacts. (A
// damaged file may well say that a trade settled before it was made.)
func (x *importer) checkStructure(t tb, r *rig, where string, done *integrations.DoneStep) {
	t.Helper()
	r.checkImportGrant(t, where, done.Grant)
	ds := done.Data
	if ds == nil || len(ds.Accounts) == 0 {
		t.Fatalf("%s: a DoneStep without accounts", where)
	}
	checkAccounts(t, r, where, ds.Accounts)
	for _, a := range ds.Accounts {
		checkBalances(t, a.ID, ds.Balances[a.ID])
		ids := map[string]bool{}
		for i, x := range ds.Activities[a.ID] {
			w := fmt.Sprintf("%s: account %s activity %d", where, a.ID, i)
			if x.ID == "" || ids[x.ID] {
				t.Errorf("%s: ID %q empty or repeated", w, x.ID)
			}
			ids[x.ID] = true
			if !x.Type.Valid() {
				t.Errorf("%s: Type %q is not a universal type", w, x.Type)
			}
			if _, err := integrations.ParseDate(string(x.TradeDate)); err != nil {
				t.Errorf("%s: TradeDate: %v", w, err)
			}
			if !validCurrency(x.Currency) {
				t.Errorf("%s: Currency %q", w, x.Currency)
			}
			for _, d := range []decimal.Decimal{x.Units, x.Price, x.Amount, x.Fee} {
				checkDec(t, w, d)
			}
		}
		for i, p := range ds.Positions[a.ID] {
			w := fmt.Sprintf("%s: account %s position %d", where, a.ID, i)
			if p.Symbol.Ticker == "" && p.Symbol.Description == "" {
				t.Errorf("%s: neither a ticker nor a description: nothing to show", w)
			}
			if !validCurrency(p.Currency) {
				t.Errorf("%s: Currency %q", w, p.Currency)
			}
			for _, d := range []decimal.Decimal{p.Units, p.Price, p.MarketValue} {
				checkDec(t, w, d)
			}
		}
		checkJSON(t, where+" activities", ds.Activities[a.ID])
		checkJSON(t, where+" positions", ds.Positions[a.ID])
	}
}

// mutate returns a damaged copy of b: flipped bytes, a cut, a line dropped
// or doubled, a quote or delimiter inserted.
func mutate(rnd *rand.Rand, b []byte) []byte {
	out := bytes.Clone(b)
	if len(out) == 0 {
		return out
	}
	for range 1 + rnd.IntN(3) {
		if len(out) == 0 {
			break
		}
		switch rnd.IntN(6) {
		case 0:
			out[rnd.IntN(len(out))] ^= byte(1 << rnd.IntN(8))
		case 1:
			out = out[:rnd.IntN(len(out))]
		case 2, 3:
			lines := bytes.SplitAfter(out, []byte("\n"))
			i := rnd.IntN(len(lines))
			if rnd.IntN(2) == 0 {
				lines = append(lines[:i], lines[i+1:]...)
			} else {
				lines = append(lines[:i+1], lines[i:]...)
			}
			out = bytes.Join(lines, nil)
		case 4:
			i := rnd.IntN(len(out) + 1)
			out = append(out[:i], append([]byte{"\",;\t"[rnd.IntN(4)]}, out[i:]...)...)
		case 5:
			i := rnd.IntN(len(out))
			out[i] = "0123456789-().,$"[rnd.IntN(16)]
		}
	}
	return out
}
