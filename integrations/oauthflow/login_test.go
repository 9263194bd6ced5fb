package oauthflow

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
)

// doneWith makes a finish func that returns a DoneStep holding the access
// token, and records the token it got.
func doneWith(got **oauth2.Token) func(context.Context, *oauth2.Token, url.Values) (integrations.Step, error) {
	return func(ctx context.Context, tok *oauth2.Token, cb url.Values) (integrations.Step, error) {
		*got = tok
		return &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthOAuth2, Secret: []byte(tok.RefreshToken),
			Fingerprint: integrations.Fingerprint("testbank", "user-1")}}, nil
	}
}

// newLogin is a login of cfg that ends with doneWith (the token is not
// kept), closed when the test ends.
func newLogin(t *testing.T, cfg Config) integrations.Login {
	t.Helper()
	var tok *oauth2.Token
	l := NewLogin(cfg, doneWith(&tok))
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func next(t *testing.T, l integrations.Login, a integrations.Answer) (integrations.Step, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return l.Next(ctx, a)
}

// firstStep calls Next the first time and returns its BrowserStep.
func firstStep(t *testing.T, l integrations.Login) *integrations.BrowserStep {
	t.Helper()
	s, err := next(t, l, integrations.Answer{})
	return browserStep(t, s, err)
}

func browserStep(t *testing.T, s integrations.Step, err error) *integrations.BrowserStep {
	t.Helper()
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	bs, ok := s.(*integrations.BrowserStep)
	if !ok {
		t.Fatalf("step %T, want *BrowserStep", s)
	}
	return bs
}

// follow plays the browser for a BrowserStep's URL in the background, as
// the app's opener would; the test waits on the returned channel.
func follow(t *testing.T, u string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("browser: status %d", resp.StatusCode)
		}
	}()
	return done
}

func TestLoginHappyPath(t *testing.T) {
	as := newAuthServer(t)
	var tok *oauth2.Token
	l := NewLogin(as.config(), doneWith(&tok))
	defer l.Close()
	bs := firstStep(t, l)
	if !bs.CanPaste || bs.Timeout != DefaultTimeout || bs.Message == "" || !strings.HasPrefix(bs.URL, as.srv.URL+"/authorize?") {
		t.Fatalf("step %+v", bs)
	}
	defer func(c <-chan struct{}) { <-c }(follow(t, bs.URL)) // the app opened it in the browser
	s, err := next(t, l, integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	done, ok := s.(*integrations.DoneStep)
	if !ok || tok == nil || string(done.Grant.Secret) != tok.RefreshToken || pkceCount(as) != 1 {
		t.Fatalf("step %T %v", s, tok)
	}
	if _, err := next(t, l, integrations.Answer{}); !errors.Is(err, ErrLoginOver) {
		t.Errorf("Next after done: %v", err)
	}
	if err := l.Paste("x"); !errors.Is(err, ErrNotWaiting) {
		t.Errorf("Paste after done: %v", err)
	}
}

func TestLoginAnswerRedirect(t *testing.T) {
	as := newAuthServer(t)
	l := newLogin(t, as.config())
	bs := firstStep(t, l)
	s, err := next(t, l, integrations.Answer{Redirect: location(t, bs.URL)})
	if _, ok := s.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("%T %v", s, err)
	}
}

func TestLoginPasteWhileWaiting(t *testing.T) {
	as := newAuthServer(t)
	l := newLogin(t, as.config())
	bs := firstStep(t, l)
	loc := location(t, bs.URL)
	go func() {
		if err := l.Paste(loc); err != nil {
			t.Error(err)
		}
	}()
	if s, err := next(t, l, integrations.Answer{}); err != nil || s == nil {
		t.Fatalf("%v %v", s, err)
	}
}

func TestLoginBadPasteKeepsStep(t *testing.T) {
	as := newAuthServer(t)
	l := newLogin(t, as.config())
	bs := firstStep(t, l)
	s, err := next(t, l, integrations.Answer{Redirect: "not a code"})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || s != integrations.Step(bs) {
		t.Fatalf("bad paste: %v %v", s, err)
	}
	s, err = next(t, l, integrations.Answer{Redirect: location(t, bs.URL)})
	if _, ok := s.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("%T %v", s, err)
	}
}

