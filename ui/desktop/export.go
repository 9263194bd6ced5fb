package desktop

import (
	"context"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
)

// exportDialog writes positions, activities or balances to a CSV or JSON
// file, as the CLI's export does (app.ExportTable), for one connection or
// every one.
type exportDialog struct {
	m      *modal
	what   *radioGroup
	format *radioGroup
	scope  *radioGroup
}

const (
	scopeThis = "This connection"
	scopeAll  = "Every connection"
)

var exportWhat = map[string]string{"Holdings": app.ExportPositions, "Activity": app.ExportActivities, "Balances": app.ExportBalances}

func (u *UI) showExport(connID string) {
	if u.sess == nil {
		return
	}
	d := &exportDialog{}
	u.scr.export = d
	d.what = newRadio([]string{"Holdings", "Activity", "Balances"}, true, nil)
	d.what.SetSelected("Holdings")
	d.format = newRadio([]string{"CSV", "JSON"}, true, nil)
	d.format.SetSelected("CSV")
	d.scope = newRadio([]string{scopeThis, scopeAll}, true, nil)
	d.scope.SetSelected(scopeThis)
	if connID == "" {
		d.scope.SetSelected(scopeAll)
		d.scope.Disable()
	}
	next := newButton("Choose the file…", nil, func() {
		d.m.hide()
		id := connID
		if d.scope.Selected == scopeAll {
			id = ""
		}
		what, format := exportWhat[d.what.Selected], strings.ToLower(d.format.Selected)
		askPath(u, "Export", "The file holds your data in the clear: keep it somewhere safe.",
			"latchkey-"+what+"-"+u.now().Format("2006-01-02")+"."+format, func(path string) { u.export(id, what, format, path) })
	}).primary()
	form := widget.NewForm(widget.NewFormItem("Data", d.what.box), widget.NewFormItem("Format", d.format.box),
		widget.NewFormItem("From", d.scope.box))
	d.m = newModal(u, "Export", container.NewVBox(form), "Cancel", next)
	d.m.show(d.what.buttons[0])
	u.remember(d.m)
}

// export writes the file and says how it went.
func (u *UI) export(connID, what, format, path string) {
	core := u.core
	u.background("exported", func(ctx context.Context) func() {
		t, err := core.ExportTable(ctx, what, connID)
		var data []byte
		if err == nil {
			data, err = t.Encode(format)
		}
		if err == nil {
			err = core.WriteExport(path, data)
		}
		return func() {
			if err != nil {
				u.remember(showMessage(u, "The export was not written", app.Explain(err, app.Situation{Doing: app.DoingExport}).Text))
				return
			}
			u.remember(showMessage(u, "Exported", "Wrote "+plural(len(t.Rows), "row", "rows")+" to "+path+"."))
		}
	})
}
