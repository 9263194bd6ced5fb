package desktop

import (
	"fyne.io/fyne/v2"
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
