package desktop

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
)

// disconnectDialog is the confirmation of a disconnect, and for a
// connection whose authorization lives at a bridge (SnapTrade), the choice
// to remove it there too.
type disconnectDialog struct {
	m    *modal
	text *widget.Label
	at   *check // "Also remove it at SnapTrade"; nil when it cannot be
}

// disconnect asks for confirmation, then removes the connection (and, when
// the user ticks it, its authorization at the bridge).
func (h *homeScreen) disconnect(c app.Connection) {
	host, store := h.host, h.store
	in := connInstitution(host, c)
	text := app.DisconnectText + "\n"
	d := &disconnectDialog{}
	box := container.NewVBox()
	if bridge := bridgeName(host, c); bridge != "" && store.CanRemoveAtInstitution(c) {
		text += fmt.Sprintf("Your account at %s is not affected. Its authorization at %s stays unless you remove it there too.", c.Name, bridge)
		d.at = newCheck(fmt.Sprintf("Also remove it at %s", bridge), nil)
	} else {
		text += "Your account at " + in.DisplayName + " is not affected; to withdraw Latchkey's access there as well, use the institution's website."
	}
	d.text = wrapped(text)
	box.Add(d.text)
	if d.at != nil {
		box.Add(d.at)
	}
	d.m = showConfirmContent(host, "Disconnect “"+c.Label+"”?", box, nil, "Disconnect", true, func() {
		opts := app.DisconnectOptions{AtInstitution: d.at != nil && d.at.Checked}
		host.background("disconnected", func(ctx context.Context) func() {
			err := store.Disconnect(ctx, c.ID, opts)
			return func() {
				if err != nil {
					host.remember(showMessage(host, "The connection could not be removed", app.Explain(err, app.Situation{Doing: app.DoingSave, Institution: bridgeName(host, c)}).Text))
					return
				}
				msg := "Disconnected “" + c.Label + "”."
				if opts.AtInstitution {
					msg = "Disconnected “" + c.Label + "” and removed it at " + bridgeName(host, c) + "."
				}
				h.data.refresh = &refreshDone{note: msg}
				h.status.SetText(msg)
				host.publish(event{Topic: topicConnections, IDs: []string{c.ID}})
			}
		})
	})
	h.remove = d
	host.remember(d.m)
}
