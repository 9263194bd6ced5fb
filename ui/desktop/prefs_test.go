package desktop

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestWindowSizeAndThemeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	p := uiPrefs{a.Preferences()}
	if got := p.WindowSize(); got != fyne.NewSize(defaultWidth, defaultHeight) {
		t.Errorf("first run size %v", got)
	}
	p.SetWindowSize(fyne.NewSize(1300, 820))
	p.SetTheme(themeDark)
	w := test.NewTempWindow(t, nil)
	u, err := New(a, w, Options{VaultPath: t.TempDir() + "/vault.db"})
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if got := w.Canvas().Size(); got.Width < 1290 || got.Height < 810 {
		t.Errorf("window opened at %v, want the remembered 1300×820", got)
	}
	if _, ok := a.Settings().Theme().(*appTheme); !ok || u.env.prefs.Theme() != themeDark {
		t.Error("the remembered dark theme should apply at start")
	}
	// Nonsense sizes fall back to the default.
	p.SetWindowSize(fyne.NewSize(20, 20))
	a.Preferences().SetFloat(prefWindowWidth, 99999)
	if got := p.WindowSize(); got != fyne.NewSize(defaultWidth, defaultHeight) {
		t.Errorf("bad remembered size gave %v", got)
	}
}
