// Package desktop is Latchkey's Fyne front end.
//
// All work runs off the UI goroutine (UI.background); widgets change only
// inside fyne.Do. Screens keep their widgets in structs so tests can drive
// them with fyne.io/fyne/v2/test, and every asynchronous action reports its
// end through Options.OnEvent so tests wait on it instead of sleeping.
//
// One file per screen, named like its type: mainview.go the window after
// unlock (the Overview and Connections tabs), overview*.go overviewScreen
// (its charts come from ui/chart), home.go homeScreen (the connection
// list), accounts.go accountsScreen, portal*.go the portal and its pages. Screens
// take the narrow interface they need (homeHost, portalHost, …), not the
// UI, and talk through events (events.go) instead of calling each other.
// Every error reaches the user through app.Explain, shared with the CLI.
//
// While the vault is unlocked the UI owns a session: its context, the
// background-refresh ticker and the idle auto-lock timer. Locking (by the
// user, by the timer, on quit) cancels the session, waits for its work to
// stop, then locks the vault.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/ui/browser"
	"github.com/latchkey/latchkey/vault"
)

// AppID is the application's identifier (FyneApp.toml's ID).
const AppID = "app.latchkey.desktop"

// Options configure the desktop app.
type Options struct {
	Version   string
	VaultPath string // "" = the default path
	Endpoints string // endpoint overrides file, "" = none

	// Registry builds the integrations registry for the vault's folder
	// (dataDir), with the endpoint overrides applied: main passes the one
	// it builds for every front end. When nil, Integrations and Endpoints
	// are used (tests).
	Registry func(dataDir string) (*integrations.Registry, error)
	// Integrations lists the integrations; dataDir is the vault's folder.
	// Used only when Registry is nil.
	Integrations func(dataDir string) []integrations.Integration
	// Browser opens OAuth pages; nil: the system browser. main passes the
	// one it builds; tests pass one that plays the user at the consent page.
	Browser integrations.Browser
	// Now is the clock; nil: time.Now. Tests pin it for stable screens.
	Now func() time.Time
	// Create passes vault options through (tests use a cheap KDF).
	Create vault.CreateOptions
	// AppOptions, when set, adjusts the app's options (tests: retries).
	AppOptions func(*app.Options)
	// OnEvent, when set, is called on the UI goroutine after each
	// asynchronous action ends, with its name (e.g. "unlocked",
	// "portal:code", "refresh:done"). Tests wait on it.
	OnEvent func(name string)
	// TimeUnit scales the minutes of the auto-lock and background-refresh
	// settings; 0: a minute. Tests shrink it.
	TimeUnit time.Duration

	// do runs f on the UI goroutine; nil: fyne.Do. Tests pass a queue their
	// own goroutine drains, so widgets change on one goroutine as in the app.
	do func(f func())
	// overview, when set, feeds the overview instead of the app (tests:
	// pinned data for its goldens).
	overview func(*app.App) overviewStore
	// settled runs once, when the first screen (create, unlock or the
	// vault's open error) is built; nil: releaseStartup.
	settled func()
}

// releaseStartup gives the garbage of start-up back to the system once the
// first screen is built. Fyne parses its fonts once for each text style the
// screen uses, and the parsers' scratch memory would otherwise stay
// resident for the whole session (issue 18: memory at the unlock screen).
// Off the UI goroutine: the collection stops the world for a few
// milliseconds.
func releaseStartup() { go debug.FreeOSMemory() }

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("latchkey.png", assets.Icon)

// minWindow is the smallest window the screens are laid out for.
var minWindow = fyne.NewSize(640, 480)

// Run starts the desktop app and blocks until its window closes or ctx ends.
func Run(ctx context.Context, opts Options) int {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(Icon)
	w := a.NewWindow("Latchkey")
	u, err := New(a, w, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "latchkey:", err)
		return 1
	}
	stop := context.AfterFunc(ctx, func() {
		fyne.Do(func() {
			u.env.prefs.SetWindowSize(w.Canvas().Size())
			a.Quit()
		})
	})
	defer stop()
	u.Start()
	w.ShowAndRun()
	u.Close()
	return 0
}

// UI is the desktop app: the window, the vault, the session and the screen
// it shows.
type UI struct {
	fyne fyne.App
	win  fyne.Window
	opts Options
	env  *environment

	vault *vault.Vault // open file; locked or unlocked
	core  *app.App     // the use cases, while unlocked
	sess  *session     // while unlocked
	sync  *syncer      // while unlocked

	bus  *bus
	keys *keys
	scr  screens // what shows, for tests

	closed           bool
	recoveryUnlocked bool // unlocked with the recovery key: no current password to ask
}

