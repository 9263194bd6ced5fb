package integrations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// DefaultRefreshMargin is how long before its expiry a TokenSource
// refreshes an access token, unless TokenSource.Margin says otherwise.
const DefaultRefreshMargin = time.Minute

// TokenSource is the refresh-and-save-before-use logic of a client whose
// access token expires (OAuth refresh tokens, rotating or not; a secret
// traded for short-lived tokens). It hands out the current secret,
// refreshes it when it is due (Margin before its expiry, on the
// integration's clock) or when the institution refused it, hands the grant
// holding the new secret to Save, and uses the new secret only after Save
// returned nil. A refreshed secret whose save failed is never used: it is
// kept and saved again before anything else on the next call, since a
// rotated refresh token is single-use and the one it replaced is spent.
// Refreshes are serialised: concurrent callers wait for one refresh and
// share its result. A refresh the institution refuses (invalid_grant, a
// refused client, any refused credential) is ErrReauthRequired.
//
// S is the package's own secret type (its tokens and whatever a refresh
// needs again). Set the fields before the first call:
//
//	ts := &integrations.TokenSource[secret]{Name: "Acme", Grant: g, Secret: sec, Save: save, Now: env.Time,
//		Access:  func(s secret) (string, time.Time) { return s.Access, s.AccessExpiry },
//		Refresh: c.refresh, // the institution's token call
//		Encode:  integrations.EncodeGrant(secret.encode, nil),
//	}
//	err := ts.Do(ctx, func(ctx context.Context, s secret) error { return c.get(ctx, s.Access, ...) })
type TokenSource[S any] struct {
	// Name is the institution as a user knows it ("Schwab"): errors name it.
	Name string
	// Grant is the grant as last saved; Encode builds the next from it.
	Grant Grant
	// Secret is the current secret.
	Secret S
	// Access returns s's access token and when it expires: zero when it
	// does not expire on a known date. An empty token is always due.
	Access func(s S) (token string, expiry time.Time)
	// Refresh trades s for a fresh secret at the institution. Nil when the
	// grant cannot be refreshed: a due token is then ErrReauthRequired, and
	// a refused one stays refused.
	Refresh func(ctx context.Context, s S) (S, error)
	// Encode returns g holding s: its Secret, and its Expiry when a refresh
	// moves it (a rotated refresh token's end). Nil keeps g as it is.
	Encode func(g Grant, s S) Grant
	// Save persists a refreshed grant (the client's SaveFunc); nil saves
	// nothing.
	Save SaveFunc
	// Now is the integration's clock (default time.Now).
	Now func() time.Time
	// Margin is how long before its expiry a token is refreshed (default
	// DefaultRefreshMargin).
	Margin time.Duration
	// Ended is the message of a due token without Refresh (default "the
	// <Name> login has ended; log in again").
	Ended string

	mu      sync.Mutex
	pending *S // refreshed, not saved yet: never used until it is
}

// EncodeGrant is a TokenSource's Encode: the grant holding encode's bytes
// of the secret and, when expiry is not nil, the end expiry names (a rotated
// refresh token's).
func EncodeGrant[S any](encode func(S) []byte, expiry func(S) time.Time) func(Grant, S) Grant {
	return func(g Grant, s S) Grant {
		g.Secret = encode(s)
		if expiry != nil {
			g.Expiry = expiry(s)
		}
		return g
	}
}

// Token returns the secret to use, refreshing (and saving) it first when
// its access token is due.
func (ts *TokenSource[S]) Token(ctx context.Context) (S, error) { return ts.token(ctx, "", false) }

// Refused returns the secret to use after a request made with the access
// token stale was refused as expired or revoked: the secret is refreshed,
// unless another call already replaced stale. Without Refresh it returns
// the current secret.
func (ts *TokenSource[S]) Refused(ctx context.Context, stale string) (S, error) {
	return ts.token(ctx, stale, true)
}

