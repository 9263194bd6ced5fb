package brokertest

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BodyCanary is written into the body of every fault response WriteFault
// sends. Error texts must never contain it: a client that copies a raw
// response body into an error is caught by it. Fakes that write their own
// fault bodies should include it too.
const BodyCanary = "brokertest-raw-body-canary-7f3a"

// Injector implements Fake.Inject, AfterInjector and PathInjector for an HTTP
// fake. Embed it in your fake (fakekit.Base does) and put data handlers
// behind Wrap (or call Serve first thing in each):
//
//	type fake struct {
//		brokertest.Injector
//		...
//	}
//	mux.Handle("GET /v1/accounts", f.Wrap(http.HandlerFunc(f.accounts)))
//
// Login and token endpoints stay outside it: faults are for data requests.
// Besides the suite's named faults, a fake's own tests can inject a Reply of
// any shape (InjectReply). The zero value is ready to use and safe for
// concurrent use.
type Injector struct {
	// Write, when set, writes fault f the institution's own way (its error
	// envelope, a 403 instead of a 401...). Returning false falls back to
	// WriteFault.
	Write func(w http.ResponseWriter, r *http.Request, f Fault) bool

	mu     sync.Mutex
	fault  Fault
	reply  *Reply
	path   string // only requests whose path ends so fail; "" all
	skip   int
	n      int
	served int
}

// Reply is a fault answer of any shape: a status, a Retry-After, a body
// (malformed or not), a body cut short, a delay before the answer.
type Reply struct {
	Status      int    // default 200
	RetryAfter  string // the Retry-After header, when set
	ContentType string // default application/json
	Body        string
	// Truncate promises more bytes than Body: the client reads an
	// unexpected EOF.
	Truncate bool
	// Delay holds the answer back (or until the request is cancelled).
	Delay time.Duration
}

// Inject makes the next n requests fail with f, replacing any pending
// injection. Inject(f, 0) clears it.
func (i *Injector) Inject(f Fault, n int) { i.set(f, nil, "", 0, n) }

// InjectAfter lets skip requests through, then fails the next n with f (a
// fault on the second page of a list). It replaces any pending injection.
func (i *Injector) InjectAfter(f Fault, skip, n int) { i.set(f, nil, "", skip, n) }

// InjectPath makes the next n requests whose URL path ends with path fail
// with f (a quote call, while the positions call beside it works). It
// replaces any pending injection.
func (i *Injector) InjectPath(path string, f Fault, n int) { i.set(f, nil, path, 0, n) }

// InjectReply answers the next n requests with rep, replacing any pending
// injection.
func (i *Injector) InjectReply(rep Reply, n int) { i.set("", &rep, "", 0, n) }

func (i *Injector) set(f Fault, rep *Reply, path string, skip, n int) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.fault, i.reply, i.path, i.skip, i.n = f, rep, path, max(skip, 0), max(n, 0)
}

// Take consumes one pending fault, if any, for a request whatever its path.
func (i *Injector) Take() (Fault, bool) {
	f, _, ok := i.take(nil)
	return f, ok
}

func (i *Injector) take(r *http.Request) (Fault, *Reply, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.n == 0 || (i.path != "" && (r == nil || !strings.HasSuffix(r.URL.Path, i.path))) {
		return "", nil, false
	}
	if i.skip > 0 {
		i.skip--
		return "", nil, false
	}
	i.n--
	i.served++
	return i.fault, i.reply, true
}

// Served returns how many faulted responses the injector has taken so far.
func (i *Injector) Served() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.served
}

// Serve writes a pending fault and reports whether it did; a handler that
// gets true must return without writing.
func (i *Injector) Serve(w http.ResponseWriter, r *http.Request) bool {
	f, rep, ok := i.take(r)
	switch {
	case !ok:
		return false
	case rep != nil:
		rep.write(w, r)
	case i.Write == nil || !i.Write(w, r, f):
		WriteFault(w, f)
	}
	return true
}

func (rep *Reply) write(w http.ResponseWriter, r *http.Request) {
	if rep.Delay > 0 {
		t := time.NewTimer(rep.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
		t.Stop()
	}
	h := w.Header()
	h.Set("Content-Type", cmp.Or(rep.ContentType, "application/json"))
	if rep.RetryAfter != "" {
		h.Set("Retry-After", rep.RetryAfter)
	}
	if rep.Truncate {
		h.Set("Content-Length", strconv.Itoa(len(rep.Body)+4096))
	}
	w.WriteHeader(cmp.Or(rep.Status, http.StatusOK))
	_, _ = w.Write([]byte(rep.Body))
	if fl, ok := w.(http.Flusher); ok && rep.Truncate {
		fl.Flush()
	}
}

// Wrap returns h behind the injector.
func (i *Injector) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i.Serve(w, r) {
			return
		}
		h.ServeHTTP(w, r)
	})
}

// WriteFault writes the standard response for f. Every body holds
// BodyCanary.
func WriteFault(w http.ResponseWriter, f Fault) {
	h := w.Header()
	switch f {
	case ServerError:
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":"internal error","detail":"` + BodyCanary + `"}`))
	case RateLimited:
		h.Set("Content-Type", "application/json")
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":"too many requests","detail":"` + BodyCanary + `"}`))
	case Maintenance:
		h.Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`<html><body><h1>Down for maintenance</h1><p>` + BodyCanary + `</p></body></html>`))
	case Malformed:
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`<<{{ ` + BodyCanary + ` neither json nor xml`))
	case Truncated:
		// Promise more than is sent: the server drops the connection after
		// the handler returns and the client reads an unexpected EOF.
		body := []byte(`{"data":[{"id":"` + BodyCanary + `","name":"`)
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)+4096))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
	case Unauthorized:
		h.Set("Content-Type", "application/json")
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_token","detail":"` + BodyCanary + `"}`))
	default:
		http.Error(w, "brokertest: unknown fault "+string(f)+" "+BodyCanary, http.StatusInternalServerError)
	}
}
