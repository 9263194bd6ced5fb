package desktop

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// The small interfaces screens take instead of the whole UI. *UI implements
// them all; a screen names the ones it needs in its own host interface.

// runner runs work off the UI goroutine within the session.
type runner interface {
	// background runs work off the UI goroutine; the function it returns,
	// if any, runs on the UI goroutine afterwards unless the session ended.
	// name is emitted at the end (Options.OnEvent).
	background(name string, work func(ctx context.Context) func())
	do(f func())
	emit(name string)
	sessionContext() context.Context
}

// navigator moves between screens and opens the app's dialogs.
type navigator interface {
	showHome()
	showAccounts(connID string)
	showSettings(institutionID string)
	openPortal(req app.PortalRequest)
	showHistory(c app.Connection)
	showExport(connID string)
	lock(reason string)
}

// catalog knows the institutions.
type catalog interface {
	institution(id string) integrations.Institution
	institutions() []integrations.Institution
}

// surface is the window screens draw in and its keyboard.
type surface interface {
	window() fyne.Window
	keyboard() *keys
	focus(o fyne.Focusable)
	relayout()
	touch()
	now() time.Time
	remember(m *modal) // the dialog showing, for tests
}

// eventBus is where screens listen and tell.
type eventBus interface {
	events() *bus
	publish(e event)
}

// connectionsHost is what a screen over the connections needs (the
// accounts, the home list, the portal): the small interfaces above and the
// syncs running.
type connectionsHost interface {
	runner
	navigator
	catalog
	surface
	eventBus
	syncs() *syncer
}
