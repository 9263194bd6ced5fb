package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/cenkalti/backoff/v5"
	"golang.org/x/time/rate"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/capread"
)

// Defaults used for zero Options fields.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultDialTimeout      = 10 * time.Second
	DefaultTLSTimeout       = 10 * time.Second
	DefaultRPS              = 5.0
	DefaultMaxTries         = 4
	DefaultMaxElapsed       = time.Minute
	DefaultInitialInterval  = 500 * time.Millisecond
	DefaultMaxInterval      = 10 * time.Second
	DefaultMaxRetryWait     = 30 * time.Second
	DefaultMaxResponseBytes = 16 << 20
)

// ErrResponseTooLarge is returned when reading a response body past the
// size limit. It matches integrations.ErrUnavailable.
var ErrResponseTooLarge = integrations.Wrap(integrations.ErrUnavailable, "response too large")

// Options configure the client New builds. Zero fields take the defaults.
type Options struct {
	// Timeout bounds one attempt: connecting, sending, waiting for the
	// answer and reading its body (default 30 s). The transport enforces it
	// itself, so it still applies when the transport is wrapped (e.g. by
	// oauth2.Transport). Retries are bounded by MaxTries and MaxElapsed.
	Timeout time.Duration
	// DialTimeout, TLSHandshakeTimeout and ResponseHeaderTimeout bound the
	// phases of an attempt (defaults 10 s, 10 s and Timeout).
	DialTimeout, TLSHandshakeTimeout, ResponseHeaderTimeout time.Duration

	// RPS and Burst set the institution's rate limit (default 5 requests a
	// second, burst max(1, RPS)). A negative RPS means no limit. Limiter,
	// when set, is used instead, so several clients can share one.
	RPS     float64
	Burst   int
	Limiter *rate.Limiter

	// MaxTries bounds attempts of a retryable request (default 4; 1 turns
	// retries off). MaxElapsed bounds the time from the first attempt to the
	// start of the last (default 1 min). InitialInterval and MaxInterval
	// shape the exponential backoff (defaults 500 ms and 10 s); tests shrink
	// them.
	MaxTries                     int
	MaxElapsed                   time.Duration
	InitialInterval, MaxInterval time.Duration
	// MaxRetryWait is the longest Retry-After the transport waits for
	// (default 30 s). A longer one returns the response to the caller, which
	// maps it to *integrations.RateLimitError (see StatusError).
	MaxRetryWait time.Duration

	// MaxResponseBytes limits a response body (default 16 MiB); reading past
	// it fails with ErrResponseTooLarge.
	MaxResponseBytes int64

	// Logger, when set, gets one debug record per attempt: method, host,
	// redacted path, status, duration and attempt. Never headers, bodies or
	// query strings.
	Logger *slog.Logger
	// Redactor removes registered secrets from logged paths and returned
	// errors, besides what Redact removes. Nil makes a fresh one; either way
	// integrations reach it with RedactorOf(client) to register the tokens
	// and keys they hold.
	Redactor *Redactor
	// UserAgent is set on requests that have none, when not empty.
	UserAgent string

	// Base is the transport attempts go through; nil builds an
	// *http.Transport with the timeouts above.
	Base http.RoundTripper
	// Now and Sleep replace the clock and the backoff wait (for tests).
	// Sleep must return early with ctx's error when ctx ends.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// New returns an HTTP client for one institution, with its own rate limiter
// (unless Options.Limiter shares one). The registry builds one per
// connection for an institution whose limit counts per grant, and one per
// institution for a limit per client address (integrations.RateScope). The
// client follows redirects by CheckRedirect's policy, retries transient
// failures of retryable requests (see MarkRetryable), honours Retry-After,
// limits response sizes and keeps secrets out of its logs and errors. Its errors are
// *url.Error values that carry the full request URL; pass them through
// SafeError, or use Do, before logging or showing them.
func New(inst integrations.Institution, opts Options) *http.Client {
	return &http.Client{Transport: NewTransport(inst, opts), CheckRedirect: CheckRedirect}
}

// Transport is the RoundTripper of a client built by New.
type Transport struct {
	inst    string
	o       Options
	base    http.RoundTripper
	limiter *rate.Limiter
}

// NewTransport returns the transport New uses, for wrapping.
func NewTransport(inst integrations.Institution, opts Options) *Transport {
	o := opts
	o.Timeout = positive(o.Timeout, DefaultTimeout)
	o.DialTimeout = positive(o.DialTimeout, DefaultDialTimeout)
	o.TLSHandshakeTimeout = positive(o.TLSHandshakeTimeout, DefaultTLSTimeout)
	o.ResponseHeaderTimeout = positive(o.ResponseHeaderTimeout, o.Timeout)
	o.MaxTries = positive(o.MaxTries, DefaultMaxTries)
	o.MaxElapsed = positive(o.MaxElapsed, DefaultMaxElapsed)
	o.InitialInterval = positive(o.InitialInterval, DefaultInitialInterval)
	o.MaxInterval = positive(o.MaxInterval, DefaultMaxInterval)
	if o.MaxInterval < o.InitialInterval {
		o.MaxInterval = o.InitialInterval
	}
	o.MaxRetryWait = positive(o.MaxRetryWait, DefaultMaxRetryWait)
	o.MaxResponseBytes = positive(o.MaxResponseBytes, DefaultMaxResponseBytes)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = Sleep
	}
	if o.Redactor == nil {
		o.Redactor = NewRedactor()
	}
	lim := o.Limiter
	if lim == nil {
		switch {
		case o.RPS < 0:
			lim = rate.NewLimiter(rate.Inf, 1)
		default:
			rps, burst := o.RPS, o.Burst
			if rps == 0 && inst.RatePerSecond > 0 {
				// The institution's documented pace (Schwab, Saxo and
				// E*TRADE allow about 2 requests a second).
				rps, burst = inst.RatePerSecond, inst.RateBurst
			}
			if rps == 0 {
				rps = DefaultRPS
			}
			if burst <= 0 {
				burst = max(1, int(rps))
			}
			lim = rate.NewLimiter(rate.Limit(rps), burst)
		}
	}
	base := o.Base
	if base == nil {
		base = NewBase(o)
	}
	return &Transport{inst: inst.ID, o: o, base: base, limiter: lim}
}

