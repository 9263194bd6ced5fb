package oauthflow

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func start(t *testing.T, cfg Config) *Flow {
	t.Helper()
	f, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func wait(t *testing.T, f *Flow) (url.Values, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return f.WaitCallback(ctx)
}

func mustWait(t *testing.T, f *Flow) url.Values {
	t.Helper()
	v, err := wait(t, f)
	if err != nil {
		t.Fatalf("WaitCallback: %v", err)
	}
	return v
}

// pasteRedirect plays the user pasting the address the authorisation
// server sent the browser back to.
func pasteRedirect(t *testing.T, f *Flow) {
	t.Helper()
	if err := f.Paste(location(t, f.URL())); err != nil {
		t.Fatal(err)
	}
}

// answered starts a flow with cfg whose user pastes the redirect, and
// returns it with the callback's values.
func answered(t *testing.T, cfg Config) (*Flow, url.Values) {
	t.Helper()
	f := start(t, cfg)
	pasteRedirect(t, f)
	return f, mustWait(t, f)
}

// stateOf returns the state in a flow's authorize URL.
func stateOf(t *testing.T, f *Flow) string {
	t.Helper()
	u, err := url.Parse(f.URL())
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("state")
}

func assertReflectsNothing(t *testing.T, page string, vals ...string) {
	t.Helper()
	for _, v := range vals {
		if v != "" && strings.Contains(page, v) {
			t.Errorf("page reflects %q:\n%s", v, page)
		}
	}
}

func TestHappyPathEphemeralPortPKCE(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.AuthParams = map[string]string{"access_type": "offline"}
	f := start(t, cfg)

	ru, err := url.Parse(f.RedirectURL())
	if err != nil {
		t.Fatal(err)
	}
	if ru.Scheme != "http" || ru.Hostname() != "127.0.0.1" || ru.Port() == "0" {
		t.Errorf("redirect URL %s", ru)
	}
	parts := strings.Split(ru.Path, "/")
	if len(parts) != 4 || parts[1] != "callback" || parts[2] != "testbank" || len(parts[3]) < 22 {
		t.Errorf("callback path %q is not /callback/<institution>/<random>", ru.Path)
	}
	au, _ := url.Parse(f.URL())
	q := au.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("access_type") != "offline" || q.Get("redirect_uri") != f.RedirectURL() {
		t.Errorf("authorize URL %s", f.URL())
	}
	state, err := base64.RawURLEncoding.DecodeString(q.Get("state"))
	if err != nil || len(state) < 16 {
		t.Errorf("state %q: %d bytes, want ≥ 16", q.Get("state"), len(state))
	}

	status, page := newBrowser(f).get(t, f.URL())
	if status != 200 || !strings.Contains(page, "You can close this window and return to Latchkey") {
		t.Fatalf("result page %d: %s", status, page)
	}
	cb := mustWait(t, f)
	code := cb.Get("code")
	if code == "" || cb.Get("state") != q.Get("state") {
		t.Fatalf("callback values %v", cb)
	}
	assertReflectsNothing(t, page, code, q.Get("state"))

	tok, err := f.Exchange(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.AccessToken, "at-") || !strings.HasPrefix(tok.RefreshToken, "rt-") {
		t.Errorf("token %q %q", tok.AccessToken, tok.RefreshToken)
	}
	if pkceCount(as) != 1 {
		t.Errorf("PKCE verified %d times", pkceCount(as))
	}
	// A code is good once: a second exchange is refused as a bad code.
	if _, err := f.Exchange(context.Background(), code); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("reused code: %v", err)
	}
}

func TestFreshStateAndVerifierPerAttempt(t *testing.T) {
	as := newAuthServer(t)
	a, b := start(t, as.config()), start(t, as.config())
	qa, _ := url.Parse(a.URL())
	qb, _ := url.Parse(b.URL())
	if qa.Query().Get("state") == qb.Query().Get("state") || qa.Query().Get("code_challenge") == qb.Query().Get("code_challenge") || a.RedirectURL() == b.RedirectURL() {
		t.Error("two flows share state, challenge or redirect URL")
	}
}

func TestFixedPort(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.RedirectPort = brokertest.FreePort(t)
	cfg.RedirectPath = "/callback"
	f := start(t, cfg)
	want := "http://127.0.0.1:" + strconv.Itoa(cfg.RedirectPort) + "/callback"
	if f.RedirectURL() != want {
		t.Fatalf("redirect %s, want %s", f.RedirectURL(), want)
	}
	// The port is taken while the flow runs: a second flow says so.
	if _, err := Start(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), strconv.Itoa(cfg.RedirectPort)) {
		t.Errorf("second flow on the same port: %v", err)
	}
	if status, _ := newBrowser(f).get(t, f.URL()); status != 200 {
		t.Fatalf("status %d", status)
	}
	cb := mustWait(t, f)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); err != nil {
		t.Fatal(err)
	}
}

