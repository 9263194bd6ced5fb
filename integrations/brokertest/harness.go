package brokertest

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Harness is what an integration gives the suite: how to build it against a
// fresh fake server, how to play the user through each login, and what the
// fake serves.
type Harness struct {
	// New returns the integration under test, an Env pointing every one of
	// the institution's endpoints at a fresh fake server on loopback, and the
	// fake's controls. The fake is torn down with t.Cleanup. New is called
	// once per subtest, so faults, revocations and expiries never leak from
	// one check into another.
	//
	// Env.HTTP may be nil or the client the app would use (package httpx);
	// the suite wraps its transport to watch the requests and to refuse any
	// request that leaves loopback.
	New func(t testing.TB) (integrations.Integration, integrations.Env, Fake)

	// Logins holds at least one script per auth method the institution
	// offers (several per method are fine: one per MFA kind, say). Logins[0]
	// is the login the data, fault, revocation and refresh checks use.
	Logins []LoginScript

	// LoginFailures are logins expected to fail with a sentinel: a wrong
	// password (ErrInvalidCredentials), a wrong code (ErrInvalidMFACode), a
	// locked login (ErrAccountLocked), a denied approval (ErrApprovalDenied).
	LoginFailures []FailureScript

	// Expect says what the fake serves, so the suite knows what to demand.
	Expect Expect

	// PriceEndpoint opts in to the Partial/PriceUnknown rule: it is the URL
	// path (its end, e.g. "/v1/markets/quotes") of a call that prices or
	// describes positions apart from the positions call. With that call
	// failing, every account's Positions must still return its units with an
	// error matching integrations.ErrPartial; positions it could not price
	// are marked PriceUnknown with a zero Price and MarketValue, the others
	// keep their prices. The fake must be a PathInjector (an embedded
	// Injector is). Empty for an institution whose positions come whole from
	// one call.
	PriceEndpoint string

	// Skip names checks that do not apply, by subtest path below the suite
	// (e.g. "Data/SinceHonoured"), with the reason. Use sparingly: every
	// skip is logged.
	Skip map[string]string
}

// HarnessFunc returns the harness of one institution variant, and false when
// the fake does not serve that variant. Every fake package exports one,
// named Harness; integrations/allfakes lists them, so the conformance table
// covers every variant of integrations/all. Harness.New may return in or a
// fresh integration of the same variant.
type HarnessFunc func(in integrations.Integration) (Harness, bool)

// RunVariants runs the suite for each variant as a subtest named by its
// institution id. A variant h has no harness for fails.
func RunVariants(t *testing.T, h HarnessFunc, variants ...integrations.Integration) {
	t.Helper()
	if len(variants) == 0 {
		t.Fatalf("brokertest: no variants to run")
	}
	for _, in := range variants {
		id := in.Institution().ID
		t.Run(id, func(t *testing.T) {
			hs, ok := h(in)
			if !ok {
				t.Fatalf("no conformance harness for %s: its fake's Harness must return one", id)
			}
			Run(t, hs)
		})
	}
}

// LoginScript plays the user through one login.
type LoginScript struct {
	// Name names the subtest; it defaults to the method.
	Name string
	// Method is the auth method to log in with.
	Method integrations.AuthKind
	// Values pre-fills the method's fields (LoginRequest.Values). When
	// Answer is nil they also answer every step (see AutoAnswer).
	Values map[string]string
	// Answer plays the user for each step that is not a DoneStep: fill a
	// form, enter a code, approve the consent page in a "browser" over HTTP.
	// fake is the fake the integration under test talks to (type-assert it
	// to your own fake to read the code it "sent"). Returning an error fails
	// the check. Nil means AutoAnswer with Values. A consent page in the
	// "browser" is answered with SubmitForm:
	//
	//	Answer: func(ctx context.Context, _ brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
	//		if b, ok := step.(*integrations.BrowserStep); ok {
	//			_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": "approve"})
	//			return integrations.Answer{}, err
	//		}
	//		return brokertest.AutoAnswer(ctx, step, values)
	//	},
	Answer func(ctx context.Context, fake Fake, step integrations.Step) (integrations.Answer, error)
	// Refreshes is true when this login's grant is refreshed or rotated: after
	// Fake.ExpireAccessTokens the next data call must refresh, call SaveFunc
	// with the new grant and use the new tokens only after save returned nil.
	Refreshes bool
}

