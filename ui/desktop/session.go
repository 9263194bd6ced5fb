package desktop

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/latchkey/latchkey/app"
)

// session is what lives while the vault is unlocked: the context of every
// background call, the idle auto-lock and the background refresh.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	lastActivity atomic.Int64 // unix nanoseconds of the last user activity
	idle         atomic.Int64 // auto-lock after this long idle; 0 = never
	idleTimer    *time.Timer
	refreshEvery time.Duration
	refreshStop  chan struct{}
	mu           sync.Mutex // guards idleTimer, refreshStop
}

// wait waits for the session's background work to end, at most d.
func (s *session) wait(d time.Duration) {
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// appNotifier shows the app's background notifications on the desktop.
type appNotifier struct{ u *UI }

func (n appNotifier) Notify(title, body string) {
	n.u.do(func() {
		n.u.fyne.SendNotification(fyne.NewNotification(title, body))
		n.u.emit("notified")
	})
}

// startSession builds the app over the unlocked vault and starts the
// session's timers, then shows the connections.
func (u *UI) startSession() {
	opts := app.Options{Vault: u.vault, Registry: u.reg, Browser: u.opts.Browser, Notifier: appNotifier{u},
		DataDir: u.dataDir, Now: u.opts.Now}
	if u.opts.AppOptions != nil {
		u.opts.AppOptions(&opts)
	}
	u.core = app.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{ctx: ctx, cancel: cancel}
	u.sess = s
	u.touch()
	u.showHome()
	u.background("prefs", func(ctx context.Context) func() {
		p, err := u.core.Preferences(ctx)
		if err != nil {
			p = app.DefaultPreferences
		}
		return func() { u.applyPreferences(p) }
	})
}

// applyPreferences (re)arms the auto-lock and background refresh.
func (u *UI) applyPreferences(p app.Preferences) {
	s := u.sess
	if s == nil {
		return
	}
	s.idle.Store(int64(time.Duration(p.AutoLockMinutes) * u.opts.TimeUnit))
	u.armIdle(s)
	s.mu.Lock()
	if s.refreshStop != nil {
		close(s.refreshStop)
		s.refreshStop = nil
	}
	s.refreshEvery = time.Duration(p.RefreshIntervalMinutes) * u.opts.TimeUnit
	if s.refreshEvery > 0 {
		stop := make(chan struct{})
		s.refreshStop = stop
		go u.refreshLoop(s, s.refreshEvery, stop)
	}
	s.mu.Unlock()
}

// refreshLoop refreshes every connection on the interval until stopped.
func (u *UI) refreshLoop(s *session, every time.Duration, stop chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-s.ctx.Done():
			return
		case <-t.C:
			u.do(func() {
				if u.sess == s && u.home != nil && !u.home.refreshing {
					u.refreshConnections(nil, true)
				}
			})
		}
	}
}

// touch records user activity (mouse movement, typing, any action).
func (u *UI) touch() {
	if s := u.sess; s != nil {
		s.lastActivity.Store(time.Now().UnixNano())
	}
}

// armIdle (re)starts the idle timer: when it fires it locks if the user has
// been idle long enough, or re-arms for the rest.
func (u *UI) armIdle(s *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idleTimer != nil {
		s.idleTimer.Stop()
		s.idleTimer = nil
	}
	idle := time.Duration(s.idle.Load())
	if idle <= 0 {
		return
	}
	var check func()
	check = func() {
		if s.ctx.Err() != nil {
			return
		}
		rest := idle - time.Since(time.Unix(0, s.lastActivity.Load()))
		if u.keepAwake() {
			rest = idle
		}
		if rest > 0 {
			s.mu.Lock()
			s.idleTimer = time.AfterFunc(rest, check)
			s.mu.Unlock()
			return
		}
		u.do(func() {
			if u.sess == s {
				u.lock("idle")
			}
		})
	}
	s.idleTimer = time.AfterFunc(idle, check)
}

// keepAwake reports whether something the user started is still running
// (a connection being made), which postpones the idle lock.
func (u *UI) keepAwake() bool {
	return u.portalOpen.Load()
}

// endSession stops the session's timers and cancels its work. It does not
// wait: see lock.
func (u *UI) endSession() {
	s := u.sess
	if s == nil {
		return
	}
	u.sess = nil
	s.cancel()
	s.mu.Lock()
	if s.idleTimer != nil {
		s.idleTimer.Stop()
	}
	if s.refreshStop != nil {
		close(s.refreshStop)
		s.refreshStop = nil
	}
	s.mu.Unlock()
	if u.portal != nil {
		u.portal.abandon()
	}
	u.closeOverlays()
}

// lock locks the vault and returns to the unlock screen. The screen changes
// at once (nothing of the data stays visible); the vault is locked once the
// session's background work has stopped, because a record being decoded
// must not be destroyed under it.
func (u *UI) lock(reason string) {
	s := u.sess
	if s == nil || u.vault == nil {
		return
	}
	u.endSession()
	// u.core stays: background calls still running get vault.ErrLocked.
	u.home, u.accounts, u.settings, u.portal, u.history = nil, nil, nil, nil, nil
	v := u.vault
	u.showUnlock()
	u.unlock.setLocking(true, reason)
	go func() {
		s.wait(5 * time.Second)
		v.Lock()
		u.do(func() {
			if u.unlock != nil {
				u.unlock.setLocking(false, reason)
			}
			u.emit("locked")
		})
	}()
}

// closeOverlays hides every dialog and pop-up.
func (u *UI) closeOverlays() {
	ov := u.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		ov.Remove(o)
	}
}

// background runs work off the UI goroutine within the session. The
// function work returns, if any, runs on the UI goroutine afterwards —
// unless the session ended meanwhile. name is emitted at the end.
func (u *UI) background(name string, work func(ctx context.Context) func()) {
	s := u.sess
	if s == nil {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		apply := work(s.ctx)
		u.do(func() {
			if apply != nil && u.sess == s {
				apply()
			}
			u.emit(name)
		})
	}()
}

// addShortcuts registers the window's keyboard shortcuts once; each checks
// that its screen is showing.
func (u *UI) addShortcuts() {
	if u.shortcutsAdded {
		return
	}
	u.shortcutsAdded = true
	c := u.win.Canvas()
	add := func(k fyne.KeyName, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			u.touch()
			f()
		})
	}
	add(fyne.KeyL, func() { u.lock("user") })
	add(fyne.KeyN, func() {
		if u.sess != nil && u.portal == nil {
			u.openPortal(app.PortalRequest{})
		}
	})
	add(fyne.KeyR, func() {
		if u.home != nil && u.sess != nil && !u.home.refreshing {
			u.refreshConnections(nil, false)
		}
	})
	add(fyne.KeyF, func() {
		if u.home != nil && u.home.visible {
			c.Focus(u.home.search)
		}
	})
	add(fyne.KeyComma, func() {
		if u.sess != nil {
			u.showSettings("")
		}
	})
	c.SetOnTypedKey(func(*fyne.KeyEvent) { u.touch() })
}
