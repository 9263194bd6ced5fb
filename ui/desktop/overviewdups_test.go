package desktop

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
)

// TestOverviewDuplicatesCountedOnce: an account two connections reach is
// named under net worth as counted once, in which connection; Choose…
// picks the other copy, which the app saves, and the note follows.
func TestOverviewDuplicatesCountedOnce(t *testing.T) {
	h, p := overviewHarness(t, false)
	if o(h).head.dups.box.Visible() {
		t.Fatal("a duplicates note without duplicates")
	}
	p.dups = []app.DuplicateGroup{{Key: "k1", Institution: "Fidelity", Number: "••••0002", Currency: "USD", Counted: "direct",
		Accounts: []app.AccountView{{Ref: "bridged", ConnectionID: "c1"}, {Ref: "direct", ConnectionID: "c2"}}}}
	o(h).reload()
	hd := o(h).head
	for !hd.dups.box.Visible() { // an earlier load's event may come first
		h.wait("overview:loaded")
	}
	want := "Counted once: Fidelity ••••0002, reached by “Connection 1” too, counts in “Connection 2”."
	if !hd.dups.box.Visible() || hd.dups.message.Text != want {
		t.Fatalf("the note says %q (shown %t), want %q", hd.dups.message.Text, hd.dups.box.Visible(), want)
	}
	test.Tap(hd.dups.actions.Objects[0].(*button))
	m := o(h).head.choose
	if m == nil {
		t.Fatal("Choose… opened nothing")
	}
	var radio *widget.RadioGroup
	var walk func(c fyne.CanvasObject)
	walk = func(c fyne.CanvasObject) {
		switch x := c.(type) {
		case *widget.RadioGroup:
			radio = x
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(h.w.Canvas().Overlays().Top())
	if radio == nil || radio.Selected != "Connection 2" {
		t.Fatalf("the choice should show the counted copy selected: %+v", radio)
	}
	radio.SetSelected("Connection 1")
	test.Tap(m.action)
	h.wait("overview:counted")
	if len(p.counts) != 1 || p.counts[0] != [2]string{"k1", "bridged"} {
		t.Errorf("saved %v, want the bridged copy counted", p.counts)
	}
	want = "Counted once: Fidelity ••••0002, reached by “Connection 2” too, counts in “Connection 1”."
	for o(h).head.dups.message.Text != want { // the reload after the save
		h.wait("overview:loaded")
	}
}
