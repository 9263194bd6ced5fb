package desktop

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/latchkey/latchkey/ui/internal/wcag"
)

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
				if r := wcag.Contrast(col(fg.name), col(bg)); r < 4.5 {
					t.Errorf("variant %d: %s (%s) on %s: %.2f:1, want ≥ 4.5", v, fg.what, fg.name, bg, r)
				}
			}
			if r := wcag.Contrast(col(colorNameFocusRing), col(bg)); r < 3 {
				t.Errorf("variant %d: the focus ring on %s: %.2f:1, want ≥ 3", v, bg, r)
			}
		}
		t.Logf("variant %d: gains %.2f, losses %.2f, muted %.2f, text %.2f, focus ring %.2f on the background", v,
			wcag.Contrast(col(theme.ColorNameSuccess), col(theme.ColorNameBackground)), wcag.Contrast(col(theme.ColorNameError), col(theme.ColorNameBackground)),
			wcag.Contrast(col(theme.ColorNamePlaceHolder), col(theme.ColorNameBackground)), wcag.Contrast(col(theme.ColorNameForeground), col(theme.ColorNameBackground)),
			wcag.Contrast(col(colorNameFocusRing), col(theme.ColorNameBackground)))
	}
}
