package kraken

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns Kraken's API-Sign for a private call: base64 of
// HMAC-SHA512(key = base64-decoded private key, message = urlPath ‖
// SHA256(nonce ‖ postData)), urlPath being "/0/private/<Method>".
func Sign(key []byte, urlPath, nonce, postData string) string {
	sum := sha256.Sum256([]byte(nonce + postData))
	m := hmac.New(sha512.New, key)
	m.Write([]byte(urlPath))
	m.Write(sum[:])
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// nonces hands out strictly increasing nonces: the clock in microseconds, or
// one more than the last nonce handed out when the clock has not moved on.
// Deriving them from the clock keeps them increasing across processes and
// restarts, which Kraken requires per API key.
type nonces struct {
	mu   sync.Mutex
	last uint64
}

var processNonces nonces

func (n *nonces) next(now time.Time) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	v := uint64(max(now.UnixMicro(), 0))
	if v <= n.last {
		v = n.last + 1
	}
	n.last = v
	return v
}

// throttleWait is the wait suggested when Kraken answers "EAPI:Rate limit
// exceeded" (which carries no Retry-After): a ledger query costs 2 points and
// a Starter account's counter decays by 0.33 a second.
const throttleWait = 6 * time.Second

// api talks to Kraken's REST API with one key pair.
type api struct {
	base  string
	http  *http.Client
	now   func() time.Time
	sec   secret
	key   []byte // the decoded private key
	login bool   // refusals mean wrong credentials, not a dead grant
}

func newAPI(env integrations.Env, sec secret) (*api, error) {
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(sec.Secret)
	if err != nil || len(key) == 0 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the private key is not valid: copy it whole from Kraken (it is base64 and ends with ==)")
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Key, sec.Secret)
	return &api{base: base, http: env.Client(), now: env.Time, sec: sec, key: key}, nil
}

// private calls POST /0/private/<method> with the form signed, and decodes
// the result into out. A private call is never retried by the transport: a
// retried body would carry a nonce Kraken has already seen.
func (a *api) private(ctx context.Context, method string, form url.Values, out any) error {
	if form == nil {
		form = url.Values{}
	}
	nonce := strconv.FormatUint(processNonces.next(a.now()), 10)
	form.Set("nonce", nonce)
	body := form.Encode()
	path := "/0/private/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+path, strings.NewReader(body))
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a Kraken request")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("API-Key", a.sec.Key)
	req.Header.Set("API-Sign", Sign(a.key, path, nonce, body))
	return a.do(ctx, req, out)
}

// public calls GET /0/public/<method>?q (retried by the transport).
func (a *api) public(ctx context.Context, method string, q url.Values, out any) error {
	u := a.base + "/0/public/" + method
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a Kraken request")
	}
	return a.do(ctx, req, out)
}

func (a *api) do(ctx context.Context, req *http.Request, out any) error {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Latchkey")
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return httpx.TransportError(ctx, err, "Kraken")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken's answer was cut short")
	}
	if err := statusError(resp, a.login); err != nil {
		return err
	}
	return decodeResponse(b, a.login, out)
}

// envelope is every answer: {"error":[...],"result":{...}}.
type envelope struct {
	Error  []string        `json:"error"`
	Result json.RawMessage `json:"result"`
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Kraken answered something that could not be read")

// statusError maps an HTTP status Kraken (or a proxy in front of it) sent
// before the envelope is read. Kraken itself answers API errors with 200 and
// the error list.
func statusError(resp *http.Response, login bool) error {
	switch c := resp.StatusCode; {
	case c < 300:
		return nil
	case c == http.StatusTooManyRequests:
		d := httpx.RetryAfter(resp.Header, time.Now())
		if d <= 0 {
			d = throttleWait
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case c == http.StatusUnauthorized || c == http.StatusForbidden:
		if login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, "Kraken refused this API key")
		}
		return integrations.Wrap(integrations.ErrReauthRequired, "Kraken no longer accepts this API key")
	case c >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken answered HTTP "+strconv.Itoa(c))
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "unexpected answer from Kraken: HTTP "+strconv.Itoa(c))
	}
}

// mapErrors maps Kraken's error strings ("<severity><category>:<message>",
// e.g. "EAPI:Invalid key"); warnings (W...) are ignored. The texts returned
// are our own: Kraken's are never copied into an error.
func mapErrors(list []string, login bool) error {
	var first error
	for _, e := range list {
		if strings.HasPrefix(e, "W") {
			continue
		}
		err := mapError(e, login)
		if first == nil || errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrReauthRequired) {
			first = err
		}
	}
	return first
}

func mapError(e string, login bool) error {
	refused := func(why string) error {
		if login {
			return integrations.Wrap(integrations.ErrInvalidCredentials, why)
		}
		return integrations.Wrap(integrations.ErrReauthRequired, why)
	}
	switch code, _, _ := strings.Cut(strings.TrimSpace(e), ";"); {
	case code == "EAPI:Invalid key":
		return refused("Kraken does not know this API key (deleted, or mistyped)")
	case code == "EAPI:Invalid signature":
		return refused("Kraken refused the request signature: check the private key")
	case code == "EGeneral:Permission denied":
		return refused("the API key lacks a permission Latchkey needs: Query Funds and Query Ledger Entries")
	case code == "EAPI:Invalid nonce":
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken refused the request's nonce: is another app using this API key, or this computer's clock behind?")
	case code == "EGeneral:Temporary lockout":
		return integrations.Wrap(integrations.ErrAccountLocked, "Kraken has temporarily locked this API key after too many failed requests")
	case code == "EAPI:Rate limit exceeded", strings.HasPrefix(code, "EService:Throttled"), code == "EGeneral:Too many requests",
		code == "EOrder:Rate limit exceeded":
		return &integrations.RateLimitError{RetryAfter: throttleWait}
	case strings.HasPrefix(code, "EService:"), code == "EGeneral:Internal error":
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken is unavailable or in maintenance")
	case code == "EAPI:Feature disabled":
		return integrations.Wrap(integrations.ErrNotSupported, "Kraken has disabled this feature for the account")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "Kraken refused the request")
	}
}
