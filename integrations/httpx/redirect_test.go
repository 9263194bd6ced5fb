package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// credentialHeaders are the secret request headers Latchkey's integrations
// send (grep Header.Set in integrations/), and some every API uses.
var credentialHeaders = []string{
	"Authorization", "Proxy-Authorization", "Cookie",
	"APCA-API-KEY-ID", "APCA-API-SECRET-KEY", // Alpaca
	"X-MBX-APIKEY",        // Binance
	"API-Key", "API-Sign", // Kraken
	"Bitvavo-Access-Key", "Bitvavo-Access-Signature",
	"X-GEMINI-APIKEY", "X-GEMINI-PAYLOAD", "X-GEMINI-SIGNATURE", // Gemini
	"x-app-key", "x-signature", "x-signature-nonce", "x-access-token", // Webull
	"x-ws-session-id", "x-ws-device-id", "x-wealthsimple-otp", "x-wealthsimple-otp-authenticated-claim", // Wealthsimple
	"DEMO-API-KEY", "KC-API-PASSPHRASE", "OK-ACCESS-SIGN", "Access-Token", "X-Auth-Token", "X-Api-Secret",
}

// recorder is a server that records the requests it gets.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	body []string
}

func newRecorder(t *testing.T, tls bool, h http.HandlerFunc) *recorder {
	rec := &recorder{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r)
		rec.body = append(rec.body, string(b))
		rec.mu.Unlock()
		if h != nil {
			h(w, r)
			return
		}
		io.WriteString(w, "landed")
	})
	if tls {
		rec.Server = httptest.NewTLSServer(handler)
	} else {
		rec.Server = httptest.NewServer(handler)
	}
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

// redirectTo answers every request with a redirect to target.
func redirectTo(code int, target func(r *http.Request) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target(r), code)
	}
}

// reAuth sets Authorization on every request, as oauth2.Transport and
// oauth1's transport do, redirected ones included.
type reAuth struct{ next http.RoundTripper }

func (t reAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer re-added-token-123")
	return t.next.RoundTrip(r)
}

// clientsOver are the ways an integration reaches the transport: the client
// New builds, a client rebuilt around its transport without its redirect
// policy (oauth1.NewClient), and one whose transport re-adds the token on
// every request (oauth2.Transport).
func clientsOver(c *http.Client) map[string]*http.Client {
	return map[string]*http.Client{
		"New":     c,
		"rebuilt": {Transport: c.Transport},
		"reauth":  {Transport: reAuth{next: c.Transport}},
	}
}

func withCredentials(req *http.Request) {
	for _, h := range credentialHeaders {
		req.Header.Set(h, "secret-"+strings.ToLower(h))
	}
	// Not secret, but of no use to another origin either.
	req.Header.Set("Bitvavo-Access-Timestamp", "1700000000000")
	req.Header.Set("X-Request-Id", "req-1")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Latchkey/test")
}

func TestRedirectToAnotherOriginDropsCredentials(t *testing.T) {
	other := newRecorder(t, false, nil)
	from := newRecorder(t, false, redirectTo(http.StatusFound, func(*http.Request) string { return other.URL + "/landing" }))
	for name, c := range clientsOver(New(testInst, Options{RPS: -1})) {
		t.Run(name, func(t *testing.T) {
			before := len(other.requests())
			req, _ := http.NewRequest(http.MethodGet, from.URL+"/v2/account?page=1", nil)
			withCredentials(req)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := other.requests()
			if len(got) != before+1 {
				t.Fatalf("the other origin got %d requests", len(got)-before)
			}
			r := got[len(got)-1]
			for k, v := range r.Header {
				if !safeHeaders[k] {
					t.Errorf("the other origin received %s: %q", k, v)
				}
			}
			if r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != "Latchkey/test" {
				t.Errorf("harmless headers were dropped: %v", r.Header)
			}
		})
	}
}

func TestRedirectToTheSameOriginKeepsCredentials(t *testing.T) {
	var srv *recorder
	srv = newRecorder(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/next", http.StatusTemporaryRedirect)
			return
		}
		io.WriteString(w, "ok")
	})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/start", strings.NewReader("a=1"))
	withCredentials(req)
	resp, err := New(testInst, Options{RPS: -1}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := srv.requests()
	if len(got) != 2 || got[1].URL.Path != "/next" {
		t.Fatalf("requests: %d", len(got))
	}
	for _, h := range append(credentialHeaders, "Bitvavo-Access-Timestamp", "X-Request-Id") {
		if got[1].Header.Get(h) == "" {
			t.Errorf("same-origin redirect lost %s", h)
		}
	}
	if srv.body[1] != "a=1" {
		t.Errorf("307 lost its body: %q", srv.body[1])
	}
}

