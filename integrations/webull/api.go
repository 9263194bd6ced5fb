package webull

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api sends signed requests to one Webull OpenAPI base URL.
type api struct {
	base      string
	http      *http.Client
	now       func() time.Time
	appKey    string
	appSecret string
	token     string // x-access-token; "" before a token is approved
	nonce     func() string
	alg       string // x-signature-algorithm: SigAlgorithm (default) or SigAlgorithmSHA256
	// wait is how long a 429 without Retry-After asks to wait (the
	// region's rate window); 0 leaves it unsaid.
	wait time.Duration
}

func newAPI(base string, env integrations.Env, key, sec string) *api {
	a := &api{base: base, http: env.Client(), now: env.Time, appKey: key, appSecret: sec, nonce: newNonce}
	a.redact(sec)
	return a
}

func (a *api) redact(secrets ...string) { httpx.RedactorOf(a.http).Add(secrets...) }

func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// errMode says how a refusal reads: while logging in a 401 means the key pair
// is wrong; afterwards that the grant is dead.
type errMode int

const (
	modeData errMode = iota
	modeLogin
)

// apiError is Webull's error body: {"error_code": "...", "message": "..."}.
type apiError struct {
	Code    string `json:"error_code"`
	Message string `json:"message"`
}

// call signs and sends a request and returns the body of a 2xx answer.
// in, when not nil, is sent as compact JSON (the bytes signed are the bytes
// sent). Every request carries x-version: v2, as both official SDKs send it
// (Python ApiRequest version='v2', Java Versions.V2) and the US error list
// has MISSING_VERSION.
func (a *api) call(ctx context.Context, method, path string, q url.Values, in any, mode errMode) ([]byte, error) {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body []byte
	if in != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // Webull signs the body with <, > and & unescaped
		if err := enc.Encode(in); err != nil {
			return nil, fmt.Errorf("webull: encoding a request: %w", err)
		}
		body = bytes.TrimRight(buf.Bytes(), "\n")
	}
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequestWithContext(ctx, method, u, rd)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, u, nil)
	}
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the Webull API address is not a valid URL")
	}
	ts := a.now().UTC().Format(TimestampLayout)
	nonce := a.nonce()
	h := req.Header
	h.Set("Accept", "application/json")
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	h.Set(HeaderAppKey, a.appKey)
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSigVersion, SigVersion)
	alg := a.alg
	if alg == "" {
		alg = SigAlgorithm
	}
	h.Set(HeaderSigAlgorithm, alg)
	h.Set(HeaderSigNonce, nonce)
	h.Set(HeaderVersion, APIVersion)
	if a.token != "" {
		h.Set(HeaderAccessToken, a.token)
	}
	h.Set(HeaderSignature, Signature(SignInput{
		Path: req.URL.Path, Query: q, Body: body, Host: req.URL.Host,
		AppKey: a.appKey, Timestamp: ts, Nonce: nonce, Algorithm: alg,
	}, a.appSecret))
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "Webull")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Webull's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		err := mapStatus(resp, b, mode)
		var rl *integrations.RateLimitError
		if errors.As(err, &rl) && rl.RetryAfter <= 0 && a.wait > 0 {
			rl.RetryAfter = a.wait
		}
		return nil, err
	}
	return b, nil
}

// mapStatus maps an error answer onto the contract's errors. Its text holds
// only the status and Webull's error code, never the body.
func mapStatus(resp *http.Response, body []byte, mode errMode) error {
	var e apiError
	_ = json.Unmarshal(body, &e)
	code := safeCode(e.Code)
	status := resp.StatusCode
	switch {
	case status == http.StatusNotFound:
		return httpx.StatusError(resp) // no such route: callers may fall back
	case status == http.StatusTooManyRequests || code == "TOO_MANY_REQUESTS":
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, time.Now())}
	case (status == http.StatusUnauthorized || status == http.StatusForbidden) && mode == modeLogin:
		return integrations.Wrap(integrations.ErrInvalidCredentials, "Webull refused the App Key or App Secret")
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "Webull no longer accepts this App Key or access token")
	case status >= 500 || retryableCodes[code]:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Webull answered HTTP %d", status))
	case code != "":
		return fmt.Errorf("webull: request refused (HTTP %d, %s)", status, code)
	default:
		return httpx.StatusError(resp)
	}
}

// retryableCodes are the error codes the SDKs retry as passing faults
// (webull/core/data/retry_config.json RetryableNormalErrors; Java
// RetryOnExceptionCondition).
var retryableCodes = map[string]bool{"SERVICE_NOT_AVAILABLE": true, "GATEWAY_TIMEOUT": true, "INTERNAL_ERROR": true}

// notFound reports whether err is an HTTP 404: the route does not exist.
func notFound(err error) bool {
	var se *httpx.StatusCodeError
	return errors.As(err, &se) && se.StatusCode == http.StatusNotFound
}

// safeCode keeps an error code only when it looks like one (upper-case
// letters, digits and underscores, at most 64), so no body text leaks.
func safeCode(s string) string {
	if strings.ToUpper(s) != s {
		return ""
	}
	return httpx.SafeCode(s, 64, "_.")
}

var errMalformed = integrations.Malformed("Webull")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }
