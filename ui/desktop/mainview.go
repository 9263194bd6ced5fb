package desktop

// mainView is the window once the vault is unlocked: two tabs under the
// toolbar (Connect, Refresh all, Settings, Lock): the Overview, shown
// first, and the Connections list.
type mainView struct {
	tabs        *tabs
	overview    *tabItem
	connections *tabItem
}

// The main view's tabs, as remembered between screens.
const (
	mainOverview    = "overview"
	mainConnections = "connections"
)

// showOverview shows the main view on its Overview tab (after unlock).
func (u *UI) showOverview() { u.showMain(mainOverview) }

// showHome goes back to the main view from another screen, on the tab it
// showed last (Connections, when the user came from its list).
func (u *UI) showHome() {
	tab := u.env.mainTab
	if tab == "" {
		tab = mainConnections
	}
	u.showMain(tab)
}

// showConnections shows the Connections tab, filtered (filterAll: none).
func (u *UI) showConnections(filter string) {
	u.showMain(mainConnections)
	if h := u.scr.home; h != nil && filter != "" {
		h.filter.SetSelected(filter)
	}
}

// showMain shows the main view on a tab, building it unless it shows.
func (u *UI) showMain(tab string) {
	if u.sess == nil {
		return
	}
	m := u.scr.main
	if m == nil {
		u.leaveScreens()
		h := newHome(u, u.core)
		var store overviewStore = u.core
		if u.opts.overview != nil {
			store = u.opts.overview(u.core)
		}
		o := newOverview(u, store)
		u.scr.home, u.scr.overview = h, o
		m = &mainView{
			overview:    &tabItem{Title: "Overview", Content: o.layout()},
			connections: &tabItem{Title: "Connections", Content: h.body()},
		}
		m.tabs = newTabBar(false, m.overview, m.connections)
		m.tabs.OnSelected = func(it *tabItem) {
			u.env.mainTab = mainConnections
			if it == m.overview {
				u.env.mainTab = mainOverview
			}
		}
		u.scr.main = m
		u.setContent(h.frame(m.tabs.bar, m.tabs.content))
		h.reload()
		o.reload()
	}
	if tab == mainOverview {
		m.tabs.Select(m.overview)
	} else {
		m.tabs.Select(m.connections)
	}
}

// preferences are the desktop's own preferences.
func (u *UI) preferences() uiPrefs { return u.env.prefs }
