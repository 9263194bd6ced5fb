package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/ecb"
	ecbfake "github.com/latchkey/latchkey/integrations/ecb/fake"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

func TestMain(m *testing.M) {
	// Dates and times on screen are in the local zone: pin it for goldens.
	time.Local = time.UTC
	// Fyne's test driver runs fyne.Do on the caller's goroutine, so a blink
	// timer firing mid-test would touch a widget beside the test: the tests
	// that need the rest call sleep themselves.
	blinkTimeout = 24 * time.Hour
	os.Exit(m.Run())
}

// t0 is the tests' pinned "now"; the demo's data is anchored to its day.
var t0 = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

const testPassword = "correct horse battery staple"

// fakeBrowser plays the user's browser: it answers the demo's consent page
// (and approve page) with the values it is given, or does nothing.
type fakeBrowser struct {
	mu      sync.Mutex
	consent map[string]string // nil: open nothing (the user ignores the browser)
	opened  []string
	errs    chan error
	err     error // what OpenURL answers: a browser that cannot open
}

// fail makes the browser unable to open pages.
func (b *fakeBrowser) fail(err error) {
	b.mu.Lock()
	b.err = err
	b.mu.Unlock()
}

func newFakeBrowser() *fakeBrowser { return &fakeBrowser{errs: make(chan error, 16)} }

func (b *fakeBrowser) approveAs(username string) {
	b.mu.Lock()
	b.consent = map[string]string{"username": username, "password": demo.GoodPassword, "decision": "approve"}
	b.mu.Unlock()
}

func (b *fakeBrowser) OpenURL(ctx context.Context, u string) error {
	b.mu.Lock()
	b.opened = append(b.opened, u)
	vals := map[string]string{}
	for k, v := range b.consent {
		vals[k] = v
	}
	act := b.consent != nil
	err := b.err
	b.mu.Unlock()
	if err != nil {
		return err
	}
	if !act {
		return nil
	}
	if strings.Contains(u, "/mfa/approve/") {
		vals = map[string]string{"decision": "approve"}
	}
	go func() {
		_, err := brokertest.SubmitForm(context.Background(), u, vals)
		if err != nil {
			b.errs <- err
		}
	}()
	return nil
}

func (b *fakeBrowser) urls() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.opened...)
}

// harness is the desktop UI in a test window over a temporary vault and a
// demo server.
type harness struct {
	t       *testing.T
	u       *UI
	w       fyne.Window
	dir     string
	path    string
	clk     *fakekit.Clock
	srv     *demo.Server
	browser *fakeBrowser
	events  chan string
	queue   chan func()
	seen    []string
}

type harnessOption func(*Options)

// fixedDirs makes newHarness use a temporary folder of fixed length (goldens).
var (
	fixedDirs bool
	goldenSeq atomic.Int32
)

// newHarness builds the UI; it shows nothing until start.
func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, test.Theme())
	dir := t.TempDir()
	if fixedDirs {
		// Goldens show the vault path: give it the same length every run.
		dir = filepath.Join(os.TempDir(), "latchkey-golden", fmt.Sprintf("%02d", goldenSeq.Add(1)))
		_ = os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	h := &harness{t: t, dir: dir, path: filepath.Join(dir, "vault.db"), clk: fakekit.NewClock(t0), browser: newFakeBrowser(),
		events: make(chan string, 4096), queue: make(chan func(), 4096)}
	dopts := demo.Options{DataDir: dir, Now: h.clk.Now, ApproveAfter: -1, PollInterval: 5 * time.Millisecond}
	srv := apptest.DemoServer(t, dopts)
	h.srv = srv
	// The exchange rates come from the ECB's files as its fake serves them.
	rates, err := ecbfake.New(ecbfake.Options{Now: h.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rates.Close() })
	endpoints := filepath.Join(dir, "endpoints.json")
	eps := map[string]map[string]string{demo.ID: {"api": srv.URL()}, demo.CryptoID: {"api": srv.URL()}}
	for id, e := range rates.Endpoints() {
		eps[id] = e
	}
	b, _ := json.Marshal(eps)
	if err := os.WriteFile(endpoints, b, 0o600); err != nil {
		t.Fatal(err)
	}
	o := Options{
		Version:   "1.2.3-test",
		VaultPath: h.path,
		Endpoints: endpoints,
		Integrations: func(string) []integrations.Integration {
			return append(demo.New(dopts), needsApp{}, hinted{})
		},
		Browser: h.browser,
		Now:     h.clk.Now,
		Create:  vault.CreateOptions{InsecureTestKDF: true},
		AppOptions: func(o *app.Options) {
			o.RetryBase = time.Millisecond
			o.MaxRetries = -1
		},
		OnEvent: func(name string) { h.events <- name },
		do:      func(f func()) { h.queue <- f },
	}
	for _, f := range opts {
		f(&o)
	}
	if o.Registry == nil && o.Integrations != nil {
		// The registry the app builds, with the exchange rates' service.
		list, eps := o.Integrations, o.Endpoints
		o.Registry = func(dir string) (*integrations.Registry, error) {
			return app.NewRegistry(list(dir), eps, ecb.New())
		}
	}
	h.w = test.NewTempWindow(t, nil)
	u, err := New(a, h.w, o)
	if err != nil {
		t.Fatal(err)
	}
	h.u = u
	t.Cleanup(func() {
		// Close on the "UI goroutine" (this one), as the app does; the queue
		// is buffered, so background work ending meanwhile does not block.
		u.Close()
		for {
			select {
			case f := <-h.queue:
				f()
			default:
				return
			}
		}
	})
	return h
}

