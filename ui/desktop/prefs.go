package desktop

import (
	"fyne.io/fyne/v2"

	"github.com/latchkey/latchkey/app"
)

// uiPrefs are the desktop's own non-secret preferences, kept by Fyne (in
// the user's config folder, in plain text). Nothing secret goes here: the
// user's settings that matter live in the vault (app.Preferences).
type uiPrefs struct{ p fyne.Preferences }

const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	prefTheme        = "appearance.theme"
	prefPeriod       = "overview.period"
	prefAllocation   = "overview.allocation"

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

// OverviewPeriod is the value chart's period last chosen (default 1Y).
func (p uiPrefs) OverviewPeriod() app.Period {
	for _, x := range app.ChartPeriods {
		if string(x) == p.p.String(prefPeriod) {
			return x
		}
	}
	return app.Period1Y
}

// SetOverviewPeriod remembers the value chart's period.
func (p uiPrefs) SetOverviewPeriod(x app.Period) { p.p.SetString(prefPeriod, string(x)) }

// OverviewAllocation is the allocation view last chosen (default: asset
// type).
func (p uiPrefs) OverviewAllocation() string {
	switch v := p.p.String(prefAllocation); v {
	case allocAccount, allocInstitution, allocCurrency:
		return v
	}
	return allocType
}

// SetOverviewAllocation remembers the allocation view.
func (p uiPrefs) SetOverviewAllocation(v string) { p.p.SetString(prefAllocation, v) }