// Do calls f with the secret to use. When f fails with ErrReauthRequired (the
// institution refused the access token) and the grant can be refreshed, the
// secret is refreshed and f called once more with it.
func (ts *TokenSource[S]) Do(ctx context.Context, f func(ctx context.Context, s S) error) error {
	s, err := ts.Token(ctx)
	if err != nil {
		return err
	}
	err = f(ctx, s)
	if err == nil || ts.Refresh == nil || !errors.Is(err, ErrReauthRequired) {
		return err
	}
	stale, _ := ts.Access(s)
	if s, err = ts.Refused(ctx, stale); err != nil {
		return err
	}
	return f(ctx, s)
}

// Current returns the grant as last saved and its secret.
func (ts *TokenSource[S]) Current() (Grant, S) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.Grant, ts.Secret
}

func (ts *TokenSource[S]) token(ctx context.Context, stale string, refused bool) (S, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var zero S
	if ts.pending != nil {
		if err := ts.persist(ctx, *ts.pending); err != nil {
			return zero, err
		}
		ts.Secret, ts.pending = *ts.pending, nil
	}
	tok, exp := ts.Access(ts.Secret)
	now := ts.now()
	margin := ts.Margin
	if margin <= 0 {
		margin = DefaultRefreshMargin
	}
	due := tok == "" || (!exp.IsZero() && !now.Before(exp.Add(-margin)))
	if !due && (!refused || stale != tok) {
		return ts.Secret, nil
	}
	if ts.Refresh == nil {
		if due {
			msg := ts.Ended
			if msg == "" {
				msg = "the " + ts.Name + " login has ended; log in again"
			}
			return zero, Wrap(ErrReauthRequired, msg)
		}
		return ts.Secret, nil
	}
	next, err := ts.Refresh(ctx, ts.Secret)
	if err != nil {
		return zero, refreshError(ts.Name, err)
	}
	if err := ts.persist(ctx, next); err != nil {
		ts.pending = &next
		return zero, err
	}
	ts.Secret = next
	return next, nil
}

func (ts *TokenSource[S]) now() time.Time {
	if ts.Now != nil {
		return ts.Now()
	}
	return time.Now()
}

// persist hands the grant holding s to Save.
func (ts *TokenSource[S]) persist(ctx context.Context, s S) error {
	g := ts.Grant
	if ts.Encode != nil {
		g = ts.Encode(g, s)
	}
	if ts.Save != nil {
		if err := ts.Save(ctx, g); err != nil {
			return fmt.Errorf("%s: saving the refreshed login: %w", strings.ToLower(ts.Name), err)
		}
	}
	ts.Grant = g
	return nil
}

// refreshError reads a refresh failure: a refused credential means the
// grant is dead; a wait, an outage or an ended context stays what it is.
func refreshError(name string, err error) error {
	switch {
	case errors.Is(err, ErrReauthRequired), errors.Is(err, ErrRateLimited), errors.Is(err, ErrUnavailable),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, ErrInvalidCredentials), errors.Is(err, ErrInvalidMFACode), errors.Is(err, ErrApprovalDenied):
		return Wrap(ErrReauthRequired, name+" refused to refresh the login")
	}
	return err
}

// TokenRefusal reads a token endpoint's error answer as RFC 6749 §5.2
// writes it ({"error":"invalid_grant","error_description":...}): a refused
// refresh — invalid_grant, invalid_client, unauthorized_client or any other
// code — is ErrReauthRequired naming the code; server_error and
// temporarily_unavailable are ErrUnavailable. It returns nil for a body
// without an error code. The description is never quoted.
func TokenRefusal(body []byte) error {
	var e struct {
		Error any `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return nil
	}
	code, ok := e.Error.(string)
	if !ok || code == "" || len(code) > 64 || strings.Trim(code, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return nil
	}
	switch code {
	case "server_error", "temporarily_unavailable":
		return Wrap(ErrUnavailable, "the token endpoint failed ("+code+")")
	}
	return Wrap(ErrReauthRequired, "the institution refused to refresh the login ("+code+")")
}