// FailureScript is a login expected to end in an error matching Want
// (errors.Is).
type FailureScript struct {
	Name   string
	Script LoginScript
	Want   error
}

// Fake controls the integration's fake server. Embed an *Injector to get
// Inject for free.
type Fake interface {
	// Inject makes the next n data requests (accounts, balances, positions,
	// activities; not logins or token refreshes) fail as f describes. It
	// replaces any pending injection; Inject(f, 0) clears it.
	Inject(f Fault, n int)
	// RevokeAll kills every grant the fake has issued: access tokens,
	// refresh tokens, sessions and API keys are refused from now on, as
	// when the user revokes the app at the institution.
	RevokeAll()
	// ExpireAccessTokens expires every issued access token, so the next
	// data call needs a refresh. A no-op for grants that never refresh.
	ExpireAccessTokens()
}

// AfterInjector may be implemented by a Fake (an embedded Injector does) to
// fail a request in the middle of a paged read: the suite then checks a
// client returns the error, not the pages it got before it.
type AfterInjector interface {
	// InjectAfter lets skip data requests through, then fails the next n
	// with f. It replaces any pending injection.
	InjectAfter(f Fault, skip, n int)
}

// PathInjector may be implemented by a Fake (an embedded Injector does) to
// fail only the requests whose URL path ends with path.
type PathInjector interface {
	InjectPath(path string, f Fault, n int)
}

// List names one of the lists a client reads.
type List string

// Lists.
const (
	ListAccounts   List = "accounts"
	ListPositions  List = "positions"
	ListActivities List = "activities"
)

// Counter may be implemented by a Fake to say how many rows it serves, so the
// suite checks that paging retrieved every row exactly once.
type Counter interface {
	// Count returns how many rows of list the fake serves: for accounts
	// (accountID ""), every account of the login; for positions and
	// activities, every row of the account. The suite reads activities from
	// Expect.Since, which precedes them all.
	Count(list List, accountID string) int
}

// Fault is a way a data request can fail.
type Fault string

// Faults. The suite expects ServerError, Maintenance, Malformed and Truncated
// to end as ErrUnavailable (after the plumbing's retries: the suite injects
// more failures than any client retries), RateLimited as a rate-limit error
// with RetryAfter > 0, and Unauthorized as ErrReauthRequired.
const (
	ServerError  Fault = "ServerError"  // 500 Internal Server Error
	RateLimited  Fault = "RateLimited"  // 429 Too Many Requests, Retry-After: 1
	Maintenance  Fault = "Maintenance"  // 503 Service Unavailable (maintenance page)
	Malformed    Fault = "Malformed"    // 200 with a body that is neither JSON nor XML
	Truncated    Fault = "Truncated"    // 200 whose body is cut short (the connection drops)
	Unauthorized Fault = "Unauthorized" // 401: the token is refused for good
)

// AllFaults lists every Fault.
var AllFaults = []Fault{ServerError, RateLimited, Maintenance, Malformed, Truncated, Unauthorized}

// Expect says what the fake serves.
type Expect struct {
	// Minimum totals over all of the login's accounts.
	MinAccounts, MinPositions, MinActivities int
	// Paginated is true when the fake pages at least one list. The suite
	// then checks every row arrives exactly once (by ID) and, when the fake
	// is a Counter, that counts match exactly.
	Paginated bool
	// Currencies must each appear in some account, balance, position or
	// activity.
	Currencies []string
	// ActivityTypes must each appear among the activities (they prove the
	// raw types are mapped).
	ActivityTypes []integrations.ActivityType
	// SecurityTypes must each appear among the positions.
	SecurityTypes []integrations.SecurityType
	// Faults lists the faults the fake implements; nil means AllFaults
	// (what an embedded Injector gives), an empty non-nil slice none.
	Faults []Fault
	// FullAccountNumbers are the fake's unmasked account numbers: they must
	// never appear in an account's Number or Name, nor in an error.
	FullAccountNumbers []string
	// Since is where the suite reads activities from: before every activity
	// the fake holds. Zero means ten years before Env.Time().
	Since time.Time
	// CallTimeout bounds each login step and client call, so a hang fails
	// the check instead of the test binary. Zero means 30 seconds.
	CallTimeout time.Duration
}
