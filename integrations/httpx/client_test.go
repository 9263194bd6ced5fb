package httpx

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var testInst = integrations.Institution{ID: "testbank"}

// waits records the backoff waits a transport asked for without waiting.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// fastOpts are options for tests: no rate limit, recorded waits.
func fastOpts(w *waits) Options {
	return Options{RPS: -1, InitialInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond, Sleep: w.sleep}
}

// statusSeq serves the given statuses in turn, then 200 "ok".
func statusSeq(t *testing.T, hdr http.Header, codes ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(codes) {
			for k, v := range hdr {
				w.Header()[k] = v
			}
			w.WriteHeader(codes[i])
			io.WriteString(w, "busy")
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, error) {
	t.Helper()
	return c.Do(getRequest(t, u))
}

// getRequest is a GET of u.
func getRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// do sends req with c and closes the answer's body (its status and
// headers stay readable), failing t when no answer came.
func do(t *testing.T, c *http.Client, req *http.Request) *http.Response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// mustGet is do with a GET of u.
func mustGet(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	return do(t, c, getRequest(t, u))
}

func TestLimiterSharedAcrossConnections(t *testing.T) {
	srv, n := statusSeq(t, nil)
	c := New(testInst, Options{RPS: 0.5, Burst: 2})
	// Two connections of the institution share the client: the burst of 2
	// serves them both.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := get(t, c, srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	// A third request would wait 2 s for the limiter: with a shorter deadline
	// it fails at once, without reaching the server.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	_, err := c.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("third request: err = %v, want deadline exceeded from the limiter", err)
	}
	if errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("limiter wait should not read as unavailable: %v", err)
	}
	// A second client built around the same limiter is limited too.
	c2 := New(testInst, Options{Limiter: c.Transport.(*Transport).Limiter()})
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := c2.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("shared limiter: err = %v", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("server saw %d requests, want 2", got)
	}
}

func TestRetry503ThenSuccess(t *testing.T) {
	srv, n := statusSeq(t, nil, 503, 502)
	var w waits
	resp, err := get(t, New(testInst, fastOpts(&w)), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadBody(resp)
	if err != nil || string(b) != "ok" || resp.StatusCode != 200 {
		t.Fatalf("got %d %q %v", resp.StatusCode, b, err)
	}
	if n.Load() != 3 || len(w.all()) != 2 {
		t.Errorf("attempts = %d, waits = %v", n.Load(), w.all())
	}
}

func TestRetriesBounded(t *testing.T) {
	srv, n := statusSeq(t, nil, 503, 503, 503, 503, 503, 503)
	var w waits
	o := fastOpts(&w)
	o.MaxTries = 3
	resp, err := get(t, New(testInst, o), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 503 || n.Load() != 3 {
		t.Fatalf("status %d after %d attempts, want 503 after 3", resp.StatusCode, n.Load())
	}
	if err := StatusError(resp); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("StatusError = %v", err)
	}
}

func TestMaxElapsedBoundsRetries(t *testing.T) {
	codes := make([]int, 100)
	for i := range codes {
		codes[i] = 503
	}
	srv, n := statusSeq(t, nil, codes...)
	now := time.Unix(1_700_000_000, 0)
	var slept time.Duration
	o := Options{RPS: -1, MaxTries: 100, InitialInterval: 20 * time.Second, MaxInterval: 20 * time.Second, MaxElapsed: time.Minute,
		Now: func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			slept += d
			now = now.Add(d)
			return nil
		}}
	resp := mustGet(t, New(testInst, o), srv.URL)
	// Waits of 10–30 s: a few fit in the minute, never more.
	if got := n.Load(); got < 3 || got > 7 || slept > time.Minute || resp.StatusCode != 503 {
		t.Errorf("attempts = %d, slept %s, status %d", got, slept, resp.StatusCode)
	}
}