// NewBase returns the *http.Transport New builds when Options.Base is nil:
// opts' dial, TLS and response-header timeouts (defaults for zero fields),
// TLS 1.2 or later, the environment's proxy, a small idle connection pool.
// Share one between the clients of one institution (Options.Base) so they
// share connections while each keeps its own rate limiter.
func NewBase(opts Options) *http.Transport {
	timeout := positive(opts.Timeout, DefaultTimeout)
	dial := positive(opts.DialTimeout, DefaultDialTimeout)
	tlsTimeout := positive(opts.TLSHandshakeTimeout, DefaultTLSTimeout)
	header := positive(opts.ResponseHeaderTimeout, timeout)
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: dial, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   tlsTimeout,
		ResponseHeaderTimeout: header,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          20,
		MaxIdleConnsPerHost:   4,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// positive returns v, or def when v is not above zero: an option left at
// its zero value (or set below it) takes its default.
func positive[T int | int64 | float64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Base returns the transport attempts go through (Options.Base or NewBase's).
func (t *Transport) Base() http.RoundTripper { return t.base }

// Limiter returns the transport's rate limiter.
func (t *Transport) Limiter() *rate.Limiter { return t.limiter }

// Redactor returns the transport's redactor.
func (t *Transport) Redactor() *Redactor { return t.o.Redactor }

// RedactorOf returns the redactor of a client built by New, or nil (which
// still applies Redact, and ignores Add) for any other client. Integrations
// register the secrets they hold with it:
//
//	httpx.RedactorOf(env.HTTP).Add(apiKey, accessToken)
func RedactorOf(c *http.Client) *Redactor {
	if c == nil {
		return nil
	}
	if t, ok := c.Transport.(*Transport); ok {
		return t.o.Redactor
	}
	return nil
}

// CloseIdleConnections closes the base transport's idle connections.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

type retryKey struct{}

// MarkRetryable returns a context under which requests may be retried on
// transient failures although their method is not GET or HEAD: for reads an
// API makes with POST (Kraken). Mark only requests that are safe to repeat. A
// request with a body is retried only when it has GetBody (http.NewRequest
// sets it for bytes, strings and bytes.Reader bodies).
func MarkRetryable(ctx context.Context) context.Context {
	return context.WithValue(ctx, retryKey{}, true)
}

// IsRetryable reports whether ctx was marked by MarkRetryable.
func IsRetryable(ctx context.Context) bool {
	v, _ := ctx.Value(retryKey{}).(bool)
	return v
}

type noRetryKey struct{}

// NoRetry returns a context under which requests are sent once, whatever
// their method: for requests signed outside the transport with a nonce that
// a repeat would reuse (OAuth 1.0a), or APIs that punish a quick repeat. The
// caller (the app's sync) retries the whole call, signed afresh.
func NoRetry(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetryKey{}, true)
}

// retryable reports whether req may be sent more than once.
func retryable(req *http.Request) bool {
	if v, _ := req.Context().Value(noRetryKey{}).(bool); v {
		return false
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, "":
	default:
		if !IsRetryable(req.Context()) {
			return false
		}
	}
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// retryStatus reports whether a status is worth another attempt.
func retryStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout, http.StatusInternalServerError:
		return true
	}
	return false
}

// RoundTrip sends req, waiting for the rate limiter before every attempt and
// retrying transient failures of retryable requests.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if chain := redirectChain(req); len(chain) > 0 {
		// A redirect followed by whichever http.Client wraps this
		// transport: apply the policy here too (see CheckRedirect), on a
		// copy, since a RoundTripper must not change its request.
		r := req.Clone(req.Context())
		if err := applyRedirectPolicy(r, chain); err != nil {
			return nil, t.wrapErr(req, err, false)
		}
		req = r
	}
	ctx := req.Context()
	canRetry := retryable(req)
	b := &backoff.ExponentialBackOff{
		InitialInterval:     t.o.InitialInterval,
		RandomizationFactor: backoff.DefaultRandomizationFactor,
		Multiplier:          2,
		MaxInterval:         t.o.MaxInterval,
	}
	b.Reset()
	start := t.o.Now()
	for attempt := 1; ; attempt++ {
		resp, err := t.attempt(ctx, req, attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, t.wrapErr(req, context.Cause(ctx), false)
			}
			if errors.Is(err, errLimiter) {
				return nil, t.wrapErr(req, err, false)
			}
			if !canRetry || !transientNetErr(err) || attempt >= t.o.MaxTries {
				return nil, t.wrapErr(req, err, true)
			}
			wait := b.NextBackOff()
			if t.o.Now().Sub(start)+wait > t.o.MaxElapsed {
				return nil, t.wrapErr(req, err, true)
			}
			if serr := t.o.Sleep(ctx, wait); serr != nil {
				return nil, t.wrapErr(req, context.Cause(ctx), false)
			}
			continue
		}
		if !retryStatus(resp.StatusCode) || !canRetry || attempt >= t.o.MaxTries {
			return resp, nil
		}
		wait := b.NextBackOff()
		if ra, ok := retryAfterHeader(resp.Header, t.o.Now()); ok {
			if ra > t.o.MaxRetryWait {
				return resp, nil // the caller maps it to a RateLimitError
			}
			wait = max(wait, ra)
		} else if resp.StatusCode == http.StatusTooManyRequests {
			// A 429 without Retry-After is final here: some institutions
			// (Bitvavo, Binance's 418 ban) punish a client that asks again
			// before a time only their own headers tell. The integration
			// reads those and returns a RateLimitError.
			return resp, nil
		}
		if t.o.Now().Sub(start)+wait > t.o.MaxElapsed {
			return resp, nil
		}
		discard(resp)
		if serr := t.o.Sleep(ctx, wait); serr != nil {
			return nil, t.wrapErr(req, context.Cause(ctx), false)
		}
	}
}

