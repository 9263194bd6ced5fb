package desktop

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
)

// renderDuplicates notes the accounts that more than one connection reaches
// (a bridge and a direct login to the same brokerage account): each is
// counted once, and Choose… picks which connection's copy.
func (o *overviewScreen) renderDuplicates() {
	h, ov := &o.head, o.data.ov
	if len(ov.Duplicates) == 0 {
		setVisible(h.dups.box, false)
		return
	}
	var parts []string
	for _, g := range ov.Duplicates {
		var counted string
		var others []string
		for _, a := range g.Accounts {
			if l := o.data.labels[a.ConnectionID]; a.Ref == g.Counted {
				counted = l
			} else {
				others = append(others, "“"+l+"”")
			}
		}
		parts = append(parts, fmt.Sprintf("%s %s, reached by %s too, counts in “%s”", g.Institution, g.Number, strings.Join(others, " and "), counted))
	}
	msg := "Counted once: " + strings.Join(parts, "; ") + "."
	h.dups.Set(msg, newButton("Choose…", nil, o.chooseDuplicates))
	setVisible(h.dups.box, true)
}

// chooseDuplicates asks, for each account two connections reach, which
// connection's copy counts in the totals, and saves the changes.
func (o *overviewScreen) chooseDuplicates() {
	groups := o.data.ov.Duplicates
	box := container.NewVBox(wrapped("These accounts are reached by more than one connection. Choose whose copy counts in your totals; the other stays in its connection."))
	type pick struct {
		key   string
		refs  []string
		was   string
		radio *widget.RadioGroup
	}
	picks := make([]pick, 0, len(groups))
	for _, g := range groups {
		p := pick{key: g.Key, was: g.Counted}
		var opts []string
		for i, a := range g.Accounts {
			l := o.data.labels[a.ConnectionID]
			if slices.Contains(opts, l) {
				l = fmt.Sprintf("%s (%d)", l, i+1)
			}
			opts = append(opts, l)
			p.refs = append(p.refs, a.Ref)
		}
		p.radio = widget.NewRadioGroup(opts, nil)
		p.radio.Required = true
		if i := slices.Index(p.refs, g.Counted); i >= 0 {
			p.radio.SetSelected(opts[i])
		}
		box.Add(boldLabel(fmt.Sprintf("%s %s (%s)", g.Institution, g.Number, g.Currency)))
		box.Add(p.radio)
		picks = append(picks, p)
	}
	o.head.choose = showConfirmContent(o.host, "Count each account once", box, nil, "Save", false, func() {
		o.head.choose = nil
		var keys, refs []string
		for _, p := range picks {
			if i := slices.Index(p.radio.Options, p.radio.Selected); i >= 0 && p.refs[i] != p.was {
				keys, refs = append(keys, p.key), append(refs, p.refs[i])
			}
		}
		if len(keys) == 0 {
			return
		}
		store := o.store
		o.host.background("overview:counted", func(ctx context.Context) func() {
			var err error
			for i := range keys {
				if err = store.CountDuplicate(ctx, keys[i], refs[i]); err != nil {
					break
				}
			}
			return func() {
				if err != nil {
					o.data.err = app.Explain(err, app.Situation{Doing: app.DoingSave}).Text
					o.render()
					return
				}
				o.reload()
			}
		})
	})
}
