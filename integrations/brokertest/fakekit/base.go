package fakekit

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Base is what every fake embeds: its listener on loopback, its clock and
// fault injection. It implements brokertest.Fake's Inject, AfterInjector and
// PathInjector; the fake adds RevokeAll and ExpireAccessTokens.
type Base struct {
	brokertest.Injector

	now func() time.Time
	url string
	hs  *http.Server
}

// Start listens on addr (default 127.0.0.1:0) and serves h until Close. now
// is the fake's clock (nil means time.Now); name prefixes a listen error.
func (b *Base) Start(name, addr string, now func() time.Time, h http.Handler) error {
	ln, err := net.Listen("tcp", cmp.Or(addr, "127.0.0.1:0"))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	b.now, b.url = now, "http://"+ln.Addr().String()
	b.hs = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go b.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return nil
}

// URL is the server's base URL.
func (b *Base) URL() string { return b.url }

// Close stops the server.
func (b *Base) Close() error {
	if b.hs == nil {
		return nil
	}
	return b.hs.Close()
}

// Now is the fake's clock.
func (b *Base) Now() time.Time { return now(b.now) }

// Now returns f(), or time.Now() when f is nil: a fake's Options.Now.
func Now(f func() time.Time) time.Time { return now(f) }

func now(f func() time.Time) time.Time {
	if f != nil {
		return f()
	}
	return time.Now()
}

// Clock is a settable clock shared by a fake and the integration under test.
// The zero value reads as T0.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = T0
	}
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// Random returns n random bytes in hex: tokens, codes, ids.
func Random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteText answers a plain-text body with status.
func WriteText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// Loopback parses raw and reports whether it is an absolute http(s) URL on
// this machine: the only redirect URIs a fake sends codes to.
func Loopback(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return nil, false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return u, h == "localhost" || (ip != nil && ip.IsLoopback())
}

// Gate puts a data route behind what every API checks before it answers:
// fault injection, the credential, the rate window.
type Gate struct {
	// Auth checks the request's credential and names its holder (the rate
	// window's per-grant key).
	Auth func(r *http.Request) (who string, ok bool)
	// Deny answers a refused credential the institution's way (its 401).
	Deny func(w http.ResponseWriter, r *http.Request)
	// Rate, when set, counts the request and writes its headers.
	Rate *Rate
	// Limited answers past the rate limit the institution's way (its 429;
	// the window's headers are already set).
	Limited func(w http.ResponseWriter, r *http.Request)
}

// Guard returns h behind b's fault injection and g.
func (b *Base) Guard(g Gate, h http.HandlerFunc) http.Handler {
	return b.GuardAs(g, func(w http.ResponseWriter, r *http.Request, _ string) { h(w, r) })
}

// GuardAs is Guard for a handler that serves the credential's holder: h
// gets who g's Auth named (the user, client or key whose data it answers
// with), as the rate window counts them.
func (b *Base) GuardAs(g Gate, h func(w http.ResponseWriter, r *http.Request, who string)) http.Handler {
	return b.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, ok := g.Auth(r)
		if !ok {
			g.Deny(w, r)
			return
		}
		if g.Rate != nil && !g.Rate.Take(r, who, w.Header()) {
			g.Limited(w, r)
			return
		}
		h(w, r, who)
	}))
}
