package desktop

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

func TestConnectWithPasswordAndCode(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	pd := h.portalStart()
	if h.w.Canvas().Focused() != pd.picker.search {
		t.Error("the institution search should have the focus")
	}
	// Search as you type; filters by region and kind.
	test.Type(pd.picker.search, "crypto")
	if len(pd.picker.shown) != 1 || pd.picker.shown[0].ID != demo.CryptoID {
		t.Fatalf("search “crypto”: %d shown", len(pd.picker.shown))
	}
	pd.picker.search.SetText("")
	pd.picker.kind.SetSelected(kindName(integrations.KindCryptoExchange))
	if len(pd.picker.shown) != 1 {
		t.Errorf("kind filter: %d shown, want 1", len(pd.picker.shown))
	}
	pd.picker.kind.SetSelected(allKinds)
	pd.picker.region.SetSelected("United States")
	if len(pd.picker.shown) != 1 || pd.picker.shown[0].ID != needsAppID {
		t.Errorf("region filter: %v", pd.picker.shown)
	}
	pd.picker.region.SetSelected(allRegions)

	h.pickInstitution(pd, demo.ID)
	h.wait("portal:methods")
	if len(pd.methodBtns) != 2 {
		t.Fatalf("the demo offers two methods, the page shows %d", len(pd.methodBtns))
	}
	test.Tap(pd.methodBtns[integrations.AuthCredentials])
	h.wait("portal:form")
	if _, ok := pd.fields["password"].(interface{ Disabled() bool }); !ok {
		t.Fatal("the form has no password field")
	}
	// An empty form is refused in place.
	test.Tap(pd.submit)
	if !pd.errorRow.Visible() || pd.page != "form" {
		t.Fatal("an empty form should say what is missing")
	}
	// A wrong password: the same form again, with the error.
	h.fill(pd, map[string]string{"username": "user_mfa_code", "password": "nope"})
	h.wait("portal:form")
	if !pd.errorRow.Visible() || !strings.Contains(pd.errorBox.message.Text, "did not accept these credentials") {
		t.Fatalf("wrong password: error %q", pd.errorBox.message.Text)
	}
	if got := pd.fields["username"].(*widget.Entry).Text; got != "user_mfa_code" {
		t.Errorf("the username should be kept after a wrong password, got %q", got)
	}
	h.fill(pd, map[string]string{"password": demo.GoodPassword})
	h.wait("portal:code")
	if !strings.Contains(h.pageText(pd), "authenticator app") {
		t.Errorf("the code page should name where the code is: %q", h.pageText(pd))
	}
	h.fill(pd, map[string]string{"code": "000000"})
	h.wait("portal:code")
	if !strings.Contains(pd.errorBox.message.Text, "verification code was not accepted") {
		t.Fatalf("wrong code: error %q", pd.errorBox.message.Text)
	}
	h.fill(pd, map[string]string{"code": demo.MFACode})
	h.wait("portal:done")
	if pd.accounts == nil || !strings.Contains(pd.accounts.Text, "•") {
		t.Error("the done page should list the accounts found")
	}
	h.wait("portal:synced")
	if !strings.HasPrefix(pd.syncText.Text, "All synced") {
		t.Errorf("sync after connecting: %q", pd.syncText.Text)
	}
	pd.nameEntry.SetText("My brokerage")
	id := pd.result.ID
	test.Tap(pd.viewBtn)
	h.waitAll("accounts:loaded", "renamed", "holdings:loaded")
	s := h.u.accounts
	if s == nil || s.connID != id || len(s.accounts) == 0 || len(s.holdings.rows) == 0 {
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

// pageText is the portal page's markup, to look for words in it.
func (h *harness) pageText(pd *portalDialog) string { return test.RenderObjectToMarkup(pd.body) }

func TestConnectWithOAuth(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.browser.approveAs("user_good")
	pd := h.portalStart()
	h.pickInstitution(pd, demo.ID)
	h.wait("portal:methods")
	test.Tap(pd.methodBtns[integrations.AuthOAuth2])
	h.wait("portal:done")
	urls := h.browser.urls()
	if len(urls) == 0 || !strings.Contains(urls[0], "/oauth/authorize") {
		t.Fatalf("the consent page was not opened: %v", urls)
	}
	if pd.result == nil || pd.result.Method != integrations.AuthOAuth2 {
		t.Fatalf("OAuth connection: %+v", pd.result)
	}
	h.wait("portal:synced")
	test.Tap(pd.doneBtn)
	h.wait("portal:closed")
	h.settleConnections()
	if r := h.row(pd.result.ID); r.badge.Text() != "Active" || r.repair.Visible() {
		t.Errorf("a new OAuth connection: badge %q, repair shown %v", r.badge.Text(), r.repair.Visible())
	}
}

func TestOAuthPasteAndCancel(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	pd := h.portalStart() // the browser does nothing: the user pastes
	h.pickInstitution(pd, demo.ID)
	h.wait("portal:methods")
	test.Tap(pd.methodBtns[integrations.AuthOAuth2])
	h.wait("portal:browser")
	if pd.urlLabel.Text == "" || pd.paste == nil {
		t.Fatal("the browser page should show the URL and a paste box")
	}
	test.Tap(pd.copyURL)
	if got := h.u.fyne.Clipboard().Content(); got != pd.urlLabel.Text {
		t.Error("Copy should copy the URL")
	}
	test.Type(pd.paste, "https://example.com/nothing-here")
	test.Tap(pd.pasteBtn)
	h.wait("portal:pasted")
	if !pd.pasteError.Visible() || !strings.Contains(pd.pasteError.Text, "authorization code") {
		t.Errorf("a useless paste: %q", pd.pasteError.Text)
	}
	// The user approves in a browser that cannot reach Latchkey, and pastes
	// the address it ended on.
	pd.paste.SetText("")
	test.Type(pd.paste, consentRedirect(t, h.browser.urls()[0], "user_good"))
	submit(pd.paste)
	h.waitAll("portal:pasted", "portal:done")
	if pd.pasteError.Visible() || pd.result == nil {
		t.Fatalf("a good paste should finish the login (paste error %q)", pd.pasteError.Text)
	}
	h.wait("portal:synced")
	test.Tap(pd.doneBtn)
	h.wait("portal:closed")

	// Cancel on a waiting browser page closes the portal.
	pd = h.portalStart()
	h.pickInstitution(pd, demo.ID)
	h.wait("portal:methods")
	test.Tap(pd.methodBtns[integrations.AuthOAuth2])
	h.wait("portal:browser")
	test.Tap(pd.cancelBtn)
	h.wait("portal:closed")
	if h.u.portal != nil {
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

func TestRevokeAndRepair(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	accts, _ := h.u.core.Accounts(context.Background(), c.ID)
	hs := h.u.home
	r := h.row(c.ID)
	if r.badge.Text() != "Active" || r.repair.Visible() || hs.bannerBox.Visible() {
		t.Fatalf("fresh connection: badge %q", r.badge.Text())
	}

	// Row menu → Revoke access (demo) → confirm: the next sync disables it.
	test.Tap(r.more)
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Connection needs repair",
		Content: "Latchkey Demo Brokerage no longer accepts Latchkey's access. Open Latchkey and choose Repair."}, func() {
		menuAction(t, hs.menu, "Revoke access (demo)")()
		hs.confirm.Confirm()
		h.wait("action:revoke")
		h.wait("refresh:done")
	})
	r = h.row(c.ID)
	if r.badge.Text() != "Disabled" || !r.repair.Visible() {
		t.Fatalf("after revoking: badge %q, repair shown %v", r.badge.Text(), r.repair.Visible())
	}
	if !hs.bannerBox.Visible() || hs.repairOne == nil || !strings.Contains(hs.banner.message.Text, "1 connection needs attention") {
		t.Fatalf("the banner should count the connection: %q", hs.banner.message.Text)
	}

	// Repair: one click opens the portal in reconnect mode.
	test.Tap(r.repair)
	h.wait("portal:form")
	pd := h.u.portal
	if pd.reconnect == nil || pd.reconnect.ID != c.ID || pd.picker != nil {
		t.Fatal("Repair should skip the institution choice and name the connection")
	}
	h.fill(pd, map[string]string{"username": "user_good", "password": demo.GoodPassword})
	h.wait("portal:done")
	if pd.result == nil || pd.result.ID != c.ID || !strings.Contains(pd.doneText.Text, "works again") {
		t.Fatalf("repair result: %+v", pd.result)
	}
	h.wait("portal:synced")
	test.Tap(pd.doneBtn)
	h.wait("portal:closed")
	h.settleConnections()
	r = h.row(c.ID)
	if r.badge.Text() != "Active" || r.repair.Visible() || hs.bannerBox.Visible() {
		t.Fatalf("after repair: badge %q, repair %v, banner %v", r.badge.Text(), r.repair.Visible(), hs.bannerBox.Visible())
	}
	conns, _ := h.u.core.Connections(context.Background())
	after, _ := h.u.core.Accounts(context.Background(), c.ID)
	if len(conns) != 1 || conns[0].ID != c.ID || len(after) != len(accts) {
		t.Fatalf("repair must keep the connection and its accounts: %d connections, %d→%d accounts", len(conns), len(accts), len(after))
	}
}

func TestRepairWithAnotherLogin(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	if _, err := h.u.core.RunAction(context.Background(), c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	h.u.refreshConnections([]string{c.ID}, false)
	h.wait("refresh:done")
	test.Tap(h.row(c.ID).repair)
	h.wait("portal:form")
	pd := h.u.portal
	h.fill(pd, map[string]string{"username": "user_expiring", "password": demo.GoodPassword})
	h.wait("portal:error")
	if !strings.Contains(pd.message.Text, "different user") {
		t.Errorf("repair as another user: %q", pd.message.Text)
	}
	got, _ := h.u.core.Connection(context.Background(), c.ID)
	if !got.Disabled() {
		t.Error("a refused repair must change nothing")
	}
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
			pd := h.portalStart()
			h.pickInstitution(pd, demo.ID)
			h.wait("portal:methods")
			test.Tap(pd.methodBtns[integrations.AuthCredentials])
			h.wait("portal:form")
			h.fill(pd, map[string]string{"username": tc.user, "password": demo.GoodPassword})
			for i, step := range tc.steps {
				h.wait(step)
				switch step {
				case "portal:questions":
					vals := map[string]string{}
					for name := range pd.fields {
						vals[name] = "wrong"
					}
					h.fill(pd, vals)
					h.wait("portal:questions")
					if !pd.errorRow.Visible() {
						t.Error("wrong answers should be said")
					}
					answers := []string{demo.AnswerColour, demo.AnswerPet}
					j := 0
					for _, name := range []string{"q1", "q2"} {
						vals[name] = answers[j]
						j++
					}
					h.fill(pd, vals)
				case "portal:approve":
					if pd.approveURL == nil {
						t.Fatal("the approve page should link to the approval page")
					}
					h.browser.approveAs("user_mfa_push")
					pd.approveURL.OnTapped()
				default:
					h.fill(pd, tc.fill[i])
				}
			}
			h.wait("portal:done")
			h.wait("portal:synced")
		})
	}
}