func Test500RetriedOnlyForIdempotent(t *testing.T) {
	srv, n := statusSeq(t, nil, 500)
	var w waits
	c := New(testInst, fastOpts(&w))
	resp, err := get(t, c, srv.URL)
	if err != nil || resp.StatusCode != 200 || n.Load() != 2 {
		t.Fatalf("GET: %v %v after %d", resp, err, n.Load())
	}
	resp.Body.Close()

	srv2, n2 := statusSeq(t, nil, 500)
	req, _ := http.NewRequest(http.MethodPost, srv2.URL, strings.NewReader("x=1"))
	resp, err = c.Do(req)
	if err != nil || resp.StatusCode != 500 || n2.Load() != 1 {
		t.Fatalf("POST: %v %v after %d", resp, err, n2.Load())
	}
	resp.Body.Close()
}

func TestNoRetryOnPOSTUnlessMarked(t *testing.T) {
	var w waits
	c := New(testInst, fastOpts(&w))

	srv, n := statusSeq(t, nil, 503)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("nonce=1"))
	resp := do(t, c, req)
	if resp.StatusCode != 503 || n.Load() != 1 {
		t.Fatalf("unmarked POST: status %d after %d attempts", resp.StatusCode, n.Load())
	}

	// Marked: retried, with the same body each time.
	var bodies []string
	var mu sync.Mutex
	var m atomic.Int32
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if m.Add(1) == 1 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv2.Close()
	req, _ = http.NewRequestWithContext(MarkRetryable(context.Background()), http.MethodPost, srv2.URL, strings.NewReader("nonce=1"))
	resp = do(t, c, req)
	if resp.StatusCode != 200 || len(bodies) != 2 || bodies[0] != "nonce=1" || bodies[1] != "nonce=1" {
		t.Fatalf("marked POST: status %d, bodies %q", resp.StatusCode, bodies)
	}

	// Marked, but the body cannot be replayed: not retried.
	srv3, n3 := statusSeq(t, nil, 503)
	req, _ = http.NewRequestWithContext(MarkRetryable(context.Background()), http.MethodPost, srv3.URL, io.NopCloser(strings.NewReader("x")))
	resp = do(t, c, req)
	if n3.Load() != 1 {
		t.Fatalf("POST without GetBody retried: %d attempts", n3.Load())
	}
}

func TestRetryAfterSecondsHonoured(t *testing.T) {
	srv, n := statusSeq(t, http.Header{"Retry-After": {"7"}}, 429)
	var w waits
	resp := mustGet(t, New(testInst, fastOpts(&w)), srv.URL)
	if resp.StatusCode != 200 || n.Load() != 2 {
		t.Fatalf("status %d after %d", resp.StatusCode, n.Load())
	}
	if got := w.all(); len(got) != 1 || got[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", got)
	}
}

func TestRetryAfterDateHonoured(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := now.Add(20 * time.Second).Format(http.TimeFormat)
	srv, _ := statusSeq(t, http.Header{"Retry-After": {date}}, 503)
	var w waits
	o := fastOpts(&w)
	o.Now = func() time.Time { return now }
	resp := mustGet(t, New(testInst, o), srv.URL)
	if got := w.all(); resp.StatusCode != 200 || len(got) != 1 || got[0] != 20*time.Second {
		t.Errorf("status %d, waits = %v, want [20s]", resp.StatusCode, got)
	}
}

func Test429BeyondCapReturned(t *testing.T) {
	srv, n := statusSeq(t, http.Header{"Retry-After": {"120"}}, 429)
	var w waits
	o := fastOpts(&w)
	o.MaxRetryWait = 5 * time.Second
	resp, err := get(t, New(testInst, o), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 429 || n.Load() != 1 || len(w.all()) != 0 {
		t.Fatalf("status %d after %d attempts, waits %v", resp.StatusCode, n.Load(), w.all())
	}
	err = StatusError(resp)
	var rl *integrations.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 120*time.Second || !errors.Is(err, integrations.ErrRateLimited) {
		t.Fatalf("StatusError = %#v", err)
	}
}

func TestSizeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size := 100
		if r.URL.Path == "/big" {
			size = 101
		}
		w.Write(bytes.Repeat([]byte("a"), size))
	}))
	defer srv.Close()
	c := New(testInst, Options{MaxResponseBytes: 100})
	resp, err := get(t, c, srv.URL+"/exact")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := ReadBody(resp); err != nil || len(b) != 100 {
		t.Fatalf("exact limit: %d bytes, %v", len(b), err)
	}
	resp, err = get(t, c, srv.URL+"/big")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadBody(resp)
	if !errors.Is(err, ErrResponseTooLarge) || !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("over limit: %v", err)
	}
	if !strings.Contains(err.Error(), "response too large") {
		t.Errorf("text %q", err)
	}
	// Reading directly fails the same way.
	resp, _ = get(t, c, srv.URL+"/big")
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("io.ReadAll: %v", err)
	}
}

