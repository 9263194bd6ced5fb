package desktop

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/integrations"
)

// institutionPage is the searchable, filterable list of institutions. Up
// and Down in the search move the highlight, Enter picks the highlighted
// one (the only one when the search leaves one).
type institutionPage struct {
	pickList[integrations.Institution]
	p      *portal
	search *entry
	region *selectBox
	kind   *selectBox
	all    []integrations.Institution
	empty  *widget.Label
	box    fyne.CanvasObject
}

const (
	allRegions = "All regions"
	allKinds   = "All kinds"
)

func (p *portal) showInstitutions() {
	p.next()
	p.st.inst = nil
	p.setHeader()
	ip := &institutionPage{p: p, all: p.host.institutions()}
	title := subheading("Choose your institution")
	if p.drop != "" {
		ip.all = importable(ip.all)
		title = wrappedSubheading("Which institution is " + filepath.Base(p.drop) + " from?")
	}
	regions := map[string]bool{}
	kinds := map[string]bool{}
	for _, in := range ip.all {
		regions[regionName(in.Region)] = true
		kinds[kindName(in.Kind)] = true
	}
	ip.search = newEntry()
	ip.search.onKey = ip.arrows
	ip.search.SetPlaceHolder("Search institutions")
	ip.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	ip.region = newSelect(append([]string{allRegions}, sortedKeys(regions)...), nil)
	ip.region.SetSelected(allRegions)
	ip.kind = newSelect(append([]string{allKinds}, sortedKeys(kinds)...), nil)
	ip.kind.SetSelected(allKinds)
	ip.empty = centerText(wrapped("No institution matches. Try another name, or clear the filters."))
	ip.empty.Hide()
	take := func() {
		if in := ip.highlighted(); in != nil {
			p.choose(in.ID)
		}
	}
	ip.makeList(func() fyne.CanvasObject { return newInstRow() },
		func(o fyne.CanvasObject, in integrations.Institution, hl bool) { o.(*instRow).set(in, hl) }, take)
	ip.search.onChanged(func(string) { ip.apply() })
	ip.region.OnChanged = func(string) { ip.apply() }
	ip.kind.OnChanged = func(string) { ip.apply() }
	ip.search.OnSubmitted = func(string) { ip.pick.tap() }
	ip.pick = newButton("Continue", theme.NavigateNextIcon(), take).primary()
	ip.apply()
	filters := container.NewGridWithColumns(2, ip.region, ip.kind)
	top := container.NewVBox(title, ip.search, filters)
	ip.box = border(top, nil, nil, nil, container.NewStack(ip.list, container.NewCenter(ip.empty)))
	p.show(ip, nil)
}

func (ip *institutionPage) name() string            { return "institutions" }
func (ip *institutionPage) view() fyne.CanvasObject { return ip.box }
func (ip *institutionPage) actions() []*button      { return []*button{ip.pick} }
func (ip *institutionPage) focus() fyne.Focusable   { return ip.search }
func (ip *institutionPage) failed(msg string) bool  { return false }

// apply filters the list by the search and the filters.
func (ip *institutionPage) apply() {
	q := strings.ToLower(strings.TrimSpace(ip.search.Text))
	ip.shown = ip.shown[:0]
	for _, in := range ip.all {
		if q != "" && !strings.Contains(strings.ToLower(in.DisplayName+" "+in.Name+" "+in.ID), q) {
			continue
		}
		if r := ip.region.Selected; r != "" && r != allRegions && regionName(in.Region) != r {
			continue
		}
		if k := ip.kind.Selected; k != "" && k != allKinds && kindName(in.Kind) != k {
			continue
		}
		ip.shown = append(ip.shown, in)
	}
	ip.empty.Hidden = len(ip.shown) > 0
	ip.empty.Refresh()
	ip.refilled()
}

// instRow is one institution in the picker.
type instRow struct {
	widget.BaseWidget
	mono    *monogram
	name    *widget.Label
	tags    *muted
	methods *muted
	warn    *widget.Icon
	mark    *widget.Icon // the highlight
	box     *fyne.Container
}

func newInstRow() *instRow {
	r := &instRow{mono: newMonogram(36), name: boldLabel(""),
		tags: newMuted(""), methods: newMuted(""),
		warn: widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning)),
		mark: widget.NewIcon(theme.NewColoredResource(theme.NavigateNextIcon(), theme.ColorNamePrimary))}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.box = border(nil, nil, container.NewHBox(reserve(r.mark), container.NewPadded(r.mono)), container.NewCenter(r.warn),
		tightVBox(r.name, r.tags, r.methods))
	r.ExtendBaseWidget(r)
	return r
}

func (r *instRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *instRow) set(in integrations.Institution, highlighted bool) {
	r.mono.Set(in)
	r.name.SetText(in.DisplayName)
	r.tags.SetText(institutionTags(in))
	var ms []string
	for _, am := range in.AuthMethods {
		ms = append(ms, authKindName(am.Kind))
	}
	r.methods.SetText("Connect with: " + strings.Join(dedupe(ms), " · "))
	r.warn.Hidden = !in.Unofficial
	r.mark.Hidden = !highlighted
	r.box.Refresh()
}

func unofficialWarning(in integrations.Institution) string {
	return fmt.Sprintf("Unofficial API: %s does not officially support the way Latchkey connects. "+
		"It may stop working without notice, and %s's terms may not allow it. Your login stays on this computer.", in.Name, in.Name)
}

// institutionTags is the line under an institution's name.
func institutionTags(in integrations.Institution) string {
	parts := []string{kindName(in.Kind), regionName(in.Region)}
	switch {
	case in.Demo:
		parts = append(parts, "Demo (made-up data)")
	case in.Paper:
		parts = append(parts, "Paper trading")
	default:
		parts = append(parts, "Live")
	}
	if in.Unofficial {
		parts = append(parts, "Unofficial API")
	}
	return strings.Join(parts, " · ")
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
