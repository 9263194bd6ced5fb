package wcag_test

import (
	"image/color"
	"math"
	"testing"

	"github.com/latchkey/latchkey/ui/internal/wcag"
)

// The ratios WCAG's own examples and common checkers give.
func TestContrast(t *testing.T) {
	grey := func(v uint8) color.Color { return color.NRGBA{R: v, G: v, B: v, A: 0xff} }
	for _, c := range []struct {
		name string
		a, b color.Color
		want float64
	}{
		{"black on white", color.Black, color.White, 21},
		{"white on black", color.White, color.Black, 21},
		{"white on white", color.White, color.White, 1},
		{"#777 on white", grey(0x77), color.White, 4.48},
		{"#767676 on white", grey(0x76), color.White, 4.54},
		{"alpha ignored", color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0x40}, color.White, 4.48},
	} {
		if got := wcag.Contrast(c.a, c.b); math.Abs(got-c.want) > 0.005 {
			t.Errorf("%s: %.3f:1, want %.2f:1", c.name, got, c.want)
		}
	}
}

func TestLuminance(t *testing.T) {
	for _, c := range []struct {
		c    color.Color
		want float64
	}{
		{color.Black, 0}, {color.White, 1},
		{color.NRGBA{R: 0xff, A: 0xff}, 0.2126}, {color.NRGBA{G: 0xff, A: 0xff}, 0.7152}, {color.NRGBA{B: 0xff, A: 0xff}, 0.0722},
		{color.NRGBA{R: 10, G: 10, B: 10, A: 0xff}, 10.0 / 255 / 12.92}, // the linear part, below 0.03928
	} {
		if got := wcag.Luminance(c.c); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Luminance(%v) = %v, want %v", c.c, got, c.want)
		}
	}
}
