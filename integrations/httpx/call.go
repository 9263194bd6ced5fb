package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// StatusMapper maps an answer whose status is not 2xx onto the contract's
// errors: the institution's own reading of its status codes and error
// bodies. body is the answer, already read within the size limit; the error
// must not quote it. Returning nil accepts the answer as it is.
type StatusMapper func(resp *http.Response, body []byte) error

// MapAt is the StatusMapper of a package's own mapping m, which reads the
// status, the headers and the body at the integration's time (now, read
// when the answer comes) and knows whether a login is checking what the
// user typed (login: a refused credential is the user's, not a dead grant).
func MapAt(m func(status int, h http.Header, body []byte, now time.Time, login bool) error, now func() time.Time, login bool) StatusMapper {
	return func(resp *http.Response, body []byte) error {
		return m(resp.StatusCode, resp.Header, body, now(), login)
	}
}

// API is the HTTP side of one institution: where its requests go and how its
// answers read. Build one per client or login; it holds no state of its own.
//
//	api := &httpx.API{Name: "Tradier", Client: env.Client(), Base: env.URL("api"),
//		Status: httpx.Status{Name: "Tradier", Now: env.Time, Reset: httpx.ResetUnixMilli("X-Ratelimit-Expiry")}.Map}
//	var w wireProfile
//	err := api.JSON(ctx, httpx.Request{Path: "/v1/user/profile", Bearer: token}, &w)
type API struct {
	// Name is the institution as a user knows it ("Tradier"): errors name it.
	Name string
	// Client sends every request: the Env's client, with its rate limiter,
	// retries, size limit and redactor.
	Client *http.Client
	// Base is the base URL that a Request's Path is joined to.
	Base string
	// Header is set on every request before the Request's own headers
	// (an API key, a User-Agent). Accept: application/json is set unless
	// Header or the Request name another.
	Header http.Header
	// Status maps answers that are not 2xx; nil means StatusError.
	Status StatusMapper
	// JSONOnly refuses a 2xx answer whose Content-Type is set and is not
	// JSON (an XML default, an HTML error page) as malformed.
	JSONOnly bool
}

// Request is one call of an API.
type Request struct {
	// Method defaults to GET.
	Method string
	// Path is joined to API.Base; an absolute http(s) URL is used as it is.
	Path  string
	Query url.Values
	// Header is set after API.Header.
	Header http.Header
	// Bearer, when set, is sent as Authorization: Bearer.
	Bearer string
	// JSON, when not nil, is the body, encoded as JSON. Form, when not nil,
	// is the body, form-encoded. At most one of them.
	JSON any
	Form url.Values
	// Status, when set, maps this call's refusals instead of API.Status: a
	// login reads a 401 as a wrong password, a data call as a dead grant.
	Status StatusMapper
	// Answered, when set, is called with the answer's status and headers
	// once it arrived, success or refusal: where an institution reports its
	// rate-limit usage on every answer (Binance's used weight, Trading
	// 212's remaining calls, Bitvavo's points), the client paces by it.
	Answered func(status int, h http.Header)
}

// Do sends r and returns the body of a 2xx answer. Every error matches one
// of the contract's sentinels (or is ctx's error) and holds nothing of the
// request or the answer: no URL, header, token or body. On a refusal the
// body is returned with the status mapper's error, for a caller that reads
// the institution's error envelope further.
func (a *API) Do(ctx context.Context, r Request) ([]byte, error) {
	req, err := a.request(ctx, r)
	if err != nil {
		return nil, err
	}
	resp, err := Do(a.Client, req)
	if err != nil {
		return nil, TransportError(ctx, err, a.Name)
	}
	if r.Answered != nil {
		r.Answered(resp.StatusCode, resp.Header)
	}
	b, err := ReadBody(resp)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, ErrResponseTooLarge):
		return nil, err
	default:
		return nil, integrations.Wrap(integrations.ErrUnavailable, a.Name+"'s answer was cut short")
	}
	if resp.StatusCode/100 != 2 {
		status := r.Status
		if status == nil {
			status = a.Status
		}
		if status == nil {
			return b, StatusError(resp)
		}
		if err := status(resp, b); err != nil {
			return b, err
		}
		return b, nil
	}
	if ct := resp.Header.Get("Content-Type"); a.JSONOnly && ct != "" && !strings.Contains(ct, "json") {
		return nil, a.Malformed()
	}
	return b, nil
}

// JSON sends r and decodes the 2xx answer into v (see Do). A body that is not
// the JSON v expects is a.Malformed().
func (a *API) JSON(ctx context.Context, r Request, v any) error {
	b, err := a.Do(ctx, r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return a.Malformed()
	}
	return nil
}

// Malformed is the error of an answer that could not be understood: it
// matches integrations.ErrUnavailable and names the institution.
func (a *API) Malformed() error {
	return integrations.Malformed(a.Name)
}

