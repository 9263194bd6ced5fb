package zerodha

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api is the HTTP side of Kite Connect.
type api struct {
	base string
	http *http.Client
	now  func() time.Time
}

// Checksum is Kite's token-exchange checksum: the hex SHA-256 of
// api_key + request_token + api_secret.
func Checksum(apiKey, requestToken, apiSecret string) string {
	sum := sha256.Sum256([]byte(apiKey + requestToken + apiSecret))
	return hex.EncodeToString(sum[:])
}

// kiteError is Kite's error envelope: {"status":"error","message":...,
// "error_type":"TokenException"}.
type kiteError struct {
	Status    string `json:"status"`
	ErrorType string `json:"error_type"`
}

// errorType returns the error_type of an error body, "" if none.
func errorType(body []byte) string {
	var e kiteError
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	for _, r := range e.ErrorType {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return ""
		}
	}
	return e.ErrorType
}

// errPermission is a Kite PermissionException: the app may not use the
// endpoint (e.g. mutual funds).
var errPermission = errors.New("zerodha: the Kite app is not permitted to read this")

// mapStatus maps an error answer onto the contract's errors. During a login
// (the token exchange) a refusal means the request token, the API key or the
// checksum (the API secret) was wrong.
func mapStatus(resp *http.Response, body []byte, now time.Time, login bool) error {
	et := errorType(body)
	switch status := resp.StatusCode; {
	case status == http.StatusTooManyRequests:
		d := httpx.RetryAfter(resp.Header, now)
		if d <= 0 {
			d = defaultRetryAfter
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case login && (status == http.StatusForbidden || status == http.StatusBadRequest || et == "TokenException" || et == "InputException"):
		return integrations.Wrap(integrations.ErrInvalidCredentials,
			"Kite refused the login: check the API key and API secret in Settings, then log in again")
	case et == "TokenException" || status == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "the Kite session ended (sessions end daily at 06:00 India time)")
	case et == "PermissionException":
		return errPermission
	case status >= 500 || et == "NetworkException" || et == "DataException":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Kite answered HTTP %d", status))
	case et != "":
		return fmt.Errorf("zerodha: Kite refused the request (%s, HTTP %d)", et, status)
	case status < 400:
		return errMalformed
	default:
		return httpx.StatusError(resp)
	}
}

// do sends a request and returns the "data" of a success envelope.
func (a *api) do(ctx context.Context, method, pathQuery string, form url.Values, auth string, login bool) (json.RawMessage, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+pathQuery, body)
	if err != nil {
		return nil, errors.New("zerodha: cannot build the request")
	}
	req.Header.Set("X-Kite-Version", kiteVersion)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return nil, &integrations.RateLimitError{RetryAfter: d}
		}
		return nil, &httpx.NetError{Name: "Kite", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Kite's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, b, a.now(), login)
	}
	var env struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err == nil && env.Status == "error" {
		return nil, mapStatus(resp, b, a.now(), login)
	}
	if err := json.Unmarshal(b, &env); err != nil || env.Status != "success" || len(env.Data) == 0 {
		return nil, errMalformed
	}
	return env.Data, nil
}

// secret is the grant's secret: the API key and the day's access token
// (together the "token api_key:access_token" header), the session's end and
// the Zerodha user id.
type secret struct {
	APIKey  string    `json:"api_key"`
	Access  string    `json:"access_token"`
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Access == "" || s.APIKey == "" || s.UserID == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Kite login")
	}
	return s, nil
}

// authHeader is Kite's Authorization header.
func (s secret) authHeader() string { return "token " + s.APIKey + ":" + s.Access }
