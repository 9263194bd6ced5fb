package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// uiPrefs are the desktop's own non-secret preferences, kept by Fyne (in
// the user's config folder, in plain text). Nothing secret goes here: the
// user's settings that matter live in the vault (app.Preferences).
type uiPrefs struct{ p fyne.Preferences }

const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	prefTheme        = "appearance.theme"

	defaultWidth  = 1040
	defaultHeight = 700
)

// Theme choices.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// WindowSize is the main window's last size.
func (p uiPrefs) WindowSize() fyne.Size {
	w := p.p.FloatWithFallback(prefWindowWidth, defaultWidth)
	h := p.p.FloatWithFallback(prefWindowHeight, defaultHeight)
	if w < 640 || w > 10000 || h < 480 || h > 10000 {
		w, h = defaultWidth, defaultHeight
	}
	return fyne.NewSize(float32(w), float32(h))
}

// SetWindowSize remembers the main window's size.
func (p uiPrefs) SetWindowSize(s fyne.Size) {
	if s.Width < 100 || s.Height < 100 {
		return
	}
	p.p.SetFloat(prefWindowWidth, float64(s.Width))
	p.p.SetFloat(prefWindowHeight, float64(s.Height))
}

// Theme is "system", "light" or "dark".
func (p uiPrefs) Theme() string {
	switch t := p.p.StringWithFallback(prefTheme, themeSystem); t {
	case themeLight, themeDark:
		return t
	}
	return themeSystem
}

// SetTheme remembers the theme choice.
func (p uiPrefs) SetTheme(t string) { p.p.SetString(prefTheme, t) }

// variantTheme forces the light or dark variant of a base theme; with no
// variant it follows the system.
type variantTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant
}

func (t *variantTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

// applyTheme sets the app's theme: the base theme (the default, or the one
// the test driver set) with the chosen variant.
func (u *UI) applyTheme(choice string) {
	s := u.fyne.Settings()
	base := s.Theme()
	if vt, ok := base.(*variantTheme); ok {
		base = vt.Theme
	}
	if base == nil {
		base = theme.DefaultTheme()
	}
	var v *fyne.ThemeVariant
	switch choice {
	case themeLight:
		l := theme.VariantLight
		v = &l
	case themeDark:
		d := theme.VariantDark
		v = &d
	}
	if v == nil {
		if _, wrapped := s.Theme().(*variantTheme); !wrapped {
			return // following the system: leave the theme untouched
		}
	}
	s.SetTheme(&variantTheme{Theme: base, variant: v})
	// Fyne re-themes what the window shows; the connection list is kept
	// while other screens show, so build it again when it is next shown.
	if u.home != nil && !u.home.visible && u.home.refreshRuns == 0 {
		u.home = nil
	}
}
