package desktop

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	r, g, b := n.R, n.G, n.B
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Gains and losses, headings, muted text and links meet WCAG AA (4.5:1)
// on every surface they sit on, in both themes; the focus ring meets the
// 3:1 of non-text contrast.
func TestContrastAA(t *testing.T) {
	test.NewTempApp(t)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		v := v
		th := &appTheme{Theme: theme.DefaultTheme(), variant: &v}
		col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameHeaderBackground, theme.ColorNameOverlayBackground} {
			for _, fg := range []struct {
				name fyne.ThemeColorName
				what string
			}{
				{theme.ColorNameForeground, "text and headings"},
				{theme.ColorNameSuccess, "gains"},
				{theme.ColorNameError, "losses"},
				{theme.ColorNamePlaceHolder, "muted text"},
				{theme.ColorNameHyperlink, "links"},
			} {
				if r := contrast(col(fg.name), col(bg)); r < 4.5 {
					t.Errorf("variant %d: %s (%s) on %s: %.2f:1, want ≥ 4.5", v, fg.what, fg.name, bg, r)
				}
			}
			if r := contrast(col(colorNameFocusRing), col(bg)); r < 3 {
				t.Errorf("variant %d: the focus ring on %s: %.2f:1, want ≥ 3", v, bg, r)
			}
		}
		t.Logf("variant %d: gains %.2f, losses %.2f, muted %.2f, text %.2f, focus ring %.2f on the background", v,
			contrast(col(theme.ColorNameSuccess), col(theme.ColorNameBackground)), contrast(col(theme.ColorNameError), col(theme.ColorNameBackground)),
			contrast(col(theme.ColorNamePlaceHolder), col(theme.ColorNameBackground)), contrast(col(theme.ColorNameForeground), col(theme.ColorNameBackground)),
			contrast(col(colorNameFocusRing), col(theme.ColorNameBackground)))
	}
}
