package etrade

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func start(t *testing.T, r *rig) (integrations.Login, *integrations.BrowserStep) {
	t.Helper()
	lg, st, err := brokertest.FirstStep(t, r.in, integrations.LoginRequest{Method: integrations.AuthOAuth1, Env: r.env})
	b, ok := st.(*integrations.BrowserStep)
	if err != nil || !ok || !b.CanPaste {
		t.Fatalf("first step %T %v", st, err)
	}
	return lg, b
}

func approve(t *testing.T, r *rig, b *integrations.BrowserStep) string {
	t.Helper()
	if _, err := brokertest.SubmitForm(t.Context(), b.URL, map[string]string{"decision": "approve"}); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(b.URL)
	if u.Query().Get("key") == "" {
		t.Error("the authorize URL has no key")
	}
	return r.fake.Verifier(u.Query().Get("token"))
}

// The code can be pasted while Next waits, and a pasted URL works too.
func TestLoginPaste(t *testing.T) {
	r := newRig(t, false)
	lg, b := start(t, r)
	code := approve(t, r, b)
	go func() { _ = lg.Paste("https://example.com/done?oauth_token=x&oauth_verifier=" + code) }()
	st, err := lg.Next(t.Context(), integrations.Answer{})
	done, ok := st.(*integrations.DoneStep)
	if err != nil || !ok {
		t.Fatalf("%T %v", st, err)
	}
	if want := midnightEastern(t0); !done.Grant.Expiry.Equal(want) || want.Format(time.RFC3339) != "2026-01-16T05:00:00Z" {
		t.Errorf("expiry %s, want midnight US Eastern", done.Grant.Expiry)
	}
	if len(done.Accounts) != 2 || done.Grant.Method != integrations.AuthOAuth1 {
		t.Errorf("%+v", done)
	}
	if _, err := lg.Next(t.Context(), integrations.Answer{}); err == nil {
		t.Error("a finished login went on")
	}
	if err := lg.Paste("ABCDE"); err == nil {
		t.Error("paste after the end accepted")
	}
}

// A wrong code hands the step back; the right one then succeeds.
func TestLoginWrongCodeThenRight(t *testing.T) {
	r := newRig(t, false)
	lg, b := start(t, r)
	code := approve(t, r, b)
	st, err := lg.Next(t.Context(), integrations.Answer{Redirect: "WRONG"})
	if !errors.Is(err, integrations.ErrInvalidMFACode) || st != integrations.Step(b) {
		t.Fatalf("wrong code: %T %v", st, err)
	}
	if _, err := lg.Next(t.Context(), integrations.Answer{Redirect: "not a code at all?"}); !errors.Is(err, integrations.ErrInvalidMFACode) {
		t.Errorf("junk: %v", err)
	}
	if st, err := lg.Next(t.Context(), integrations.Answer{Redirect: " " + strings.ToLower(code) + " "}); err != nil {
		t.Fatalf("right code: %T %v", st, err)
	}
}

func TestLoginTimeout(t *testing.T) {
	r := newRig(t, false)
	r.in.loginTimeout = 20 * time.Millisecond
	lg, _ := start(t, r)
	if _, err := lg.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrLoginTimeout) {
		t.Errorf("no paste: %v", err)
	}
}

func TestLoginCloseWhileWaiting(t *testing.T) {
	r := newRig(t, false)
	lg, _ := start(t, r)
	var wg sync.WaitGroup
	wg.Add(1)
	var err error
	go func() {
		defer wg.Done()
		_, err = lg.Next(t.Context(), integrations.Answer{})
	}()
	_ = lg.Close()
	wg.Wait()
	if err == nil {
		t.Error("Next went on after Close")
	}
}

func TestLoginApp(t *testing.T) {
	r := newRig(t, false)
	env := r.env
	env.App = nil
	if _, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth1, Env: env}); !errors.Is(err, ErrNoApp) {
		t.Errorf("no app: %v", err)
	}
	env.App = &integrations.AppRegistration{ClientID: "etrade-consumer-key-0001", ClientSecret: "not-the-secret-123"}
	lg, _ := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth1, Env: env})
	_, err := lg.Next(t.Context(), integrations.Answer{})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || strings.Contains(err.Error(), "not-the-secret") {
		t.Errorf("wrong consumer secret: %v", err)
	}
	if _, err := r.in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.env}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("oauth2: %v", err)
	}
	// A saved login needs its consumer key in Settings, and a secret it can read.
	g := integrations.Grant{Method: integrations.AuthOAuth1, Secret: []byte(`{"token":"t","token_secret":"s"}`)}
	env.App = nil
	if _, err := r.in.NewClient(t.Context(), g, env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a saved login without the app: %v", err)
	}
	if _, err := r.in.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthOAuth1, Secret: []byte("{}")}, r.env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a saved login without its token: %v", err)
	}
}

func TestVerifierOf(t *testing.T) {
	for in, want := range map[string]string{"AB12C": "AB12C", "  ab12c\n": "ab12c", "oauth_token=x&oauth_verifier=Q1W2E": "Q1W2E",
		"https://x/cb?oauth_verifier=ZZ": "ZZ", "two words": "", "": ""} {
		if got := verifierOf(in); got != want {
			t.Errorf("verifierOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// loggedIn logs in and returns the client, with what it sends recorded.
func loggedIn(t *testing.T, r *rig) (integrations.Client, *brokertest.Sent) {
	t.Helper()
	lg, b := start(t, r)
	code := approve(t, r, b)
	st, err := lg.Next(t.Context(), integrations.Answer{Redirect: code})
	if err != nil {
		t.Fatal(err)
	}
	env := r.env
	sent := brokertest.RecordSent(&env)
	c, err := r.in.NewClient(t.Context(), st.(*integrations.DoneStep).Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, sent
}

// A client that knows its token has been idle renews it first; past
// midnight US Eastern the login is over without a request.
func TestIdleAndMidnight(t *testing.T) {
	r := newRig(t, false)
	c, cnt := loggedIn(t, r)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	r.clk.Add(3 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("after three idle hours: %v", err)
	}
	if cnt.Count("/oauth/renew_access_token ") != 1 || cnt.Count("/v1/accounts/list.json ") != 2 {
		t.Errorf("renewals %d, list requests %d: want the idle token renewed before the request",
			cnt.Count("/oauth/renew_access_token "), cnt.Count("/v1/accounts/list.json "))
	}
	r.clk.Add(15 * time.Hour) // 01:00 US Eastern the next day
	n := cnt.Count("/v1/accounts/list.json ")
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("after midnight: %v", err)
	}
	if cnt.Count("/v1/accounts/list.json ") != n {
		t.Error("a request was sent with a login that ended at midnight")
	}
}

// E*TRADE answers too many requests with a 400 page.
func TestRateLimitPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("<html><body>Number of requests exceeded the rate limit set</body></html>"))
	}))
	defer srv.Close()
	in := &Integration{id: LiveID}
	env := integrations.Env{Endpoints: map[string]string{"api": srv.URL, "auth": srv.URL}, HTTP: testHTTP(in),
		App: &integrations.AppRegistration{ClientID: "k", ClientSecret: "s"}}
	c, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"t1","token_secret":"s1","consumer_key":"k"}`)}, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrRateLimited) {
		t.Errorf("rate-limit page: %v", err)
	}
	env.App = &integrations.AppRegistration{ClientID: "other", ClientSecret: "s"}
	if _, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"t1","token_secret":"s1","consumer_key":"k"}`)}, env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("another consumer key: %v", err)
	}
}