// wait runs the UI queue until the named event arrives.
func (h *harness) wait(name string) {
	h.t.Helper()
	h.waitAny(name)
}

// waitAll runs the UI queue until every named event has arrived, in any
// order.
func (h *harness) waitAll(names ...string) {
	h.t.Helper()
	for len(names) > 0 {
		h.waitAny(names...)
		last := h.seen[len(h.seen)-1]
		for i, n := range names {
			if n == last {
				names = append(names[:i], names[i+1:]...)
				break
			}
		}
	}
}

// waitAny runs the UI queue until one of the named events arrives.
func (h *harness) waitAny(names ...string) {
	h.t.Helper()
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case f := <-h.queue:
			f()
		case e := <-h.events:
			h.seen = append(h.seen, e)
			for _, n := range names {
				if e == n {
					return
				}
			}
		case err := <-h.browser.errs:
			h.t.Fatalf("the fake browser failed: %v", err)
		case <-timeout.C:
			h.t.Fatalf("timed out waiting for %q; events so far: %v", names, h.seen)
		}
	}
}

// settle runs the UI queue until nothing has happened for a moment (or
// for at most five seconds).
func (h *harness) settle() {
	h.t.Helper()
	limit := time.After(5 * time.Second)
	for {
		select {
		case <-limit:
			return
		case f := <-h.queue:
			f()
		case e := <-h.events:
			h.seen = append(h.seen, e)
		case <-time.After(150 * time.Millisecond):
			return
		}
	}
}

// createVault makes the vault file before the UI starts.
func (h *harness) createVault() string {
	h.t.Helper()
	v, rk, err := vault.Create(context.Background(), h.path, []byte(testPassword), vault.CreateOptions{InsecureTestKDF: true})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		h.t.Fatal(err)
	}
	return rk
}

// unlocked starts the UI on an existing vault and unlocks it.
func (h *harness) unlocked() {
	h.t.Helper()
	if _, err := os.Stat(h.path); errors.Is(err, os.ErrNotExist) {
		h.createVault()
	}
	if h.u.env.regErr != nil {
		h.t.Fatalf("the registry: %v", h.u.env.regErr)
	}
	h.u.Start()
	h.wait("opened")
	s := h.u.scr.unlock
	test.Type(s.password, testPassword)
	test.Tap(s.unlockButton)
	h.wait("unlocked")
	h.wait("connections")
}

// submit presses Enter in an entry.
func submit(e *entry) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// typeKey presses a key as the window does: the focused widget gets it,
// the canvas when nothing has the focus.
func typeKey(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// typeShortcut types Ctrl+name as the window does: a focused widget that
// takes shortcuts (an entry) gets it, the canvas otherwise.
func typeShortcut(c fyne.Canvas, name fyne.KeyName) {
	s := &desktop.CustomShortcut{KeyName: name, Modifier: fyne.KeyModifierShortcutDefault}
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s)
}

// portalStart opens the portal on the institution picker.
func (h *harness) portalStart() *portal {
	h.t.Helper()
	test.Tap(h.u.scr.home.bar.connect)
	h.wait("portal:institutions")
	return h.u.scr.portal
}

// pageOf is the portal's page as a T, failing the test when it shows
// another (what names the page wanted).
func pageOf[T page](t testing.TB, p *portal, what string) T {
	t.Helper()
	pg, ok := p.page.(T)
	if !ok {
		t.Fatalf("the portal shows %s, not %s", p.page.name(), what)
	}
	return pg
}

// picker is the portal's institution page.
func (h *harness) picker(p *portal) *institutionPage {
	h.t.Helper()
	return pageOf[*institutionPage](h.t, p, "the institutions")
}

// methods is the portal's methods page.
func (h *harness) methods(p *portal) *methodsPage {
	h.t.Helper()
	return pageOf[*methodsPage](h.t, p, "the methods")
}

// form is the portal's form page.
func (h *harness) form(p *portal) *formPage {
	h.t.Helper()
	return pageOf[*formPage](h.t, p, "a form")
}

// pickInstitution chooses an institution in the picker.
func (h *harness) pickInstitution(p *portal, id string) {
	h.t.Helper()
	ip := h.picker(p)
	for i, in := range ip.shown {
		if in.ID == id {
			ip.list.Select(i)
			return
		}
	}
	h.t.Fatalf("institution %s not in the picker (%d shown)", id, len(ip.shown))
}

