package integrations

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// Service is something the app reads that is not an institution: no login,
// no connection, no grant (the European Central Bank's reference rates).
// A registry lists services beside its integrations (Registry.AddService),
// so the app finds them by capability without importing their packages.
type Service interface {
	// Info describes the service as an institution is described: ID,
	// names, Endpoints (which endpoint overrides replace by name) and its
	// documented pace. It has no auth methods.
	Info() Institution
}

// RateSource is a service that publishes daily currency reference rates.
type RateSource interface {
	Service
	// LatestRates returns the newest reference rates.
	LatestRates(ctx context.Context, env Env) (RateTable, error)
	// RateHistory returns the reference rates of every day on or after
	// since that has them, oldest first.
	RateHistory(ctx context.Context, env Env, since Date) ([]RateTable, error)
}

// RateTable is one day's reference rates: how many units of each currency
// one unit of Base buys.
type RateTable struct {
	Date  Date                       `json:"date"`
	Base  string                     `json:"base"` // e.g. "EUR"
	Rates map[string]decimal.Decimal `json:"rates"`
}

// ValueHistorian is implemented by clients that can tell an account's value
// at the end of past days (the demo brokerage derives it from its
// activity). The app back-fills its daily snapshots from it, so charts have
// history before the first sync.
type ValueHistorian interface {
	// ValueHistory returns the account's value at the end of each day on or
	// after since, up to yesterday, oldest first: one row per day and
	// currency of its balances.
	ValueHistory(ctx context.Context, accountID string, since time.Time) ([]DailyValue, error)
}

// DailyValue is an account's value in one currency at the end of a day.
type DailyValue struct {
	Date     Date            `json:"date"`
	Currency string          `json:"currency"`
	Value    decimal.Decimal `json:"value"` // cash plus market value
	Cash     decimal.Decimal `json:"cash"`
	// NetContributions is the running sum of contributions, withdrawals and
	// transfers (positive: money put in) since the account opened.
	NetContributions decimal.Decimal `json:"net_contributions"`
}
