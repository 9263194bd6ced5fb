package coinbaseadv

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// jwtLife is how long a request's JWT is valid.
const jwtLife = 60 * time.Second

// Token returns the ES256 JWT for one request: header kid = key name and a
// random nonce; claims sub = key name, iss "cdp", nbf now, exp now+60 s and
// uri "<METHOD> <host><path>", which binds it to that request.
func Token(name string, key *ecdsa.PrivateKey, method, host, path string, now time.Time) (string, error) {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	t := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
		"sub": name, "iss": "cdp", "nbf": now.Unix(), "exp": now.Add(jwtLife).Unix(),
		"uri": method + " " + host + path,
	})
	t.Header["kid"] = name
	t.Header["nonce"] = hex.EncodeToString(nonce)
	return t.SignedString(key)
}

type api struct {
	base  string
	host  string
	http  *http.Client
	now   func() time.Time
	sec   secret
	key   *ecdsa.PrivateKey
	login bool
}

func newAPI(env integrations.Env, sec secret) (*api, error) {
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "the Coinbase API address is not a URL")
	}
	key, err := ParseKey(sec.PrivateKey)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.PrivateKey)
	return &api{base: base, host: u.Host, http: env.Client(), now: env.Time, sec: sec, key: key}, nil
}

// get sends a GET of path with a fresh JWT. GETs are retried by the
// transport on 5xx and 429 (a JWT stays valid for 60 s).
func (a *api) get(ctx context.Context, path string, q url.Values, out any) error {
	tok, err := Token(a.sec.Name, a.key, http.MethodGet, a.host, path, a.now())
	if err != nil {
		return integrations.Wrap(integrations.ErrInvalidCredentials, "the private key cannot sign")
	}
	httpx.RedactorOf(a.http).Add(tok)
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "could not build a request")
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return &integrations.RateLimitError{RetryAfter: d}
		}
		return &httpx.NetError{Name: "Coinbase", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return integrations.Wrap(integrations.ErrUnavailable, "Coinbase's answer was cut short")
	}
	return decodeResponse(resp.StatusCode, resp.Header, b, a.login, out)
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Coinbase answered something that could not be read")

// apiError is the Advanced Trade error body.
type apiError struct {
	Error   string `json:"error"`
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func decodeResponse(status int, h http.Header, b []byte, login bool, out any) error {
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
	switch {
	case status == http.StatusTooManyRequests:
		d := httpx.RetryAfter(h, time.Now())
		if d <= 0 {
			d = 5 * time.Second
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case status == http.StatusUnauthorized:
		return refused("Coinbase refused this API key (deleted, mistyped, or not an ECDSA key)")
	case status == http.StatusForbidden || e.Error == "PERMISSION_DENIED":
		return refused("the API key lacks the View permission on this portfolio")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, "Coinbase is unavailable (HTTP "+strconv.Itoa(status)+")")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, "Coinbase refused the request: HTTP "+strconv.Itoa(status))
	}
}