func TestErrorsHaveAWayForward(t *testing.T) {
	cases := map[string]string{
		"user_locked":       "This login is locked",
		"user_maintenance":  "The institution is not available right now",
		"user_rate_limited": "Try again in 1 minute.",
	}
	for user, title := range cases {
		t.Run(user, func(t *testing.T) {
			h := newHarness(t)
			h.unlocked()
			pd := h.portalStart()
			h.pickInstitution(pd, demo.ID)
			h.wait("portal:methods")
			test.Tap(pd.methodBtns[integrations.AuthCredentials])
			h.wait("portal:form")
			h.fill(pd, map[string]string{"username": user, "password": demo.GoodPassword})
			h.wait("portal:error")
			if !strings.Contains(test.RenderObjectToMarkup(pd.body), title) || pd.actions["retry"] == nil {
				t.Fatalf("error page for %s lacks %q or a retry", user, title)
			}
			// Start again goes back to the same method's form.
			test.Tap(pd.actions["retry"])
			h.wait("portal:form")
			test.Tap(pd.cancelBtn)
			h.wait("portal:closed")
		})
	}
}

func TestAlreadyConnected(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	pd := h.portalStart()
	h.pickInstitution(pd, demo.ID)
	h.wait("portal:methods")
	test.Tap(pd.methodBtns[integrations.AuthCredentials])
	h.wait("portal:form")
	h.fill(pd, map[string]string{"username": "user_good", "password": demo.GoodPassword})
	h.wait("portal:existing")
	test.Tap(pd.actions["Update"])
	h.wait("portal:done")
	if pd.result.ID != c.ID {
		t.Errorf("Update should keep the existing connection")
	}
	conns, _ := h.u.core.Connections(context.Background())
	if len(conns) != 1 {
		t.Errorf("%d connections, want 1", len(conns))
	}
}