// environment is what the UI knows before any vault is open.
type environment struct {
	path      string
	dataDir   string
	prefs     uiPrefs
	reg       *integrations.Registry
	regErr    error
	instCache map[string]integrations.Institution // UI goroutine only
	mainTab   string                              // the main view's tab last shown
}

// screens are the screens and dialogs showing (nil: not showing).
type screens struct {
	create   *createScreen
	unlock   *unlockScreen
	openErr  *openErrorScreen
	main     *mainView
	home     *homeScreen
	overview *overviewScreen
	accounts *accountsScreen
	settings *settingsScreen
	portal   *portal
	history  *historyDialog
	export   *exportDialog
	modal    *modal // the last message, confirmation or form dialog
}

// New builds the UI in w. It does not show anything until Start.
func New(a fyne.App, w fyne.Window, opts Options) (*UI, error) {
	path := opts.VaultPath
	if path == "" {
		p, err := vault.DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("find the vault folder: %v", err)
		}
		path = p
	}
	if opts.Browser == nil {
		opts.Browser = browser.System{}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TimeUnit <= 0 {
		opts.TimeUnit = time.Minute
	}
	if opts.do == nil {
		opts.do = fyne.Do
	}
	if opts.settled == nil {
		opts.settled = releaseStartup
	}
	env := &environment{path: path, dataDir: filepath.Dir(path), prefs: uiPrefs{a.Preferences()}}
	u := &UI{fyne: a, win: w, opts: opts, env: env, bus: &bus{}}
	switch {
	case opts.Registry != nil:
		env.reg, env.regErr = opts.Registry(env.dataDir)
	case opts.Integrations != nil:
		env.reg, env.regErr = app.NewRegistry(opts.Integrations(env.dataDir), opts.Endpoints)
	default:
		env.regErr = errors.New("this build has no integrations")
	}
	u.keys = newKeys(u.touch)
	u.bindShortcuts()
	u.keys.install(w.Canvas())
	u.applyTheme(env.prefs.Theme())
	w.SetMaster()
	w.Resize(env.prefs.WindowSize())
	w.SetCloseIntercept(func() {
		env.prefs.SetWindowSize(w.Canvas().Size())
		w.Close()
	})
	w.SetOnClosed(u.Close)
	w.SetOnDropped(u.dropped)
	return u, nil
}

// Start shows the first screen: create a vault on first run, unlock otherwise.
func (u *UI) Start() {
	if u.env.regErr != nil {
		u.showFatal("Latchkey could not start", "The endpoint overrides could not be used: "+u.env.regErr.Error()+
			". Fix or remove the file (--endpoints or LATCHKEY_ENDPOINTS) and start Latchkey again.")
		return
	}
	if _, err := os.Stat(u.env.path); errors.Is(err, os.ErrNotExist) {
		u.showCreate()
		u.opts.settled()
		return
	}
	u.openVault()
}

// openVault opens the vault file off the UI goroutine (it may wait up to
// two seconds for another process) and then shows the unlock screen.
func (u *UI) openVault() {
	u.setContent(centered(container.NewVBox(container.NewCenter(appIcon(96)), widget.NewLabelWithStyle("Opening your vault…", fyne.TextAlignCenter, fyne.TextStyle{}))))
	go func() {
		v, err := vault.Open(context.Background(), u.env.path)
		u.do(func() {
			if err != nil {
				u.showOpenError(err)
			} else {
				u.vault = v
				u.showUnlock()
			}
			u.opts.settled()
			u.emit("opened")
		})
	}()
}

// Close ends the session, locks and closes the vault and stops the
// integrations' background servers. It is idempotent.
func (u *UI) Close() {
	if u.closed {
		return
	}
	u.closed = true
	u.env.prefs.SetWindowSize(u.win.Canvas().Size())
	if s := u.sess; s != nil {
		u.endSession()
		s.wait(5 * time.Second)
	}
	if u.vault != nil {
		_ = u.vault.Close()
		u.vault = nil
	}
	if u.env.reg != nil {
		for _, in := range u.env.reg.List() {
			if c, ok := in.(io.Closer); ok {
				_ = c.Close()
			}
		}
	}
	u.keys.uninstall(u.win.Canvas())
}