func TestHTTPSLoopback(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.HTTPS = true
	f := start(t, cfg)
	if !strings.HasPrefix(f.RedirectURL(), "https://127.0.0.1:") {
		t.Fatalf("redirect %s", f.RedirectURL())
	}
	cert := f.Certificate()
	if cert == nil {
		t.Fatal("no certificate")
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		t.Errorf("key %T", cert.PublicKey)
	}
	if len(cert.IPAddresses) != 1 || !cert.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) || len(cert.DNSNames) != 0 {
		t.Errorf("SANs %v %v", cert.IPAddresses, cert.DNSNames)
	}
	if life := cert.NotAfter.Sub(time.Now()); life <= 0 || life > time.Hour {
		t.Errorf("certificate lives %s", life)
	}
	// A plain-http request to the TLS listener is not served.
	plain := strings.Replace(f.RedirectURL(), "https://", "http://", 1)
	if resp, err := http.Get(plain); err == nil {
		if resp.StatusCode == 200 {
			t.Error("plain http served")
		}
		resp.Body.Close()
	}
	status, page := newBrowser(f).get(t, f.URL())
	if status != 200 || !strings.Contains(page, "return to Latchkey") {
		t.Fatalf("%d %s", status, page)
	}
	cb := mustWait(t, f)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); err != nil {
		t.Fatal(err)
	}
}

func TestWrongStateDoesNotEndFlow(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	b := newBrowser(f)
	evil := "<script>alert(1)</script>"
	for _, q := range []string{
		"code=stolen-code&state=" + url.QueryEscape(evil),
		"code=stolen-code",
		"code=stolen-code&state=" + stateOf(t, f) + "x",
		"code=stolen-code&state=" + stateOf(t, f) + "&state=" + stateOf(t, f),
		"error=access_denied&state=wrong",
		"error=access_denied",
	} {
		status, page := b.get(t, f.RedirectURL()+"?"+q)
		if status != http.StatusBadRequest {
			t.Errorf("%s: status %d", q, status)
		}
		assertReflectsNothing(t, page, "stolen-code", evil, "alert", "access_denied")
	}
	select {
	case <-f.done:
		t.Fatal("a bad callback ended the flow")
	default:
	}
	if status, _ := b.get(t, f.URL()); status != 200 {
		t.Fatalf("valid callback: %d", status)
	}
	if cb := mustWait(t, f); cb.Get("code") == "stolen-code" {
		t.Fatal("the forged code won")
	}
}

