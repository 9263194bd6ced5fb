package gemini

import (
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns the X-GEMINI-PAYLOAD and X-GEMINI-SIGNATURE headers of a
// private call: the payload is base64 of its JSON, the signature hex
// HMAC-SHA384 of that base64 text with the API secret.
func Sign(apiSecret string, payload []byte) (b64, sig string) {
	b64 = base64.StdEncoding.EncodeToString(payload)
	m := hmac.New(sha512.New384, []byte(apiSecret))
	m.Write([]byte(b64))
	return b64, hex.EncodeToString(m.Sum(nil))
}

// nonce returns the nonce of a call. A key with a time-based nonce takes
// the clock in seconds (Gemini accepts it within 30 seconds of its own);
// other keys take the clock in milliseconds, kept strictly increasing per
// key, so it increases across restarts too.
func nonce(sec secret, now time.Time) int64 {
	if sec.Nonce != nonceIncreasing {
		return now.Unix()
	}
	return processNonces.next(sec.Key, now)
}

// nonces remembers the last increasing nonce used per key.
type nonces struct {
	mu   sync.Mutex
	last map[string]int64
}

var processNonces = nonces{last: map[string]int64{}}

func (n *nonces) next(key string, now time.Time) int64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	v := now.UnixMilli()
	if v <= n.last[key] {
		v = n.last[key] + 1
	}
	n.last[key] = v
	return v
}

// api talks to one Gemini variant with one key pair.
type api struct {
	v     variant
	base  string
	http  *http.Client
	now   func() time.Time
	sec   secret
	login bool
}

func newAPI(v variant, env integrations.Env, sec secret) (*api, error) {
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Key, sec.Secret)
	return &api{v: v, base: base, http: env.Client(), now: env.Time, sec: sec}, nil
}

// private POSTs path with an empty body; the request and its parameters
// travel in the signed payload header. Never retried by the transport: a
// retry would reuse the nonce.
func (a *api) private(ctx context.Context, path string, params map[string]any, out any) error {
	p := map[string]any{"request": path, "nonce": strconv.FormatInt(nonce(a.sec, a.now()), 10)}
	for k, v := range params {
		p[k] = v
	}
	payload, _ := json.Marshal(p)
	b64, sig := Sign(a.sec.Secret, payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+path, http.NoBody)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a request")
	}
	h := req.Header
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Length", "0")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-GEMINI-APIKEY", a.sec.Key)
	h.Set("X-GEMINI-PAYLOAD", b64)
	h.Set("X-GEMINI-SIGNATURE", sig)
	return a.do(ctx, req, out)
}

func (a *api) public(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
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
		return &httpx.NetError{Name: "Gemini", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini's answer was cut short")
	}
	return decodeResponse(resp.StatusCode, resp.Header, b, a.login, out)
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Gemini answered something that could not be read")

// apiError is Gemini's error body.
type apiError struct {
	Result  string `json:"result"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// rateWait is the wait suggested for a 429 without Retry-After.
const rateWait = 10 * time.Second

// decodeResponse maps an answer: its status and reason to the contract's
// errors, or its body into out.
func decodeResponse(status int, h http.Header, b []byte, login bool, out any) error {
	var e apiError
	if status >= 200 && status < 300 {
		// Errors always come with an error status, but be safe.
		if json.Unmarshal(b, &e) == nil && e.Result == "error" {
			return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request")
		}
		if err := json.Unmarshal(b, out); err != nil {
			return errMalformed
		}
		return nil
	}
	_ = json.Unmarshal(b, &e)
	refused := func(why string) error {
		if login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, why)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, why)
	}
	switch {
	case status == http.StatusTooManyRequests || e.Reason == "RateLimit" || e.Reason == "RateLimited":
		d := httpx.RetryAfter(h, time.Now())
		if d <= 0 {
			d = rateWait
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case e.Reason == "InvalidSignature" || e.Reason == "InvalidApiKey" || e.Reason == "MissingApikeyHeader":
		return refused("Gemini refused this API key or secret")
	case e.Reason == "MissingRole" || e.Reason == "InvalidAccount" || e.Reason == "MissingAccounts":
		return refused("the API key lacks the role or account scope Latchkey needs: an Auditor key of the Primary account")
	case e.Reason == "AccountClosed" || e.Reason == "AccountFrozen" || e.Reason == "AccountLocked":
		return integrations.Wrap(integrations.ErrAccountLocked, "Gemini has frozen or closed this account")
	case e.Reason == "InvalidNonce":
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request's nonce: is another app using this key, or this computer's clock wrong?")
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return refused("Gemini refused this API key")
	case e.Reason == "Maintenance" || e.Reason == "System" || status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini is unavailable or in maintenance (HTTP "+strconv.Itoa(status)+")")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "Gemini refused the request: HTTP "+strconv.Itoa(status))
	}
}
