package desktop

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

// TestScreenshots renders the main screens with the real theme into PNG
// files, for people to look at (LATCHKEY_SHOTS=folder go test -run
// Screenshots). It checks nothing and is skipped otherwise.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("LATCHKEY_SHOTS")
	if dir == "" {
		t.Skip("set LATCHKEY_SHOTS to a folder to write screenshots")
	}
	h := newHarness(t)
	test.ApplyTheme(t, theme.DefaultTheme())
	h.u.applyTheme(themeDark)
	shot := func(name string) {
		h.settle()
		h.w.Resize(fyne.NewSize(1040, 700))
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	h.unlocked()
	shot("01-empty")
	pd := h.demoFormSeen(func(page string) {
		switch page {
		case "institutions":
			shot("02-institutions")
		case "methods":
			shot("03-methods")
		}
	})
	h.fill(pd, map[string]string{"username": "user_mfa_code", "password": "wrong"})
	h.wait("portal:form")
	shot("04-form-error")
	h.fill(pd, map[string]string{"password": demo.GoodPassword})
	h.wait("portal:code")
	shot("05-code")
	h.fill(pd, map[string]string{"code": demo.MFACode})
	h.wait("portal:done")
	h.wait("portal:synced")
	shot("06-done")
	c := *pd.st.result
	h.closeDone(pd)

	pd = h.demoMethod(integrations.AuthOAuth2)
	h.wait("portal:browser")
	shot("07-browser")
	test.Tap(pd.frame.cancel)
	h.wait("portal:closed")

	h.clk.Add(60000000000)
	h.connectWithPassword("user_expiring")
	if _, err := h.u.core.RunAction(t.Context(), c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	h.u.sync.refresh([]string{c.ID}, false)
	h.wait("refresh:done")
	shot("08-connections")
	test.Tap(h.row(c.ID).more)
	shot("09-menu")
	h.u.closeOverlays()

	test.Tap(h.row(c.ID).action)
	h.wait("portal:form")
	shot("10-repair")
	test.Tap(h.u.scr.portal.frame.cancel)
	h.wait("portal:closed")

	h.openAccounts(c.ID)
	shot("11-accounts")
	h.u.scr.accounts.tabs.Select(h.u.scr.accounts.hold.tab)
	shot("12-holdings")
	h.u.scr.accounts.tabs.Select(h.u.scr.accounts.activity.tab)
	shot("13-activity")
	h.u.showHistory(h.u.scr.accounts.conn)
	h.wait("history:loaded")
	shot("14-history")
	h.u.closeOverlays()

	h.u.showSettings("")
	h.wait("settings:loaded")
	shot("15-settings")
	h.u.scr.settings.tabs.Select(h.u.scr.settings.tab.apps)
	h.u.scr.settings.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	shot("16-settings-apps")
	h.u.scr.settings.tabs.Select(h.u.scr.settings.tab.vault)
	shot("17-settings-vault")
	h.u.scr.settings.tabs.Select(h.u.scr.settings.tab.about)
	shot("18-settings-about")
	h.u.applyTheme(themeLight)
	h.u.showHome()
	shot("19-connections-light")
}
