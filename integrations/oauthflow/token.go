package oauthflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// tokenMode says what a token request was for, which decides what a refusal
// means.
type tokenMode int

const (
	modeGeneric  tokenMode = iota
	modeExchange           // trading an authorization code
	modeRefresh            // refreshing: any refusal means the grant is dead
)

// tokenError is a mapped token-endpoint failure: a safe text, the sentinel,
// and (for transport failures only) the cause, so context and network errors
// stay visible to errors.Is. A *oauth2.RetrieveError is never kept: it holds
// the response body.
type tokenError struct {
	msg   string
	kind  error
	cause error
}

func (e *tokenError) Error() string { return e.msg }

func (e *tokenError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.cause}
	}
	return []error{e.kind}
}

func newTokenError(kind error, cause error, format string, args ...any) error {
	return &tokenError{msg: kind.Error() + ": " + fmt.Sprintf(format, args...), kind: kind, cause: cause}
}

// MapTokenError maps an error of a golang.org/x/oauth2 token request to the
// contract's errors, keeping the response body out of the text:
// invalid_grant → integrations.ErrReauthRequired; other 400/401/403
// refusals (invalid_client, unauthorized_client, ...) →
// integrations.ErrInvalidCredentials; 429 → *integrations.RateLimitError;
// 5xx, server_error, temporarily_unavailable, network failures and
// unreadable answers → integrations.ErrUnavailable. Context errors stay
// visible to errors.Is. It returns nil for nil.
func MapTokenError(err error) error { return mapTokenError(err, modeGeneric) }

func mapTokenError(err error, mode tokenMode) error {
	if err == nil {
		return nil
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return mapRetrieveError(re, mode)
	}
	var rl *integrations.RateLimitError
	if errors.As(err, &rl) {
		return &integrations.RateLimitError{RetryAfter: rl.RetryAfter}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return newTokenError(context.Canceled, nil, "token request")
	case errors.Is(err, context.DeadlineExceeded):
		return newTokenError(integrations.ErrUnavailable, context.DeadlineExceeded, "the token endpoint did not answer in time")
	case errors.Is(err, integrations.ErrReauthRequired):
		return newTokenError(integrations.ErrReauthRequired, nil, "token request")
	case errors.Is(err, httpx.ErrResponseTooLarge):
		return newTokenError(integrations.ErrUnavailable, nil, "the token endpoint's answer was too large")
	}
	var (
		ue *url.Error
		ne net.Error
		he *httpx.Error
	)
	if errors.As(err, &he) || errors.As(err, &ue) || errors.As(err, &ne) {
		return newTokenError(integrations.ErrUnavailable, err, "the token endpoint could not be reached")
	}
	if strings.Contains(err.Error(), "missing access_token") {
		return newTokenError(integrations.ErrUnavailable, nil, "the token endpoint answered without an access token")
	}
	return newTokenError(integrations.ErrUnavailable, nil, "the token endpoint's answer could not be understood")
}

func mapRetrieveError(re *oauth2.RetrieveError, mode tokenMode) error {
	status := 0
	var hdr http.Header
	if re.Response != nil {
		status, hdr = re.Response.StatusCode, re.Response.Header
	}
	code := ""
	if re.ErrorCode != "" {
		code = safeCode(re.ErrorCode)
	}
	what := code
	if what == "" {
		what = fmt.Sprintf("HTTP %d", status)
	} else if status != 0 {
		what = fmt.Sprintf("%s, HTTP %d", code, status)
	}
	refused := status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden || code != ""
	switch {
	case status == http.StatusTooManyRequests || code == "slow_down":
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(hdr, time.Now())}
	case code == "server_error" || code == "temporarily_unavailable" || status >= 500:
		return newTokenError(integrations.ErrUnavailable, nil, "the token endpoint failed (%s)", what)
	case code == "invalid_grant" && mode == modeExchange:
		return newTokenError(integrations.ErrInvalidCredentials, nil, "the institution refused the authorization code (%s); start the login again", what)
	case code == "invalid_grant":
		return newTokenError(integrations.ErrReauthRequired, nil, "the institution no longer accepts the refresh token (%s)", what)
	case refused && mode == modeRefresh:
		return newTokenError(integrations.ErrReauthRequired, nil, "the institution refused to refresh the token (%s)", what)
	case code == "invalid_client" || code == "unauthorized_client":
		return newTokenError(integrations.ErrInvalidCredentials, nil, "the institution refused the app's client id or secret (%s); check them in Settings", what)
	case refused:
		return newTokenError(integrations.ErrInvalidCredentials, nil, "the institution refused the token request (%s)", what)
	default:
		return newTokenError(integrations.ErrUnavailable, nil, "the token endpoint answered %s", what)
	}
}

// TokenSource returns a token source that refreshes tok through conf when it
// expires and calls save with every refreshed or rotated token before
// returning it: a token whose save failed is not used (Token returns the
// save error) and is saved again on the next call. A refresh the
// institution refuses (invalid_grant, or any 400/401/403 answer) gives an
// error matching integrations.ErrReauthRequired; other failures are mapped
// as by MapTokenError.
//
// ctx carries the HTTP client for token calls (see WithHTTPClient); its
// cancellation is ignored, since the source outlives the call that made it.
// The source is safe for concurrent use.
func TokenSource(ctx context.Context, conf *oauth2.Config, tok *oauth2.Token, save func(ctx context.Context, tok *oauth2.Token) error) oauth2.TokenSource {
	return &savingSource{ctx: context.WithoutCancel(ctx), conf: conf, tok: tok, save: save}
}

// Refresh trades a refresh token for a new token at conf's token endpoint,
// through client, at once: the caller (an integrations.TokenSource) has
// decided on the integration's clock that the access token is due, so the
// token handed to the exchange is expired by construction. A refusal is
// ErrReauthRequired as for TokenSource; a token that comes back without a
// refresh token keeps refresh. Nothing is saved here.
func Refresh(ctx context.Context, client *http.Client, conf *oauth2.Config, access, refresh string) (*oauth2.Token, error) {
	old := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", Expiry: time.Unix(1, 0)}
	return TokenSource(WithHTTPClient(ctx, client), conf, old, nil).Token()
}

type savingSource struct {
	ctx  context.Context
	conf *oauth2.Config
	save func(ctx context.Context, tok *oauth2.Token) error

	mu      sync.Mutex
	tok     *oauth2.Token
	pending *oauth2.Token // refreshed, not yet saved
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending != nil {
		if err := s.persist(s.pending); err != nil {
			return nil, err
		}
		s.tok, s.pending = s.pending, nil
	}
	if s.tok.Valid() {
		return s.tok, nil
	}
	if s.tok == nil || s.tok.RefreshToken == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the access token expired and there is no refresh token")
	}
	nt, err := s.conf.TokenSource(s.ctx, &oauth2.Token{RefreshToken: s.tok.RefreshToken}).Token()
	if err != nil {
		return nil, mapTokenError(err, modeRefresh)
	}
	if nt.RefreshToken == "" {
		nt.RefreshToken = s.tok.RefreshToken
	}
	if err := s.persist(nt); err != nil {
		s.pending = nt
		return nil, err
	}
	s.tok = nt
	return nt, nil
}

func (s *savingSource) persist(t *oauth2.Token) error {
	if s.save == nil {
		return nil
	}
	if err := s.save(s.ctx, t); err != nil {
		return fmt.Errorf("saving the refreshed token: %w", err)
	}
	return nil
}
