package app

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Documented errors of the app layer. Errors from integrations keep their
// sentinels (integrations.ErrReauthRequired, ...) through the app.
var (
	// ErrNotFound: no connection with that id.
	ErrNotFound = errors.New("connection not found")
	// ErrAlreadyConnected: the login is already connected; AlreadyConnectedError
	// names the existing connection.
	ErrAlreadyConnected = errors.New("this login is already connected")
	// ErrSessionOver: the portal session has finished or was abandoned.
	ErrSessionOver = errors.New("the portal session is over")
	// ErrNeedsApp: the method needs the user's app registration in Settings
	// (the contract's sentinel, so integrations and the app report it alike).
	ErrNeedsApp = integrations.ErrNeedsApp
)

// AlreadyConnectedError is returned when a new connection's login matches an
// existing connection. It matches ErrAlreadyConnected.
type AlreadyConnectedError struct{ Existing Connection }

func (e *AlreadyConnectedError) Error() string {
	return fmt.Sprintf("this login is already connected as %q", e.Existing.Label)
}

// Is matches ErrAlreadyConnected.
func (e *AlreadyConnectedError) Is(target error) bool { return target == ErrAlreadyConnected }

// Notifier tells the user about something that happened in the background
// (a desktop notification; the CLI prints to stderr).
type Notifier interface {
	Notify(title, body string)
}

// Options build an App.
type Options struct {
	Vault    *vault.Vault
	Registry *integrations.Registry
	// Browser opens OAuth URLs; nil: the URL is only handed to the front end.
	Browser integrations.Browser
	// Notifier receives background notifications; nil: none.
	Notifier Notifier
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Parallel bounds how many connections sync at once; 0: 32. Syncs wait
	// on the network, and each institution has its own rate limiter.
	Parallel int
	// OverlapWindow is how far before the last synced date activities are
	// fetched again; 0: 7 days.
	OverlapWindow time.Duration
	// RetryBase is the first backoff interval of sync retries; 0: 1 s.
	RetryBase time.Duration
	// MaxRetries bounds retries of a transient sync failure; 0: 2, -1: none.
	// (The HTTP plumbing retries each request too; these retries also cover
	// failures it cannot retry, such as a malformed body.)
	MaxRetries int
	// MaxRetryWait is the longest Retry-After a sync waits for before
	// giving up on the connection until the next sync; 0: 1 minute.
	MaxRetryWait time.Duration
	// DataDir is the app's data folder (the vault's folder), where the demo
	// brokerage keeps its revocation list.
	DataDir string
}

// App is Latchkey's use cases over one unlocked vault.
type App struct {
	v        *vault.Vault
	reg      *integrations.Registry
	browser  integrations.Browser
	notifier Notifier
	now      func() time.Time
	opts     Options

	mu      sync.Mutex
	syncing map[string]bool
	// locks serialises writes to one connection's records (sync, repair, rename).
	locks map[string]*sync.Mutex
}

// New builds an App. The vault must stay open for the App's life; the App
// works only while it is unlocked (calls return vault.ErrLocked otherwise).
func New(opts Options) *App {
	a := &App{v: opts.Vault, reg: opts.Registry, browser: opts.Browser, notifier: opts.Notifier,
		now: opts.Now, opts: opts, syncing: map[string]bool{}, locks: map[string]*sync.Mutex{}}
	if a.now == nil {
		a.now = time.Now
	}
	if a.opts.Parallel <= 0 {
		a.opts.Parallel = 32
	}
	if a.opts.OverlapWindow <= 0 {
		a.opts.OverlapWindow = 7 * 24 * time.Hour
	}
	if a.opts.RetryBase <= 0 {
		a.opts.RetryBase = time.Second
	}
	if a.opts.MaxRetries == 0 {
		a.opts.MaxRetries = 2
	}
	if a.opts.MaxRetryWait <= 0 {
		a.opts.MaxRetryWait = time.Minute
	}
	return a
}

// Registry returns the integrations the app knows.
func (a *App) Registry() *integrations.Registry { return a.reg }

// Vault returns the vault the app works on.
func (a *App) Vault() *vault.Vault { return a.v }

// Now returns the app's clock.
func (a *App) Now() time.Time { return a.now().UTC() }

func (a *App) connLock(id string) *sync.Mutex {
	a.mu.Lock()
	defer a.mu.Unlock()
	m, ok := a.locks[id]
	if !ok {
		m = &sync.Mutex{}
		a.locks[id] = m
	}
	return m
}

// Syncing reports whether a sync of the connection is running.
func (a *App) Syncing(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.syncing[id]
}

// Status derives the connection's status now, with its institution's
// expiring window.
func (a *App) Status(c Connection) Status {
	return a.statusOf(c, a.Syncing(c.ID))
}

func (a *App) statusOf(c Connection, syncing bool) Status {
	st := c.StatusWithin(a.Now(), syncing, a.expiringWithin(c.InstitutionID))
	if st == StatusActive && c.FedByData() && !c.DataAsOf.IsZero() && a.Now().Sub(c.DataAsOf) > a.staleAfter(c.InstitutionID) {
		// An import connection's "grant" is its newest statement.
		return StatusExpiring
	}
	return st
}

// stale reports whether c's cached data should be shown as possibly out of
// date: for an import connection, once its statement is past the
// institution's window; otherwise as Connection.Stale with StaleAfter.
func (a *App) stale(c Connection, now time.Time) bool {
	if c.FedByData() {
		return c.Disabled() || c.DataAsOf.IsZero() || now.Sub(c.DataAsOf) > a.staleAfter(c.InstitutionID)
	}
	return c.Stale(now, StaleAfter)
}

func (a *App) expiringWithin(institutionID string) time.Duration {
	if in, err := a.reg.Get(institutionID); err == nil {
		if w := in.Institution().ExpiringWithin; w != 0 {
			return w
		}
	}
	return ExpiringWithin
}

func (a *App) notify(title, body string) {
	if a.notifier != nil {
		a.notifier.Notify(title, body)
	}
}
