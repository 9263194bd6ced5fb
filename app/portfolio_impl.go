package app

import (
	"context"
	"sort"

	"github.com/latchkey/latchkey/integrations"
)

func sortStrings(s []string) { sort.Strings(s) }

func (a *App) resolveCurrency(ctx context.Context, c string) (string, error) {
	if c == "" {
		return a.BaseCurrency(ctx)
	}
	return CurrencyCode(c)
}

func (a *App) overview(ctx context.Context, opts OverviewOptions) (Overview, error) {
	cur, err := a.resolveCurrency(ctx, opts.Currency)
	if err != nil {
		return Overview{}, err
	}
	return Overview{Currency: cur, AsOf: a.Now()}, nil
}

func (a *App) connectionTotals(ctx context.Context, currency string) (map[string]ConnectionTotal, error) {
	return map[string]ConnectionTotal{}, nil
}

func (a *App) mergedHoldings(ctx context.Context, currency string) ([]MergedHolding, error) {
	return nil, nil
}

func (a *App) valueHistory(ctx context.Context, q HistoryQuery) (ValueSeries, error) {
	cur, err := a.resolveCurrency(ctx, q.Currency)
	return ValueSeries{Currency: cur, Period: q.Period}, err
}

func (a *App) performance(ctx context.Context, q PerformanceQuery) (Performance, error) {
	cur, err := a.resolveCurrency(ctx, q.Currency)
	return Performance{Currency: cur, Period: q.Period}, err
}

func (a *App) income(ctx context.Context, currency string, months int) (Income, error) {
	cur, err := a.resolveCurrency(ctx, currency)
	return Income{Currency: cur}, err
}

func (a *App) snapshots(ctx context.Context, accountRef string, since, until integrations.Date) ([]Snapshot, error) {
	return nil, nil
}