func (a *API) request(ctx context.Context, r Request) (*http.Request, error) {
	u := r.Path
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		u = strings.TrimRight(a.Base, "/") + "/" + strings.TrimLeft(u, "/")
	}
	if len(r.Query) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + r.Query.Encode()
	}
	var body io.Reader
	var ctype string
	switch {
	case r.JSON != nil:
		b, err := json.Marshal(r.JSON)
		if err != nil {
			return nil, fmt.Errorf("%s: the request could not be encoded: %w", strings.ToLower(a.Name), err)
		}
		body, ctype = bytes.NewReader(b), "application/json"
	case r.Form != nil:
		body, ctype = strings.NewReader(r.Form.Encode()), "application/x-www-form-urlencoded"
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("%s: the API address is not a valid URL", strings.ToLower(a.Name))
	}
	req.Header.Set("Accept", "application/json")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for _, h := range []http.Header{a.Header, r.Header} {
		for k, vs := range h {
			req.Header[http.CanonicalHeaderKey(k)] = slices.Clone(vs)
		}
	}
	if r.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+r.Bearer)
	}
	return req, nil
}

// Unmarshal decodes JSON the way DecodeJSON does, for decoders that take
// bytes (and are fuzzed): a body that is not the expected JSON gives an error
// matching integrations.ErrUnavailable whose text holds none of it.
func Unmarshal(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return &bodyError{msg: "malformed JSON response"}
	}
	return nil
}

// Status is the common reading of an institution's statuses, as a
// StatusMapper (Status.Map): 429 is a *integrations.RateLimitError whose wait
// comes from Retry-After, else from the institution's reset header, else
// Wait; a refused credential is ErrInvalidCredentials while logging in and
// ErrReauthRequired after; 5xx is ErrUnavailable; Body reads the
// institution's own error envelope of any other refusal; the rest is
// StatusError.
type Status struct {
	// Name is the institution as a user knows it.
	Name string
	// Refused are the statuses that refuse the credential (default 401).
	Refused []int
	// Login is true while a login checks what the user typed: a refusal is
	// then ErrInvalidCredentials, not ErrReauthRequired.
	Login bool
	// Now is the integration's clock, for reset times (default time.Now).
	Now func() time.Time
	// Reset reads when the rate window ends from the institution's own
	// header (see ResetUnix, ResetUnixMilli); nil when it has none.
	Reset func(h http.Header) (time.Time, bool)
	// Wait is how long a 429 that names no wait asks for (default a minute).
	Wait time.Duration
	// Statuses are the errors of statuses the institution gives a meaning
	// of its own (403 a permission the app lacks, 404 a closed account),
	// after the rules above and before Body.
	Statuses map[int]error
	// Body, when set, maps the institution's error envelope; it returns nil
	// to leave the status to the common rules.
	Body func(status int, body []byte) error
}

// Map maps a refusal (see Status).
func (s Status) Map(resp *http.Response, body []byte) error {
	code := resp.StatusCode
	refused := slices.Contains(s.Refused, code) || (len(s.Refused) == 0 && code == http.StatusUnauthorized)
	switch {
	case code == http.StatusTooManyRequests:
		return s.rateLimit(resp.Header)
	case code >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s answered HTTP %d", s.Name, code))
	case refused && s.Login:
		return integrations.Wrap(integrations.ErrInvalidCredentials, fmt.Sprintf("%s refused the credentials (HTTP %d)", s.Name, code))
	case refused:
		return integrations.Wrap(integrations.ErrReauthRequired, fmt.Sprintf("%s no longer accepts this login (HTTP %d)", s.Name, code))
	}
	if err, ok := s.Statuses[code]; ok {
		return err
	}
	if s.Body != nil {
		if err := s.Body(code, body); err != nil {
			return err
		}
	}
	return StatusError(resp)
}

func (s Status) rateLimit(h http.Header) error {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	if d := RetryAfter(h, now); d > 0 {
		return &integrations.RateLimitError{RetryAfter: d}
	}
	if s.Reset != nil {
		if t, ok := s.Reset(h); ok {
			if d := t.Sub(now); d > 0 {
				return &integrations.RateLimitError{RetryAfter: min(d.Round(time.Second)+time.Second, time.Hour)}
			}
		}
	}
	wait := s.Wait
	if wait <= 0 {
		wait = time.Minute
	}
	return &integrations.RateLimitError{RetryAfter: wait}
}

// ResetUnix reads a rate window's end from header name as Unix seconds
// (X-RateLimit-Reset: 1742310300).
func ResetUnix(name string) func(http.Header) (time.Time, bool) {
	return func(h http.Header) (time.Time, bool) {
		s, err := strconv.ParseInt(h.Get(name), 10, 64)
		return time.Unix(s, 0), err == nil
	}
}

// ResetUnixMilli reads a rate window's end from header name as Unix
// milliseconds (Tradier's X-Ratelimit-Expiry).
func ResetUnixMilli(name string) func(http.Header) (time.Time, bool) {
	return func(h http.Header) (time.Time, bool) {
		ms, err := strconv.ParseInt(h.Get(name), 10, 64)
		return time.UnixMilli(ms), err == nil
	}
}
