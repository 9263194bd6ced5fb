package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Do sends req with c and makes a failure safe to log or show (see
// SafeError, with c's redactor): the *url.Error http.Client returns carries
// the full request URL, query included.
func Do(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, SafeError(err, RedactorOf(c))
	}
	return resp, nil
}

// ReadBody reads and closes resp's body: at most the limit of the client
// that fetched it (Options.MaxResponseBytes), or DefaultMaxResponseBytes for
// a response from another client. A body past the limit fails with
// ErrResponseTooLarge, a body cut short with an error matching
// integrations.ErrUnavailable; neither holds any of the body.
func ReadBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if _, ours := resp.Body.(*limitedBody); !ours {
		r = io.LimitReader(resp.Body, DefaultMaxResponseBytes+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, bodyErr(err)
	}
	if _, ours := resp.Body.(*limitedBody); !ours && len(b) > DefaultMaxResponseBytes {
		return nil, ErrResponseTooLarge
	}
	return b, nil
}

func bodyErr(err error) error {
	switch {
	case errors.Is(err, ErrResponseTooLarge):
		return ErrResponseTooLarge
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("reading the response: %w", contextErr(err))
	default:
		return &bodyError{msg: "response cut short", err: err}
	}
}

func contextErr(err error) error {
	if errors.Is(err, context.Canceled) {
		return context.Canceled
	}
	return context.DeadlineExceeded
}

// bodyError is an unreadable or malformed body: its text says so without
// quoting the body, and it matches integrations.ErrUnavailable.
type bodyError struct {
	msg string
	err error
}

func (e *bodyError) Error() string { return integrations.ErrUnavailable.Error() + ": " + e.msg }
func (e *bodyError) Unwrap() []error {
	if e.err == nil {
		return []error{integrations.ErrUnavailable}
	}
	return []error{integrations.ErrUnavailable, e.err}
}

// DecodeJSON reads resp's body (size-limited, see ReadBody), closes it and
// decodes it into v. A malformed, truncated or oversized body gives an error
// matching integrations.ErrUnavailable whose text holds no part of the body.
// It does not look at the status; call StatusError first.
func DecodeJSON(resp *http.Response, v any) error {
	b, err := ReadBody(resp)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		var (
			se *json.SyntaxError
			te *json.UnmarshalTypeError
		)
		switch {
		case errors.As(err, &se):
			return &bodyError{msg: fmt.Sprintf("malformed JSON response (at byte %d)", se.Offset)}
		case errors.As(err, &te):
			return &bodyError{msg: fmt.Sprintf("unexpected JSON response (field %q)", te.Field)}
		default:
			return &bodyError{msg: "malformed JSON response"}
		}
	}
	return nil
}

// StatusCodeError is an HTTP answer an integration did not expect. Its text
// holds only the status code.
type StatusCodeError struct {
	StatusCode int
	kind       error
}

func (e *StatusCodeError) Error() string {
	if e.kind != nil {
		return fmt.Sprintf("%s: server answered HTTP %d", e.kind, e.StatusCode)
	}
	return fmt.Sprintf("unexpected answer from the institution: HTTP %d", e.StatusCode)
}

// Unwrap returns the sentinel the status maps to, if any.
func (e *StatusCodeError) Unwrap() error { return e.kind }

// StatusError maps a response status to the contract's errors by default:
// 2xx and 3xx → nil; 401 → integrations.ErrReauthRequired; 429 → a
// *integrations.RateLimitError with the Retry-After wait; 5xx (including a
// 503 maintenance page) → integrations.ErrUnavailable; anything else → a
// *StatusCodeError naming only the code. Integrations map their own bodies
// (e.g. an "invalid key" JSON error) before falling back to it. It neither
// reads nor closes the body.
func StatusError(resp *http.Response) error {
	switch c := resp.StatusCode; {
	case c < 400:
		return nil
	case c == http.StatusUnauthorized:
		return &StatusCodeError{StatusCode: c, kind: integrations.ErrReauthRequired}
	case c == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: RetryAfter(resp.Header, time.Now())}
	case c >= 500:
		return &StatusCodeError{StatusCode: c, kind: integrations.ErrUnavailable}
	default:
		return &StatusCodeError{StatusCode: c}
	}
}

// NetError is a request that got no answer at all (connection refused, reset,
// timed out). Its text names the institution and holds no URL, header or
// body; it matches integrations.ErrUnavailable and unwraps to its cause.
type NetError struct {
	Name  string // the institution, as a user knows it: "Kraken"
	Cause error
}

func (e *NetError) Error() string {
	return integrations.ErrUnavailable.Error() + ": " + e.Name + " could not be reached"
}

// Unwrap makes errors.Is see ErrUnavailable and the cause.
func (e *NetError) Unwrap() []error { return []error{integrations.ErrUnavailable, e.Cause} }

// TransportError turns the error of a request that got no answer into the
// contract: ctx's own error when ctx ended, a *RateLimitError when the
// transport gave up waiting out a Retry-After, otherwise a *NetError naming
// the institution.
func TransportError(ctx context.Context, err error, name string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if d, ok := integrations.RetryAfter(err); ok {
		return &integrations.RateLimitError{RetryAfter: d}
	}
	return &NetError{Name: name, Cause: err}
}

// Endpoint is the base URL of env's endpoint name, def when env names none
// (an --endpoints override, a fake), without a trailing slash.
func Endpoint(env integrations.Env, name, def string) string {
	u := env.URL(name)
	if u == "" {
		u = def
	}
	return strings.TrimRight(u, "/")
}

// NeedEndpoint is the base URL of env's endpoint name, without a trailing
// slash, for an integration that has no default of its own: when env names
// none it is an error matching ErrUnavailable ("no <what> address is
// configured").
func NeedEndpoint(env integrations.Env, name, what string) (string, error) {
	u := strings.TrimRight(env.URL(name), "/")
	if u == "" {
		return "", integrations.Wrap(integrations.ErrUnavailable, "no "+what+" address is configured")
	}
	return u, nil
}

// RateLimited is the error of a 429 (or an institution's own "too many
// requests"): a *integrations.RateLimitError waiting what Retry-After asks
// (at now), else def.
func RateLimited(h http.Header, now time.Time, def time.Duration) error {
	d := RetryAfter(h, now)
	if d <= 0 {
		d = def
	}
	return &integrations.RateLimitError{RetryAfter: d}
}