// chooseMethod taps a method's Continue.
func (h *harness) chooseMethod(p *portal, k integrations.AuthKind) {
	h.t.Helper()
	b := h.methods(p).buttons[k]
	if b == nil {
		h.t.Fatalf("no method %s", k)
	}
	test.Tap(b)
}

// openForm opens the portal on the form of institution id (it has one
// method).
func (h *harness) openForm(id string) *portal {
	h.t.Helper()
	p := h.portalStart()
	h.pickInstitution(p, id)
	h.wait("portal:form")
	return p
}

// demoMethod opens the portal on the demo brokerage and chooses method k.
func (h *harness) demoMethod(k integrations.AuthKind) *portal {
	h.t.Helper()
	p := h.portalStart()
	h.pickInstitution(p, demo.ID)
	h.wait("portal:methods")
	h.chooseMethod(p, k)
	return p
}

// demoFormSeen opens the portal and goes to the demo brokerage's password
// form, calling seen with each page's name ("institutions", "methods",
// "form") once it shows.
func (h *harness) demoFormSeen(seen func(page string)) *portal {
	h.t.Helper()
	p := h.portalStart()
	seen("institutions")
	h.pickInstitution(p, demo.ID)
	h.wait("portal:methods")
	seen("methods")
	h.chooseMethod(p, integrations.AuthCredentials)
	h.wait("portal:form")
	seen("form")
	return p
}

// demoSignIn signs in to the demo brokerage as user with its good
// password; the caller waits for what comes next.
func (h *harness) demoSignIn(user string) *portal {
	h.t.Helper()
	p := h.demoMethod(integrations.AuthCredentials)
	h.wait("portal:form")
	h.fill(p, map[string]string{"username": user, "password": demo.GoodPassword})
	return p
}

// fill types values into the current form's fields and submits it.
func (h *harness) fill(p *portal, values map[string]string) {
	h.t.Helper()
	f := h.form(p)
	for name, v := range values {
		fl, ok := f.fields[name]
		if !ok {
			h.t.Fatalf("page %s has no field %q (fields: %v)", f.name(), name, mapKeys(f.fields))
		}
		switch w := fl.(type) {
		case *entry:
			w.SetText("")
			test.Type(w, v)
		case *fileField:
			w.path.SetText(v)
		case *radioGroup:
			w.SetSelected(formChoiceLabel(f, name, v))
		case *selectBox:
			w.SetSelected(formChoiceLabel(f, name, v))
		}
	}
	test.Tap(f.submit)
}

// formChoiceLabel is the label of the choice valued v of the form's field name.
func formChoiceLabel(f *formPage, name, v string) string {
	for _, sf := range f.spec.fields {
		for _, c := range sf.Choices {
			if sf.Name == name && c.Value == v {
				return c.Label
			}
		}
	}
	return v
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// done is the portal's done page.
func (h *harness) done(p *portal) *donePage {
	h.t.Helper()
	return pageOf[*donePage](h.t, p, "the done page")
}

// connectWithPassword connects the demo brokerage as username (no MFA) and
// waits until its first sync ends; it returns the connection.
func (h *harness) connectWithPassword(username string) app.Connection {
	h.t.Helper()
	p := h.demoSignIn(username)
	h.wait("portal:done")
	h.wait("portal:synced")
	c := *p.st.result
	h.closeDone(p)
	return c
}

// closeDone closes the portal's done page and waits for the list.
func (h *harness) closeDone(p *portal) {
	h.t.Helper()
	test.Tap(h.done(p).done)
	h.wait("portal:closed")
	h.settleConnections()
}

// settleConnections waits until the list shows what the vault holds.
func (h *harness) settleConnections() {
	h.t.Helper()
	h.settle()
	h.u.scr.home.reload()
	h.wait("connections")
}

// row is the row widget of a connection, scrolled into view.
func (h *harness) row(id string) *connRowWidget {
	h.t.Helper()
	if m := h.u.scr.main; m != nil {
		m.tabs.Select(m.connections) // the list shows on its tab
	}
	hs := h.u.scr.home
	for i, r := range hs.data.rows {
		if r.c.ID == id {
			hs.list.ScrollTo(i)
			hs.list.Refresh()
		}
	}
	r := hs.rowFor(id)
	if r == nil {
		h.t.Fatalf("no row on screen for connection %s", id)
	}
	return r
}

func menuAction(t *testing.T, m *fyne.Menu, label string) func() {
	t.Helper()
	if m == nil {
		t.Fatal("no menu open")
	}
	for _, it := range m.Items {
		if it.Label == label {
			return func() {
				// Choosing an item closes the menu, as a click does.
				for _, w := range fyne.CurrentApp().Driver().AllWindows() {
					ov := w.Canvas().Overlays()
					for _, o := range append([]fyne.CanvasObject(nil), ov.List()...) {
						if _, dialog := o.(*widget.PopUp); !dialog { // a menu
							ov.Remove(o)
						}
					}
				}
				it.Action()
			}
		}
	}
	t.Fatalf("menu has no %q", label)
	return nil
}

func hasMenuItem(m *fyne.Menu, label string) bool {
	for _, it := range m.Items {
		if it.Label == label {
			return true
		}
	}
	return false
}
