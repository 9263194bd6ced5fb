package demo

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// noFollow is a browser that stops at redirects, to read where they go.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

const testRedirect = "http://127.0.0.1:1/callback/demo/x"

func authorizeURL(base string, mod func(url.Values)) string {
	q := url.Values{
		"response_type": {"code"}, "client_id": {ClientID}, "redirect_uri": {testRedirect}, "state": {"st8"},
		"code_challenge": {pkceS256("verifier-verifier-verifier-verifier-verifier")}, "code_challenge_method": {"S256"}, "scope": {"read"},
	}
	if mod != nil {
		mod(q)
	}
	return base + "/oauth/authorize?" + q.Encode()
}

// consent approves the consent page of authURL as user_good and returns the
// redirect the browser is sent to.
func consent(t *testing.T, authURL string) *url.URL {
	t.Helper()
	resp, body := getPage(t, authURL)
	id := requestIDRE.FindSubmatch(body)
	if id == nil {
		t.Fatalf("no consent form: %s", resp.Status)
	}
	base, _ := url.Parse(authURL)
	resp, err := noFollow.PostForm(base.Scheme+"://"+base.Host+"/oauth/consent", url.Values{
		"request_id": {string(id[1])}, "username": {"user_good"}, "password": {GoodPassword}, "decision": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("consent: %s", resp.Status)
	}
	u, _ := url.Parse(resp.Header.Get("Location"))
	return u
}

func tokenRequest(t *testing.T, base string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e apiError
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Error
}

func TestAuthorizeValidation(t *testing.T) {
	r := newRig(t, Options{})
	base := r.srv.URL()
	for name, mod := range map[string]func(url.Values){
		"unknown client":   func(q url.Values) { q.Set("client_id", "evil") },
		"remote redirect":  func(q url.Values) { q.Set("redirect_uri", "http://evil.example/cb") },
		"https redirect":   func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:1/cb") },
		"fragment":         func(q url.Values) { q.Set("redirect_uri", testRedirect+"#x") },
		"missing redirect": func(q url.Values) { q.Del("redirect_uri") },
	} {
		resp, err := noFollow.Get(authorizeURL(base, mod))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: %s, location %q; want a 400 page, no redirect", name, resp.Status, resp.Header.Get("Location"))
		}
	}
	for name, tc := range map[string]struct {
		mod  func(url.Values)
		want string
	}{
		"no PKCE":     {func(q url.Values) { q.Del("code_challenge") }, "invalid_request"},
		"plain PKCE":  {func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request"},
		"token flow":  {func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		"trade scope": {func(q url.Values) { q.Set("scope", "trade") }, "invalid_scope"},
	} {
		resp, err := noFollow.Get(authorizeURL(base, tc.mod))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || loc.Query().Get("error") != tc.want || loc.Query().Get("state") != "st8" {
			t.Errorf("%s: %s to %s; want a redirect with error=%s", name, resp.Status, loc, tc.want)
		}
	}
	for _, ok := range []string{"http://localhost:9/cb", "http://[::1]:9/cb", "http://127.0.0.1:65000/"} {
		if !loopbackRedirect(ok) {
			t.Errorf("%s refused", ok)
		}
	}
}

func TestConsentPage(t *testing.T) {
	r := newRig(t, Options{})
	resp, body := getPage(t, authorizeURL(r.srv.URL(), nil))
	page := string(body)
	for _, want := range []string{"<form", `value="approve"`, `value="deny"`, `name="username"`, `type="password"`} {
		if !strings.Contains(page, want) {
			t.Errorf("consent page lacks %s", want)
		}
	}
	if resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("the consent page may be framed")
	}
	id := string(requestIDRE.FindSubmatch(body)[1])
	post := func(v url.Values) *http.Response {
		resp, err := noFollow.PostForm(r.srv.URL()+"/oauth/consent", v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(url.Values{"request_id": {id}, "username": {"user_good"}, "password": {"nope"}, "decision": {"approve"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %s", resp.Status)
	}
	if resp := post(url.Values{"request_id": {id}, "username": {"user_good"}, "decision": {"maybe"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no decision: %s", resp.Status)
	}
	// The request survives those and is answered once.
	if resp := post(url.Values{"request_id": {id}, "decision": {"deny"}}); resp.StatusCode != http.StatusSeeOther ||
		!strings.Contains(resp.Header.Get("Location"), "error=access_denied") {
		t.Errorf("deny: %s %s", resp.Status, resp.Header.Get("Location"))
	}
	if resp := post(url.Values{"request_id": {id}, "decision": {"approve"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a second answer: %s", resp.Status)
	}
}

func TestTokenEndpoint(t *testing.T) {
	r := newRig(t, Options{})
	base := r.srv.URL()
	verifier := "verifier-verifier-verifier-verifier-verifier"
	code := func() string {
		loc := consent(t, authorizeURL(base, nil))
		if loc.Query().Get("state") != "st8" || loc.Query().Get("code") == "" {
			t.Fatalf("redirect %s", loc)
		}
		return loc.Query().Get("code")
	}
	form := func(c string, mod func(url.Values)) url.Values {
		v := url.Values{"grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {testRedirect},
			"client_id": {ClientID}, "code_verifier": {verifier}}
		if mod != nil {
			mod(v)
		}
		return v
	}
	for name, tc := range map[string]struct {
		mod    func(url.Values)
		status int
		want   string
	}{
		"wrong verifier": {func(v url.Values) { v.Set("code_verifier", "nope") }, 400, "invalid_grant"},
		"wrong redirect": {func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:2/cb") }, 400, "invalid_grant"},
		"wrong client":   {func(v url.Values) { v.Set("client_id", "evil") }, 401, "invalid_client"},
		"wrong grant":    {func(v url.Values) { v.Set("grant_type", "password") }, 400, "unsupported_grant_type"},
	} {
		if st, e := tokenRequest(t, base, form(code(), tc.mod)); st != tc.status || e != tc.want {
			t.Errorf("%s: %d %s, want %d %s", name, st, e, tc.status, tc.want)
		}
	}
	c := code()
	if st, e := tokenRequest(t, base, form(c, nil)); st != 200 || e != "" {
		t.Fatalf("a good exchange: %d %s", st, e)
	}
	if st, e := tokenRequest(t, base, form(c, nil)); st != 400 || e != "invalid_grant" {
		t.Errorf("the code used twice: %d %s", st, e)
	}
	late := code()
	r.clk.Add(2 * 60e9)
	if st, e := tokenRequest(t, base, form(late, nil)); st != 400 || e != "invalid_grant" {
		t.Errorf("an expired code: %d %s", st, e)
	}
	if st, e := tokenRequest(t, base, url.Values{"grant_type": {"refresh_token"}, "client_id": {ClientID}, "refresh_token": {"dk_rt_x.y"}}); st != 400 || e != "invalid_grant" {
		t.Errorf("a forged refresh token: %d %s", st, e)
	}
}

func TestTokenRevocationEndpoint(t *testing.T) {
	r := newRig(t, Options{})
	g := r.oauthLogin(t, "user_good").Grant
	c := r.client(t, r.broker, g, nil)
	resp, err := http.PostForm(r.srv.URL()+"/oauth/revoke", url.Values{"token": {secretOf(t, g).Refresh}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("revoke: %s", resp.Status)
	}
	if _, err := c.Accounts(ctxT(t)); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("after RFC 7009 revocation: %v", err)
	}
}

func TestServerPages(t *testing.T) {
	r := newRig(t, Options{})
	resp, body := getPage(t, r.srv.URL()+"/")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "user_mfa_push") {
		t.Errorf("index: %s", resp.Status)
	}
	for _, p := range []string{"/mfa/approve/ch_nope", "/nope"} {
		resp, err := http.Get(r.srv.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s", p, resp.Status)
		}
	}
	resp, err := http.Get(r.srv.URL() + "/v1/accounts")
	if err != nil {
		t.Fatal(err)
	}
	var e apiError
	json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != 401 || e.Error != "invalid_token" || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("no token: %s %+v", resp.Status, e)
	}
}

func TestServerDown(t *testing.T) {
	r := newRig(t, Options{})
	g := r.credLogin(t, "user_good").Grant
	c := r.client(t, r.broker, g, nil)
	r.srv.Close()
	_, err := c.Accounts(ctxT(t))
	if !errors.Is(err, integrations.ErrUnavailable) || strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("server down: %v; want ErrUnavailable without the URL", err)
	}
}

func TestBadRequests(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	tok := secretOf(t, d.Grant).Access
	acct := d.Accounts[0].ID
	for _, p := range []string{
		"/v1/accounts/" + acct + "/activities?since=yesterday",
		"/v1/accounts/" + acct + "/activities?page_size=0",
		"/v1/accounts/" + acct + "/activities?page_token=garbage",
		"/v1/accounts/" + acct + "/positions?page_token=" + pageToken{Offset: 1, Anchor: dayOf(t0) - 9}.encode(),
	} {
		req, _ := newRequest(r.srv.URL()+p, tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s", p, resp.Status)
		}
	}
	c := r.client(t, r.broker, d.Grant, nil)
	if _, err := c.Balances(ctxT(t), "nope"); err == nil || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("balances of an unknown account: %v", err)
	}
	for _, body := range []string{`{`, `{"username":"user_good"}`} {
		resp, err := http.Post(r.srv.URL()+"/v1/auth/login", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("login with %s: %s", body, resp.Status)
		}
	}
}