var errLimiter = errors.New("rate limiter")

// attempt makes one try: limiter wait, then the base round trip with the
// per-attempt timeout, whose context lives until the body is closed.
func (t *Transport) attempt(ctx context.Context, req *http.Request, n int) (*http.Response, error) {
	if err := t.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// The wait would outlast ctx's deadline.
		return nil, fmt.Errorf("%w: wait exceeds the deadline: %w", errLimiter, context.DeadlineExceeded)
	}
	actx, cancel := context.WithTimeout(ctx, t.o.Timeout)
	r := req.Clone(actx)
	if n > 1 && req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		r.Body = body
	}
	if t.o.UserAgent != "" && r.Header.Get("User-Agent") == "" {
		r.Header.Set("User-Agent", t.o.UserAgent)
	}
	began := time.Now()
	resp, err := t.base.RoundTrip(r)
	t.log(ctx, req, resp, err, time.Since(began), n)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &limitedBody{Reader: capread.Reader{R: resp.Body, Left: t.o.MaxResponseBytes, Err: ErrResponseTooLarge}, rc: resp.Body, cancel: cancel}
	return resp, nil
}

func (t *Transport) log(ctx context.Context, req *http.Request, resp *http.Response, err error, d time.Duration, n int) {
	l := t.o.Logger
	if l == nil || !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("institution", t.inst),
		slog.String("method", req.Method),
		slog.String("host", req.URL.Host),
		slog.String("path", t.o.Redactor.Redact(MaskPath(req.URL.EscapedPath()))),
		slog.Duration("duration", d),
		slog.Int("attempt", n),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", t.o.Redactor.Redact(err.Error())))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "http request", attrs...)
}

