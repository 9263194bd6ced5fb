package fakekit

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Rate is an institution's documented request window: Limit requests per
// Per (a minute, a second), counted per Scope key, with the institution's
// headers on every answer. Safe for concurrent use.
type Rate struct {
	Limit int
	// Per is the window's length (default a minute); windows start on its
	// multiples of the clock.
	Per time.Duration
	// Now is the fake's clock (default time.Now).
	Now func() time.Time
	// Scope names what a request counts against: PerGrant (the default: the
	// token or key, as Gate.Auth names it) or PerIP (the client address),
	// as the institution documents.
	Scope func(r *http.Request, who string) string
	// Headers writes the window's headers (XRateLimit, or the
	// institution's own); nil writes none.
	Headers func(h http.Header, w Window)

	mu      sync.Mutex
	windows map[string]*Window
}

// Window is one scope key's count in the current window.
type Window struct {
	Limit, Used int
	Reset       time.Time // when the window ends
}

// Remaining is how many requests the window still allows.
func (w Window) Remaining() int { return max(w.Limit-w.Used, 0) }

// PerGrant counts a request against its credential.
func PerGrant(_ *http.Request, who string) string { return "grant:" + who }

// PerIP counts a request against its client address.
func PerIP(r *http.Request, _ string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
}

// XRateLimit writes X-RateLimit-Limit, -Remaining and -Reset (Unix seconds),
// the headers most APIs send.
func XRateLimit(h http.Header, w Window) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(w.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(w.Remaining()))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(w.Reset.Unix(), 10))
}

func (rt *Rate) per() time.Duration {
	if rt.Per > 0 {
		return rt.Per
	}
	return time.Minute
}

// Take counts r against its scope key, writes the window's headers to h and
// reports whether r is within the limit.
func (rt *Rate) Take(r *http.Request, who string, h http.Header) bool {
	scope := rt.Scope
	if scope == nil {
		scope = PerGrant
	}
	key := scope(r, who)
	t := now(rt.Now)
	start := t.Truncate(rt.per())
	rt.mu.Lock()
	if rt.windows == nil {
		rt.windows = map[string]*Window{}
	}
	w := rt.windows[key]
	if w == nil || !w.Reset.Equal(start.Add(rt.per())) {
		w = &Window{Limit: rt.Limit, Reset: start.Add(rt.per())}
		rt.windows[key] = w
	}
	w.Used++
	cur := *w
	rt.mu.Unlock()
	if rt.Headers != nil {
		rt.Headers(h, cur)
	}
	return cur.Used <= cur.Limit
}

// Exhausted writes the headers of a spent window: what a 429 carries.
func (rt *Rate) Exhausted(h http.Header) {
	if rt.Headers != nil {
		t := now(rt.Now)
		rt.Headers(h, Window{Limit: rt.Limit, Used: rt.Limit, Reset: t.Truncate(rt.per()).Add(rt.per())})
	}
}
