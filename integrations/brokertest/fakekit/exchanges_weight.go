package fakekit

import (
	"sync"
	"time"
)

// Weights is a weighted request window, as exchanges count "request
// weight" (Binance): each request adds its endpoint's weight to its scope
// key's count in the current window of length Per (windows start on its
// multiples of the clock); a request that would pass Limit is refused and
// adds nothing. Keys name the scope the institution counts against (an IP,
// an account). Safe for concurrent use.
type Weights struct {
	Limit int
	// Per is the window's length (default a minute).
	Per time.Duration
	// Now is the fake's clock (default time.Now).
	Now func() time.Time

	mu      sync.Mutex
	windows map[string]*Window
}

// Add counts weight against key and reports the window after it, and
// whether the request is within the limit.
func (ws *Weights) Add(key string, weight int) (Window, bool) {
	per := ws.Per
	if per <= 0 {
		per = time.Minute
	}
	end := now(ws.Now).Truncate(per).Add(per)
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.windows == nil {
		ws.windows = map[string]*Window{}
	}
	w := ws.windows[key]
	if w == nil || !w.Reset.Equal(end) {
		w = &Window{Limit: ws.Limit, Reset: end}
		ws.windows[key] = w
	}
	if w.Used+weight > w.Limit {
		return *w, false
	}
	w.Used += weight
	return *w, true
}
