package bitvavo

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns Bitvavo-Access-Signature: hex HMAC-SHA256(secret, timestamp
// ‖ method ‖ path with /v2 and the query ‖ body).
func Sign(apiSecret, timestamp, method, path, body string) string {
	m := hmac.New(sha256.New, []byte(apiSecret))
	m.Write([]byte(timestamp + method + path + body))
	return hex.EncodeToString(m.Sum(nil))
}

// accessWindow is how long (ms) after its timestamp a request stays valid.
const accessWindow = "10000"

type api struct {
	base  string
	http  *http.Client
	now   func() time.Time
	sec   secret
	login bool
}

func newAPI(env integrations.Env, sec secret) (*api, error) {
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Key, sec.Secret)
	return &api{base: base, http: env.Client(), now: env.Time, sec: sec}, nil
}

// get sends a signed GET of path (starting /v2) with q. GETs are retried by
// the transport on 5xx.
func (a *api) get(ctx context.Context, path string, q url.Values, out any) error {
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a request")
	}
	ts := strconv.FormatInt(a.now().UnixMilli(), 10)
	h := req.Header
	h.Set("Bitvavo-Access-Key", a.sec.Key)
	h.Set("Bitvavo-Access-Timestamp", ts)
	h.Set("Bitvavo-Access-Signature", Sign(a.sec.Secret, ts, http.MethodGet, path, ""))
	h.Set("Bitvavo-Access-Window", accessWindow)
	h.Set("Accept", "application/json")
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return &integrations.RateLimitError{RetryAfter: d}
		}
		return &httpx.NetError{Name: "Bitvavo", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return integrations.Wrap(integrations.ErrUnavailable, "Bitvavo's answer was cut short")
	}
	return decodeResponse(resp.StatusCode, resp.Header, b, a.login, a.now(), out)
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Bitvavo answered something that could not be read")

// apiError is Bitvavo's error body.
type apiError struct {
	ErrorCode int    `json:"errorCode"`
	Error     string `json:"error"`
}

// untilHeader returns the wait until the millisecond timestamp in header
// name (Bitvavo-Ratelimit-ResetAt, Bitvavo-Ratelimit-AllowAt).
func untilHeader(h http.Header, name string, now time.Time) time.Duration {
	ms, err := strconv.ParseInt(h.Get(name), 10, 64)
	if err != nil {
		return 0
	}
	return max(time.UnixMilli(ms).Sub(now).Round(time.Second), 0)
}

// decodeResponse maps an answer: its errorCode to the contract's errors,
// or its body into out.
func decodeResponse(status int, h http.Header, b []byte, login bool, now time.Time, out any) error {
	if status >= 200 && status < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return errMalformed
		}
		return nil
	}
	var e apiError
	_ = json.Unmarshal(b, &e)
	refused := func(why string) error {
		if login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, why)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, why)
	}
	wait := func(header string, def time.Duration) time.Duration {
		if d := untilHeader(h, header, now); d > 0 {
			return d
		}
		if d := httpx.RetryAfter(h, now); d > 0 {
			return d
		}
		return def
	}
	switch c := e.ErrorCode; {
	case c == 103 || (status == http.StatusTooManyRequests && c == 0):
		return &integrations.RateLimitError{RetryAfter: wait("Bitvavo-Ratelimit-ResetAt", time.Minute)}
	case c == 105: // banned for ignoring 103
		return &integrations.RateLimitError{RetryAfter: wait("Bitvavo-Ratelimit-AllowAt", 15*time.Minute)}
	case c == 301 || c == 305 || c == 306 || c == 307 || c == 308 || c == 309:
		return refused("Bitvavo refused this API key or secret (unknown, unconfirmed, restricted to other IP addresses, or a wrong secret)")
	case c == 311:
		return refused("the API key lacks the View permission")
	case c == 302 || c == 304:
		return integrations.Wrap(integrations.ErrUnavailable, "Bitvavo refused the request time: check this computer's clock")
	case c == 300 || status == http.StatusUnauthorized:
		return refused("Bitvavo refused this API key")
	case status >= 500 || c == 101 || c == 107 || c == 108 || c == 109:
		return integrations.Wrap(integrations.ErrUnavailable, "Bitvavo is unavailable or overloaded (HTTP "+strconv.Itoa(status)+")")
	default:
		msg := "Bitvavo refused the request: HTTP " + strconv.Itoa(status)
		if c != 0 {
			msg += ", error " + strconv.Itoa(c)
		}
		return integrations.Wrap(integrations.ErrUnavailable, msg)
	}
}
