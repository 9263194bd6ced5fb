package desktop

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

func TestConnectWithPasswordAndCode(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.portalStart()
	ip := h.picker(p)
	if h.w.Canvas().Focused() != ip.search {
		t.Error("the institution search should have the focus")
	}
	// Search as you type; filters by region and kind.
	test.Type(ip.search, "crypto")
	if len(ip.shown) != 1 || ip.shown[0].ID != demo.CryptoID {
		t.Fatalf("search “crypto”: %d shown", len(ip.shown))
	}
	ip.search.SetText("")
	ip.kind.SetSelected(kindName(integrations.KindCryptoExchange))
	if len(ip.shown) != 1 {
		t.Errorf("kind filter: %d shown, want 1", len(ip.shown))
	}
	ip.kind.SetSelected(allKinds)
	ip.region.SetSelected("United States")
	if len(ip.shown) != 1 || ip.shown[0].ID != needsAppID {
		t.Errorf("region filter: %v", ip.shown)
	}
	ip.region.SetSelected(allRegions)

	h.pickInstitution(p, demo.ID)
	h.wait("portal:methods")
	if len(h.methods(p).buttons) != 2 {
		t.Fatalf("the demo offers two methods, the page shows %d", len(h.methods(p).buttons))
	}
	h.chooseMethod(p, integrations.AuthCredentials)
	h.wait("portal:form")
	// An empty form is refused in place, under the fields.
	test.Tap(h.form(p).submit)
	if f := h.form(p); !f.problem.Visible() || f.problem.Text != "Enter username." {
		t.Fatalf("an empty form should say what is missing: %q", f.problem.Text)
	}
	// A wrong password: the same form again, the password cleared and focused.
	h.fill(p, map[string]string{"username": "user_mfa_code", "password": "nope"})
	h.wait("portal:form")
	f := h.form(p)
	if !strings.Contains(f.problem.Text, "did not accept") {
		t.Fatalf("wrong password: %q", f.problem.Text)
	}
	if got := f.fields["username"].(*entry).Text; got != "user_mfa_code" {
		t.Errorf("the username should be kept after a wrong password, got %q", got)
	}
	if pw := f.fields["password"].(*entry); pw.Text != "" || h.w.Canvas().Focused() != pw {
		t.Error("a refused password is cleared and focused")
	}
	h.fill(p, map[string]string{"password": demo.GoodPassword})
	h.wait("portal:code")
	if !strings.Contains(test.RenderObjectToMarkup(p.frame.body), "authenticator app") {
		t.Error("the code page should name where the code is")
	}
	h.fill(p, map[string]string{"code": "000000"})
	h.wait("portal:code")
	f = h.form(p)
	if !strings.Contains(f.problem.Text, "type it again") {
		t.Fatalf("wrong code: %q", f.problem.Text)
	}
	if code := f.fields["code"].(*entry); code.Text != "" || h.w.Canvas().Focused() != code {
		t.Error("a rejected code is cleared and focused, so typing replaces it")
	}
	h.fill(p, map[string]string{"code": demo.MFACode})
	h.wait("portal:done")
	d := h.done(p)
	if d.title != "Connected" || d.accounts == nil || !strings.Contains(d.accounts.Text, "•") {
		t.Errorf("the done page should say Connected and list the accounts: %q", d.title)
	}
	h.wait("portal:synced")
	if !strings.HasPrefix(d.syncText.Text, "All synced") {
		t.Errorf("sync after connecting: %q", d.syncText.Text)
	}
	d.nameEntry.SetText("My brokerage")
	id := p.st.result.ID
	test.Tap(d.viewBtn)
	h.waitAll("accounts:loaded", "renamed", "holdings:loaded")
	s := h.u.scr.accounts
	if s == nil || s.connID != id || len(s.accounts) == 0 || len(s.hold.table.rows) == 0 {
		t.Fatal("View accounts should show the new connection's accounts and holdings")
	}
	c, err := h.u.core.Connection(context.Background(), id)
	if err != nil || c.Label != "My brokerage" {
		t.Errorf("the name given on the done page: %q, %v", c.Label, err)
	}
	events, _ := h.u.core.History(context.Background(), id)
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Type))
	}
	joined := strings.Join(kinds, " ")
	for _, want := range []string{"SESSION_STARTED", "CREDENTIALS_SUBMITTED", "MFA_REQUESTED", "MFA_SUBMITTED", "CONNECTION_SUCCESSFUL"} {
		if !strings.Contains(joined, want) {
			t.Errorf("history lacks %s: %s", want, joined)
		}
	}
}