// transientNetErr reports whether a failed attempt may succeed if repeated:
// most network errors, but not certificate failures or unknown hosts.
func transientNetErr(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		dns *net.DNSError
	)
	switch {
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci):
		return false
	case errors.As(err, &dns):
		return !dns.IsNotFound
	}
	return true
}

// Error is a failed round trip: its text holds the method, the redacted URL
// and the redacted cause. Network failures match integrations.ErrUnavailable;
// a cancelled or expired context matches its context error.
type Error struct {
	Method string
	URL    string // redacted
	Err    error  // the cause, unredacted: do not log its text
	msg    string
	kind   error
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns the kind (ErrUnavailable for network failures) and the cause.
func (e *Error) Unwrap() []error {
	if e.kind != nil {
		return []error{e.kind, e.Err}
	}
	return []error{e.Err}
}

func (t *Transport) wrapErr(req *http.Request, err error, unavailable bool) error {
	e := &Error{Method: req.Method, URL: t.o.Redactor.Redact(RedactURL(req.URL)), Err: err}
	cause := t.o.Redactor.Redact(err.Error())
	if unavailable {
		e.kind = integrations.ErrUnavailable
		e.msg = fmt.Sprintf("%s: %s %s: %s", integrations.ErrUnavailable, e.Method, e.URL, cause)
	} else {
		e.msg = fmt.Sprintf("%s %s: %s", e.Method, e.URL, cause)
	}
	return e
}

// discard drains a little of a response that will not be used, so its
// connection can be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// Sleep waits d or until ctx ends (its cause): the pacing before a call a
// limit or a retry allows.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// limitedBody fails reads past the size limit and ends the attempt's context
// when closed.
type limitedBody struct {
	capread.Reader
	rc     io.ReadCloser
	cancel context.CancelFunc
}

func (b *limitedBody) Close() error {
	err := b.rc.Close()
	b.cancel()
	return err
}

// RetryAfter returns the wait a Retry-After header asks for: a number of
// seconds or an HTTP date (relative to now). It returns 0 when the header is
// missing, malformed or in the past.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	d, _ := retryAfterHeader(h, now)
	return d
}

// maxRetryAfter caps absurd Retry-After values.
const maxRetryAfter = 7 * 24 * time.Hour

func retryAfterHeader(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return min(d, maxRetryAfter), true
}