func TestReadBodyDefaultLimitForOtherClients(t *testing.T) {
	resp := &http.Response{Body: io.NopCloser(io.LimitReader(zeros{}, DefaultMaxResponseBytes+1))}
	if _, err := ReadBody(resp); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestTruncatedAndMalformedBodies(t *testing.T) {
	const secret = "SEKRET-IN-BODY"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/truncated":
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"token\":\"" + secret)
			buf.Flush()
			conn.Close()
		case "/malformed":
			io.WriteString(w, `{"token":"`+secret+`"`)
		case "/garbage":
			io.WriteString(w, secret+`}`)
		case "/type":
			io.WriteString(w, `{"n":"`+secret+`"}`)
		default:
			io.WriteString(w, `{"n":3}`)
		}
	}))
	defer srv.Close()
	c := New(testInst, Options{})
	for _, path := range []string{"/truncated", "/malformed", "/garbage", "/type"} {
		resp, err := get(t, c, srv.URL+path)
		if err != nil {
			t.Fatal(path, err)
		}
		var v struct{ N int }
		err = DecodeJSON(resp, &v)
		if !errors.Is(err, integrations.ErrUnavailable) {
			t.Errorf("%s: err = %v, want unavailable", path, err)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "SEKRET") {
			t.Errorf("%s: error leaks the body: %q", path, err)
		}
	}
	resp, _ := get(t, c, srv.URL+"/ok")
	var v struct{ N int }
	if err := DecodeJSON(resp, &v); err != nil || v.N != 3 {
		t.Fatalf("ok: %v %v", v, err)
	}
}

