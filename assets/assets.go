// Package assets holds Latchkey's embedded images: the application icon and
// the institutions' monograms.
package assets

import (
	"embed"
	"path"
)

// Icon is the application icon, a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte

//go:embed monograms
var monograms embed.FS

// Monogram returns the SVG monogram with the given name (an institution's
// Monogram field), and whether there is one. Monograms are Latchkey's own
// lettering on a colour, not the institutions' logos.
func Monogram(name string) ([]byte, bool) {
	b, err := monograms.ReadFile(path.Join("monograms", path.Base(name)+".svg"))
	return b, err == nil
}
