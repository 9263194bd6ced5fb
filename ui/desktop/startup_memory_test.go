package desktop

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/theme"
)

// TestFirstScreenReleasesStartup: the start-up garbage goes back to the
// system once, when the first screen is built, whichever screen that is:
// create on a fresh machine, unlock on an existing vault, the open error on
// a vault that cannot be read.
func TestFirstScreenReleasesStartup(t *testing.T) {
	cases := []struct {
		name  string
		setup func(h *harness)
		shown func(h *harness) bool
		wait  string
	}{
		{"create", func(*harness) {}, func(h *harness) bool { return h.u.scr.create != nil }, ""},
		{"unlock", func(h *harness) { h.createVault() }, func(h *harness) bool { return h.u.scr.unlock != nil }, "opened"},
		{"open error", func(h *harness) {
			if err := os.WriteFile(h.path, []byte("not a vault"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, func(h *harness) bool { return h.u.scr.openErr != nil }, "opened"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var settled int
			var shownThen bool
			var h *harness
			h = newHarness(t, func(o *Options) {
				o.settled = func() { settled++; shownThen = c.shown(h) }
			})
			c.setup(h)
			h.u.Start()
			if c.wait != "" {
				h.wait(c.wait)
			}
			if settled != 1 {
				t.Errorf("start-up released %d times, want once", settled)
			}
			if !shownThen {
				t.Errorf("start-up released before the %s screen was built", c.name)
			}
		})
	}
}

// TestReleaseStartupIsTheDefault: a UI built without the test hook gives
// its start-up garbage back to the system.
func TestReleaseStartupIsTheDefault(t *testing.T) {
	h := newHarness(t)
	if h.u.opts.settled == nil {
		t.Fatal("no release of start-up memory by default")
	}
}

// TestNoBundledEmojiFont: Latchkey is built with Fyne's no_emoji tag
// (packaging/build-tags). Fyne parses its bundled 4 MiB colour emoji font
// again for every text style a screen uses, which alone put the unlock
// screen at 1.28 × a Fyne hello-world's memory (issue 18). Latchkey's own
// texts hold no emoji; one in an institution's data (an account nickname)
// is drawn from a system font that has it, as Fyne falls back to the
// system's fonts for any character its bundled fonts lack.
func TestNoBundledEmojiFont(t *testing.T) {
	if theme.DefaultEmojiFont() != nil {
		t.Error("the bundled emoji font is compiled in: build with the tags in packaging/build-tags")
	}
}