func TestStrayRequests404(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	b := newBrowser(f)
	ru, _ := url.Parse(f.RedirectURL())
	origin := ru.Scheme + "://" + ru.Host
	state := stateOf(t, f)
	for _, u := range []string{origin + "/", origin + "/favicon.ico", origin + "/callback/testbank", origin + ru.Path + "x?code=a&state=" + state} {
		if status, page := b.get(t, u); status != 404 {
			t.Errorf("%s: %d", u, status)
		} else {
			assertReflectsNothing(t, page, state)
		}
	}
	// Only GET, and only when addressed to 127.0.0.1:port (DNS rebinding).
	resp, err := b.c.Post(f.RedirectURL()+"?code=a&state="+state, "text/plain", nil)
	if err != nil || resp.StatusCode != 404 {
		t.Errorf("POST: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, f.RedirectURL()+"?code=a&state="+state, nil)
	req.Host = "evil.test:" + ru.Port()
	resp, err = b.c.Do(req)
	if err != nil || resp.StatusCode != 404 {
		t.Errorf("foreign Host: %v %v", resp, err)
	}
	resp.Body.Close()

	if status, _ := b.get(t, f.URL()); status != 200 {
		t.Fatalf("valid callback: %d", status)
	}
	if cb := mustWait(t, f); cb.Get("code") == "a" {
		t.Fatal("stray request delivered a code")
	}
}

func TestSecondCallbackRefused(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	loc := location(t, f.URL())
	b := &browser{c: &http.Client{Timeout: 5 * time.Second}} // keep-alive: the replay may reuse the connection
	if status, _ := b.get(t, loc); status != 200 {
		t.Fatalf("first: %d", status)
	}
	first := mustWait(t, f)
	resp, err := b.c.Get(loc)
	if err == nil {
		if resp.StatusCode != 404 {
			t.Errorf("replayed callback served: %d", resp.StatusCode)
		}
		resp.Body.Close()
	}
	// A forged second callback with the right state is not served either.
	resp, err = b.c.Get(f.RedirectURL() + "?code=second&state=" + stateOf(t, f))
	if err == nil {
		if resp.StatusCode != 404 {
			t.Errorf("second callback served: %d", resp.StatusCode)
		}
		resp.Body.Close()
	}
	if again := mustWait(t, f); again.Get("code") != first.Get("code") {
		t.Error("the answer changed")
	}
	if err := f.Paste("another-code"); !errors.Is(err, ErrNotWaiting) {
		t.Errorf("paste after answer: %v", err)
	}
}

func TestListenerClosedAfterAnswer(t *testing.T) {
	f, _ := answered(t, newAuthServer(t).config())
	ru, _ := url.Parse(f.RedirectURL())
	// Close is synchronous: once it returns nothing listens on the port,
	// which can be bound again at once.
	f.Close()
	ln, err := net.Listen("tcp4", ru.Host)
	if err == nil {
		ln.Close()
		return
	}
	// The port is taken. Another process may have bound the freed port in
	// the meantime (tests run packages in parallel, and a dial alone once
	// reached such a stranger): it is the flow's listener only if it
	// answers a stray request as a flow does.
	c := &http.Client{Timeout: 5 * time.Second}
	strayPage := func(host string) (int, []byte, error) {
		resp, err := c.Get("http://" + host + "/latchkey-stray-check")
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	probe := start(t, newAuthServer(t).config())
	pu, _ := url.Parse(probe.RedirectURL())
	flowStatus, flowPage, err := strayPage(pu.Host)
	if err != nil {
		t.Fatalf("a flow's answer to a stray request: %v", err)
	}
	if status, page, err := strayPage(ru.Host); err == nil && status == flowStatus && bytes.Equal(page, flowPage) {
		t.Error("listener still open after Close")
	}
}

func TestAuthorizeErrors(t *testing.T) {
	cases := []struct {
		code string
		want error
	}{
		{"access_denied", integrations.ErrApprovalDenied},
		{"invalid_scope", integrations.ErrInvalidCredentials},
		{"unauthorized_client", integrations.ErrInvalidCredentials},
		{"temporarily_unavailable", integrations.ErrUnavailable},
		{"<b>weird</b>", integrations.ErrUnavailable},
	}
	for _, c := range cases {
		as := newAuthServer(t)
		as.deny = c.code
		f := start(t, as.config())
		status, page := newBrowser(f).get(t, f.URL())
		if status != 200 || !strings.Contains(page, "did not get access") {
			t.Errorf("%s: page %d %s", c.code, status, page)
		}
		assertReflectsNothing(t, page, c.code, bodyMarker)
		_, err := wait(t, f)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.code, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), bodyMarker) || strings.Contains(err.Error(), "<b>") {
			t.Errorf("%s: error text %q", c.code, err)
		}
	}
}

func TestMissingCodeEndsFlowClearly(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	status, _ := newBrowser(f).get(t, f.RedirectURL()+"?state="+stateOf(t, f))
	if status != 200 {
		t.Errorf("status %d", status)
	}
	if _, err := wait(t, f); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("err %v", err)
	}
}

func TestTimeout(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.Timeout = 20 * time.Millisecond
	f := start(t, cfg)
	_, err := wait(t, f)
	if !errors.Is(err, integrations.ErrLoginTimeout) || integrations.Code(err) != "TIMEOUT" {
		t.Fatalf("err %v", err)
	}
	if err := f.Paste("late-code"); !errors.Is(err, ErrNotWaiting) {
		t.Errorf("paste after timeout: %v", err)
	}
}

func TestContextCancel(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := f.WaitCallback(ctx)
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	// The caller's cancel does not spend the flow; Close does.
	pasteRedirect(t, f)
	mustWait(t, f)
}

func TestClose(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	errc := make(chan error, 1)
	go func() {
		_, err := f.WaitCallback(context.Background())
		errc <- err
	}()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, ErrFlowClosed) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := f.Paste("code"); !errors.Is(err, ErrNotWaiting) {
		t.Errorf("paste after close: %v", err)
	}
}

