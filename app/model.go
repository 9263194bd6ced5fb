package app

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ConnectionType says what Latchkey may do with a connection.
type ConnectionType string

// Connection types. Latchkey reads; "trade" is reserved for connections whose
// grant allows trading.
const (
	TypeRead  ConnectionType = "read"
	TypeTrade ConnectionType = "trade"
)

// Data sets a connection syncs.
const (
	DataHoldings     = "holdings"     // accounts, balances, positions
	DataTransactions = "transactions" // activities
)

// SyncState records the last attempt, success and error of one data set.
type SyncState struct {
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"` // an integrations.Code, e.g. UNAVAILABLE
	// LastErrorText is the user-safe message for LastError.
	LastErrorText string `json:"last_error_text,omitempty"`
	// Partial is set when the last successful sync read the data set only in
	// part (some accounts or prices could not be read; their last known data
	// is kept): a user-safe reason.
	Partial string `json:"partial,omitempty"`
	// Revision is, for activities, the integration's HistoryRevision the
	// last successful sync read under (see integrations.Institution).
	Revision int `json:"revision,omitempty"`
	// RevisionTries counts the whole-history reads under a newer revision
	// that ended partial (the revision counts as read after a few).
	RevisionTries int `json:"revision_tries,omitempty"`
	// HeldSince is, for activities, where the last read left partial began
	// (zero: the whole history), and HeldRuns how many partial reads in a
	// row hold it: the next read starts there instead of at LastSuccess
	// less the overlap, so what was missed is asked for again.
	HeldSince time.Time `json:"held_since,omitzero"`
	HeldRuns  int       `json:"held_runs,omitempty"`
}

// Failed reports whether the last attempt failed.
func (s SyncState) Failed() bool { return s.LastError != "" }

// Connection is one login at one institution. Its ID is stable for its whole
// life, repairs included.
type Connection struct {
	ID            string                `json:"id"`
	InstitutionID string                `json:"institution"`
	Label         string                `json:"label"`
	Type          ConnectionType        `json:"type"`
	Method        integrations.AuthKind `json:"method"`
	CreatedAt     time.Time             `json:"created_at"`
	// Fingerprint identifies the institution-side login; a repair must match it.
	Fingerprint string `json:"fingerprint"`
	// ExpiresAt is when the grant ends and the user must log in again; zero if unknown.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// DisabledAt and DisabledReason are set while the institution refuses the grant.
	DisabledAt     time.Time `json:"disabled_at,omitzero"`
	DisabledReason string    `json:"disabled_reason,omitempty"`
	// RepairedAt is when the user last repaired the connection: sync
	// attempts before it do not count against a request budget
	// (Institution.MinSyncInterval), so a repaired connection syncs at once.
	RepairedAt time.Time `json:"repaired_at,omitzero"`
	// Sync holds the state per data set (DataHoldings, DataTransactions).
	Sync map[string]SyncState `json:"last_sync"`
	// AccountIDs are the institution account ids last seen.
	AccountIDs []string `json:"account_ids"`
	// LoginHint is a masked hint of the login's user name
	// (integrations.MaskLogin: "j•••@example.com"), shown on the connection's
	// row and in its repair form. Never the full value.
	LoginHint string `json:"login_hint,omitempty"`
	// DataAsOf, for a connection fed by statement files, is the date of the
	// newest statement imported: its status follows it (expiring once it is
	// older than the institution's StaleAfter).
	DataAsOf time.Time `json:"data_as_of,omitzero"`
	// Name and Monogram, for a connection through a bridge, name what it
	// reaches ("Webull Canada") instead of the bridge.
	Name     string `json:"name,omitempty"`
	Monogram string `json:"monogram,omitempty"`
}

// Disabled reports whether the connection needs a repair.
func (c Connection) Disabled() bool { return !c.DisabledAt.IsZero() }

// LastSuccess is the latest successful sync of any data set, zero if none.
func (c Connection) LastSuccess() time.Time {
	var t time.Time
	for _, s := range c.Sync {
		if s.LastSuccess.After(t) {
			t = s.LastSuccess
		}
	}
	return t
}

// Status is a connection's derived state.
type Status string

