package fakekit_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// oauthRig runs an OAuth server and a loopback "callback" that records what
// the browser was sent back with.
type oauthRig struct {
	clk    *fakekit.Clock
	tokens *fakekit.Tokens
	o      *fakekit.OAuth
	srv    *httptest.Server
	back   chan url.Values
	cb     string
}

func newOAuthRig(t *testing.T, edit func(*fakekit.OAuth)) *oauthRig {
	r := &oauthRig{clk: fakekit.NewClock(fakekit.T0), back: make(chan url.Values, 4)}
	r.tokens = &fakekit.Tokens{Now: r.clk.Now, AccessLife: time.Hour, Rotate: true}
	r.o = &fakekit.OAuth{Name: "Acme", Tokens: r.tokens, Now: r.clk.Now}
	if edit != nil {
		edit(r.o)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", r.o.Authorize)
	mux.HandleFunc("POST /authorize", r.o.Decide)
	mux.HandleFunc("POST /token", r.o.Token())
	mux.HandleFunc("POST /revoke", r.o.Revoke)
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, req *http.Request) {
		r.back <- req.URL.Query()
		_, _ = w.Write([]byte("done"))
	})
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	r.cb = r.srv.URL + "/callback"
	return r
}

// consent approves (or denies) an authorize request in the "browser" and
// returns what the callback got.
func (r *oauthRig) consent(t *testing.T, extra url.Values, form map[string]string) url.Values {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {"app"}, "redirect_uri": {r.cb}, "state": {"st-123456"}}
	for k, v := range extra {
		q[k] = v
	}
	if _, err := brokertest.SubmitForm(t.Context(), r.srv.URL+"/authorize?"+q.Encode(), form); err != nil {
		t.Fatalf("consent: %v", err)
	}
	select {
	case v := <-r.back:
		return v
	default:
		t.Fatal("the browser never came back to the callback")
		return nil
	}
}

func (r *oauthRig) token(t *testing.T, p url.Values) (int, map[string]any) {
	t.Helper()
	return fakekit.PostForm(t, r.srv.URL+"/token", p)
}

func TestOAuthCodePKCERefreshRevoke(t *testing.T) {
	r := newOAuthRig(t, func(o *fakekit.OAuth) { o.RequirePKCE = true })
	verifier := "verifier-0123456789-0123456789-0123456789-xyz"
	sum := sha256.Sum256([]byte(verifier))
	pkce := url.Values{"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}

	resp, err := http.Get(r.srv.URL + "/authorize?" + url.Values{"response_type": {"code"}, "client_id": {"app"}, "redirect_uri": {r.cb}}.Encode())
	if err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("authorize without PKCE: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	if back := r.consent(t, pkce, map[string]string{"decision": "deny"}); back.Get("error") != "access_denied" || back.Get("state") != "st-123456" {
		t.Fatalf("deny: %v", back)
	}
	back := r.consent(t, pkce, map[string]string{"decision": "approve"})
	exchange := url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")}, "redirect_uri": {r.cb},
		"client_id": {"app"}, "client_secret": {"s"}, "code_verifier": {"wrong-verifier"}}
	if status, m := r.token(t, exchange); status != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %v", status, m)
	}
	exchange.Set("code_verifier", verifier)
	if status, m := r.token(t, exchange); status != 400 {
		t.Fatalf("a code used twice: %d %v", status, m)
	}
	exchange.Set("code", r.consent(t, pkce, map[string]string{"decision": "approve"}).Get("code"))
	exchange.Set("client_secret", "")
	if status, _ := r.token(t, exchange); status != 401 {
		t.Fatalf("no client secret: %d", status)
	}
	exchange.Set("code", r.consent(t, pkce, map[string]string{"decision": "approve"}).Get("code"))
	exchange.Set("client_secret", "s")
	status, m := r.token(t, exchange)
	access, refresh := m["access_token"].(string), m["refresh_token"].(string)
	if status != 200 || access == "" || refresh == "" || m["expires_in"] != float64(3600) {
		t.Fatalf("exchange: %d %v", status, m)
	}
	if who, ok := r.tokens.Access(access); !ok || who != "user" {
		t.Fatalf("issued access token: %q %v", who, ok)
	}

	rf := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {"app"}, "client_secret": {"s"}}
	status, m = r.token(t, rf)
	if status != 200 || m["refresh_token"] == refresh || m["refresh_token"] == nil {
		t.Fatalf("refresh: %d %v", status, m)
	}
	if status, _ := r.token(t, rf); status != 400 {
		t.Fatalf("a rotated refresh token used again: %d", status)
	}
	next := m["access_token"].(string)
	if _, err := http.PostForm(r.srv.URL+"/revoke", url.Values{"token": {next}}); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.tokens.Access(next); ok {
		t.Fatal("a revoked token still works")
	}
	r.tokens.RevokeAll()
	if _, ok := r.tokens.Access(access); ok {
		t.Fatal("RevokeAll left a token alive")
	}
}