func TestPasteFullRedirectURL(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	loc := location(t, f.URL()) // the browser could not reach us; the user copies the address
	if err := f.Paste("  " + loc + "\n"); err != nil {
		t.Fatal(err)
	}
	cb := mustWait(t, f)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); err != nil || pkceCount(as) != 1 {
		t.Fatalf("exchange: %v (PKCE verified %d)", err, pkceCount(as))
	}
}

func TestPasteBareCode(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	lu, _ := url.Parse(location(t, f.URL()))
	code := lu.Query().Get("code")
	if err := f.Paste(code); err != nil {
		t.Fatal(err)
	}
	cb := mustWait(t, f)
	if cb.Get("code") != code {
		t.Fatalf("values %v", cb)
	}
	if _, err := f.Exchange(context.Background(), code); err != nil {
		t.Fatal(err)
	}
}

func TestPasteWrongStateRefused(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	other := start(t, as.config())
	otherLoc := location(t, other.URL()) // an address from another login
	if err := f.Paste(otherLoc); !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "state") {
		t.Fatalf("err %v", err)
	}
	lu, _ := url.Parse(otherLoc)
	if strings.Contains(f.Paste(otherLoc).Error(), lu.Query().Get("code")) {
		t.Error("error echoes the code")
	}
	for _, bad := range []string{"", "   ", "hello world", f.RedirectURL(), "http://127.0.0.1:1/cb?foo=bar", "?foo=bar", "%zz://x", strings.Repeat("a", maxPaste+1)} {
		if err := f.Paste(bad); !errors.Is(err, integrations.ErrInvalidCredentials) {
			t.Errorf("Paste(%.40q) = %v", bad, err)
		}
	}
	// Still waiting: the right address works.
	pasteRedirect(t, f)
	mustWait(t, f)
}

func TestPastedError(t *testing.T) {
	as := newAuthServer(t)
	as.deny = "access_denied"
	f := start(t, as.config())
	pasteRedirect(t, f)
	if _, err := wait(t, f); !errors.Is(err, integrations.ErrApprovalDenied) {
		t.Fatalf("err %v", err)
	}
}

func TestNoStateAndCustomCodeParam(t *testing.T) {
	as := newAuthServer(t)
	as.noState, as.codeParam, as.requirePKCE = true, "request_token", false
	cfg := as.config()
	cfg.NoState, cfg.CodeParam, cfg.PKCE = true, "request_token", false
	f := start(t, cfg)
	if strings.Contains(f.URL(), "state=") {
		t.Errorf("state sent: %s", f.URL())
	}
	if status, _ := newBrowser(f).get(t, f.URL()); status != 200 {
		t.Fatalf("status %d", status)
	}
	cb := mustWait(t, f)
	if !strings.HasPrefix(cb.Get("request_token"), "code-") {
		t.Fatalf("values %v", cb)
	}
}

func TestPasteCustomCodeParam(t *testing.T) {
	as := newAuthServer(t)
	as.noState, as.codeParam, as.requirePKCE = true, "request_token", false
	cfg := as.config()
	cfg.NoState, cfg.CodeParam, cfg.PKCE = true, "request_token", false
	f := start(t, cfg)
	loc := location(t, f.URL())
	lu, _ := url.Parse(loc)
	if err := f.Paste(lu.RawQuery + "&action=login"); err != nil { // a pasted query string
		t.Fatal(err)
	}
	if cb := mustWait(t, f); cb.Get("request_token") != lu.Query().Get("request_token") || cb.Get("action") != "login" {
		t.Fatalf("values %v", cb)
	}
}

func TestStartValidation(t *testing.T) {
	as := newAuthServer(t)
	for name, mod := range map[string]func(*Config){
		"no auth URL":     func(c *Config) { c.AuthURL = "" },
		"no client id":    func(c *Config) { c.ClientID = "" },
		"state param":     func(c *Config) { c.AuthParams = map[string]string{"state": "fixed"} },
		"redirect param":  func(c *Config) { c.AuthParams = map[string]string{"redirect_uri": "https://evil.test/"} },
		"relative path":   func(c *Config) { c.RedirectPath = "callback" },
		"path with query": func(c *Config) { c.RedirectPath = "/cb?x=1" },
		"bad port":        func(c *Config) { c.RedirectPort = 70000 },
		"bad host":        func(c *Config) { c.RedirectHost = "evil.test" },
		"bare with path":  func(c *Config) { c.BareRedirect, c.RedirectPath = true, "/cb" },
	} {
		cfg := as.config()
		mod(&cfg)
		if f, err := Start(context.Background(), cfg); err == nil {
			f.Close()
			t.Errorf("%s: accepted", name)
		}
	}
	cfg := as.config()
	cfg.Institution = "Bank/../X Y"
	f := start(t, cfg)
	if !strings.Contains(f.RedirectURL(), "/callback/bank----x-y/") {
		t.Errorf("slug: %s", f.RedirectURL())
	}
	if f.Config().Timeout != DefaultTimeout || f.OAuth2().RedirectURL != f.RedirectURL() {
		t.Error("defaults")
	}
}

