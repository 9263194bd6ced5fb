package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/importer"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
	"github.com/latchkey/latchkey/integrations/statement/presets"
)

var now = time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)

func institution(t *testing.T, id string) integrations.Integration {
	t.Helper()
	return brokertest.Variant(t, importer.New(), id)
}

func file(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func fixture(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "statement", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// start begins an import login and returns it with its first step.
func start(t *testing.T, in integrations.Integration, values map[string]string, repair *integrations.Grant) (integrations.Login, integrations.Step, error) {
	t.Helper()
	lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthImport, Values: values,
		Env: integrations.Env{Now: func() time.Time { return now }}, Repair: repair})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lg.Close() })
	step, err := lg.Next(t.Context(), integrations.Answer{})
	return lg, step, err
}

func done(t *testing.T, step integrations.Step, err error) *integrations.DoneStep {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	d, ok := step.(*integrations.DoneStep)
	if !ok {
		t.Fatalf("step %T, want a DoneStep", step)
	}
	return d
}

// TestInstitutions: the import-only institutions have the import method
// only, with the file, format (and for Webull Canada the currency) fields,
// the presets' help, a monogram, and no client.
func TestInstitutions(t *testing.T) {
	want := []string{"webull-ca", "fidelity", "vanguard", "merrill", "robinhood"}
	list := importer.New()
	if len(list) != len(want) {
		t.Fatalf("%d institutions", len(list))
	}
	for i, in := range list {
		inst := in.Institution()
		if inst.ID != want[i] {
			t.Fatalf("institution %d is %s, want %s", i, inst.ID, want[i])
		}
		if len(inst.AuthMethods) != 1 || inst.AuthMethods[0].Kind != integrations.AuthImport {
			t.Errorf("%s: methods %+v", inst.ID, inst.AuthMethods)
		}
		m := inst.AuthMethods[0]
		if m.Help != presets.Help(inst.ID) || !strings.Contains(inst.Help, presets.Help(inst.ID)) {
			t.Errorf("%s: the method's help is not the presets' download help", inst.ID)
		}
		names := []string{}
		for _, f := range m.Fields {
			names = append(names, f.Name)
		}
		wantFields := "file,format"
		if inst.ID == "webull-ca" {
			wantFields = "file,format,currency"
		}
		if strings.Join(names, ",") != wantFields {
			t.Errorf("%s: fields %v", inst.ID, names)
		}
		if _, ok := assets.Monogram(inst.Monogram); !ok {
			t.Errorf("%s: no monogram %q in assets", inst.ID, inst.Monogram)
		}
		if _, err := in.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthImport}, integrations.Env{}, nil); !errors.Is(err, integrations.ErrNotSupported) {
			t.Errorf("%s: NewClient: %v", inst.ID, err)
		}
		if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthCredentials}); !errors.Is(err, integrations.ErrNotSupported) {
			t.Errorf("%s: a credentials login: %v", inst.ID, err)
		}
	}
	if ca := list[0].Institution(); ca.Name != "Webull" || ca.DisplayName != "Webull Canada" || ca.Region != "CA" {
		t.Errorf("webull-ca: %s / %s / %s", ca.Name, ca.DisplayName, ca.Region)
	}
}

// stub is an API integration to wrap.
type stub struct {
	started []integrations.AuthKind
	clients int
}

func (s *stub) Institution() integrations.Institution {
	return integrations.Institution{ID: "schwab", Name: "Charles Schwab", DisplayName: "Charles Schwab", Region: "US", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthOAuth2, Label: "Log in"}},
		Capabilities: []integrations.Capability{integrations.CapBalances}}
}

func (s *stub) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	s.started = append(s.started, req.Method)
	return nil, errors.New("stub login")
}

func (s *stub) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	s.clients++
	return nil, errors.New("stub client")
}

type actingStub struct{ stub }

func (*actingStub) ExtraActions() []integrations.ExtraAction {
	return []integrations.ExtraAction{{ID: "x", Label: "X"}}
}
func (*actingStub) RunAction(context.Context, string, integrations.Grant, integrations.Env) error {
	return nil
}