// setContent shows a new screen. The focus is dropped first: a focused
// entry that leaves the window keeps its cursor blinking, repainting the
// window forever (issue 18: 8.5 % of a core at rest).
func (u *UI) setContent(o fyne.CanvasObject) {
	u.win.Canvas().Unfocus()
	u.keys.setBack(nil)
	u.win.SetContent(newTracker(o, u.touch))
}

// relayout lays the window's content out again after something in it
// appeared or disappeared (see setVisible).
func (u *UI) relayout() {
	if c := u.win.Content(); c != nil {
		c.Refresh()
	}
}

// emit reports the end of an asynchronous action (see Options.OnEvent).
func (u *UI) emit(name string) {
	if u.opts.OnEvent != nil {
		u.opts.OnEvent(name)
	}
}

// do runs f on the UI goroutine.
func (u *UI) do(f func()) { u.opts.do(f) }

// now is the UI's clock.
func (u *UI) now() time.Time { return u.opts.Now() }

func (u *UI) window() fyne.Window { return u.win }
func (u *UI) keyboard() *keys     { return u.keys }
func (u *UI) events() *bus        { return u.bus }
func (u *UI) publish(e event)     { u.bus.publish(e) }
func (u *UI) syncs() *syncer      { return u.sync }
func (u *UI) vaultPath() string   { return u.env.path }
func (u *UI) refresher() refresher {
	return u.core
}

func (u *UI) remember(m *modal) { u.scr.modal = m }

// focus gives o the keyboard focus.
func (u *UI) focus(o fyne.Focusable) {
	if o != nil {
		u.win.Canvas().Focus(o)
	}
}

// showFatal shows a screen for a problem Latchkey cannot go past, with Quit.
func (u *UI) showFatal(title, text string) {
	quit := newButton("Quit", nil, func() { u.fyne.Quit() })
	u.setContent(centered(container.NewVBox(
		container.NewCenter(bigIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))),
		heading(title), wrapped(text),
		container.NewHBox(layoutSpacer(), quit),
	)))
	u.focus(quit)
}

// institution returns an institution's metadata, or a placeholder for an
// id no integration has any more.
func (u *UI) institution(id string) integrations.Institution {
	env := u.env
	if in, ok := env.instCache[id]; ok {
		return in
	}
	if env.reg != nil {
		if in, err := env.reg.Get(id); err == nil {
			if env.instCache == nil {
				env.instCache = map[string]integrations.Institution{}
			}
			env.instCache[id] = in.Institution()
			return env.instCache[id]
		}
	}
	return integrations.Institution{ID: id, Name: id, DisplayName: id + " (not available in this version)"}
}

// institutions lists the institutions the app knows, sorted by name.
func (u *UI) institutions() []integrations.Institution {
	var out []integrations.Institution
	for _, in := range u.env.reg.List() {
		out = append(out, in.Institution())
	}
	sortInstitutions(out)
	return out
}

// demoInstitution is the first institution with made-up data, offered on an
// empty connection list ("" when this build has none).
func (u *UI) demoInstitution() string {
	if u.env.reg == nil {
		return ""
	}
	for _, in := range u.env.reg.List() {
		if in.Institution().Demo {
			return in.Institution().ID
		}
	}
	return ""
}

// overrides are the endpoint overrides in use (shown in About).
func (u *UI) overrides() integrations.Overrides { return u.env.reg.Overrides() }

// bindShortcuts registers the app's shortcuts; each checks what shows.
func (u *UI) bindShortcuts() {
	k := u.keys
	k.bind(fyne.KeyL, func() { u.lock("user") })
	k.bind(fyne.KeyN, func() {
		if u.sess != nil && u.scr.portal == nil {
			u.openPortal(app.PortalRequest{})
		}
	})
	k.bind(fyne.KeyR, func() {
		switch {
		case u.sess == nil || u.scr.portal != nil:
		case u.scr.accounts != nil:
			u.scr.accounts.refresh()
		case u.scr.home != nil && !u.sync.refreshingAll():
			u.sync.refresh(nil, false)
		}
	})
	k.bind(fyne.KeyF, func() {
		if h := u.scr.home; h != nil && u.scr.portal == nil {
			u.showConnections("")
			u.focus(h.search)
		}
	})
	k.bind(fyne.KeyComma, func() {
		if u.sess != nil {
			u.closeOverlays()
			u.showSettings("")
		}
	})
}
