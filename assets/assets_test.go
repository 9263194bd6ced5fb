package assets

import (
	"bytes"
	"image/png"
	"io/fs"
	"strings"
	"testing"
)

func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("icon is %v, want 512×512", b)
	}
}

func TestMonograms(t *testing.T) {
	entries, err := fs.ReadDir(monograms, "monograms")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no monograms: %v", err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".svg")
		b, ok := Monogram(name)
		if !ok || !bytes.HasPrefix(b, []byte("<svg")) || !bytes.Contains(b, []byte("viewBox")) {
			t.Errorf("monogram %s is not an SVG with a viewBox", e.Name())
		}
	}
	if _, ok := Monogram("../icon"); ok {
		t.Error("Monogram reached outside the monograms folder")
	}
}
