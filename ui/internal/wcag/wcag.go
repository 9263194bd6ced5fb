// Package wcag is WCAG 2's relative luminance and contrast ratio, by which
// the interfaces' tests hold their colours to the accessibility figures
// (4.5:1 for text, 3:1 for graphics and the focus ring).
package wcag

import (
	"image/color"
	"math"
)

// Luminance is WCAG 2's relative luminance of c, 0 (black) to 1 (white),
// from its colour without alpha.
func Luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// Contrast is WCAG 2's contrast ratio of two colours, 1 (the same) to 21
// (black and white), whichever is the lighter.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
