// Command hello is the smallest Fyne app: one window with a label. The
// start-up benchmark (packaging/bench/startup.sh) measures Latchkey's
// time to window and memory at the unlock screen against it.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("app.latchkey.bench.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, Fyne"))
	w.ShowAndRun()
}
