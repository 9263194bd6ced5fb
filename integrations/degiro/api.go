package degiro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api talks to one DEGIRO base URL.
type api struct {
	base      string
	http      *http.Client
	now       func() time.Time
	sessionID string
}

func newAPI(base string, env integrations.Env) *api {
	return &api{base: base, http: env.Client(), now: env.Time}
}

func (a *api) session(id string) {
	a.sessionID = id
	httpx.RedactorOf(a.http).Add(id)
}

func (a *api) redact(s ...string) { httpx.RedactorOf(a.http).Add(s...) }

type errMode int

const (
	modeData errMode = iota
	modeLogin
)

// call sends a request and returns the body of a 2xx answer. in is sent as
// JSON. Data requests are retried on transient failures (also the POST of
// products/info, a read).
func (a *api) call(ctx context.Context, method, path string, q url.Values, in any, mode errMode) ([]byte, error) {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("degiro: encoding a request: %w", err)
		}
	}
	if mode == modeData && method == http.MethodPost {
		ctx = httpx.MarkRetryable(ctx)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	} else {
		req, err = http.NewRequestWithContext(ctx, method, u, nil)
	}
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the DEGIRO address is not a valid URL")
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "DEGIRO")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "DEGIRO's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return b, mapStatus(resp, mode)
	}
	return b, nil
}

// errRefused marks a login answer whose JSON body the login reads itself.
var errRefused = errors.New("degiro: login refused")

// mapStatus maps an error answer. During a login, 4xx answers other than 405
// and 429 carry DEGIRO's status JSON, which the login reads (errRefused).
func mapStatus(resp *http.Response, mode errMode) error {
	status := resp.StatusCode
	switch {
	case status == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, time.Now())}
	case status == http.StatusMethodNotAllowed:
		// DEGIRO answers the login with 405 during scheduled maintenance.
		return integrations.Wrap(integrations.ErrUnavailable, "DEGIRO is in scheduled maintenance")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("DEGIRO answered HTTP %d", status))
	case mode == modeLogin:
		return errRefused
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "DEGIRO ended the session; log in again")
	default:
		return httpx.StatusError(resp)
	}
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "DEGIRO's answer could not be understood")

func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return errMalformed
	}
	return nil
}

var errLoginOver = integrations.ErrLoginOver
