package app

// The portfolio at a glance (issue 16): totals in one currency, allocation,
// holdings merged across accounts, daily value snapshots, performance and
// income. Everything here works offline from what the vault keeps.
//
// # API (for front ends; stable — changes are named in commit messages)
//
// Currency
//
//   - Preferences.BaseCurrency is the user's base currency ("" until chosen);
//     App.BaseCurrency resolves it (the preference, else DefaultBaseCurrency
//     from the locale: LC_ALL / LC_MONETARY / LANG region → its currency,
//     else USD).
//   - App.Rates returns the exchange rates kept in the vault (ECB reference
//     rates, per EUR, with their reference date); App.RefreshRates fetches
//     them through the registry's rate service (integrations.RateSource) at
//     most once a day unless forced. App.Refresh calls it with the sync.
//     App.Currencies lists the codes the kept rates cover (for a picker).
//   - Rates.Convert converts through EUR crosses, in decimals. An amount in a
//     currency without a rate is never dropped or counted as zero: a Value
//     keeps it apart in Value.Unconverted, and the front end shows it as is,
//     flagged.
//
// Overview (one call for the whole screen)
//
//   - App.Overview(ctx, OverviewOptions{Currency, Period, Top}) returns net
//     worth (Value), its changes (1D, 1M, YTD, 1Y where history reaches), the
//     stale notes, per-connection and per-account totals, the allocation (by
//     asset type, account, institution, currency), the top merged holdings,
//     the value series and the performance for Period, and monthly income.
//   - App.ConnectionTotals: account count and total value per connection id,
//     for the connection list's rows (cheap: balances only).
//
// The parts on their own (the CLI's commands)
//
//   - App.MergedHoldings: every instrument across accounts, merged by ISIN,
//     else CUSIP, else exchange + ticker, with where it is held.
//   - App.ValueHistory(HistoryQuery{Period, AccountRef, Currency}): the daily
//     series (value, cash, net contributions) in one currency, from the
//     snapshots, each day converted at that day's rates.
//   - App.Performance(PerformanceQuery{...}): time-weighted return (daily
//     linked) and money-weighted return (XIRR, annualised) per account and in
//     total for the period. TWR and XIRR are also exported as pure functions.
//   - App.Income(ctx, currency, months): dividends and interest per month.
//   - App.Snapshots: the raw daily snapshots of one account or all.
//
// Snapshots are written by the sync (and by a statement import): one per
// account, per balance currency, per day (a later sync the same day
// replaces it), kept encrypted in the vault in one record per account and
// year, removed with their connection (DisconnectText says so). An
// integration whose client implements integrations.ValueHistorian (the
// demo) back-fills the days before the first sync.
//
// Amounts are decimals (JSON strings). Ratios (weights, returns, changes)
// are fractions: 0.05 is 5 %.

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Period names a span of history that ends today.
type Period string

// Periods. The value chart offers ChartPeriods; the overview's changes are
// measured over ChangePeriods.
const (
	Period1D  Period = "1d"
	Period1M  Period = "1m"
	Period3M  Period = "3m"
	PeriodYTD Period = "ytd"
	Period1Y  Period = "1y"
	Period5Y  Period = "5y"
	PeriodAll Period = "all"
)

// ChartPeriods are the periods the value chart and performance offer.
var ChartPeriods = []Period{Period1M, Period3M, PeriodYTD, Period1Y, Period5Y, PeriodAll}

// ChangePeriods are the periods over which the overview reports the change
// of net worth.
var ChangePeriods = []Period{Period1D, Period1M, PeriodYTD, Period1Y}

// ParsePeriod reads a period as the CLI takes it: 1d, 1m, 3m, ytd, 1y, 5y,
// all (any case).
func ParsePeriod(s string) (Period, error) {
	p := Period(strings.ToLower(strings.TrimSpace(s)))
	switch p {
	case Period1D, Period1M, Period3M, PeriodYTD, Period1Y, Period5Y, PeriodAll:
		return p, nil
	}
	return "", fmt.Errorf("unknown period %q: want 1d, 1m, 3m, ytd, 1y, 5y or all", s)
}