// TestWith: the wrapper adds the import method last and routes by method.
func TestWith(t *testing.T) {
	s := &stub{}
	w := importer.With(s)
	inst := w.Institution()
	if len(inst.AuthMethods) != 2 || inst.AuthMethods[0].Kind != integrations.AuthOAuth2 || inst.AuthMethods[1].Kind != integrations.AuthImport {
		t.Fatalf("methods %+v", inst.AuthMethods)
	}
	if !inst.Has(integrations.CapHoldings) || !inst.Has(integrations.CapTransactions) || !inst.Has(integrations.CapBalances) {
		t.Errorf("capabilities %v", inst.Capabilities)
	}
	var formats []string
	for _, c := range inst.AuthMethods[1].Fields[1].Choices {
		formats = append(formats, c.Value)
	}
	if got := strings.Join(formats, ","); got != "auto,schwab-transactions,schwab-positions,other" {
		t.Errorf("formats %s", got)
	}
	if _, err := w.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2}); err == nil || len(s.started) != 1 {
		t.Fatalf("oauth not routed to the wrapped integration: %v %v", err, s.started)
	}
	lg, err := w.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthImport})
	if err != nil || len(s.started) != 1 {
		t.Fatalf("import routed to the wrapped integration: %v %v", err, s.started)
	}
	step, _ := lg.Next(t.Context(), integrations.Answer{})
	if f, ok := step.(*integrations.FormStep); !ok || f.Fields[0].Kind != integrations.FieldFile {
		t.Fatalf("first import step %T", step)
	}
	if _, err := w.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthImport}, integrations.Env{}, nil); !errors.Is(err, integrations.ErrNotSupported) || s.clients != 0 {
		t.Errorf("an import grant's client: %v", err)
	}
	if _, err := w.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthOAuth2}, integrations.Env{}, nil); err == nil || s.clients != 1 {
		t.Errorf("an oauth grant's client was not the wrapped one's")
	}
	if u, ok := w.(interface {
		Unwrap() integrations.Integration
	}); !ok || u.Unwrap() != s {
		t.Error("Unwrap")
	}
	if _, ok := w.(integrations.Actioner); ok {
		t.Error("the wrapper claims actions the wrapped integration lacks")
	}
	a := importer.With(&actingStub{})
	if act, ok := a.(integrations.Actioner); !ok || len(act.ExtraActions()) != 1 {
		t.Error("the wrapper hides the wrapped integration's actions")
	}
	if _, ok := a.(interface {
		Unwrap() integrations.Integration
	}); !ok {
		t.Error("an acting wrapper cannot be unwrapped")
	}
	// Importing into a connection that logs in otherwise is refused.
	_, err = w.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthImport, Repair: &integrations.Grant{Method: integrations.AuthOAuth2}})
	if !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("import into an oauth connection: %v", err)
	}
}

// TestWebullCanadaCurrency: the orders file names no currency: CAD unless
// the user picks USD; holdings are summed from the trades.
func TestWebullCanadaCurrency(t *testing.T) {
	in := institution(t, "webull-ca")
	base, _ := importtest.Base("webull-ca")
	p := file(t, base.Name, base.Data)
	_, step, err := start(t, in, map[string]string{"file": p}, nil)
	d := done(t, step, err)
	if d.Data.Accounts[0].Currency != "CAD" || d.Data.Activities[d.Data.Accounts[0].ID][0].Currency != "CAD" {
		t.Fatalf("default currency: %+v", d.Data.Accounts[0])
	}
	_, step, err = start(t, in, map[string]string{"file": p, "currency": "USD"}, nil)
	d = done(t, step, err)
	if d.Data.Accounts[0].Currency != "USD" {
		t.Fatalf("USD chosen: %+v", d.Data.Accounts[0])
	}
	pos := d.Data.Positions[d.Data.Accounts[0].ID]
	if len(pos) != 2 || pos[0].Symbol.Ticker != "XEQT" || pos[0].Units.String() != "15" || pos[0].AverageCost.Decimal.String() != "31.18" {
		t.Fatalf("holdings %+v", pos)
	}
	if !d.Data.AsOf.Equal(now) {
		t.Errorf("a trades-only file is as of its import: %s", d.Data.AsOf)
	}
	_, step, err = start(t, in, map[string]string{"file": p, "currency": "EUR"}, nil)
	if _, ok := step.(*integrations.FormStep); !ok || !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(integrations.Detail(err, integrations.ErrInvalidCredentials), "CAD") {
		t.Fatalf("a currency not offered: %T %v", step, err)
	}
}