func TestLoginRefusedCodeStartsFreshFlow(t *testing.T) {
	as := newAuthServer(t)
	as.failExchange = "invalid_grant"
	l := newLogin(t, as.config())
	first := firstStep(t, l)
	s, err := next(t, l, integrations.Answer{Redirect: location(t, first.URL)})
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("err %v", err)
	}
	second := browserStep(t, s, nil)
	if second.URL == first.URL {
		t.Fatal("the spent flow was offered again")
	}
	as.set(func(as *authServer) { as.failExchange = "" })
	s, err = next(t, l, integrations.Answer{Redirect: location(t, second.URL)})
	if _, ok := s.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("%T %v", s, err)
	}
}

func TestLoginDeniedEnds(t *testing.T) {
	as := newAuthServer(t)
	as.deny = "access_denied"
	l := newLogin(t, as.config())
	bs := firstStep(t, l)
	defer func(c <-chan struct{}) { <-c }(follow(t, bs.URL))
	s, err := next(t, l, integrations.Answer{})
	if s != nil || !errors.Is(err, integrations.ErrApprovalDenied) || integrations.Code(err) != "APPROVAL_DENIED" {
		t.Fatalf("%v %v", s, err)
	}
	if _, err := next(t, l, integrations.Answer{}); !errors.Is(err, ErrLoginOver) {
		t.Errorf("after denial: %v", err)
	}
}

func TestLoginTimeout(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.Timeout = 20 * time.Millisecond
	l := newLogin(t, cfg)
	bs := firstStep(t, l)
	if bs.Timeout != cfg.Timeout {
		t.Errorf("step timeout %s", bs.Timeout)
	}
	if _, err := next(t, l, integrations.Answer{}); !errors.Is(err, integrations.ErrLoginTimeout) {
		t.Fatalf("err %v", err)
	}
}

func TestLoginCloseWhileWaiting(t *testing.T) {
	as := newAuthServer(t)
	l := newLogin(t, as.config())
	waiting := make(chan struct{})
	l.(*login).onWait = func() { close(waiting) }
	firstStep(t, l)
	errc := make(chan error, 1)
	go func() {
		_, err := l.Next(context.Background(), integrations.Answer{})
		errc <- err
	}()
	<-waiting
	l.Close()
	if err := <-errc; !errors.Is(err, context.Canceled) || integrations.Code(err) != "CANCELLED" {
		t.Fatalf("err %v", err)
	}
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	if _, err := next(t, l, integrations.Answer{}); !errors.Is(err, ErrFlowClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestLoginStartFails(t *testing.T) {
	l := NewLogin(Config{}, nil)
	if s, err := next(t, l, integrations.Answer{}); s != nil || err == nil {
		t.Fatalf("%v %v", s, err)
	}
}

func TestNewLoginFuncOwnExchange(t *testing.T) {
	as := newAuthServer(t)
	as.noState, as.codeParam, as.requirePKCE = true, "request_token", false
	cfg := as.config()
	cfg.NoState, cfg.CodeParam, cfg.PKCE = true, "request_token", false
	var gotCode string
	l := NewLoginFunc(cfg, func(ctx context.Context, f *Flow, cb url.Values) (integrations.Step, error) {
		gotCode = cb.Get(f.Config().CodeParam)
		// A non-standard exchange would go here (e.g. Zerodha's checksum).
		return &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthOAuth2, Secret: []byte(gotCode)}}, nil
	})
	defer l.Close()
	bs := firstStep(t, l)
	defer func(c <-chan struct{}) { <-c }(follow(t, bs.URL))
	s, err := next(t, l, integrations.Answer{})
	if _, ok := s.(*integrations.DoneStep); err != nil || !ok || !strings.HasPrefix(gotCode, "code-") {
		t.Fatalf("%T %v %q", s, err, gotCode)
	}
}

func TestLoginFinishErrors(t *testing.T) {
	as := newAuthServer(t)
	l := NewLoginFunc(as.config(), func(ctx context.Context, f *Flow, cb url.Values) (integrations.Step, error) {
		return nil, nil
	})
	defer l.Close()
	bs := firstStep(t, l)
	if s, err := next(t, l, integrations.Answer{Redirect: location(t, bs.URL)}); s != nil || err == nil {
		t.Fatalf("%v %v", s, err)
	}
}
