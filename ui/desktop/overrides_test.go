package desktop

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Settings show the endpoint overrides in use, sorted, without the user
// info an address may hold: in About, and beside the app registration of
// an institution whose endpoints are overridden.
func TestSettingsShowEndpointOverrides(t *testing.T) {
	h := newHarness(t, withIntegrations(t, nil, map[string]map[string]string{
		needsAppID: {"api": "http://user:hunter2@127.0.0.1:9/v1", "auth": "http://127.0.0.1:9/oauth"}}))
	h.unlocked()
	h.u.showSettings("")
	h.wait("settings:loaded")
	s := h.u.scr.settings
	s.tabs.Select(s.tab.about)
	about := test.RenderObjectToMarkup(s.tab.about.Content)
	api := strings.Index(about, ">Example Broker · api → http://127.0.0.1:9/v1<")
	auth := strings.Index(about, ">Example Broker · auth → http://127.0.0.1:9/oauth<")
	demo := strings.Index(about, ">Latchkey Demo Brokerage · api → ")
	if !strings.Contains(about, "Endpoint overrides") || api < 0 || auth < api || demo < auth {
		t.Errorf("About should list the overrides, sorted:\n%s", about)
	}
	if strings.Contains(about, "hunter2") {
		t.Error("About shows the user info of an override's address")
	}
	s.tabs.Select(s.tab.apps)
	s.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	if !s.apps.endpoints.Visible() || !strings.Contains(s.apps.endpoints.Text, "Example Broker · api → http://127.0.0.1:9/v1") {
		t.Errorf("the app registration should say its endpoints are overridden: %q", s.apps.endpoints.Text)
	}
}
