package integrations

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The documented errors that cross the contract. Integrations wrap one of them
// (with fmt.Errorf("...: %w", err), Wrap or a *RateLimitError) so callers can
// test with errors.Is. The texts are lower-case and safe to show a user.
var (
	// ErrReauthRequired: the institution no longer accepts the grant (revoked,
	// expired, refresh token dead). The connection becomes disabled until the
	// user repairs it.
	ErrReauthRequired = errors.New("reauthorisation required")
	// ErrInvalidCredentials: the username, password, key or token was refused.
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrInvalidMFACode: the one-time code or security answer was wrong. The
	// login stays on the step that was answered and may be answered again.
	ErrInvalidMFACode = errors.New("invalid verification code")
	// ErrApprovalDenied: the user denied the login in the institution's app.
	ErrApprovalDenied = errors.New("login was denied in the institution's app")
	// ErrLoginTimeout: a browser callback or an approval did not arrive in time.
	ErrLoginTimeout = errors.New("login timed out")
	// ErrAccountLocked: the institution has locked the login.
	ErrAccountLocked = errors.New("account locked")
	// ErrRateLimited: too many requests; see RateLimitError for when to retry.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: the institution is down, in maintenance, or answered
	// with something that could not be understood. Transient.
	ErrUnavailable = errors.New("institution unavailable")
	// ErrNotSupported: the institution or method cannot do what was asked.
	ErrNotSupported = errors.New("not supported")
	// ErrDifferentLogin: a repair logged in as a different institution user
	// than the connection's.
	ErrDifferentLogin = errors.New("different login")
	// ErrNeedsApp: the method needs the user's own app registration (client
	// id, and secret where the institution issues one), entered in Settings.
	ErrNeedsApp = errors.New("an app registration is needed for this institution")
	// ErrLoginOver: Next was called on a login that has already ended (done,
	// failed or closed). Start a new login.
	ErrLoginOver = errors.New("this login is over; start a new one")
	// ErrPartial: a data set was read only in part (a quote call failed, so
	// positions have units but no price; one account of several could not be
	// read). What was read is kept and used; the detail says what is missing.
	ErrPartial = errors.New("partly synced")
	// ErrNoAccounts: a sync found no accounts at all for a login that had
	// some. It is treated as a failed sync: the cached data stays.
	ErrNoAccounts = errors.New("the institution returned no accounts")
)

// The codes Code returns: stable, machine-readable, recorded in
// CONNECTION_FAILED events and SyncState.LastError and printed by the CLI's
// --json output. Compare codes with these constants, never with literals.
const (
	CodeReauthRequired     = "REAUTH_REQUIRED"     // ErrReauthRequired
	CodeInvalidCredentials = "INVALID_CREDENTIALS" // ErrInvalidCredentials
	CodeInvalidMFA         = "INVALID_MFA"         // ErrInvalidMFACode
	CodeApprovalDenied     = "APPROVAL_DENIED"     // ErrApprovalDenied
	CodeTimeout            = "TIMEOUT"             // ErrLoginTimeout or context.DeadlineExceeded
	CodeAccountLocked      = "ACCOUNT_LOCKED"      // ErrAccountLocked
	CodeRateLimited        = "RATE_LIMITED"        // ErrRateLimited
	CodeUnavailable        = "UNAVAILABLE"         // ErrUnavailable
	CodeNotSupported       = "NOT_SUPPORTED"       // ErrNotSupported
	CodeDifferentLogin     = "DIFFERENT_LOGIN"     // ErrDifferentLogin
	CodeNeedsApp           = "NEEDS_APP"           // ErrNeedsApp
	CodeLoginOver          = "LOGIN_OVER"          // ErrLoginOver
	CodePartial            = "PARTIAL"             // ErrPartial
	CodeNoAccounts         = "NO_ACCOUNTS"         // ErrNoAccounts
	CodeCancelled          = "CANCELLED"           // context.Canceled
	CodeUnknown            = "UNKNOWN"             // anything outside the documented set
)

// RateLimitError is a rate-limit refusal. It matches ErrRateLimited with errors.Is.
type RateLimitError struct {
	RetryAfter time.Duration // 0 when the institution did not say
}

func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("rate limited: retry after %s", e.RetryAfter.Round(time.Second))
	}
	return "rate limited"
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// RetryAfter returns the wait a rate-limit error asks for, and whether err is one.
func RetryAfter(err error) (time.Duration, bool) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	return 0, errors.Is(err, ErrRateLimited)
}

// Wrap returns an error matching kind with a user-safe detail, e.g.
// Wrap(ErrUnavailable, "server answered 503"). The detail must hold no secret,
// raw body or full account number.
func Wrap(kind error, detail string) error {
	if detail == "" {
		return kind
	}
	return &DetailError{Kind: kind, Detail: detail}
}