func TestConnectWithOAuth(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.browser.approveAs("user_good")
	p := h.demoMethod(integrations.AuthOAuth2)
	h.wait("portal:done")
	urls := h.browser.urls()
	if len(urls) == 0 || !strings.Contains(urls[0], "/oauth/authorize") {
		t.Fatalf("the consent page was not opened: %v", urls)
	}
	if p.st.result == nil || p.st.result.Method != integrations.AuthOAuth2 {
		t.Fatalf("OAuth connection: %+v", p.st.result)
	}
	h.wait("portal:synced")
	h.closeDone(p)
	if r := h.row(p.st.result.ID); r.badge.Text() != "Active" || r.action.Visible() {
		t.Errorf("a new OAuth connection: badge %q, action shown %v", r.badge.Text(), r.action.Visible())
	}
}

func TestOAuthPageSaysWhetherTheBrowserOpened(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.portalStart() // the browser opens the page, the user does nothing
	h.pickInstitution(p, demo.ID)
	h.wait("portal:methods")
	h.chooseMethod(p, integrations.AuthOAuth2)
	h.wait("portal:browser")
	b := p.page.(*browserPage)
	h.settle()
	if !strings.HasPrefix(b.status.Text, "Latchkey opened Latchkey Demo Brokerage's sign-in page") || b.failedOpen {
		t.Errorf("opened: %q", b.status.Text)
	}
	test.Tap(p.frame.cancel)
	h.wait("portal:closed")

	// A browser that cannot open: the page says so and leads with copying.
	h.browser.fail(errors.New("no browser"))
	p = h.demoMethod(integrations.AuthOAuth2)
	h.wait("portal:browser")
	h.settle()
	b = p.page.(*browserPage)
	if !strings.HasPrefix(b.status.Text, "Latchkey could not open your browser") || h.w.Canvas().Focused() != b.copyURL {
		t.Errorf("could not open: %q, focus on %T", b.status.Text, h.w.Canvas().Focused())
	}
	test.Tap(b.copyURL)
	if got := h.u.fyne.Clipboard().Content(); got != b.step.URL {
		t.Error("Copy should copy the URL")
	}
}

func TestOAuthDeniedInTheBrowserSaysSo(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.browser.mu.Lock()
	h.browser.consent = map[string]string{"username": "user_good", "password": demo.GoodPassword, "decision": "deny"}
	h.browser.mu.Unlock()
	p := h.demoMethod(integrations.AuthOAuth2)
	h.wait("portal:error")
	ep := p.page.(*errorPage)
	if !strings.Contains(ep.message.Text, "in the browser") || strings.Contains(ep.message.Text, "app") {
		t.Errorf("a denial in the browser: %q", ep.message.Text)
	}
}

func TestOAuthPasteAndCancel(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.portalStart() // the page opens, the callback never comes: the user pastes
	h.pickInstitution(p, demo.ID)
	h.wait("portal:methods")
	h.chooseMethod(p, integrations.AuthOAuth2)
	h.wait("portal:browser")
	b := p.page.(*browserPage)
	if b.paste == nil {
		t.Fatal("the browser page should offer a paste box")
	}
	test.Type(b.paste, "https://example.com/nothing-here")
	test.Tap(b.pasteBtn)
	h.wait("portal:pasted")
	if !b.problem.Visible() || !strings.HasPrefix(b.problem.Text, "That could not be used.") {
		t.Errorf("a useless paste: %q", b.problem.Text)
	}
	b.paste.SetText("")
	test.Type(b.paste, consentRedirect(t, h.browser.urls()[0], "user_good"))
	submit(b.paste)
	h.waitAll("portal:pasted", "portal:done")
	if p.st.result == nil {
		t.Fatal("a good paste should finish the login")
	}
	h.wait("portal:synced")
	test.Tap(h.done(p).done)
	h.wait("portal:closed")

	// Cancel on a waiting browser page closes the portal.
	p = h.demoMethod(integrations.AuthOAuth2)
	h.wait("portal:browser")
	test.Tap(p.frame.cancel)
	h.wait("portal:closed")
	if h.u.scr.portal != nil {
		t.Fatal("Cancel should close the portal")
	}
}

