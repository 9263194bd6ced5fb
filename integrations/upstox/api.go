package upstox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// api is the HTTP side of the Upstox API.
type api struct {
	base string
	http *http.Client
	now  func() time.Time
}

// get fetches pathQuery with the access token and returns the body of a 2xx
// answer, or an error matching one of the contract's sentinels whose text
// holds nothing of the request or the answer.
func (a *api) get(ctx context.Context, token, pathQuery string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+pathQuery, nil)
	if err != nil {
		return nil, errors.New("upstox: cannot build the request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Api-Version", "2.0")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if d, ok := integrations.RetryAfter(err); ok {
			return nil, &integrations.RateLimitError{RetryAfter: d}
		}
		return nil, &httpx.NetError{Name: "Upstox", Cause: err}
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Upstox's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, b, a.now())
	}
	return b, nil
}

// errorCode returns the first error code of Upstox's error envelope
// {"status":"error","errors":[{"errorCode":"UDAPI100050","message":...,
// "error_code":"UDAPI100050",...}]}, "" if there is none.
func errorCode(body []byte) string {
	var e struct {
		Errors []struct {
			ErrorCode  string `json:"errorCode"`
			ErrorCode2 string `json:"error_code"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Errors) == 0 {
		return ""
	}
	if e.Errors[0].ErrorCode != "" {
		return e.Errors[0].ErrorCode
	}
	return e.Errors[0].ErrorCode2
}

// safeCode keeps an Upstox error code if it looks like one (UDAPI + digits).
func safeCode(s string) string {
	if len(s) < 6 || len(s) > 16 || s[:5] != "UDAPI" {
		return ""
	}
	for i := 5; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s
}

// Upstox error codes the client tells apart.
const (
	codeInvalidToken = "UDAPI100050" // invalid or expired token
	codeTooMany      = "UDAPI10005"  // too many requests
)

// mapStatus maps an error answer onto the contract's errors.
func mapStatus(resp *http.Response, body []byte, now time.Time) error {
	code := safeCode(errorCode(body))
	switch status := resp.StatusCode; {
	case status == http.StatusTooManyRequests || code == codeTooMany:
		d := httpx.RetryAfter(resp.Header, now)
		if d <= 0 {
			d = defaultRetryAfter
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case status == http.StatusUnauthorized || code == codeInvalidToken:
		return integrations.Wrap(integrations.ErrReauthRequired, "Upstox no longer accepts this login (it ends daily at 03:30 India time)")
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Upstox answered HTTP %d", status))
	case code != "":
		return fmt.Errorf("upstox: the request was refused (%s, HTTP %d)", code, status)
	default:
		return httpx.StatusError(resp)
	}
}

// secret is the grant's secret: the day's access token, its end and the
// Upstox user id (UCC).
type secret struct {
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
	if err := json.Unmarshal(b, &s); err != nil || s.Access == "" || s.UserID == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not an Upstox login")
	}
	return s, nil
}
