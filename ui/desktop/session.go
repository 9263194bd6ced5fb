package desktop

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
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
	mu           sync.Mutex  // guards idleTimer, refreshStop
	portalOpen   atomic.Bool // the portal is open: it postpones the idle lock
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
// session's timers, then shows the overview.
func (u *UI) startSession() {
	opts := app.Options{Vault: u.vault, Registry: u.env.reg, Browser: watchedBrowser{u: u, inner: u.opts.Browser},
		Notifier: appNotifier{u}, DataDir: u.env.dataDir, Now: u.opts.Now}
	if u.opts.AppOptions != nil {
		u.opts.AppOptions(&opts)
	}
	u.core = app.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{ctx: ctx, cancel: cancel}
	u.sess = s
	u.sync = newSyncer(u)
	u.touch()
	u.env.mainTab = ""
	u.showOverview()
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
				if u.sess == s && !u.sync.refreshingAll() {
					u.sync.refresh(nil, true)
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
	return u.sess != nil && u.sess.portalOpen.Load()
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
	u.publish(event{Topic: topicLocked})
	u.dropScreens()
	v := u.vault
	u.showUnlock()
	u.scr.unlock.setLocking(true, reason)
	go func() {
		s.wait(5 * time.Second)
		v.Lock()
		u.do(func() {
			if un := u.scr.unlock; un != nil {
				un.setLocking(false, reason)
			}
			u.emit("locked")
		})
	}()
}

// dropScreens forgets the session's screens and their subscriptions.
func (u *UI) dropScreens() {
	for _, o := range []any{u.scr.home, u.scr.accounts, u.scr.settings, u.scr.portal, u.scr.history, u.scr.export} {
		u.bus.drop(o)
	}
	u.scr.home, u.scr.accounts, u.scr.settings, u.scr.portal, u.scr.history, u.scr.export, u.scr.modal = nil, nil, nil, nil, nil, nil, nil
}

// closeOverlays closes every dialog and pop-up: the portal (abandoning its
// session), messages, menus.
func (u *UI) closeOverlays() {
	if p := u.scr.portal; p != nil {
		p.close()
	}
	ov := u.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		ov.Remove(o)
	}
	u.keys.clear()
	u.win.Canvas().Unfocus()
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

// sessionContext is the context of the session's work (a cancelled one
// when the vault is locked).
func (u *UI) sessionContext() context.Context {
	if s := u.sess; s != nil {
		return s.ctx
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// browser opens URLs and tells the screens how it went.
func (u *UI) browser() integrations.Browser { return watchedBrowser{u: u, inner: u.opts.Browser} }

// watchedBrowser opens URLs with the real browser and tells the screens
// whether it could (the OAuth page leads with copy and paste when not).
type watchedBrowser struct {
	u     *UI
	inner integrations.Browser
}

func (b watchedBrowser) OpenURL(ctx context.Context, url string) error {
	err := b.inner.OpenURL(ctx, url)
	b.u.do(func() { b.u.publish(event{Topic: topicBrowser, URL: url, Err: err}) })
	return err
}

// tracker wraps content and reports mouse movement over it, for the idle
// auto-lock. Hoverable children (buttons, lists) take their own hover
// events, but moving across a window crosses the gaps between them often.
type tracker struct {
	widget.BaseWidget
	content    fyne.CanvasObject
	onActivity func()
}

func newTracker(content fyne.CanvasObject, onActivity func()) *tracker {
	t := &tracker{content: content, onActivity: onActivity}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tracker) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.content) }

func (t *tracker) MouseIn(*desktop.MouseEvent)    { t.onActivity() }
func (t *tracker) MouseMoved(*desktop.MouseEvent) { t.onActivity() }
func (t *tracker) MouseOut()                      {}
