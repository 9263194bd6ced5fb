package desktop

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/importer"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
)

// A short choice step is radio buttons: Down moves the choice and the
// focus, Enter takes the focused one and submits the page.
func TestChoiceStepByKeyboard(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.demoSignIn("user_mfa_choice")
	h.wait("portal:choice")
	f := h.form(p)
	rg := f.fields["method"].(*radioGroup)
	c := h.w.Canvas()
	if c.Focused() != rg.buttons[0] {
		t.Fatal("the first choice should have the focus")
	}
	first := rg.Selected
	typeKey(c, fyne.KeyDown)
	if c.Focused() != rg.buttons[1] || rg.Selected == first {
		t.Fatalf("Down should choose and focus the next option (selected %q)", rg.Selected)
	}
	typeKey(c, fyne.KeyDown) // the last: stays
	typeKey(c, fyne.KeyUp)
	typeKey(c, fyne.KeyDown)
	want := rg.Selected
	typeKey(c, fyne.KeyReturn)
	h.wait("portal:code")
	if !strings.Contains(strings.ToLower(test.RenderObjectToMarkup(p.frame.body)), strings.ToLower(strings.Fields(want)[0])) {
		t.Errorf("Enter should have sent %q: the code page does not name it", want)
	}
}

// keyed is an institution whose API key form has a multi-line private key
// (as Coinbase Advanced, IBKR and Robinhood Crypto have); its login keeps
// the key it was given.
type keyed struct {
	mu  sync.Mutex
	got string
}

const keyedID = "example-keyed"

func (k *keyed) Institution() integrations.Institution {
	return integrations.Institution{ID: keyedID, Name: "Keyed", DisplayName: "Keyed Exchange", Region: "us", Kind: integrations.KindCryptoExchange,
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthAPIKey, Label: "API key", Fields: []integrations.Field{
			{Name: "key", Label: "Key name", Kind: integrations.FieldText},
			{Name: "private_key", Label: "Private key", Kind: integrations.FieldSecret, Multiline: true}}}},
		Capabilities: []integrations.Capability{integrations.CapHoldings}}
}

func (k *keyed) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return &integrations.FormLogin{Form: &integrations.FormStep{Fields: k.Institution().AuthMethods[0].Fields},
		Validate: func(_ context.Context, v map[string]string) (*integrations.DoneStep, error) {
			k.mu.Lock()
			k.got = v["private_key"]
			k.mu.Unlock()
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "that key is not registered")
		}}, nil
}

func (k *keyed) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrReauthRequired
}

// A multi-line secret is a multi-line entry shown as dots: the key keeps
// its lines, is never on screen until revealed, and is cleared when
// refused.
func TestMultilineSecretIsMaskedAndKeptAsPasted(t *testing.T) {
	k := &keyed{}
	h := newHarness(t, withIntegrations(t, func() []integrations.Integration { return []integrations.Integration{k} }, nil))
	h.unlocked()
	p := h.openForm(keyedID)
	pk := h.form(p).fields["private_key"].(*entry)
	if !pk.MultiLine || !pk.Password || pk.ActionItem == nil {
		t.Fatalf("the private key should be a multi-line secret with a reveal button (multiline %v, password %v)", pk.MultiLine, pk.Password)
	}
	pem := "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oKjyeGmC3Vsx\n-----END EC PRIVATE KEY-----\n"
	h.u.clipboard().SetContent(pem)
	h.w.Canvas().Focus(pk)
	pk.TypedShortcut(&fyne.ShortcutPaste{Clipboard: h.u.clipboard()})
	if pk.Text != pem {
		t.Fatalf("the pasted key lost its lines: %q", pk.Text)
	}
	if strings.Contains(test.RenderObjectToMarkup(pk), "BEGIN") {
		t.Error("the key shows on screen before it is revealed")
	}
	// Enter makes a new line in the key, not a submit.
	pk.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.form(p).submit.Disabled() {
		t.Error("Enter in the key submitted the form")
	}
	pk.SetText(pem)
	h.fill(p, map[string]string{"key": "organizations/x/apiKeys/y"})
	h.wait("portal:form")
	k.mu.Lock()
	got := k.got
	k.mu.Unlock()
	if got != strings.TrimSpace(pem) { // the login trims what it is given
		t.Errorf("the login got %q, want the key as pasted", got)
	}
	f := h.form(p)
	if f.fields["private_key"].(*entry).Text != "" || !strings.Contains(f.problem.Text, "That key is not registered") {
		t.Errorf("a refused key is cleared and the reason shown: %q", f.problem.Text)
	}
}

