package coinbase

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// apiVersion is the CB-VERSION header sent with every API call: a fixed
// implementation date, as Coinbase asks (never the current date).
const apiVersion = "2022-01-06"

// api is the HTTP side of the Coinbase App API.
type api struct {
	base string
	http *http.Client
	now  func() time.Time
}

// get fetches pathQuery (a path with its query, e.g. "/v2/accounts?limit=100")
// with the access token and returns the body of a 2xx answer, or an error
// matching one of the contract's sentinels whose text holds nothing of the
// request or the answer.
func (a *api) get(ctx context.Context, token, pathQuery string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+pathQuery, nil)
	if err != nil {
		return nil, errors.New("coinbase: cannot build the request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("CB-VERSION", apiVersion)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "Coinbase")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Coinbase's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, b, a.now())
	}
	return b, nil
}

// apiError is an error answer of the API, mapped to a sentinel. expired is
// set for expired_token: the access token may be refreshed.
type apiError struct {
	kind    error
	msg     string
	expired bool
}

func (e *apiError) Error() string { return e.kind.Error() + ": " + e.msg }
func (e *apiError) Unwrap() error { return e.kind }

// isExpired reports whether err is Coinbase saying the access token expired.
func isExpired(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.expired
}

// errNotFound is an account (or price pair) Coinbase does not have.
var errNotFound = errors.New("coinbase: not found")

// wireErrors is Coinbase's error envelope:
// {"errors":[{"id":"expired_token","message":"..."}]}; OAuth errors come as
// {"error":"invalid_token","error_description":"..."}.
type wireErrors struct {
	Errors []struct {
		ID string `json:"id"`
	} `json:"errors"`
	Error string `json:"error"`
}

// errorID returns the first error id of an error body, "" if none.
func errorID(body []byte) string {
	var e wireErrors
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if len(e.Errors) > 0 {
		return e.Errors[0].ID
	}
	return e.Error
}

// mapStatus maps an error answer onto the contract's errors.
func mapStatus(resp *http.Response, body []byte, now time.Time) error {
	id := errorID(body)
	switch status := resp.StatusCode; {
	case status == http.StatusTooManyRequests || id == "rate_limit_exceeded":
		d := httpx.RetryAfter(resp.Header, now)
		if d <= 0 {
			d = defaultRetryAfter
		}
		return &integrations.RateLimitError{RetryAfter: d}
	case status == http.StatusUnauthorized && id == "expired_token":
		return &apiError{kind: integrations.ErrReauthRequired, msg: "the Coinbase access token expired", expired: true}
	case status == http.StatusUnauthorized:
		return &apiError{kind: integrations.ErrReauthRequired, msg: "Coinbase no longer accepts this login (" + safeID(id) + ")"}
	case status == http.StatusForbidden && id == "invalid_scope":
		return &apiError{kind: integrations.ErrReauthRequired, msg: "the login lacks a permission Latchkey needs; log in again and allow it"}
	case status >= 500:
		return &apiError{kind: integrations.ErrUnavailable, msg: fmt.Sprintf("Coinbase answered HTTP %d", status)}
	case status == http.StatusNotFound:
		return errNotFound
	default:
		return httpx.StatusError(resp)
	}
}

// safeID keeps an error id if it looks like one.
func safeID(s string) string {
	if s == "" || len(s) > 48 {
		return "unauthorized"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "unauthorized"
		}
	}
	return s
}

// secret is the grant's secret: the OAuth tokens, when they expire, and the
// Coinbase user id.
type secret struct {
	Access        string    `json:"access_token"`
	Refresh       string    `json:"refresh_token"`
	AccessExpiry  time.Time `json:"access_expiry,omitzero"`
	RefreshExpiry time.Time `json:"refresh_expiry,omitzero"`
	UserID        string    `json:"user_id,omitempty"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

// decodeSecret reads a grant's secret; anything else is a login that must be
// made again.
func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Access == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Coinbase login")
	}
	return s, nil
}

// secretFromToken is the secret of a token from the token endpoint, its
// expiries on the integration's clock.
func secretFromToken(tok *oauth2.Token, now time.Time) secret {
	s := secret{Access: tok.AccessToken, Refresh: tok.RefreshToken, AccessExpiry: tok.Expiry, RefreshExpiry: refreshExpiry(now)}
	if tok.ExpiresIn > 0 {
		s.AccessExpiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second).UTC()
	}
	return s
}
