package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

// The portfolio benchmarks (issue 16): the overview of 100 connections,
// 300 accounts, 10,000 holdings and five years of daily snapshots; and how
// much a year of daily snapshots of 300 accounts grows the vault.

const (
	benchConns    = 100
	benchAccounts = 3 // per connection: 300
	benchHoldings = 10_000
	benchYears    = 5
)

var benchCurrencies = []string{"USD", "CAD", "EUR", "GBP", "CHF", "JPY"}

// benchPortfolio is an app over a vault holding the benchmark's portfolio,
// written as the sync writes it (connections, cached accounts, portfolio
// summaries and yearly archives, and five years of ECB-shaped rates).
func benchPortfolio(b *testing.B, now time.Time) *App {
	b.Helper()
	ctx := context.Background()
	v := apptest.Vault(b, "")
	reg, err := integrations.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	a := New(Options{Vault: v, Registry: reg, Now: func() time.Time { return now }})
	today := epochDay(integrations.DateOf(now))
	first := today - int32(benchYears*365)
	holdingsLeft := benchHoldings
	for ci := range benchConns {
		c := Connection{ID: fmt.Sprintf("conn-%03d", ci), InstitutionID: "bench", Label: fmt.Sprintf("Broker %d", ci),
			Type: TypeRead, CreatedAt: now.AddDate(-benchYears, 0, 0),
			Sync: map[string]SyncState{DataHoldings: {LastSuccess: now}, DataTransactions: {LastSuccess: now}}}
		s := &pfSummary{Cutoff: cutoffFor(today)}
		archives := map[int]pfArchive{}
		for ai := range benchAccounts {
			cur := benchCurrencies[(ci+ai)%len(benchCurrencies)]
			pa := &pfAccount{Key: accountKey(c.ID, fmt.Sprint(ai)), Name: fmt.Sprintf("Account %d", ai), Number: "••••1234",
				Currency: cur, Category: integrations.CategoryInvestment, Built: true}
			c.AccountIDs = append(c.AccountIDs, fmt.Sprint(ai))
			n := holdingsLeft / (benchConns*benchAccounts - ci*benchAccounts - ai)
			holdingsLeft -= n
			total := decimal.NewFromInt(5000)
			for hi := range n {
				v := decimal.New(int64(100_000+hi*37), -2)
				total = total.Add(v)
				pa.Holdings = append(pa.Holdings, pfHolding{Symbol: integrations.Symbol{Ticker: fmt.Sprintf("SYM%03d", hi%400),
					Description: "Bench security", Type: integrations.SecurityETF, Exchange: "XNAS", Currency: cur,
					ISIN: fmt.Sprintf("US%09d%01d", hi%400, hi%10)}, Units: decimal.NewFromInt(int64(10 + hi%50)), Value: v, Currency: cur})
			}
			pa.Balances = []integrations.Balance{{Currency: cur, Cash: decimal.NewFromInt(5000), Total: total}}
			// Monthly contributions and income over the years.
			for m := range benchYears * 12 {
				day := first + int32(m*30)
				pa.Flows = append(pa.Flows, pfFlow{Day: day, Currency: cur, Amount: decimal.NewFromInt(500)})
				pa.Income = append(pa.Income, pfIncome{Month: monthOf(dayDate(day)), Currency: cur,
					Dividends: decimal.New(4321, -2), Interest: decimal.New(512, -2)})
			}
			// Daily snapshots: the summary keeps the recent ones, the
			// archives the rest.
			recent := &pfSeries{Currency: cur, Scale: 2}
			old := &pfSeries{Currency: cur, Scale: 2}
			contrib := int64(0)
			for d := first; d <= today; d++ {
				if (d-first)%30 == 0 {
					contrib += 50_000
				}
				r := pfRow{Day: d, Value: 10_000_000 + int64(d-first)*1_000 + int64(d%7)*3_000, Cash: 500_000, Contrib: contrib}
				if d < s.Cutoff {
					old.Rows = append(old.Rows, r)
				} else {
					recent.Rows = append(recent.Rows, r)
				}
			}
			recent.Rows = append([]pfRow{old.Rows[len(old.Rows)-1]}, recent.Rows...)
			pa.Series = []*pfSeries{recent}
			for _, r := range old.Rows {
				y := time.Unix(int64(r.Day)*86400, 0).UTC().Year()
				if archives[y] == nil {
					archives[y] = pfArchive{}
				}
				as := findSeries(archives[y], pa.Key, cur)
				as.Scale = 2
				as.Rows = append(as.Rows, r)
			}
			s.Accounts = append(s.Accounts, pa)
		}
		err := v.Update(ctx, func(tx *vault.Tx) error {
			if err := txPutJSON(tx, bucketConnections, c.ID, c); err != nil {
				return err
			}
			for y, arc := range archives {
				if err := txPutRaw(tx, portfolioBucket(c.ID), archiveKey(y), encodeArchive(arc)); err != nil {
					return err
				}
			}
			return txPutRaw(tx, portfolioBucket(c.ID), keySummary, encodeSummary(s))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// Rates: the ECB's ~30 currencies on every working day.
	var days []integrations.RateTable
	for d := first - 7; d <= today; d++ {
		t := time.Unix(int64(d)*86400, 0).UTC()
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			continue
		}
		rt := integrations.RateTable{Date: integrations.DateOf(t), Base: "EUR", Rates: map[string]decimal.Decimal{}}
		for i, c := range []string{"USD", "JPY", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "TRY",
			"AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR"} {
			rt.Rates[c] = decimal.New(int64(10_000+i*997+int(d%13)), -4)
		}
		days = append(days, rt)
	}
	err = v.Update(ctx, func(tx *vault.Tx) error {
		if err := putRateDays(tx, days); err != nil {
			return err
		}
		last := days[len(days)-1]
		st := storedRates{Source: "ECB", Date: last.Date, FetchedAt: now, PerEUR: map[string]string{}}
		for c, r := range last.Rates {
			st.PerEUR[c] = r.String()
		}
		return txPutJSON(tx, bucketRates, keyLatest, st)
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.SetPreferences(ctx, Preferences{BaseCurrency: "EUR"}); err != nil {
		b.Fatal(err)
	}
	return a
}

var benchNow = time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)

// BenchmarkOverview computes the overview of 100 connections, 300
// accounts, 10,000 holdings and 5 years of daily snapshots, for the
// default period (1 year; the changes need a year too). Target: ≤ 50 ms.
func BenchmarkOverview(b *testing.B) {
	benchOverview(b, Period1Y, func(ov Overview) {
		if len(ov.Accounts) != benchConns*benchAccounts || len(ov.History.Points) < 365 {
			b.Fatalf("overview of %d accounts, %d points", len(ov.Accounts), len(ov.History.Points))
		}
	})
}

// BenchmarkOverviewAll is the overview with the whole five years charted
// (every archive read).
func BenchmarkOverviewAll(b *testing.B) {
	benchOverview(b, PeriodAll, func(ov Overview) {
		if len(ov.History.Points) < benchYears*365 {
			b.Fatalf("%d points", len(ov.History.Points))
		}
	})
}

// benchOverview times the bench portfolio's overview for a period, check
// failing a wrong one.
func benchOverview(b *testing.B, per Period, check func(Overview)) {
	a := benchPortfolio(b, benchNow)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		ov, err := a.Overview(ctx, OverviewOptions{Period: per})
		if err != nil {
			b.Fatal(err)
		}
		check(ov)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/overview")
}

// BenchmarkConnectionTotals is what the connection list's rows ask for.
func BenchmarkConnectionTotals(b *testing.B) {
	a := benchPortfolio(b, benchNow)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := a.ConnectionTotals(ctx, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotGrowth measures how much a year of daily snapshots of
// 300 accounts grows the vault: 100 connections of 3 accounts (each with its
// holdings) are synced once a day for a year, each day writing every
// connection's day as the sync does (updatePortfolio), and the file's size
// is compared with its size after the first day. Target: ≤ 10 MB a year.
func BenchmarkSnapshotGrowth(b *testing.B) {
	for range b.N {
		ctx := context.Background()
		path := filepath.Join(b.TempDir(), "vault.db")
		v, _, err := vault.Create(ctx, path, []byte("bench password"), vault.CreateOptions{InsecureTestKDF: true})
		if err != nil {
			b.Fatal(err)
		}
		reg, _ := integrations.NewRegistry()
		day := benchNow.AddDate(-1, 0, 0)
		a := New(Options{Vault: v, Registry: reg, Now: func() time.Time { return day }})
		conns := make([]Connection, benchConns)
		accts := make([]integrations.Account, benchAccounts)
		pos := make([][]integrations.Position, benchAccounts)
		for i := range accts {
			accts[i] = integrations.Account{ID: fmt.Sprint(i), Name: fmt.Sprintf("Account %d", i), Currency: "USD"}
			for h := range benchHoldings / (benchConns * benchAccounts) {
				pos[i] = append(pos[i], integrations.Position{Symbol: integrations.Symbol{Ticker: fmt.Sprintf("S%02d", h), Type: integrations.SecurityEquity, Currency: "USD"},
					Units: decimal.NewFromInt(10), MarketValue: decimal.New(int64(100_000+h), -2), Currency: "USD"})
			}
		}
		for i := range conns {
			conns[i] = Connection{ID: fmt.Sprintf("conn-%03d", i), InstitutionID: "bench", Label: "B", AccountIDs: []string{"0", "1", "2"}}
		}
		size := func() int64 {
			st, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			return st.Size()
		}
		var start int64
		for d := 0; d <= 365; d++ {
			err := v.Update(ctx, func(tx *vault.Tx) error {
				for ci := range conns {
					c := &conns[ci]
					if d == 0 {
						if err := txPutJSON(tx, bucketConnections, c.ID, c); err != nil {
							return err
						}
					}
					u := pfUpdate{day: epochDay(integrations.DateOf(day)), accounts: accts, listed: true,
						balances: map[string][]integrations.Balance{}, positions: map[string][]integrations.Position{}}
					for ai, acct := range accts {
						total := decimal.New(int64(10_000_000+d*1_000+ci*10+ai), -2)
						u.balances[acct.ID] = []integrations.Balance{{Currency: "USD", Cash: decimal.New(int64(500_000+d%30), -2), Total: total}}
						if d == 0 || d%30 == 0 {
							u.positions[acct.ID] = pos[ai]
						}
					}
					if err := a.updatePortfolio(tx, c, u); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if d == 0 {
				start = size()
			}
			day = day.AddDate(0, 0, 1)
		}
		growth := size() - start
		v.Close()
		b.ReportMetric(float64(growth)/1e6, "MB/year")
	}
}