// importHarness is the desktop with the import institutions.
func importHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, withIntegrations(t, importer.New, nil))
	h.unlocked()
	return h
}

// statement writes a statement file into the harness's downloads.
func (h *harness) statement(name string, data []byte) string {
	h.t.Helper()
	dir := filepath.Join(h.dir, "downloads")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		h.t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// drop drops files on the window at pos, as the window system does.
func (h *harness) drop(pos fyne.Position, paths ...string) {
	var uris []fyne.URI
	for _, p := range paths {
		uris = append(uris, storage.NewFileURI(p))
	}
	h.u.dropped(pos, uris)
}

// The import form's file field has a chooser (Esc closes it, not the
// portal) and takes a file dropped on the window.
func TestFileFieldChooserAndDrop(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	path := h.statement(base.Name, base.Data)
	p := h.openForm("webull-ca")
	f := h.form(p)
	ff, ok := f.fields[importFileField].(*fileField)
	if !ok {
		t.Fatalf("the statement file is a %T, not a file field", f.fields[importFileField])
	}
	if h.w.Canvas().Focused() != ff.path {
		t.Error("the file's path should have the focus")
	}
	portalLayer := h.w.Canvas().Overlays().Top()
	test.Tap(ff.browse)
	if ff.chooser == nil || h.w.Canvas().Overlays().Top() == portalLayer {
		t.Fatal("Choose… should open the file chooser")
	}
	typeKey(h.w.Canvas(), fyne.KeyEscape)
	if h.u.scr.portal != p || p.closed {
		t.Fatal("Esc in the chooser closed the portal")
	}
	if h.w.Canvas().Overlays().Top() != portalLayer {
		t.Fatal("Esc should close the chooser")
	}
	// Drop the file on the window: it fills the field; Enter imports it.
	h.drop(fyne.NewPos(300, 300), path)
	h.wait("portal:dropped")
	if ff.path.Text != path || h.w.Canvas().Focused() != f.submit {
		t.Fatalf("the dropped file should fill the field (%q) and focus Import", ff.path.Text)
	}
	typeKey(h.w.Canvas(), fyne.KeyReturn)
	h.wait("portal:done")
}

// A statement dropped on the window outside an import row starts a new
// import: the institutions that import statements, then the import itself.
func TestDropStartsAnImport(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	path := h.statement(base.Name, base.Data)
	h.drop(fyne.NewPos(10, 10), path)
	h.wait("portal:institutions")
	p := h.u.scr.portal
	ip := h.picker(p)
	for _, in := range ip.shown {
		if _, ok := in.Method(integrations.AuthImport); !ok {
			t.Errorf("%s does not import statements but is offered for a dropped file", in.ID)
		}
	}
	if !strings.Contains(test.RenderObjectToMarkup(p.frame.body), "Which institution is "+base.Name+" from?") {
		t.Error("the picker should ask where the dropped file is from")
	}
	test.Type(ip.search, "webull canada")
	typeKey(h.w.Canvas(), fyne.KeyReturn)
	h.wait("portal:done")
	if c := p.st.result; c == nil || c.InstitutionID != "webull-ca" {
		t.Fatalf("the dropped file made %+v", c)
	}
}