// consentRedirect approves the demo's consent page at authURL as username
// and returns the address the browser would end on, without going there.
func consentRedirect(t *testing.T, authURL, username string) string {
	t.Helper()
	resp, err := http.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="request_id" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no consent form at %s", authURL)
	}
	u, _ := url.Parse(authURL)
	u.Path, u.RawQuery = "/oauth/consent", ""
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = c.PostForm(u.String(), url.Values{"request_id": {string(m[1])}, "username": {username},
		"password": {demo.GoodPassword}, "decision": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if loc == "" {
		t.Fatalf("consent answered %s without a redirect", resp.Status)
	}
	return loc
}

func TestEveryMFAKind(t *testing.T) {
	cases := []struct {
		user  string
		steps []string
		fill  []map[string]string
	}{
		{"user_mfa_choice", []string{"portal:choice", "portal:code"}, []map[string]string{{"method": "sms"}, {"code": demo.MFACode}}},
		{"user_mfa_questions", []string{"portal:questions"}, nil},
		{"user_mfa_push", []string{"portal:approve"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			h := newHarness(t)
			h.unlocked()
			p := h.demoSignIn(tc.user)
			for i, step := range tc.steps {
				h.wait(step)
				switch step {
				case "portal:questions":
					vals := map[string]string{}
					for name := range h.form(p).fields {
						vals[name] = "wrong"
					}
					h.fill(p, vals)
					h.wait("portal:questions")
					if !h.form(p).problem.Visible() {
						t.Error("wrong answers should be said")
					}
					h.fill(p, map[string]string{"q1": demo.AnswerColour, "q2": demo.AnswerPet})
				case "portal:approve":
					a := p.page.(*approvePage)
					if a.link == nil {
						t.Fatal("the approve page should link to the approval page")
					}
					if a.title != "Continue in your browser" {
						t.Errorf("an approval with a page has the heading %q: it may not be an app's", a.title)
					}
					h.browser.approveAs("user_mfa_push")
					a.link.OnTapped()
				default:
					h.fill(p, tc.fill[i])
				}
			}
			h.wait("portal:done")
			h.wait("portal:synced")
		})
	}
}

func TestErrorsHaveAWayForward(t *testing.T) {
	cases := map[string]struct{ title, button string }{
		"user_maintenance":  {"not available right now", "Try again"},
		"user_rate_limited": {"slow down", "Try again"},
	}
	for user, want := range cases {
		t.Run(user, func(t *testing.T) {
			h := newHarness(t)
			h.unlocked()
			p := h.demoSignIn(user)
			h.wait("portal:error")
			ep := p.page.(*errorPage)
			if !strings.Contains(ep.title, want.title) || ep.action(want.button) == nil {
				t.Fatalf("error page for %s: %q, buttons %d", user, ep.title, len(ep.buttons))
			}
			if strings.Contains(ep.message.Text, "saved data") {
				t.Errorf("a brand-new connection has no saved data to mention: %q", ep.message.Text)
			}
			if user == "user_rate_limited" && !strings.Contains(ep.message.Text, "Try again in "+integrations.HumanDuration(60e9)) {
				t.Errorf("rate limit wait: %q", ep.message.Text)
			}
			// Enter presses the default: start again at the same method's form.
			typeKey(h.w.Canvas(), fyne.KeyReturn)
			h.wait("portal:form")
			typeKey(h.w.Canvas(), fyne.KeyEscape) // Back to the methods
			h.wait("portal:methods")
			typeKey(h.w.Canvas(), fyne.KeyEscape) // Back to the institutions
			h.wait("portal:institutions")
			typeKey(h.w.Canvas(), fyne.KeyEscape) // closes
			h.wait("portal:closed")
		})
	}
}

func TestLockedAccountLeadsWithTheInstitution(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.openForm(hintedID)
	h.fill(p, map[string]string{"username": "locked", "password": "pw"})
	h.wait("portal:error")
	ep := p.page.(*errorPage)
	if !strings.HasPrefix(ep.message.Text, "Unlock it first on Hinted Bank's website") {
		t.Errorf("locked: %q", ep.message.Text)
	}
	def := ep.buttons[len(ep.buttons)-1]
	if def.Text != "Open Hinted's website" || ep.action("Start again") != nil {
		t.Errorf("locked: the default is %q", def.Text)
	}
}

func TestCodeFieldTakesOnlyDigitsAndHintIsKept(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.openForm(hintedID)
	h.fill(p, map[string]string{"username": "jane@example.com", "password": "pw"})
	h.wait("portal:code")
	code := h.form(p).fields["code"].(*entry)
	test.Type(code, "12a3-4 5678")
	if code.Text != "123456" {
		t.Errorf("a six-digit code field holds %q", code.Text)
	}
	code.SetText("98 76") // a paste
	if code.Text != "9876" {
		t.Errorf("pasted: %q", code.Text)
	}
	test.Tap(h.form(p).submit)
	if !strings.Contains(h.form(p).problem.Text, "enter all 6") {
		t.Errorf("a short code is said at once: %q", h.form(p).problem.Text)
	}
	h.fill(p, map[string]string{"code": "123456"})
	h.wait("portal:done")
	h.wait("portal:synced")
	d := h.done(p)
	if strings.Contains(d.syncText.Text, "saved data") || !strings.Contains(d.syncText.Text, "maintenance") {
		t.Errorf("a brand-new connection's failed first sync: %q", d.syncText.Text)
	}
	c := *p.st.result
	if c.LoginHint != "j•••@example.com" {
		t.Fatalf("login hint %q", c.LoginHint)
	}
	test.Tap(d.done)
	h.wait("portal:closed")
	h.settleConnections()
	if sub := h.row(c.ID).sub.Text(); !strings.Contains(sub, "j•••@example.com") {
		t.Errorf("the row shows the login: %q", sub)
	}
	// The repair form shows whose login it is.
	test.Tap(h.row(c.ID).more)
	menuAction(t, h.u.scr.home.menu, "Reconnect…")()
	h.wait("portal:form")
	p = h.u.scr.portal
	if user := h.form(p).fields["username"].(*entry); !strings.Contains(user.PlaceHolder, "j•••@example.com") {
		t.Errorf("the repair form's login: %q", user.PlaceHolder)
	}
	if !strings.Contains(test.RenderObjectToMarkup(p.frame.header), "j•••@example.com") {
		t.Error("the repair banner names the login")
	}
}

func TestAlreadyConnectedIsUpdated(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	p := h.demoSignIn("user_good")
	h.wait("portal:existing")
	test.Tap(p.page.(*existingPage).use)
	h.wait("portal:done")
	if d := h.done(p); p.st.result.ID != c.ID || d.title != "Updated" {
		t.Errorf("Update keeps the existing connection and says Updated, not Repaired: %q", d.title)
	}
	conns, _ := h.u.core.Connections(context.Background())
	if len(conns) != 1 {
		t.Errorf("%d connections, want 1", len(conns))
	}
}

func TestNeedsAppOpensSettings(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.portalStart()
	h.pickInstitution(p, needsAppID)
	h.wait("portal:needsapp")
	if !strings.Contains(test.RenderObjectToMarkup(p.frame.body), "developer.example.com") {
		t.Error("the page should show the institution's registration help")
	}
	test.Tap(p.page.(*needsAppPage).open)
	h.wait("portal:closed")
	s := h.u.scr.settings
	if s == nil || s.tabs.Selected() != s.tab.apps || s.apps.inst.Selected != "Example Broker" {
		t.Fatal("Open Settings should show that institution's app registration")
	}
	h.wait("settings:app-loaded")
	test.Type(s.apps.clientID, "my-client-id")
	test.Tap(s.apps.save)
	h.wait("settings:app-saved")
	if !s.apps.connect.Visible() {
		t.Error("after saving, Connect now should be offered")
	}
	test.Tap(s.apps.connect)
	// With the registration the portal begins the login (which fails here:
	// the example institution has no server) instead of asking for it.
	h.wait("portal:error")
	if h.u.scr.portal == nil {
		t.Fatal("Connect now should start the login")
	}
}

func TestConnectWithAPIKey(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	p := h.portalStart()
	h.pickInstitution(p, demo.CryptoID)
	// One method: straight to its form, built from the field descriptions.
	h.wait("portal:form")
	f := h.form(p)
	if _, ok := f.fields["key_id"]; !ok {
		t.Fatalf("API key form fields: %v", mapKeys(f.fields))
	}
	if e, ok := f.fields["secret"].(*entry); !ok || !e.Password {
		t.Error("the API secret should be a password field")
	}
	if md := test.RenderObjectToMarkup(p.frame.body); !strings.Contains(md, "The demo's key is demo_key.") {
		t.Error("the fields' help text should show")
	}
	h.fill(p, map[string]string{"key_id": demo.CryptoKey, "secret": "wrong"})
	h.wait("portal:form")
	if !h.form(p).problem.Visible() {
		t.Fatal("a wrong secret should be said")
	}
	h.fill(p, map[string]string{"secret": demo.CryptoSecret})
	h.wait("portal:done")
	h.wait("portal:synced")
	if d := h.done(p); !strings.HasPrefix(d.syncText.Text, "All synced") {
		t.Errorf("crypto sync: %q", d.syncText.Text)
	}
}
