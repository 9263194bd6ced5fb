package integrations

import (
	"context"
	"net/http"
	"time"
)

// Integration is one institution variant.
type Integration interface {
	// Institution returns the institution's metadata.
	Institution() Institution
	// StartLogin begins a login with one of the institution's auth methods.
	// It fails with ErrNotSupported for a method the institution lacks.
	StartLogin(ctx context.Context, req LoginRequest) (Login, error)
	// NewClient builds a client from a grant. When the client refreshes or
	// rotates the grant it calls save with the new one, and uses the new
	// grant only after save returned nil.
	NewClient(ctx context.Context, g Grant, env Env, save SaveFunc) (Client, error)
}

// SaveFunc persists a refreshed or rotated grant.
type SaveFunc func(ctx context.Context, g Grant) error

// Client reads an institution's data for one login. Every method may return
// one of the documented errors; ErrReauthRequired means the grant is dead.
type Client interface {
	Accounts(ctx context.Context) ([]Account, error)
	Balances(ctx context.Context, accountID string) ([]Balance, error)
	Positions(ctx context.Context, accountID string) ([]Position, error)
	// Activities returns the account's activities on or after since.
	Activities(ctx context.Context, accountID string, since time.Time) ([]Activity, error)
}

// Env is what an integration is given to talk to its institution.
type Env struct {
	// HTTP is the client for this institution: timeouts, its rate limiter,
	// retries and response limits (see package httpx). Never nil when the
	// registry built the Env.
	HTTP *http.Client
	// Endpoints are the resolved base URLs by name: the institution's
	// defaults with any override applied.
	Endpoints map[string]string
	// App is the user's app registration for this institution, nil if none.
	App *AppRegistration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// URL returns the base URL of the named endpoint.
func (e Env) URL(name string) string { return e.Endpoints[name] }

// Time returns the current time by e.Now, or time.Now.
func (e Env) Time() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Client returns e.HTTP, or a client with a timeout that follows no
// redirect when it is nil.
func (e Env) Client() *http.Client {
	if e.HTTP != nil {
		return e.HTTP
	}
	// Without the registry's client (tests, tools), follow no redirect at
	// all: the policy that strips credentials lives in httpx, which this
	// package cannot import.
	return &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// Browser opens a URL in the user's browser. The app opens every BrowserStep's
// URL through it; production passes the system browser, tests pass a fake
// that plays the user.
type Browser interface {
	OpenURL(ctx context.Context, u string) error
}

// HistoryWalker is implemented by clients that read history in windows or
// pages (a 90-day window per call, a page token). The app keeps the walk's
// cursor in the vault with the data, so a walk longer than one rate-limit
// budget resumes where it stopped, across retries and across syncs.
type HistoryWalker interface {
	// WalkActivities reads the account's activities on or after since,
	// starting at cursor ("" starts a new walk). After each window it calls
	// page with that window's activities and the cursor to resume from after
	// it ("" when the walk is complete). A page error ends the walk with it.
	WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
		page func(acts []Activity, next string) error) error
}

// ActivitiesReacher is implemented by clients whose Activities reach back
// less far than the since they are asked for: India's brokers list only
// the day's trade book, so yesterday's fills are gone from the answer but
// not from the account's history. ActivitiesReach is the first day an
// answer for since covers; the app replaces the activities it keeps only
// from that day on, and adds the older rows an answer carries by id.
type ActivitiesReacher interface {
	ActivitiesReach(since time.Time) Date
}

// ExtraAction is an action an integration offers on its connections beyond
// the contract, such as the demo brokerage's "revoke access".
type ExtraAction struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Help  string `json:"help,omitempty"`
	// Destructive actions are confirmed before they run.
	Destructive bool `json:"destructive,omitempty"`
}

// Actioner is implemented by integrations that offer ExtraActions.
type Actioner interface {
	ExtraActions() []ExtraAction
	// RunAction runs the action with the given id on a connection's grant.
	RunAction(ctx context.Context, id string, g Grant, env Env) error
}

// Remover is implemented by integrations whose grant can be removed at the
// institution or bridge too (a SnapTrade authorization), offered when the
// user removes the connection.
type Remover interface {
	Remove(ctx context.Context, g Grant, env Env) error
}

// Variants is an institution package's New: its variants (live and paper,
// regions), in order, as the list a Registry takes. Its type parameter
// checks when the package compiles that the package's type is an
// Integration.
func Variants[T Integration](vs ...T) []Integration {
	out := make([]Integration, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