func TestRedirectDowngradeRefused(t *testing.T) {
	plain := newRecorder(t, false, nil)
	var target atomic.Pointer[string] // set before each request
	secure := newRecorder(t, true, redirectTo(http.StatusFound, func(*http.Request) string { return *target.Load() }))
	u, _ := url.Parse(secure.URL)
	// Another host over http, and the same host and port over http.
	for _, tgt := range []string{plain.URL + "/x", "http://" + u.Host + "/x"} {
		target.Store(&tgt)
		for name, c := range clientsOver(New(testInst, Options{RPS: -1, Base: secure.Client().Transport})) {
			req, _ := http.NewRequest(http.MethodGet, secure.URL+"/a", nil)
			withCredentials(req)
			resp, err := c.Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			if !errors.Is(err, ErrRedirectRefused) || !errors.Is(err, integrations.ErrUnavailable) {
				t.Errorf("%s → %s: err %v, want a refused redirect", name, tgt, err)
			}
		}
	}
	if n := len(plain.requests()); n != 0 {
		t.Errorf("the http server got %d requests", n)
	}
}

func TestRedirectsCapped(t *testing.T) {
	var srv *recorder
	srv = newRecorder(t, false, redirectTo(http.StatusFound, func(r *http.Request) string { return r.URL.Path + "x" }))
	for name, c := range clientsOver(New(testInst, Options{RPS: -1})) {
		before := len(srv.requests())
		resp, err := c.Get(srv.URL + "/r")
		if resp != nil {
			resp.Body.Close()
		}
		if !errors.Is(err, ErrRedirectRefused) {
			t.Errorf("%s: endless redirects: %v", name, err)
		}
		if n := len(srv.requests()) - before; n != MaxRedirects+1 {
			t.Errorf("%s: %d requests, want %d", name, n, MaxRedirects+1)
		}
	}
}

func TestRedirectWithSignedQueryRefused(t *testing.T) {
	other := newRecorder(t, false, nil)
	from := newRecorder(t, false, redirectTo(http.StatusFound, func(r *http.Request) string {
		// The server echoes the signed query to another origin.
		return other.URL + "/steal?" + r.URL.RawQuery
	}))
	for name, c := range clientsOver(New(testInst, Options{RPS: -1})) {
		resp, err := c.Get(from.URL + "/api/v3/account?timestamp=1700000000000&signature=0f1e2d3c4b5a69788796a5b4")
		if resp != nil {
			resp.Body.Close()
		}
		if !errors.Is(err, ErrRedirectRefused) {
			t.Errorf("%s: %v", name, err)
		}
		if err != nil && strings.Contains(SafeError(err, nil).Error(), "0f1e2d3c4b5a69788796a5b4") {
			t.Errorf("%s: the error shows the signature: %v", name, SafeError(err, nil))
		}
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}

	// A link signed for the other origin (a pre-signed download) is fine.
	from.Config.Handler = redirectTo(http.StatusFound, func(*http.Request) string {
		return other.URL + "/statement.pdf?X-Amz-Signature=a1b2c3d4e5f6"
	})
	resp, err := New(testInst, Options{RPS: -1}).Get(from.URL + "/statements/1?signature=0f1e2d3c4b5a6978")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := len(other.requests()); n != 1 {
		t.Errorf("pre-signed link: %d requests", n)
	}
}

func TestRedirectResendingABodyToAnotherOriginRefused(t *testing.T) {
	other := newRecorder(t, false, nil)
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		from := newRecorder(t, false, redirectTo(code, func(*http.Request) string { return other.URL + "/token" }))
		for name, c := range clientsOver(New(testInst, Options{RPS: -1})) {
			req, _ := http.NewRequest(http.MethodPost, from.URL+"/oauth/token", strings.NewReader("grant_type=password&password=hunter2&client_secret=cs-123"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			if !errors.Is(err, ErrRedirectRefused) {
				t.Errorf("%d %s: %v", code, name, err)
			}
		}
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

func TestOrigin(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"https://API.example.com/a", "https://api.example.com:443/b?x=1", true},
		{"http://127.0.0.1/a", "http://127.0.0.1:80/", true},
		{"http://[::1]:8080/a", "http://[::1]:8080/b", true},
		{"https://api.example.com/", "http://api.example.com/", false},
		{"https://api.example.com/", "https://api.example.com:8443/", false},
		{"https://api.example.com/", "https://evil.example.com/", false},
		{"https://example.com/", "https://example.com.evil.test/", false},
	} {
		a, _ := url.Parse(c.a)
		b, _ := url.Parse(c.b)
		if same := origin(a) == origin(b); same != c.same {
			t.Errorf("%s and %s: one origin %v, want %v (%s, %s)", c.a, c.b, same, c.same, origin(a), origin(b))
		}
	}
}