func TestExchangeThroughHTTPX(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.HTTPClient = httpx.New(integrations.Institution{ID: "testbank"}, httpx.Options{RPS: -1})
	f, cb := answered(t, cfg)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); err != nil {
		t.Fatal(err)
	}
}

func TestExchangeErrors(t *testing.T) {
	cases := []struct {
		fail string
		want error
	}{
		{"invalid_grant", integrations.ErrInvalidCredentials},
		{"invalid_client", integrations.ErrInvalidCredentials},
		{"temporarily_unavailable", integrations.ErrUnavailable},
	}
	for _, c := range cases {
		as := newAuthServer(t)
		as.failExchange = c.fail
		f, cb := answered(t, as.config())
		_, err := f.Exchange(context.Background(), cb.Get("code"))
		if !errors.Is(err, c.want) || strings.Contains(err.Error(), bodyMarker) || !strings.Contains(err.Error(), c.fail) {
			t.Errorf("%s: %v", c.fail, err)
		}
	}
	// Wrong client secret.
	as := newAuthServer(t)
	cfg := as.config()
	cfg.ClientSecret = "wrong"
	f, cb := answered(t, cfg)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("wrong secret: %v", err)
	}
	// Token endpoint down.
	as.srv.Close()
	if _, err := f.Exchange(context.Background(), cb.Get("code")); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("down: %v", err)
	}
}

func TestLocalhostCallbackAccepted(t *testing.T) {
	as := newAuthServer(t)
	f := start(t, as.config())
	state := stateOf(t, f)
	ru, _ := url.Parse(f.RedirectURL())
	req, _ := http.NewRequest(http.MethodGet, f.RedirectURL()+"?code=via-localhost&state="+state, nil)
	req.Host = "localhost:" + ru.Port()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("localhost callback: %v %v", resp, err)
	}
	resp.Body.Close()
	if cb := mustWait(t, f); cb.Get("code") != "via-localhost" {
		t.Fatalf("callback %v", cb)
	}
	if f.Verifier() == "" {
		t.Error("no verifier")
	}
}

// TestBareLocalhostRedirect: an institution whose registered callback is
// "http://localhost:<port>" (no path) gets exactly that as redirect_uri, and
// the browser's return to "/" on localhost ends the flow; other paths are
// still refused.
func TestBareLocalhostRedirect(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.RedirectPort = brokertest.FreePort(t)
	cfg.RedirectHost, cfg.BareRedirect = "localhost", true
	f := start(t, cfg)
	want := "http://localhost:" + strconv.Itoa(cfg.RedirectPort)
	if f.RedirectURL() != want {
		t.Fatalf("redirect %s, want %s", f.RedirectURL(), want)
	}
	au, _ := url.Parse(f.URL())
	if au.Query().Get("redirect_uri") != want {
		t.Fatalf("authorize URL names %q", au.Query().Get("redirect_uri"))
	}
	b := newBrowser(f)
	if status, _ := b.get(t, want+"/elsewhere?code=x&state="+stateOf(t, f)); status != http.StatusNotFound {
		t.Fatalf("another path answered %d", status)
	}
	if status, _ := b.get(t, f.URL()); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	cb := mustWait(t, f)
	if _, err := f.Exchange(context.Background(), cb.Get("code")); err != nil {
		t.Fatal(err)
	}
}

// TestHTTPSLocalhostCertificate: an https callback named localhost gets a
// certificate for that name too.
func TestHTTPSLocalhostCertificate(t *testing.T) {
	as := newAuthServer(t)
	cfg := as.config()
	cfg.HTTPS, cfg.RedirectHost = true, "localhost"
	f := start(t, cfg)
	if !strings.HasPrefix(f.RedirectURL(), "https://localhost:") {
		t.Fatalf("redirect %s", f.RedirectURL())
	}
	if c := f.Certificate(); len(c.DNSNames) != 1 || c.DNSNames[0] != "localhost" {
		t.Fatalf("SANs %v", c.DNSNames)
	}
	if status, _ := newBrowser(f).get(t, f.URL()); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	mustWait(t, f)
}
