package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// colorNameFocusRing is the colour of the ring around a focused button.
const colorNameFocusRing fyne.ThemeColorName = "latchkeyFocusRing"

// appTheme is the base theme (Fyne's, or the test driver's) with the
// light or dark variant forced when the user chose one, and the colours
// that carry meaning brought to WCAG AA contrast: gains and losses (success,
// error), muted text (placeholder), links, and a focus that shows. Fyne's
// light greens and greys are too pale on white (1.5:1 and 3.5:1).
// contrast_test.go computes the ratios.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: follow the system
}

// accessible colours per variant.
var accessible = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameSuccess:     color.NRGBA{R: 0x12, G: 0x6b, B: 0x2c, A: 0xff},
		theme.ColorNameError:       color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff},
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0x5f, G: 0x5f, B: 0x5f, A: 0xff},
		theme.ColorNameHyperlink:   color.NRGBA{R: 0x15, G: 0x52, B: 0xc4, A: 0xff},
		theme.ColorNameFocus:       color.NRGBA{R: 0x00, G: 0x5c, B: 0xe6, A: 0x40},
		colorNameFocusRing:         color.NRGBA{R: 0x15, G: 0x52, B: 0xc4, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNameSuccess:     color.NRGBA{R: 0x5c, G: 0xd6, B: 0x5c, A: 0xff},
		theme.ColorNameError:       color.NRGBA{R: 0xff, G: 0x7a, B: 0x70, A: 0xff},
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0xb2, G: 0xb2, B: 0xb2, A: 0xff},
		theme.ColorNameHyperlink:   color.NRGBA{R: 0x7a, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameFocus:       color.NRGBA{R: 0x4d, G: 0x94, B: 0xff, A: 0x50},
		colorNameFocusRing:         color.NRGBA{R: 0x7a, G: 0xa8, B: 0xff, A: 0xff},
	},
}

func (t *appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if c, ok := accessible[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// applyTheme sets the app's theme: the base theme (the default, or the one
// the test driver set) with the chosen variant and accessible colours.
func (u *UI) applyTheme(choice string) {
	s := u.fyne.Settings()
	base := s.Theme()
	if at, ok := base.(*appTheme); ok {
		base = at.Theme
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
	s.SetTheme(&appTheme{Theme: base, variant: v})
}

// focusRingColor is the app theme's focus ring, or the primary colour under
// another theme.
func focusRingColor() color.Color {
	if a := fyne.CurrentApp(); a != nil {
		if _, ok := a.Settings().Theme().(*appTheme); ok {
			return theme.Color(colorNameFocusRing)
		}
	}
	return theme.Color(theme.ColorNamePrimary)
}
