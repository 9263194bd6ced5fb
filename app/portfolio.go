package app

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Documented errors of the portfolio computations.
var (
	// ErrNoReturn: a return cannot be computed from the data given (no
	// capital at any point, no sign change of the flows, no convergence).
	ErrNoReturn = errors.New("no return can be computed from these values")
)

// Rates are the kept exchange rates: units of each currency per euro, as
// the ECB publishes them, with their reference date.
type Rates struct {
	Source    string            `json:"source"`
	Date      integrations.Date `json:"date"`
	FetchedAt time.Time         `json:"fetched_at,omitzero"`
	// PerEUR maps a currency to how many units of it one euro buys (EUR
	// itself is 1 and may be absent).
	PerEUR map[string]decimal.Decimal `json:"per_eur"`
}

// Rate is how many units of to one unit of from is worth, through the
// euro; false when either currency has no rate.
func (r Rates) Rate(from, to string) (decimal.Decimal, bool) {
	if from == to {
		return decimal.NewFromInt(1), true
	}
	f, ok1 := r.perEUR(from)
	t, ok2 := r.perEUR(to)
	if !ok1 || !ok2 || f.IsZero() {
		return decimal.Decimal{}, false
	}
	return t.DivRound(f, rateScale), true
}

// Convert converts amount from one currency to another through the euro;
// false (and amount unchanged) when either currency has no rate.
func (r Rates) Convert(amount decimal.Decimal, from, to string) (decimal.Decimal, bool) {
	if from == to {
		return amount, true
	}
	f, ok1 := r.perEUR(from)
	t, ok2 := r.perEUR(to)
	if !ok1 || !ok2 || f.IsZero() {
		return amount, false
	}
	// amount / f * t, dividing last to keep precision.
	return amount.Mul(t).DivRound(f, rateScale), true
}

// rateScale is the decimal places kept by a division in a conversion.
const rateScale = 12

func (r Rates) perEUR(c string) (decimal.Decimal, bool) {
	if c == "EUR" {
		return decimal.NewFromInt(1), true
	}
	v, ok := r.PerEUR[c]
	return v, ok
}

// DayValue is one day of an account (or a total) for TWR: the value at the
// end of the day, with that day's net flow already in it.
type DayValue struct {
	Date  integrations.Date
	Value decimal.Decimal
	// Flow is money put in (positive) or taken out (negative) that day.
	Flow decimal.Decimal
}

// Flow is a dated cash flow for XIRR: money the investor puts in is
// negative, money received (and the final value) positive, as in a
// spreadsheet's XIRR.
type Flow struct {
	Date   integrations.Date
	Amount decimal.Decimal
}

// Rates returns the kept exchange rates; zero Rates (no PerEUR) when none
// have been fetched yet.
func (a *App) Rates(ctx context.Context) (Rates, error) {
	return a.rates(ctx)
}

// RefreshRates fetches the reference rates through the registry's rate
// service when the kept ones are older than a day (or force is set), keeps
// them in the vault and returns them. Without a rate service it returns the
// kept rates. App.Refresh calls it.
//
// On failure it returns the kept rates with the error (the ECB's answer
// mapped onto the contract's errors): conversion goes on with them.
func (a *App) RefreshRates(ctx context.Context, force bool) (Rates, error) {
	return a.refreshRates(ctx, force)
}

// Currencies lists the currency codes the kept rates cover (EUR included),
// sorted.
func (a *App) Currencies(ctx context.Context) ([]string, error) {
	r, err := a.Rates(ctx)
	if err != nil {
		return nil, err
	}
	return r.currencies(), nil
}

// Currencies lists the codes the rates cover (EUR included), sorted; empty
// when there are none.
func (r Rates) Currencies() []string {
	if len(r.PerEUR) == 0 {
		return []string{}
	}
	return r.currencies()
}

func (r Rates) currencies() []string {
	out := []string{"EUR"}
	for c := range r.PerEUR {
		if c != "EUR" {
			out = append(out, c)
		}
	}
	sortStrings(out)
	return out
}

// Overview computes the whole portfolio at a glance.
func (a *App) Overview(ctx context.Context, opts OverviewOptions) (Overview, error) {
	return a.overview(ctx, opts)
}

// ConnectionTotals returns, per connection id, its account count and its
// value in the currency given ("" = App.BaseCurrency).
func (a *App) ConnectionTotals(ctx context.Context, currency string) (map[string]ConnectionTotal, error) {
	return a.connectionTotals(ctx, currency)
}

// MergedHoldings returns every instrument held, merged across accounts,
// largest first, valued in the currency given ("" = App.BaseCurrency).
func (a *App) MergedHoldings(ctx context.Context, currency string) ([]MergedHolding, error) {
	return a.mergedHoldings(ctx, currency)
}

// ValueHistory returns the daily value series of one account or of all.
func (a *App) ValueHistory(ctx context.Context, q HistoryQuery) (ValueSeries, error) {
	return a.valueHistory(ctx, q)
}

// Performance returns the time- and money-weighted returns of one account
// or of every account and the total, over a period.
func (a *App) Performance(ctx context.Context, q PerformanceQuery) (Performance, error) {
	return a.performance(ctx, q)
}

// Income returns dividends and interest per calendar month for the last
// months months (0 = 12), the current one included, in currency ("" =
// App.BaseCurrency).
func (a *App) Income(ctx context.Context, currency string, months int) (Income, error) {
	return a.income(ctx, currency, months)
}

// Snapshots returns the daily snapshots of one account (ref "" = all)
// between since and until inclusive ("" = no bound), by account then date.
func (a *App) Snapshots(ctx context.Context, accountRef string, since, until integrations.Date) ([]Snapshot, error) {
	return a.snapshots(ctx, accountRef, since, until)
}
