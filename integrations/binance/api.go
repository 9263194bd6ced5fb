package binance

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns the signature of a SIGNED request: hex HMAC-SHA256 of the
// total parameters (the query string, then the body) with the secret key.
func Sign(secretKey, totalParams string) string {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(totalParams))
	return hex.EncodeToString(m.Sum(nil))
}

// recvWindow is how long (ms) after its timestamp a request stays valid;
// Binance's default is 5000 and its maximum 60000.
const recvWindow = "10000"

// banWait is the wait suggested for a 418 (IP banned) without Retry-After.
const banWait = 2 * time.Minute

// api talks to one Binance variant with one key pair.
type api struct {
	v     variant
	base  string
	http  *http.Client
	now   func() time.Time
	sec   secret
	login bool // refusals mean wrong credentials, not a dead grant
}

func newAPI(v variant, env integrations.Env, sec secret) (*api, error) {
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Key, sec.Secret)
	return &api{v: v, base: base, http: env.Client(), now: env.Time, sec: sec}, nil
}

// signed GETs path with q plus timestamp and recvWindow, signed. GETs are
// retried by the transport on 5xx and 429: a read is safe to repeat (the
// timestamp of a repeat may fall out of recvWindow, which maps to
// ErrUnavailable).
func (a *api) signed(ctx context.Context, path string, q url.Values, out any) error {
	params := q.Encode()
	if params != "" {
		params += "&"
	}
	params += "timestamp=" + strconv.FormatInt(a.now().UnixMilli(), 10) + "&recvWindow=" + recvWindow
	params += "&signature=" + Sign(a.sec.Secret, params)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path+"?"+params, nil)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a request")
	}
	req.Header.Set("X-MBX-APIKEY", a.sec.Key)
	return a.do(ctx, req, out)
}

// public GETs a market-data path (no key).
func (a *api) public(ctx context.Context, path string, q url.Values, out any) error {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a request")
	}
	return a.do(ctx, req, out)
}

func (a *api) do(ctx context.Context, req *http.Request, out any) error {
	req.Header.Set("Accept", "application/json")
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return &integrations.RateLimitError{RetryAfter: d}
		}
		return &httpx.NetError{Name: a.v.display, Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return integrations.Wrap(integrations.ErrUnavailable, a.v.display+"'s answer was cut short")
	}
	return decodeResponse(resp.StatusCode, resp.Header, b, a.login, out)
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Binance answered something that could not be read")

// apiError is Binance's error body: {"code":-2015,"msg":"..."}.
type apiError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

// decodeResponse maps an answer: its status and error code to the
// contract's errors, or its body into out.
func decodeResponse(status int, h http.Header, b []byte, login bool, out any) error {
	if status >= 200 && status < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return errMalformed
		}
		return nil
	}
	var e apiError
	_ = json.Unmarshal(b, &e) // not Binance's JSON: the code stays 0
	refused := func(why string) error {
		if login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, why)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, why)
	}
	switch {
	case status == http.StatusTooManyRequests:
		d := httpx.RetryAfter(h, time.Now())
		if d <= 0 {
			d = time.Minute
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case status == http.StatusTeapot: // 418: the IP is banned for ignoring 429s
		d := httpx.RetryAfter(h, time.Now())
		if d <= 0 {
			d = banWait
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case e.Code == -2014 || e.Code == -2015 || e.Code == -2008:
		return refused("Binance refused this API key (deleted, restricted to other IP addresses, or without the Enable Reading permission)")
	case e.Code == -1022:
		return refused("Binance refused the request signature: check the secret key")
	case e.Code == -1021:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance refused the request time: check this computer's clock")
	case e.Code == -1003 || e.Code == -1015:
		return &integrations.RateLimitError{RetryAfter: time.Minute}
	case status == http.StatusUnauthorized:
		return refused("Binance refused this API key")
	case status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance's firewall refused the request")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance answered HTTP "+strconv.Itoa(status))
	case e.Code == -1001 || e.Code == -1007 || e.Code == -1016:
		return integrations.Wrap(integrations.ErrUnavailable, "Binance is unavailable or in maintenance")
	default:
		msg := "Binance refused the request: HTTP " + strconv.Itoa(status)
		if e.Code != 0 {
			msg += ", code " + strconv.Itoa(e.Code)
		}
		return integrations.Wrap(integrations.ErrUnavailable, strings.TrimSpace(msg))
	}
}