// Label is the period as a button shows it: "1M", "YTD", "All".
func (p Period) Label() string {
	switch p {
	case PeriodAll:
		return "All"
	case "":
		return ""
	}
	return strings.ToUpper(string(p))
}

// Start is the first day of the period ending on today (inclusive); "" for
// PeriodAll. YTD starts on the last day of the previous year, so the change
// over it includes the year's first day.
func (p Period) Start(today integrations.Date) integrations.Date {
	t := today.Time()
	if t.IsZero() {
		return ""
	}
	switch p {
	case Period1D:
		t = t.AddDate(0, 0, -1)
	case Period1M:
		t = t.AddDate(0, -1, 0)
	case Period3M:
		t = t.AddDate(0, -3, 0)
	case PeriodYTD:
		t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	case Period1Y:
		t = t.AddDate(-1, 0, 0)
	case Period5Y:
		t = t.AddDate(-5, 0, 0)
	default:
		return ""
	}
	return integrations.DateOf(t)
}

// Money is an amount in one currency.
type Money struct {
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
}

// Value is an amount in the base currency, with whatever could not be
// converted kept apart: Base holds only converted amounts; Unconverted holds
// one sum per currency without a rate (never counted in Base, never zero'd).
type Value struct {
	Base        decimal.Decimal `json:"base"`
	Unconverted []Money         `json:"unconverted,omitempty"`
}

// Converted reports whether every part of the value had a rate.
func (v Value) Converted() bool { return len(v.Unconverted) == 0 }

// RatesInfo says which exchange rates a result used.
type RatesInfo struct {
	Source string `json:"source,omitempty"` // "ECB" when the ECB's rates are kept
	// Date is the reference day of the newest rates ("" when none are kept).
	Date integrations.Date `json:"date,omitempty"`
	// FetchedAt is when they were fetched.
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// Missing lists the currencies met that have no rate (their amounts are
	// in Value.Unconverted).
	Missing []string `json:"missing,omitempty"`
	// Institution lists the currencies converted, for some account, with
	// the rate its institution reported (preferred over the ECB's).
	Institution []string `json:"institution,omitempty"`
}

// OverviewOptions choose what App.Overview computes.
type OverviewOptions struct {
	// Currency is the base currency; "" means App.BaseCurrency.
	Currency string
	// Period is the span of the value series and the performance; "" = 1y.
	Period Period
	// Top is how many merged holdings to return; 0 = 10, negative = all.
	Top int
}

// Overview is the whole portfolio at a glance.
type Overview struct {
	Currency string    `json:"currency"`
	AsOf     time.Time `json:"as_of"` // when it was computed
	Rates    RatesInfo `json:"rates"`
	// NetWorth is every account's last known value.
	NetWorth Value `json:"net_worth"`
	// Changes are the changes of net worth over ChangePeriods, as far as
	// the snapshots reach.
	Changes []Change `json:"changes"`
	// Stale notes the connections counted at their last known value
	// (disabled, failing, or not synced recently).
	Stale       []StaleNote       `json:"stale,omitempty"`
	Connections []ConnectionTotal `json:"connections"`
	Accounts    []AccountTotal    `json:"accounts"`
	Allocation  Allocation        `json:"allocation"`
	// TopHoldings are the largest merged holdings (OverviewOptions.Top).
	TopHoldings []MergedHolding `json:"top_holdings"`
	// History is the value series over Period.
	History     ValueSeries `json:"history"`
	Performance Performance `json:"performance"`
	Income      Income      `json:"income"`
	// Duplicates are the accounts reached by more than one connection
	// (a bridge and a direct login, say): each is counted once, in the
	// account its Counted names, everywhere above but the connections'
	// own totals. The user may count another (App.CountDuplicate).
	Duplicates []DuplicateGroup `json:"duplicates,omitempty"`
}

// Change is how net worth moved over a period.
type Change struct {
	Period Period `json:"period"`
	// Available is false when the snapshots do not reach back to Since.
	Available bool              `json:"available"`
	Since     integrations.Date `json:"since,omitempty"` // the day compared with
	// Amount is now minus then, in the base currency, less the first value
	// of each account that arrived since (a connection added, an account
	// opened): that was not gained.
	Amount decimal.Decimal `json:"amount"`
	// Relative is Amount over the value then (0.05 = +5 %); null when the
	// value then was zero.
	Relative decimal.NullDecimal `json:"relative"`
}