// DetailError is a documented error with a user-safe detail the integration
// gave (Wrap makes them): "reauthorisation required: SnapTrade marked the
// Vanguard US connection disabled on 2 Dec". It matches Kind with errors.Is.
type DetailError struct {
	Kind   error
	Detail string
}

func (e *DetailError) Error() string { return e.Kind.Error() + ": " + e.Detail }

// Unwrap returns the documented error.
func (e *DetailError) Unwrap() error { return e.Kind }

// Detail returns the user-safe detail an integration gave with a documented
// error of the given kind (see Wrap), or "".
func Detail(err error, kind error) string {
	for err != nil {
		var d *DetailError
		if !errors.As(err, &d) {
			return ""
		}
		if errors.Is(d.Kind, kind) {
			return d.Detail
		}
		err = d.Kind
	}
	return ""
}

// Transient reports whether an operation that failed with err may succeed if
// tried again later without the user doing anything.
func Transient(err error) bool {
	return errors.Is(err, ErrUnavailable) || errors.Is(err, ErrRateLimited) ||
		errors.Is(err, context.DeadlineExceeded)
}

// Code returns a stable machine-readable code for err: the code recorded in
// CONNECTION_FAILED events and printed by the CLI's --json output.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrReauthRequired):
		return CodeReauthRequired
	case errors.Is(err, ErrInvalidCredentials):
		return CodeInvalidCredentials
	case errors.Is(err, ErrInvalidMFACode):
		return CodeInvalidMFA
	case errors.Is(err, ErrApprovalDenied):
		return CodeApprovalDenied
	case errors.Is(err, ErrLoginTimeout):
		return CodeTimeout
	case errors.Is(err, ErrAccountLocked):
		return CodeAccountLocked
	case errors.Is(err, ErrRateLimited):
		return CodeRateLimited
	case errors.Is(err, ErrUnavailable):
		return CodeUnavailable
	case errors.Is(err, ErrNotSupported):
		return CodeNotSupported
	case errors.Is(err, ErrDifferentLogin):
		return CodeDifferentLogin
	case errors.Is(err, ErrNeedsApp):
		return CodeNeedsApp
	case errors.Is(err, ErrLoginOver):
		return CodeLoginOver
	case errors.Is(err, ErrPartial):
		return CodePartial
	case errors.Is(err, ErrNoAccounts):
		return CodeNoAccounts
	case errors.Is(err, context.Canceled):
		return CodeCancelled
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	default:
		return CodeUnknown
	}
}

// UserMessage returns what happened and the way forward, in words safe to show
// a user. Errors outside the documented set get a generic text: their wording
// may come from a library that echoes a response body.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	if d, ok := RetryAfter(err); ok {
		if d > 0 {
			return fmt.Sprintf("The institution is limiting requests. Try again in %s.", HumanDuration(d))
		}
		return "The institution is limiting requests. Try again in a few minutes."
	}
	switch Code(err) {
	case CodeReauthRequired:
		return "The institution no longer accepts this connection's login. Repair the connection to log in again."
	case CodeInvalidCredentials:
		return "The institution did not accept these credentials. Check them and try again."
	case CodeInvalidMFA:
		return "That verification code was not accepted. Check it and try again."
	case CodeApprovalDenied:
		return "The login was denied in the institution's app. Start again if that was not you."
	case CodeTimeout:
		return "The login took too long and was stopped. Start again when you are ready."
	case CodeAccountLocked:
		return "The institution has locked this login. Unlock it on the institution's website, then try again."
	case CodeUnavailable:
		return "The institution is unavailable or in maintenance. Your saved data is kept; try again later."
	case CodeNotSupported:
		return "The institution does not support this."
	case CodeDifferentLogin:
		return "You logged in as a different user than this connection belongs to. Nothing was changed; log in with the original login, or add a new connection."
	case CodeNeedsApp:
		return "This institution needs your own app registration. Register an app with the institution (the help text says how), add its client id (and secret) in Settings › App registrations, then try again."
	case CodeLoginOver:
		return "This login has ended. Start again to connect."
	case CodePartial:
		return "Some of the data could not be read this time; what was read is saved and the rest keeps its last known values."
	case CodeNoAccounts:
		return "The institution returned no accounts for this login. Your saved data is kept; try again later, and repair the connection if it persists."
	case CodeCancelled:
		return "Cancelled."
	default:
		return "Something went wrong talking to the institution. Your saved data is kept; try again."
	}
}

// HumanDuration writes d for people, rounded to the nearest unit (the CLI
// and the desktop say the same wait for the same Retry-After): "45 seconds", "2 minutes", "1 hour".
func HumanDuration(d time.Duration) string {
	unit := func(n int64, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	switch {
	case d < time.Minute:
		return unit(max(1, int64(d.Round(time.Second)/time.Second)), "second")
	case d < time.Hour:
		return unit(int64(d.Round(time.Minute)/time.Minute), "minute")
	default:
		return unit(int64(d.Round(time.Hour)/time.Hour), "hour")
	}
}