// Statuses.
const (
	StatusActive   Status = "active"
	StatusSyncing  Status = "syncing"
	StatusExpiring Status = "expiring" // active, but the grant ends within ExpiringWithin
	StatusError    Status = "error"    // the last sync failed for a transient reason
	StatusDisabled Status = "disabled" // the institution refuses the grant: repair
)

// ExpiringWithin is how close a grant's end must be for StatusExpiring,
// unless the institution says otherwise (Institution.ExpiringWithin).
const ExpiringWithin = 7 * 24 * time.Hour

// StatusAt derives the connection's status at now with the default
// expiring window. syncing is whether a sync of it is running.
func (c Connection) StatusAt(now time.Time, syncing bool) Status {
	return c.StatusWithin(now, syncing, ExpiringWithin)
}

// StatusWithin derives the connection's status at now, showing it as
// expiring within the given window of its grant's end (negative: never).
func (c Connection) StatusWithin(now time.Time, syncing bool, within time.Duration) Status {
	switch {
	case c.Disabled():
		return StatusDisabled
	case !c.ExpiresAt.IsZero() && !now.Before(c.ExpiresAt):
		// The grant has ended even if no sync has noticed yet.
		return StatusDisabled
	case syncing:
		return StatusSyncing
	}
	for _, s := range c.Sync {
		if s.Failed() {
			return StatusError
		}
	}
	if !c.ExpiresAt.IsZero() && within >= 0 && c.ExpiresAt.Sub(now) <= within {
		return StatusExpiring
	}
	return StatusActive
}

// Stale reports whether the connection's cached data should be shown as
// possibly out of date: disabled, failing, or not synced for maxAge.
func (c Connection) Stale(now time.Time, maxAge time.Duration) bool {
	st := c.StatusWithin(now, false, -1)
	if st == StatusDisabled || st == StatusError {
		return true
	}
	last := c.LastSuccess()
	return last.IsZero() || now.Sub(last) > maxAge
}

// EventType names a portal or connection event.
type EventType string

// Event types.
const (
	EventSessionStarted       EventType = "SESSION_STARTED"
	EventInstitutionSelected  EventType = "INSTITUTION_SELECTED"
	EventOAuthRedirect        EventType = "OAUTH_REDIRECT"
	EventOAuthCallback        EventType = "OAUTH_CALLBACK"
	EventCredentialsSubmitted EventType = "CREDENTIALS_SUBMITTED"
	EventMFARequested         EventType = "MFA_REQUESTED"
	EventMFASubmitted         EventType = "MFA_SUBMITTED"
	EventConnectionSuccessful EventType = "CONNECTION_SUCCESSFUL"
	EventConnectionFailed     EventType = "CONNECTION_FAILED"
	EventReconnectStarted     EventType = "RECONNECT_STARTED"
	EventConnectionDisabled   EventType = "CONNECTION_DISABLED"
	EventConnectionRepaired   EventType = "CONNECTION_REPAIRED"
	EventAbandoned            EventType = "ABANDONED"
)

// Event is one entry of a connection's history. It never holds a secret.
type Event struct {
	Time          time.Time `json:"time"`
	Type          EventType `json:"type"`
	SessionID     string    `json:"session_id,omitempty"`
	InstitutionID string    `json:"institution,omitempty"`
	Method        string    `json:"method,omitempty"`
	// Code is an integrations.Code for failures, or the MFA kind for MFA events.
	Code   string `json:"code,omitempty"`
	Detail string `json:"detail,omitempty"` // user-safe text
}

// Preferences are the user's non-secret settings, kept in the vault.
type Preferences struct {
	AutoLockMinutes        int `json:"auto_lock_minutes"`        // 0: never
	RefreshIntervalMinutes int `json:"refresh_interval_minutes"` // 0: never in the background
	// BaseCurrency is the ISO 4217 code totals are shown in; "" until the
	// user chooses one (App.BaseCurrency then follows the locale).
	BaseCurrency string `json:"base_currency,omitempty"`
}

// DefaultPreferences are used until the user changes them.
var DefaultPreferences = Preferences{AutoLockMinutes: 15, RefreshIntervalMinutes: 60}