func TestNeedsAppOpensSettings(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	pd := h.portalStart()
	h.pickInstitution(pd, needsAppID)
	h.wait("portal:needsapp")
	if !strings.Contains(test.RenderObjectToMarkup(pd.body), "developer.example.com") {
		t.Error("the page should show the institution's registration help")
	}
	test.Tap(pd.actions["Open Settings"])
	h.wait("portal:closed")
	s := h.u.settings
	if s == nil || s.tabs.Selected() != s.apps || s.appInst.Selected != "Example Broker" {
		t.Fatal("Open Settings should show that institution's app registration")
	}
	h.wait("settings:app-loaded")
	test.Type(s.clientID, "my-client-id")
	test.Tap(s.appSave)
	h.wait("settings:app-saved")
	if !s.appConnect.Visible() {
		t.Error("after saving, Connect now should be offered")
	}
	test.Tap(s.appConnect)
	// With the registration the portal begins the login (which fails here:
	// the example institution has no server) instead of asking for it.
	h.wait("portal:error")
	if h.u.portal == nil || h.u.portal.page != "error" {
		t.Fatal("Connect now should start the login")
	}
}

func TestConnectWithAPIKey(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	pd := h.portalStart()
	h.pickInstitution(pd, demo.CryptoID)
	// One method: straight to its form, built from the field descriptions.
	h.wait("portal:form")
	if _, ok := pd.fields["key_id"]; !ok {
		t.Fatalf("API key form fields: %v", keys(pd.fields))
	}
	if e, ok := pd.fields["secret"].(*widget.Entry); !ok || !e.Password {
		t.Error("the API secret should be a password field")
	}
	if md := test.RenderObjectToMarkup(pd.body); !strings.Contains(md, "The demo's key is demo_key.") {
		t.Error("the fields' help text should show")
	}
	h.fill(pd, map[string]string{"key_id": demo.CryptoKey, "secret": "wrong"})
	h.wait("portal:form")
	if !pd.errorRow.Visible() {
		t.Fatal("a wrong secret should be said")
	}
	h.fill(pd, map[string]string{"secret": demo.CryptoSecret})
	h.wait("portal:done")
	h.wait("portal:synced")
	if !strings.HasPrefix(pd.syncText.Text, "All synced") {
		t.Errorf("crypto sync: %q", pd.syncText.Text)
	}
}