// StaleNote is one connection counted at its last known value.
type StaleNote struct {
	ConnectionID string    `json:"connection"`
	Label        string    `json:"label"`
	Status       Status    `json:"status"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	Accounts     int       `json:"accounts"`
	Value        Value     `json:"value"`
}

// ConnectionTotal is what one connection holds.
type ConnectionTotal struct {
	ConnectionID string `json:"connection"`
	Accounts     int    `json:"accounts"`
	Value        Value  `json:"value"`
	// Currency is the currency Value.Base is in.
	Currency string `json:"currency"`
	Stale    bool   `json:"stale"`
}

// AccountTotal is one account's value.
type AccountTotal struct {
	Ref          string `json:"id"`
	ConnectionID string `json:"connection"`
	Name         string `json:"name"`
	Number       string `json:"number,omitempty"` // masked
	Institution  string `json:"institution"`      // display name
	// Native are the account's balance totals, one per currency.
	Native []Money `json:"native"`
	Value  Value   `json:"value"`
	// Weight is the share of net worth (fraction).
	Weight decimal.Decimal `json:"weight"`
	Stale  bool            `json:"stale"`
}

// Allocation is net worth split four ways. Slices are largest first.
type Allocation struct {
	ByType        []Slice `json:"by_type"`
	ByAccount     []Slice `json:"by_account"`
	ByInstitution []Slice `json:"by_institution"`
	ByCurrency    []Slice `json:"by_currency"`
}

// Asset types of the allocation (Slice.Key of Allocation.ByType): the
// security types, with cash balances as AssetCash.
const (
	AssetEquity = string(integrations.SecurityEquity)
	AssetETF    = string(integrations.SecurityETF)
	AssetFund   = string(integrations.SecurityFund)
	AssetBond   = string(integrations.SecurityBond)
	AssetCrypto = string(integrations.SecurityCrypto)
	AssetCash   = string(integrations.SecurityCash)
	AssetOption = string(integrations.SecurityOption)
	AssetOther  = string(integrations.SecurityOther)
)

// Slice is one part of an allocation.
type Slice struct {
	Key   string `json:"key"`   // asset type, account ref, institution id, currency code
	Label string `json:"label"` // what to show: "ETF", "Individual Margin", "Demo Brokerage", "CAD"
	Value Value  `json:"value"`
	// Weight is Value.Base over the converted total (fraction); a slice
	// that is wholly unconverted has weight zero and a non-empty
	// Value.Unconverted.
	Weight decimal.Decimal `json:"weight"`
}

// MergedHolding is one instrument across every account that holds it.
type MergedHolding struct {
	// Key is what merged it: "isin:US0378331005", "cusip:037833100" or
	// "sym:NASDAQ:AAPL" (exchange + ticker; the exchange may be empty).
	Key    string              `json:"key"`
	Symbol integrations.Symbol `json:"symbol"`
	Units  decimal.Decimal     `json:"units"`
	Value  Value               `json:"value"`
	// Weight is the share of net worth (fraction).
	Weight decimal.Decimal `json:"weight"`
	// PriceUnknown is set when some place holds it without a price (not
	// counted in Value).
	PriceUnknown bool           `json:"price_unknown,omitempty"`
	HeldIn       []HoldingPlace `json:"held_in"`
}

// HoldingPlace is one account's part of a merged holding.
type HoldingPlace struct {
	AccountRef   string          `json:"account"`
	ConnectionID string          `json:"connection"`
	Account      string          `json:"account_name"`
	Institution  string          `json:"institution"`
	Units        decimal.Decimal `json:"units"`
	Value        Money           `json:"value"` // market value in the position's currency
}

// HistoryQuery selects a value series.
type HistoryQuery struct {
	Period     Period // "" = 1y
	AccountRef string // "" = every account
	Currency   string // "" = App.BaseCurrency
}

// ValuePoint is one day of a value series.
type ValuePoint struct {
	Date             integrations.Date `json:"date"`
	Value            decimal.Decimal   `json:"value"`
	Cash             decimal.Decimal   `json:"cash"`
	NetContributions decimal.Decimal   `json:"net_contributions"`
	// Partial is set when some account's currency had no rate that day
	// (its amount is left out of this point).
	Partial bool `json:"partial,omitempty"`
}

// ValueSeries is a daily series in one currency, oldest first. Days without
// a snapshot carry the previous day's values forward, so every day from
// From to To is present.
type ValueSeries struct {
	Currency string            `json:"currency"`
	Period   Period            `json:"period"`
	From     integrations.Date `json:"from,omitempty"`
	To       integrations.Date `json:"to,omitempty"`
	Points   []ValuePoint      `json:"points"`
	// Unconverted lists the currencies left out of some point for want of
	// a rate.
	Unconverted []string `json:"unconverted,omitempty"`
}

// Snapshot is one account's value in one currency at the end of one day.
type Snapshot struct {
	AccountRef string            `json:"account"`
	Date       integrations.Date `json:"date"`
	Currency   string            `json:"currency"`
	Value      decimal.Decimal   `json:"value"`
	Cash       decimal.Decimal   `json:"cash"`
	// NetContributions is the running sum of contributions, withdrawals and
	// transfers in and out (positive: money put in).
	NetContributions decimal.Decimal `json:"net_contributions"`
}

// PerformanceQuery selects a performance report.
type PerformanceQuery struct {
	Period     Period // "" = 1y
	AccountRef string // "" = every account, and the total
	Currency   string // "" = App.BaseCurrency
}

// Performance is the returns of the accounts and the total over a period.
type Performance struct {
	Currency string            `json:"currency"`
	Period   Period            `json:"period"`
	From     integrations.Date `json:"from,omitempty"`
	To       integrations.Date `json:"to,omitempty"`
	Total    Return            `json:"total"`
	Accounts []Return          `json:"accounts"`
}

// Return is one account's (or the total's) performance over a period.
type Return struct {
	AccountRef string `json:"account,omitempty"` // "" for the total
	Name       string `json:"name"`
	// From and To are the days the return is measured between (an account
	// opened mid-period starts later).
	From       integrations.Date `json:"from,omitempty"`
	To         integrations.Date `json:"to,omitempty"`
	StartValue decimal.Decimal   `json:"start_value"`
	EndValue   decimal.Decimal   `json:"end_value"`
	// NetFlows is money put in less money taken out over the period.
	NetFlows decimal.Decimal `json:"net_flows"`
	// Gain is EndValue - StartValue - NetFlows.
	Gain decimal.Decimal `json:"gain"`
	// TWR is the time-weighted return over the period, daily linked
	// (fraction, not annualised); null when it cannot be computed (Note).
	TWR decimal.NullDecimal `json:"twr"`
	// XIRR is the money-weighted return, annualised (fraction); null when
	// it cannot be computed (Note).
	XIRR decimal.NullDecimal `json:"xirr"`
	// Note says why a figure is missing or partial ("no history before
	// 3 Dec", "no rate for XYZ").
	Note string `json:"note,omitempty"`
}

// IncomeMonth is one calendar month's income.
type IncomeMonth struct {
	Month     string          `json:"month"` // YYYY-MM
	Dividends decimal.Decimal `json:"dividends"`
	Interest  decimal.Decimal `json:"interest"`
	Total     decimal.Decimal `json:"total"`
}

// Income is dividends and interest by month, in one currency.
type Income struct {
	Currency string        `json:"currency"`
	Months   []IncomeMonth `json:"months"` // oldest first, every month present
	// Total is the sum over Months (the 12-month total by default).
	Total decimal.Decimal `json:"total"`
	// Unconverted is income in currencies without a rate, per currency.
	Unconverted []Money `json:"unconverted,omitempty"`
}

// DisconnectText is what a front end's confirmation says Disconnect removes
// from the vault.
const DisconnectText = "Latchkey deletes this connection's saved login, its cached balances, holdings and activity, its value history (daily snapshots) and its event history from your vault."
