// Package desktop is Latchkey's Fyne front end.
//
// All work runs off the UI goroutine; widgets change only inside fyne.Do.
// Screens keep their widgets in structs so tests can drive them with
// fyne.io/fyne/v2/test.
package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/vault"
)

// AppID is the application's identifier (FyneApp.toml's ID).
const AppID = "app.latchkey.desktop"

// Options configure the desktop app.
type Options struct {
	Version   string
	VaultPath string // "" = the default path
	Endpoints string // endpoint overrides file, "" = none
	// Create passes vault options through (tests use a cheap KDF).
	Create vault.CreateOptions
}

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("latchkey.png", assets.Icon)

// Run starts the desktop app and blocks until its window closes or ctx ends.
func Run(ctx context.Context, opts Options) int {
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(Icon)
	w := a.NewWindow("Latchkey")
	u, err := New(a, w, opts)
	if err != nil {
		fmt.Println("latchkey:", err)
		return 1
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	u.Start()
	w.ShowAndRun()
	u.Close()
	return 0
}

// UI is the desktop app's state: the window and the screen it shows.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	path string

	vault *vault.Vault // open file; locked or unlocked

	create *createScreen
	unlock *unlockScreen
	home   *homeScreen
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
	u := &UI{app: a, win: w, opts: opts, path: path}
	w.SetMaster()
	w.Resize(fyne.NewSize(960, 640))
	w.SetOnClosed(u.Close)
	return u, nil
}

// Start shows the first screen: create a vault on first run, unlock otherwise.
func (u *UI) Start() {
	if _, err := os.Stat(u.path); errors.Is(err, os.ErrNotExist) {
		u.showCreate()
		return
	}
	v, err := vault.Open(context.Background(), u.path)
	if err != nil {
		u.showOpenError(err)
		return
	}
	u.vault = v
	u.showUnlock()
}

// Close locks and closes the vault.
func (u *UI) Close() {
	if u.vault != nil {
		_ = u.vault.Close()
		u.vault = nil
	}
}

func (u *UI) setContent(o fyne.CanvasObject) { u.win.SetContent(o) }