// TestMappingStep: a CSV no preset knows is mapped once, previewed, and the
// mapping saved so the next file of its shape imports in one step.
func TestMappingStep(t *testing.T) {
	in := institution(t, "robinhood")
	csv := "When,What,Ticker,Qty,Cash\n2026-10-01,Buy,VTI,1,-240.00\n2026-10-02,Dividend,VTI,0,1.20\n"
	lg, step, err := start(t, in, map[string]string{"file": file(t, "mine.csv", []byte(csv))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	form, ok := step.(*integrations.FormStep)
	if !ok || form.Title != "Map the file's columns" {
		t.Fatalf("step %T", step)
	}
	ph := map[string]string{}
	for _, f := range form.Fields {
		ph[f.Name] = f.Placeholder
	}
	if ph["map_symbol"] != "Ticker" || ph["map_units"] != "Qty" || ph["map_date"] != "-" {
		t.Fatalf("proposal %v", ph)
	}
	if !strings.Contains(form.Message, "line 2: 2026-10-01 | Buy | VTI | 1 | -240.00") {
		t.Fatalf("raw rows: %q", form.Message)
	}
	// Preview with the date and amount mapped.
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"map_date": "When", "map_amount": "Cash", "map_type": "What", "next": "preview"}})
	form, ok = step.(*integrations.FormStep)
	if err != nil || !ok || !strings.Contains(form.Message, "line 2: 2026-10-01 BUY VTI 1 → -240.00 USD") ||
		!strings.Contains(form.Message, "line 3: 2026-10-02 DIVIDEND VTI → 1.20 USD") {
		t.Fatalf("preview: %T %v %q", step, err, form.Message)
	}
	// A value that is not a column comes back with a note.
	step, _ = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"map_fee": "Nope"}})
	if form, ok = step.(*integrations.FormStep); !ok || !strings.Contains(form.Message, "Fee or commission") {
		t.Fatalf("a bad column: %T", step)
	}
	// Import with the proposal as answered.
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{}})
	d := done(t, step, err)
	if n := len(d.Data.Activities[d.Data.Accounts[0].ID]); n != 2 {
		t.Fatalf("%d activities", n)
	}
	var secret struct {
		Mapping struct {
			Columns map[string]string `json:"columns"`
		} `json:"mapping"`
	}
	if err := json.Unmarshal(d.Grant.Secret, &secret); err != nil || secret.Mapping.Columns["date"] != "When" || secret.Mapping.Columns["amount"] != "Cash" {
		t.Fatalf("saved mapping: %s (%v)", d.Grant.Secret, err)
	}
	// The next file of the shape: no mapping step, into the same account.
	more := "When,What,Ticker,Qty,Cash\n2026-10-05,Sell,VTI,-1,241.00\n"
	_, step, err = start(t, in, map[string]string{"file": file(t, "mine2.csv", []byte(more))}, &d.Grant)
	d2 := done(t, step, err)
	if d2.Data.Accounts[0].ID != d.Data.Accounts[0].ID || d2.Grant.Fingerprint != d.Grant.Fingerprint {
		t.Fatalf("the next file went elsewhere: %s %s", d2.Data.Accounts[0].ID, d.Data.Accounts[0].ID)
	}
}

// TestWrongInstitution: another institution's CSV or OFX is refused, with
// the institution named; chosen as "another CSV" it goes to the mapping.
func TestWrongInstitution(t *testing.T) {
	fid := institution(t, "fidelity")
	schwab, _ := importtest.Base("schwab")
	p := file(t, "schwab.csv", schwab.Data)
	_, _, err := start(t, fid, map[string]string{"file": p}, nil)
	if !errors.Is(err, importer.ErrWrongFile) || !errors.Is(err, integrations.ErrDifferentLogin) ||
		!strings.Contains(integrations.Detail(err, integrations.ErrDifferentLogin), "Charles Schwab") {
		t.Fatalf("a Schwab file for Fidelity: %v", err)
	}
	_, step, err := start(t, fid, map[string]string{"file": p, "format": "other"}, nil)
	if _, ok := step.(*integrations.FormStep); err != nil || !ok {
		t.Fatalf("as another CSV: %T %v", step, err)
	}
	vg := fixture(t, "ofx/testdata/ofxparse_vanguard.ofx")
	_, _, err = start(t, fid, map[string]string{"file": file(t, "v.ofx", vg)}, nil)
	if !errors.Is(err, importer.ErrWrongFile) || !strings.Contains(integrations.Detail(err, integrations.ErrDifferentLogin), "Vanguard") {
		t.Fatalf("a Vanguard OFX for Fidelity: %v", err)
	}
	_, step, err = start(t, institution(t, "vanguard"), map[string]string{"file": file(t, "v.ofx", vg)}, nil)
	done(t, step, err)
}

