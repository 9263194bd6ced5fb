package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	xdraw "golang.org/x/image/draw"
)

// Command icon draws Latchkey's icon — a rounded teal tile with a white
// padlock whose shackle is open on one side (a latch) and a keyhole — and
// writes it at every size the platforms need:
//
//	go run ./packaging/icon assets
//
// writes assets/icon.png (512), assets/icons/latchkey-N.png and
// assets/icons/latchkey.ico. The output is deterministic.
func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: icon ASSETS_DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	master := draw512()
	must(writePNG(filepath.Join(dir, "icon.png"), master))
	must(os.MkdirAll(filepath.Join(dir, "icons"), 0o755))
	var icoImages [][]byte
	for _, n := range []int{16, 24, 32, 48, 64, 128, 256, 512} {
		img := master
		if n != 512 {
			img = resize(master, n)
		}
		var buf bytes.Buffer
		must(png.Encode(&buf, img))
		must(os.WriteFile(filepath.Join(dir, "icons", fmt.Sprintf("latchkey-%d.png", n)), buf.Bytes(), 0o644))
		if n <= 256 {
			icoImages = append(icoImages, buf.Bytes())
		}
	}
	must(os.WriteFile(filepath.Join(dir, "icons", "latchkey.ico"), ico(icoImages, []int{16, 24, 32, 48, 64, 128, 256}), 0o644))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func writePNG(path string, img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// resize scales the master down with a Catmull-Rom filter.
func resize(src image.Image, n int) image.Image {
	dst := image.NewNRGBA(image.Rect(0, 0, n, n))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return dst
}

// ico packs PNG images into a Windows .ico (PNG-compressed entries, as
// Windows Vista and later read them).
func ico(pngs [][]byte, sizes []int) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, [3]uint16{0, 1, uint16(len(pngs))})
	offset := 6 + 16*len(pngs)
	for i, p := range pngs {
		dim := uint8(sizes[i])
		if sizes[i] >= 256 {
			dim = 0
		}
		binary.Write(&b, binary.LittleEndian, struct {
			W, H, Colors, Reserved uint8
			Planes, BPP            uint16
			Size, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(p)), uint32(offset)})
		offset += len(p)
	}
	for _, p := range pngs {
		b.Write(p)
	}
	return b.Bytes()
}

func draw512() image.Image {
	const n = 512
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	bg1 := color.NRGBA{0x0f, 0x5e, 0x6b, 0xff}
	bg2 := color.NRGBA{0x13, 0x85, 0x8f, 0xff}
	white := color.NRGBA{0xfa, 0xfa, 0xf5, 0xff}
	hole := color.NRGBA{0x0f, 0x5e, 0x6b, 0xff}
	ss := 4 // supersampling
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					fx := float64(x) + (float64(sx)+0.5)/float64(ss)
					fy := float64(y) + (float64(sy)+0.5)/float64(ss)
					c, ok := sample(fx, fy, n, bg1, bg2, white, hole)
					if ok {
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a += 255
					}
				}
			}
			k := float64(ss * ss)
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(r / (a / 255)), uint8(g / (a / 255)), uint8(b / (a / 255)), uint8(a / k)})
			}
		}
	}
	return img
}

func inRoundRect(x, y, x0, y0, x1, y1, rad float64) bool {
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return false
	}
	cx := math.Max(x0+rad, math.Min(x, x1-rad))
	cy := math.Max(y0+rad, math.Min(y, y1-rad))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= rad*rad
}

func sample(x, y float64, n int, bg1, bg2, white, hole color.NRGBA) (color.NRGBA, bool) {
	N := float64(n)
	if !inRoundRect(x, y, 16, 16, N-16, N-16, 96) {
		return color.NRGBA{}, false
	}
	t := y / N
	bg := color.NRGBA{lerp(bg2.R, bg1.R, t), lerp(bg2.G, bg1.G, t), lerp(bg2.B, bg1.B, t), 255}
	// body
	bx0, by0, bx1, by1 := 136.0, 236.0, 376.0, 420.0
	if inRoundRect(x, y, bx0, by0, bx1, by1, 28) {
		// keyhole: circle + tapered slot
		kx, ky := 256.0, 308.0
		if (x-kx)*(x-kx)+(y-ky)*(y-ky) <= 26*26 {
			return hole, true
		}
		if y >= ky && y <= 378 {
			w := 12 + (y-ky)*0.12
			if math.Abs(x-kx) <= w {
				return hole, true
			}
		}
		return white, true
	}
	// shackle: an arch, left leg down to the body, right leg lifted (open latch)
	cx, cy := 256.0, 200.0
	ro, ri := 96.0, 62.0
	d := math.Hypot(x-cx, y-cy)
	if y <= cy && d <= ro && d >= ri {
		return white, true
	}
	if y > cy && y < by0+4 && x >= cx-ro && x <= cx-ri { // left leg
		return white, true
	}
	if y > cy && y < cy+22 && x >= cx+ri && x <= cx+ro { // right stub, lifted
		return white, true
	}
	return bg, true
}

func lerp(a, b uint8, t float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }
