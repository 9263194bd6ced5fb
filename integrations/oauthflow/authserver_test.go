package oauthflow

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// bodyMarker is put in every error body the fake server sends: no error text
// may contain it.
const bodyMarker = "BODY-MARKER-do-not-leak"

// authServer is a real local OAuth 2.0 authorization server: /authorize
// redirects to the loopback redirect_uri with a code and the state (or an
// error), /token checks the code, redirect_uri, client authentication and
// PKCE verifier and issues rotating refresh tokens, /api needs a bearer
// token.
type authServer struct {
	t   *testing.T
	srv *httptest.Server

	clientID, clientSecret string
	requirePKCE            bool
	codeParam              string // name of the code parameter, default "code"
	noState                bool   // do not echo state (Zerodha-like)

	mu            sync.Mutex
	deny          string // /authorize answers error=deny
	codes         map[string]*grant
	refresh       map[string]bool
	access        map[string]bool
	n             int
	pkceVerified  int
	refreshCalls  int
	failExchange  string // /token answers this error code to code exchanges
	failRefresh   int    // HTTP status for refreshes (400 → invalid_grant)
	refreshError  string // error code with failRefresh ("" → none)
	expiresIn     int
	lastAuthorize url.Values
	onAPI         func(token string)
}

type grant struct {
	challenge, method, redirect string
	used                        bool
}

func newAuthServer(t *testing.T) *authServer {
	as := &authServer{
		t: t, clientID: "client-1", clientSecret: "client-secret-1", requirePKCE: true,
		codes: map[string]*grant{}, refresh: map[string]bool{}, access: map[string]bool{}, expiresIn: 3600,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", as.authorize)
	mux.HandleFunc("POST /token", as.token)
	mux.HandleFunc("GET /api", as.api)
	as.srv = httptest.NewServer(mux)
	t.Cleanup(as.srv.Close)
	return as
}

func (as *authServer) config() Config {
	return Config{
		Institution: "testbank", AuthURL: as.srv.URL + "/authorize", TokenURL: as.srv.URL + "/token",
		ClientID: as.clientID, ClientSecret: as.clientSecret, Scopes: []string{"read"}, PKCE: true,
		HTTPClient: as.srv.Client(), AuthStyle: oauth2.AuthStyleInHeader,
	}
}

func (as *authServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	as.mu.Lock()
	defer as.mu.Unlock()
	as.lastAuthorize = q
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Hostname() != "127.0.0.1" && redirect.Hostname() != "localhost") || q.Get("client_id") != as.clientID || q.Get("response_type") != "code" {
		http.Error(w, "bad authorize request", http.StatusBadRequest)
		return
	}
	out := url.Values{}
	if !as.noState {
		out.Set("state", q.Get("state"))
	}
	if as.deny != "" {
		out.Set("error", as.deny)
		out.Set("error_description", bodyMarker)
	} else {
		if as.requirePKCE && (q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256") {
			http.Error(w, "PKCE required", http.StatusBadRequest)
			return
		}
		as.n++
		code := fmt.Sprintf("code-%d-%s", as.n, randomToken(8))
		as.codes[code] = &grant{challenge: q.Get("code_challenge"), method: q.Get("code_challenge_method"), redirect: q.Get("redirect_uri")}
		p := as.codeParam
		if p == "" {
			p = "code"
		}
		out.Set(p, code)
	}
	redirect.RawQuery = out.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (as *authServer) tokenError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if code == "" {
		io.WriteString(w, "<html>"+bodyMarker+"</html>")
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": bodyMarker})
}

func (as *authServer) issue(w http.ResponseWriter) {
	as.n++
	at, rt := fmt.Sprintf("at-%d-%s", as.n, randomToken(8)), fmt.Sprintf("rt-%d-%s", as.n, randomToken(8))
	as.access[at] = true
	as.refresh[rt] = true
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": at, "refresh_token": rt, "token_type": "Bearer", "expires_in": as.expiresIn})
}

func (as *authServer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		as.tokenError(w, 400, "invalid_request")
		return
	}
	as.mu.Lock()
	defer as.mu.Unlock()
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != as.clientID || secret != as.clientSecret {
		as.tokenError(w, 401, "invalid_client")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if as.failExchange != "" {
			as.tokenError(w, 400, as.failExchange)
			return
		}
		g := as.codes[r.PostForm.Get("code")]
		if g == nil || g.used || g.redirect != r.PostForm.Get("redirect_uri") {
			as.tokenError(w, 400, "invalid_grant")
			return
		}
		g.used = true
		if g.challenge != "" || as.requirePKCE {
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if g.method != "S256" || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
				as.tokenError(w, 400, "invalid_grant")
				return
			}
			as.pkceVerified++
		}
		as.issue(w)
	case "refresh_token":
		as.refreshCalls++
		if as.failRefresh != 0 {
			as.tokenError(w, as.failRefresh, as.refreshError)
			return
		}
		rt := r.PostForm.Get("refresh_token")
		if !as.refresh[rt] {
			as.tokenError(w, 400, "invalid_grant")
			return
		}
		delete(as.refresh, rt) // rotation: the old refresh token is spent
		as.issue(w)
	default:
		as.tokenError(w, 400, "unsupported_grant_type")
	}
}

func (as *authServer) api(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	as.mu.Lock()
	ok, hook := as.access[tok], as.onAPI
	as.mu.Unlock()
	if !ok {
		w.WriteHeader(401)
		return
	}
	if hook != nil {
		hook(tok)
	}
	io.WriteString(w, `{"ok":true}`)
}

// browser plays the user's browser: it follows the authorize URL to the
// loopback callback and returns the result page.
type browser struct {
	c *http.Client
}

func newBrowser(f *Flow) *browser {
	tr := &http.Transport{DisableKeepAlives: true}
	if cert := f.Certificate(); cert != nil {
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	return &browser{c: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

func (b *browser) get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := b.c.Get(u)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// location follows the authorize URL only as far as the server's redirect and
// returns the redirect URL (what the user would paste).
func location(t *testing.T, authURL string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d", resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// set changes the server's behaviour under its lock.
func (as *authServer) set(f func(as *authServer)) {
	as.mu.Lock()
	defer as.mu.Unlock()
	f(as)
}

// stats returns how many PKCE verifications and refreshes it saw.
func (as *authServer) stats() (pkce, refreshes int) {
	as.mu.Lock()
	defer as.mu.Unlock()
	return as.pkceVerified, as.refreshCalls
}

func pkceCount(as *authServer) int    { p, _ := as.stats(); return p }
func refreshCount(as *authServer) int { _, r := as.stats(); return r }