// TestOneAccountAcrossFormats: an account imported from Fidelity's OFX is
// recognised in its CSV history (same masked number and currency), so both
// files feed one account.
func TestOneAccountAcrossFormats(t *testing.T) {
	fid := institution(t, "fidelity")
	_, step, err := start(t, fid, map[string]string{"file": file(t, "f.ofx", fixture(t, "ofx/testdata/ofxparse_fidelity.ofx"))}, nil)
	first := done(t, step, err)
	if len(first.Data.Accounts) != 1 || first.Data.Accounts[0].Number != "••••7890" {
		t.Fatalf("OFX accounts %+v", first.Data.Accounts)
	}
	base, _ := importtest.Base("fidelity")
	csv := strings.ReplaceAll(string(base.Data), "X11111111", "01234567890")
	_, step, err = start(t, fid, map[string]string{"file": file(t, "h.csv", []byte(csv))}, &first.Grant)
	next := done(t, step, err)
	ids := map[string]bool{}
	for _, a := range next.Data.Accounts {
		ids[a.ID] = true
	}
	if !ids[first.Data.Accounts[0].ID] || len(next.Data.Activities[first.Data.Accounts[0].ID]) == 0 {
		t.Fatalf("the CSV's ••••7890 is not the OFX's account: %v", ids)
	}
}

// TestUnreadableFiles: each is refused with the form back and a reason.
func TestUnreadableFiles(t *testing.T) {
	in := institution(t, "vanguard")
	dir := t.TempDir()
	for name, path := range map[string]string{
		"a PDF":     file(t, "s.pdf", []byte("%PDF-1.7\n...")),
		"no file":   filepath.Join(dir, "nope.csv"),
		"a folder":  dir,
		"empty":     file(t, "e.csv", nil),
		"no rows":   file(t, "h.csv", []byte("Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net Amount,Accrued Interest,Account Type,\n")),
		"not a csv": file(t, "b.csv", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0xff, 0xfe}),
	} {
		_, step, err := start(t, in, map[string]string{"file": path}, nil)
		if _, ok := step.(*integrations.FormStep); !ok || !errors.Is(err, integrations.ErrInvalidCredentials) ||
			integrations.Detail(err, integrations.ErrInvalidCredentials) == "" {
			t.Errorf("%s: %T %v", name, step, err)
		}
	}
}

// TestSafeProblems: what a problem quotes of a cell never shows an account
// number whole.
func TestSafeProblems(t *testing.T) {
	base, _ := importtest.Base("vanguard")
	// The account number lands in the date column.
	bad := strings.Replace(string(base.Data), "12345678,09/02/2026,09/03/2026", "12345678,12345678,09/03/2026", 1)
	_, step, err := start(t, institution(t, "vanguard"), map[string]string{"file": file(t, "v.csv", []byte(bad))}, nil)
	st, ok := step.(*integrations.ChoiceStep)
	if err != nil || !ok {
		t.Fatalf("%T %v", step, err)
	}
	if strings.Contains(st.Message, "12345678") || !strings.Contains(st.Message, "••••5678") {
		t.Fatalf("bad rows message %q", st.Message)
	}
}

// TestSafeText: account-like runs are masked, amounts and dates are not.
func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		`"X11111111" is not a number`:    `"••••1111" is not a number`,
		"HQ7XFMC41CAD | TFSA | 1,241.98": "••••1CAD | TFSA | 1,241.98",
		"25X-12A34 on 2026-09-30":        "••••2A34 on 2026-09-30",
		"09/30/2026 VTI -381.20 U1234":   "09/30/2026 VTI -381.20 U1234",
	} {
		if got := importer.SafeTextForTest(in); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPDFRefusedWithTheDownloadToUse: a PDF statement is refused with the
// download to import instead (Webull Canada: the Orders Records CSV).
func TestPDFRefusedWithTheDownloadToUse(t *testing.T) {
	for inst, want := range map[string]string{"webull-ca": "Orders Records CSV", "vanguard": "CSV or OFX/QFX"} {
		_, step, err := start(t, institution(t, inst), map[string]string{"file": file(t, "Statement.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))}, nil)
		if _, ok := step.(*integrations.FormStep); !ok || !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Fatalf("%s: %T %v", inst, step, err)
		}
		if d := integrations.Detail(err, integrations.ErrInvalidCredentials); !strings.Contains(d, want) || !strings.Contains(d, "PDF") {
			t.Errorf("%s: %q does not name the %s", inst, d, want)
		}
	}
}
