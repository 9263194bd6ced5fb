package oauthflow

import (
	"context"
	"errors"
	"net/url"
	"sync"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
)

// BrowserMessage is the text of the BrowserStep a Login returns.
const BrowserMessage = "Log in at the institution in your browser and allow Latchkey access. " +
	"If the browser does not come back to Latchkey, copy the address it ends on (or the code it shows) and paste it here."

// ErrLoginOver is returned by Next after a Login ended (done or failed); after
// Close, Next returns ErrFlowClosed.
var ErrLoginOver = integrations.ErrLoginOver

// NewLogin adapts a flow to integrations.Login. The first Next starts a flow
// and returns a *integrations.BrowserStep (URL, CanPaste, Timeout). The next
// Next (an empty Answer, or Answer.Redirect holding a pasted address or code)
// waits for the callback, exchanges the code (with the PKCE verifier) and
// calls finish with the token and the callback values; finish returns the
// following step, usually an *integrations.DoneStep with the grant (it may
// call the API for the account ids of the fingerprint).
//
// A pasted value that cannot be used returns the same BrowserStep with an
// error matching integrations.ErrInvalidCredentials. When the institution
// refuses the app or the code (integrations.ErrInvalidCredentials), a fresh
// flow starts and its BrowserStep comes back with the error, as the contract
// asks. Any other error ends the login.
func NewLogin(cfg Config, finish func(ctx context.Context, tok *oauth2.Token, cb url.Values) (integrations.Step, error)) integrations.Login {
	return &login{cfg: cfg, finish: func(ctx context.Context, f *Flow, cb url.Values) (integrations.Step, error) {
		tok, err := f.Exchange(ctx, cb.Get(f.cfg.codeParam()))
		if err != nil {
			return nil, err
		}
		return finish(ctx, tok, cb)
	}}
}

// NewLoginFunc is NewLogin for integrations that exchange the code
// themselves (non-standard token endpoints, e.g. Zerodha's checksum): finish
// gets the flow (for its Config and, if useful, Exchange) and the callback
// values, the code in Config.CodeParam.
func NewLoginFunc(cfg Config, finish func(ctx context.Context, f *Flow, cb url.Values) (integrations.Step, error)) integrations.Login {
	return &login{cfg: cfg, finish: finish}
}

type login struct {
	cfg    Config
	finish func(ctx context.Context, f *Flow, cb url.Values) (integrations.Step, error)

	mu     sync.Mutex
	flow   *Flow
	step   *integrations.BrowserStep
	over   bool
	closed bool

	onWait func() // test hook: Next is about to wait for the callback
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, ErrFlowClosed
	}
	if l.over {
		l.mu.Unlock()
		return nil, ErrLoginOver
	}
	f, step := l.flow, l.step
	l.mu.Unlock()
	if f == nil {
		return l.start(ctx)
	}
	if a.Redirect != "" {
		if err := f.Paste(a.Redirect); err != nil && !errors.Is(err, ErrNotWaiting) {
			return step, err
		}
	}
	if l.onWait != nil {
		l.onWait()
	}
	cb, err := f.WaitCallback(ctx)
	if err == nil {
		var next integrations.Step
		next, err = l.finish(ctx, f, cb)
		if err == nil && next == nil {
			err = errors.New("oauth: the login finished without a result")
		}
		if err == nil {
			l.end()
			return next, nil
		}
	}
	if errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrInvalidMFACode) {
		// Same step again, with a fresh flow: the old one is spent.
		f.Close()
		next, serr := l.start(ctx)
		if serr != nil {
			return nil, serr
		}
		return next, err
	}
	l.end()
	return nil, err
}

// start opens a fresh flow and returns its BrowserStep.
func (l *login) start(ctx context.Context) (integrations.Step, error) {
	f, err := Start(ctx, l.cfg)
	if err != nil {
		l.end()
		return nil, err
	}
	step := &integrations.BrowserStep{URL: f.URL(), Message: BrowserMessage, CanPaste: true, Timeout: f.cfg.Timeout}
	l.mu.Lock()
	if l.over { // closed meanwhile
		l.mu.Unlock()
		f.Close()
		return nil, ErrLoginOver
	}
	l.flow, l.step = f, step
	l.mu.Unlock()
	return step, nil
}

// end marks the login over and closes its flow.
func (l *login) end() {
	l.mu.Lock()
	f := l.flow
	l.over = true
	l.mu.Unlock()
	if f != nil {
		f.Close()
	}
}

// Paste hands a pasted redirect URL or code to the waiting flow.
func (l *login) Paste(s string) error {
	l.mu.Lock()
	f, over := l.flow, l.over
	l.mu.Unlock()
	if over || f == nil {
		return ErrNotWaiting
	}
	return f.Paste(s)
}

// Close ends the login and its listener; a Next waiting for the callback
// returns ErrFlowClosed. It is idempotent.
func (l *login) Close() error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.end()
	return nil
}
