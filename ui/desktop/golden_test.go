package desktop

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/integrations/demo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// assertGolden compares the window's markup with testdata/<name>.xml. The
// test's temporary folder and the demo server's address are replaced by
// placeholders; everything else on screen is pinned (clock, data, theme).
func (h *harness) assertGolden(name string) {
	h.t.Helper()
	h.settle()
	h.w.Resize(fyne.NewSize(1040, 700))
	got := test.RenderToMarkup(h.w.Canvas())
	got = strings.ReplaceAll(got, h.dir, "$TMP")
	got = strings.ReplaceAll(got, h.srv.URL(), "$DEMO")
	path := filepath.Join("testdata", name+".xml")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			h.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			h.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		h.t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		failed := filepath.Join("testdata", "failed", name+".xml")
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		_ = os.WriteFile(failed, []byte(got), 0o644)
		h.t.Errorf("%s differs from the golden file; see %s (go test -update rewrites it)", path, failed)
	}
}

func goldenHarness(t *testing.T) *harness {
	fixedDirs = true
	defer func() { fixedDirs = false }()
	return newHarness(t)
}

func TestGoldenVaultScreens(t *testing.T) {
	h := goldenHarness(t)
	h.u.Start()
	h.assertGolden("create")
	h.u.scr.create.password.SetText(testPassword)
	h.u.scr.create.confirm.SetText(testPassword)
	h.assertGolden("create-filled")

	h2 := goldenHarness(t)
	h2.createVault()
	h2.u.Start()
	h2.wait("opened")
	h2.assertGolden("unlock")
}

func TestGoldenMainScreens(t *testing.T) {
	h := goldenHarness(t)
	h.unlocked()
	h.assertGolden("overview-empty") // the first screen after unlock
	h.u.showConnections("")
	h.assertGolden("connections-empty")

	// The portal's pages.
	pd := h.demoFormSeen(func(page string) { h.assertGolden("portal-" + page) })
	h.fill(pd, map[string]string{"username": "user_mfa_code", "password": demo.GoodPassword})
	h.wait("portal:code")
	h.assertGolden("portal-code")
	h.fill(pd, map[string]string{"code": demo.MFACode})
	h.wait("portal:done")
	h.wait("portal:synced")
	h.assertGolden("portal-done")
	c := *pd.st.result
	h.closeDone(pd)

	// Two connections, one of them disabled. (A minute apart: the list is
	// in the order they were made.)
	h.clk.Add(time.Minute)
	h.connectWithPassword("user_expiring")
	if _, err := h.u.core.RunAction(t.Context(), c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	h.u.sync.refresh([]string{c.ID}, false)
	h.wait("refresh:done")
	h.settle()
	h.assertGolden("connections")
	h.u.showOverview()
	h.assertGolden("overview-demo") // the demo's year of history, one connection stale
	h.u.showHome()

	h.openAccounts(c.ID)
	h.assertGolden("accounts-overview")
	h.u.scr.accounts.tabs.Select(h.u.scr.accounts.hold.tab)
	h.assertGolden("accounts-holdings")
	h.u.scr.accounts.tabs.Select(h.u.scr.accounts.activity.tab)
	h.assertGolden("accounts-activity")

	h.u.showSettings("")
	h.wait("settings:loaded")
	h.assertGolden("settings")
}