func TestContextCancelDuringBackoff(t *testing.T) {
	srv, _ := statusSeq(t, nil, 503, 503)
	// Real waits, an hour long: only the cancellation can end this.
	sleeping := make(chan struct{})
	c := New(testInst, Options{RPS: -1, InitialInterval: time.Hour, MaxInterval: time.Hour, MaxElapsed: 10 * time.Hour,
		Sleep: func(ctx context.Context, d time.Duration) error {
			close(sleeping)
			return Sleep(ctx, d)
		}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := c.Do(req)
		if resp != nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-sleeping
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || errors.Is(err, integrations.ErrUnavailable) {
			t.Fatalf("err = %v, want context.Canceled only", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("backoff did not end with the context")
	}
}

func TestContextCancelWhileReadingBody(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"a":`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := New(testInst, Options{}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	var v any
	if err := DecodeJSON(resp, &v); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestContextCancelDuringLimiterWait(t *testing.T) {
	srv, _ := statusSeq(t, nil)
	c := New(testInst, Options{RPS: 0.001, Burst: 1})
	mustGet(t, c, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := c.Do(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestAttemptTimeout(t *testing.T) {
	release := make(chan struct{})
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	defer close(release)
	var w waits
	o := fastOpts(&w)
	o.Timeout = 50 * time.Millisecond
	c := New(testInst, o)
	mustGet(t, c, srv.URL)
	if n.Load() != 2 {
		t.Fatalf("attempts = %d", n.Load())
	}
	// Without retries the timeout is an unavailable error.
	n.Store(0)
	o.MaxTries = 1
	_, err := get(t, New(testInst, o), srv.URL)
	if !errors.Is(err, integrations.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

// flaky is a base transport failing its first calls with err.
type flaky struct {
	fails int
	err   error
	n     int
}

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	f.n++
	if f.n <= f.fails {
		return nil, f.err
	}
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: r}, nil
}

func TestNetworkErrorsRetried(t *testing.T) {
	var w waits
	o := fastOpts(&w)
	f := &flaky{fails: 2, err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	o.Base = f
	resp, err := get(t, New(testInst, o), "http://bank.test/a")
	if err != nil || f.n != 3 {
		t.Fatalf("err %v after %d", err, f.n)
	}
	resp.Body.Close()

	// Certificate failures are not transient.
	f = &flaky{fails: 5, err: x509.UnknownAuthorityError{}}
	o.Base = f
	_, err = get(t, New(testInst, o), "http://bank.test/a")
	if err == nil || f.n != 1 || !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("cert error: %v after %d", err, f.n)
	}
	// Unknown hosts neither.
	f = &flaky{fails: 5, err: &net.DNSError{Err: "no such host", Name: "bank.test", IsNotFound: true}}
	o.Base = f
	if _, err = get(t, New(testInst, o), "http://bank.test/a"); err == nil || f.n != 1 {
		t.Fatalf("dns error: %v after %d", err, f.n)
	}
}

func TestErrorsNeverContainQueryToken(t *testing.T) {
	const tok = "tok-9f8e7d6c5b4a"
	// A closed server: connection refused.
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	var w waits
	c := New(testInst, fastOpts(&w))
	RedactorOf(c).Add("acct-secret-42") // the integration registers what it holds
	req, _ := http.NewRequest(http.MethodGet, u+"/accounts/acct-secret-42?access_token="+tok+"&page=2", nil)
	resp, err := Do(c, req)
	if resp != nil || err == nil {
		t.Fatal("want an error")
	}
	for _, leak := range []string{tok, "acct-secret-42"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("Do error leaks %q: %s", leak, err)
		}
	}
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("not unavailable: %v", err)
	}
	if !strings.Contains(err.Error(), "page=2") || !strings.Contains(err.Error(), "access_token=[redacted]") {
		t.Errorf("redacted URL lost its shape: %s", err)
	}
	var te *Error
	if !errors.As(err, &te) || strings.Contains(te.Error(), tok) || strings.Contains(te.URL, tok) {
		t.Errorf("transport error: %v", te)
	}
	if len(w.all()) != DefaultMaxTries-1 {
		t.Errorf("connection refused retried %d times", len(w.all()))
	}

	// The raw client error carries the URL (http.Client's doing); SafeError
	// cleans it.
	_, raw := c.Do(req)
	if safe := SafeError(raw, nil); strings.Contains(safe.Error(), tok) || !errors.Is(safe, integrations.ErrUnavailable) {
		t.Errorf("SafeError: %v", safe)
	}
	if RedactorOf(nil) != nil || RedactorOf(http.DefaultClient) != nil {
		t.Error("RedactorOf a foreign client")
	}
}

func TestLogging(t *testing.T) {
	const tok = "SEKRET-TOKEN-123"
	srv, _ := statusSeq(t, nil, 503)
	var w waits
	o := fastOpts(&w)
	o.Redactor = NewRedactor("acct-777-secret")
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/accounts/acct-777-secret/positions?api_key="+tok, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	out := logged(t, o, req)
	for _, want := range []string{"method=GET", "status=503", "status=200", "attempt=1", "attempt=2", "institution=testbank", "duration=", "path=/v1/accounts/[redacted]/positions"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, leak := range []string{tok, "api_key", "acct-777", "Bearer"} {
		if strings.Contains(out, leak) {
			t.Errorf("log leaks %q:\n%s", leak, out)
		}
	}
}

// logged sends req through a client of o that logs at debug level, and
// returns what it logged.
func logged(t *testing.T, o Options, req *http.Request) string {
	t.Helper()
	var buf lockedBuffer
	o.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	resp, err := New(testInst, o).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	buf.mu.Lock()
	defer buf.mu.Unlock()
	return buf.String()
}

// lockedBuffer is a log's buffer, written from the transport's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.Buffer.Write(p)
}

func TestUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r.UserAgent() }))
	defer srv.Close()
	mustGet(t, New(testInst, Options{UserAgent: "Latchkey/test"}), srv.URL)
	if ua := <-got; ua != "Latchkey/test" {
		t.Errorf("UA %q", ua)
	}
}

func TestStatusError(t *testing.T) {
	cases := []struct {
		code int
		hdr  string
		want error
	}{
		{200, "", nil},
		{304, "", nil},
		{401, "", integrations.ErrReauthRequired},
		{429, "", integrations.ErrRateLimited},
		{500, "", integrations.ErrUnavailable},
		{503, "3600", integrations.ErrUnavailable},
		{404, "", nil},
		{400, "", nil},
	}
	for _, c := range cases {
		resp := &http.Response{StatusCode: c.code, Header: http.Header{}}
		if c.hdr != "" {
			resp.Header.Set("Retry-After", c.hdr)
		}
		err := StatusError(resp)
		switch {
		case c.code < 400:
			if err != nil {
				t.Errorf("%d: %v", c.code, err)
			}
		case c.want == nil:
			var sc *StatusCodeError
			if !errors.As(err, &sc) || sc.StatusCode != c.code || integrations.Code(err) != "UNKNOWN" || !strings.Contains(err.Error(), strconv.Itoa(c.code)) {
				t.Errorf("%d: %v", c.code, err)
			}
		default:
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.want.Error()) {
				t.Errorf("%d: %v, want %v", c.code, err, c.want)
			}
		}
	}
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"30"}}}
	brokertest.WantWait(t, "429 retry after", StatusError(resp), 30*time.Second)
}

func TestRetryAfterHelper(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                     0,
		"0":                    0,
		"12":                   12 * time.Second,
		"-3":                   0,
		"soon":                 0,
		"1.5":                  0,
		"99999999999999999999": 0,
		"9999999999":           maxRetryAfter,
		now.Add(90 * time.Second).Format(http.TimeFormat):  90 * time.Second,
		now.Add(-90 * time.Second).Format(http.TimeFormat): 0,
		now.Add(45 * time.Second).Format(time.RFC850):      45 * time.Second,
	}
	for v, want := range cases {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := RetryAfter(h, now); got != want {
			t.Errorf("RetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestTooManyRequestsWithoutRetryAfterIsFinal(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Bitvavo-Ratelimit-ResetAt", "1700000000000")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := New(integrations.Institution{ID: "x"}, Options{RPS: -1, Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || n.Load() != 1 {
		t.Fatalf("status %d after %d requests; a 429 without Retry-After must not be retried", resp.StatusCode, n.Load())
	}
}

func TestNoRetrySendsOnce(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := New(integrations.Institution{ID: "x"}, Options{RPS: -1, Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
	req, _ := http.NewRequestWithContext(NoRetry(context.Background()), http.MethodGet, srv.URL, nil)
	do(t, c, req)
	if n.Load() != 1 {
		t.Fatalf("%d requests under NoRetry, want 1", n.Load())
	}
}

func TestLoggingMasksAccountNumbers(t *testing.T) {
	srv, _ := statusSeq(t, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/accounts/VA12345678/orders;token=tok-in-path-1?x=1", nil)
	out := logged(t, Options{RPS: -1}, req)
	if strings.Contains(out, "12345678") || !strings.Contains(out, "5678/orders") {
		t.Errorf("log shows the account number:\n%s", out)
	}
	if strings.Contains(out, "tok-in-path-1") {
		t.Errorf("log shows a token in the path:\n%s", out)
	}
}

// TestInstitutionPace: an institution's documented pace sets its limiter
// when the options do not: a burst of 1 at half a request a second lets one
// request through and makes the next wait.
func TestInstitutionPace(t *testing.T) {
	srv, _ := statusSeq(t, nil)
	inst := testInst
	inst.RatePerSecond, inst.RateBurst = 0.5, 1
	c := New(inst, Options{})
	mustGet(t, c, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second request: %v, want a wait for the institution's pace", err)
	}
	if got := New(testInst, Options{}).Transport.(*Transport).Limiter().Burst(); got != int(DefaultRPS) {
		t.Fatalf("default burst %d", got)
	}
}

func TestSleep(t *testing.T) {
	if err := Sleep(context.Background(), time.Nanosecond); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sleep: %v", err)
	}
}