func TestOAuthUsersAndExpiry(t *testing.T) {
	r := newOAuthRig(t, func(o *fakekit.OAuth) {
		o.Users = []string{"alice", "bob"}
		o.RefreshFor = func(string) bool { return false }
	})
	back := r.consent(t, nil, map[string]string{"decision": "approve", "username": "bob"})
	r.clk.Add(11 * time.Minute)
	p := url.Values{"grant_type": {"authorization_code"}, "code": {back.Get("code")}, "redirect_uri": {r.cb}, "client_id": {"app"}, "client_secret": {"s"}}
	if status, _ := r.token(t, p); status != 400 {
		t.Fatalf("an expired code: %d", status)
	}
	p.Set("code", r.consent(t, nil, map[string]string{"decision": "approve", "username": "bob"}).Get("code"))
	status, m := r.token(t, p)
	if status != 200 || m["refresh_token"] != nil {
		t.Fatalf("a client without refresh tokens: %d %v", status, m)
	}
	if who, _ := r.tokens.Access(m["access_token"].(string)); who != "bob" {
		t.Fatalf("subject %q; want bob", who)
	}
	r.clk.Add(time.Hour)
	if _, ok := r.tokens.Access(m["access_token"].(string)); ok {
		t.Fatal("an access token outlived AccessLife")
	}
}

func TestTokens(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	s := &fakekit.Tokens{Now: clk.Now, AccessLife: time.Minute, Rotate: true}
	s.AddAccess("pat", "env", time.Time{})
	a, _ := s.Issue("env", false)
	s.AddRefresh("manual", "env", true)
	s.ExpireAccess()
	if _, ok := s.Access(a); ok {
		t.Error("ExpireAccess left an expiring token alive")
	}
	if _, ok := s.Access("pat"); !ok {
		t.Error("ExpireAccess expired a token that never expires")
	}
	for range 2 {
		if _, ok := s.Refresh("manual"); !ok {
			t.Error("a reusable refresh token was used up")
		}
	}
	s.RevokeAll()
	if _, ok := s.Refresh("manual"); ok {
		t.Error("RevokeAll left a refresh token alive")
	}
}

func TestRateWindow(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	rt := &fakekit.Rate{Limit: 2, Per: time.Minute, Now: clk.Now, Headers: fakekit.XRateLimit}
	req := httptest.NewRequest("GET", "/", nil)
	h := http.Header{}
	if !rt.Take(req, "a", h) || !rt.Take(req, "a", h) || rt.Take(req, "a", h) {
		t.Fatal("a per-grant window of 2 did not refuse the third request")
	}
	if h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Limit") != "2" ||
		h.Get("X-RateLimit-Reset") != "1773846300" {
		t.Errorf("headers %v", h)
	}
	if !rt.Take(req, "b", h) {
		t.Error("another grant shares the window")
	}
	clk.Add(time.Minute)
	if !rt.Take(req, "a", h) {
		t.Error("the window did not reset")
	}
	ip := &fakekit.Rate{Limit: 1, Per: time.Second, Now: clk.Now, Scope: fakekit.PerIP}
	if !ip.Take(req, "a", h) || ip.Take(req, "b", h) {
		t.Error("a per-IP window counted grants apart")
	}
	h = http.Header{}
	rt.Exhausted(h)
	if h.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("exhausted headers %v", h)
	}
}

func TestBaseGuard(t *testing.T) {
	var b fakekit.Base
	clk := fakekit.NewClock(fakekit.T0)
	rt := &fakekit.Rate{Limit: 1, Now: clk.Now}
	h := b.Guard(fakekit.Gate{
		Auth:    func(r *http.Request) (string, bool) { return r.Header.Get("K"), r.Header.Get("K") == "good" },
		Deny:    func(w http.ResponseWriter, _ *http.Request) { fakekit.WriteText(w, 401, "no") },
		Rate:    rt,
		Limited: func(w http.ResponseWriter, _ *http.Request) { fakekit.WriteText(w, 429, "slow") },
	}, func(w http.ResponseWriter, _ *http.Request) { fakekit.WriteJSON(w, 200, "ok") })
	if err := b.Start("test fake", "", clk.Now, h); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	get := func(key string) int {
		req, _ := http.NewRequest("GET", b.URL()+"/x", nil)
		req.Header.Set("K", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	b.Inject(brokertest.Maintenance, 1)
	if got := []int{get("good"), get("bad"), get("good"), get("good")}; got[0] != 503 || got[1] != 401 || got[2] != 200 || got[3] != 429 {
		t.Fatalf("fault, refused, allowed, limited: %v", got)
	}
	if !strings.HasPrefix(b.URL(), "http://127.0.0.1:") || !b.Now().Equal(fakekit.T0) {
		t.Errorf("URL %s, Now %s", b.URL(), b.Now())
	}
}

// TestBaseGuardAs: the handler serves the holder the gate's Auth named.
func TestBaseGuardAs(t *testing.T) {
	var b fakekit.Base
	served := ""
	h := b.GuardAs(fakekit.Gate{
		Auth: func(r *http.Request) (string, bool) { return "holder-of-" + r.Header.Get("K"), r.Header.Get("K") != "" },
		Deny: func(w http.ResponseWriter, _ *http.Request) { fakekit.WriteText(w, 401, "no") },
	}, func(w http.ResponseWriter, _ *http.Request, who string) {
		served = who
		fakekit.WriteJSON(w, 200, "ok")
	})
	for _, key := range []string{"", "k1"} {
		req := httptest.NewRequest("GET", "/x", nil)
		if key != "" {
			req.Header.Set("K", key)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if want := map[string]int{"": 401, "k1": 200}[key]; w.Code != want {
			t.Errorf("key %q: HTTP %d, want %d", key, w.Code, want)
		}
	}
	if served != "holder-of-k1" {
		t.Errorf("the handler served %q, want the gate's holder-of-k1", served)
	}
}
