package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/ui/numtext"
)

// The portfolio commands (issue 16): totals in one currency, merged
// holdings, performance and the value history. They work offline from the
// vault; amounts in --json are decimal strings.
func portfolioCommands() []command {
	return []command{
		summaryCommand(),
		holdingsCommand(),
		performanceCommand(),
		historyValuesCommand(),
		currencyCommand(),
		duplicatesCommand(),
	}
}

// duplicatesCommand lists the accounts that more than one connection
// reaches (a bridge and a direct login to the same brokerage account) and
// which one of each is counted in totals; --count chooses another.
func duplicatesCommand() command {
	var count string
	return command{
		name: "duplicates", summary: "accounts reached by two connections, counted once in totals; --count picks which",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&count, "count", "", "count this `account` (an id from this list) in totals instead of its duplicate")
		},
		run: func(ctx context.Context, s *session, _ []string) error {
			return s.withApp(ctx, false, func(a *app.App) error {
				groups, err := a.DuplicateAccounts(ctx)
				if err != nil {
					return err
				}
				if count != "" {
					if err := a.CountDuplicate(ctx, "", count); errors.Is(err, app.ErrNoDuplicate) {
						return usagef("--count: %v; `latchkey duplicates` lists them", err)
					} else if err != nil {
						return err
					}
					if groups, err = a.DuplicateAccounts(ctx); err != nil {
						return err
					}
				}
				labels := map[string]string{}
				conns, err := a.Connections(ctx)
				if err != nil {
					return err
				}
				for _, c := range conns {
					labels[c.ID] = c.Label
				}
				return s.out(nonNil(groups), func(w io.Writer) {
					if len(groups) == 0 {
						fmt.Fprintln(w, "No account is reached by more than one connection.")
						return
					}
					var rows [][]string
					for _, g := range groups {
						for _, v := range g.Accounts {
							mark := ""
							if v.Ref == g.Counted {
								mark = "counted"
								if g.Chosen {
									mark += " (your choice)"
								}
							}
							rows = append(rows, []string{v.Ref, clean(g.Institution), g.Number, g.Currency, clean(labels[v.ConnectionID]), mark})
						}
					}
					table(w, "ACCOUNT\tINSTITUTION\tNUMBER\tCURRENCY\tCONNECTION\tTOTALS", rows)
					fmt.Fprintln(w, "\nEach account is counted once in totals; `latchkey duplicates --count ACCOUNT` counts the other one.")
				})
			})
		},
	}
}

func currencyFlag(fs *flag.FlagSet, cur *string) {
	fs.StringVar(cur, "currency", "", "show amounts in this ISO 4217 `code` (default: the base currency)")
}

func periodFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "period", "1y", "the `period`: 1m, 3m, ytd, 1y, 5y or all")
}

func parseCurrency(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	code, err := app.CurrencyCode(c)
	if err != nil {
		return "", usagef("--currency: %v", err)
	}
	return code, nil
}

func parsePeriod(p string) (app.Period, error) {
	per, err := app.ParsePeriod(p)
	if err != nil {
		return "", usagef("--period: %v", err)
	}
	return per, nil
}

// money formats an amount with its currency: "12,345.67 EUR".
func moneyText(d decimal.Decimal, cur string) string {
	return numtext.GroupDigits(d.StringFixed(2)) + " " + cur
}

// valueText is a Value with what could not be converted, flagged.
func valueText(v app.Value, cur string) string {
	s := moneyText(v.Base, cur)
	for _, m := range v.Unconverted {
		s += " + " + moneyText(m.Amount, m.Currency) + " (no rate)"
	}
	return s
}

func pct(d decimal.Decimal) string { return d.Mul(decimal.NewFromInt(100)).StringFixed(2) + "%" }

func nullPct(d decimal.NullDecimal) string {
	if !d.Valid {
		return "—"
	}
	return pct(d.Decimal)
}

func ratesLine(r app.RatesInfo) string {
	if r.Date == "" {
		return "No exchange rates yet (they come with the next sync)."
	}
	s := fmt.Sprintf("Rates: %s of %s.", r.Source, r.Date)
	if len(r.Institution) > 0 {
		s += " The institution's own rate for " + strings.Join(r.Institution, ", ") + "."
	}
	if len(r.Missing) > 0 {
		s += " No rate for " + strings.Join(r.Missing, ", ") + ": shown unconverted."
	}
	return s
}

func sliceRows(list []app.Slice, cur string) [][]string {
	return mapped(list, func(s app.Slice) []string { return []string{s.Label, valueText(s.Value, cur), pct(s.Weight)} })
}

func summaryCommand() command {
	var cur string
	return command{
		name: "summary", readOnly: true, summary: "net worth in one currency, by account, type and currency (offline)",
		flags: func(fs *flag.FlagSet) { currencyFlag(fs, &cur) },
		run: func(ctx context.Context, s *session, _ []string) error {
			code, err := parseCurrency(cur)
			if err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				ov, err := a.Overview(ctx, app.OverviewOptions{Currency: code, Period: app.Period1Y, Top: 10})
				if err != nil {
					return err
				}
				doc := map[string]any{
					"currency": ov.Currency, "as_of": timeJSON(ov.AsOf), "rates": ov.Rates, "net_worth": ov.NetWorth,
					"changes": ov.Changes, "stale": nonNil(ov.Stale), "connections": nonNil(ov.Connections), "accounts": nonNil(ov.Accounts),
					"by_type": nonNil(ov.Allocation.ByType), "by_currency": nonNil(ov.Allocation.ByCurrency),
					"by_institution": nonNil(ov.Allocation.ByInstitution), "duplicates": nonNil(ov.Duplicates),
				}
				return s.out(doc, func(w io.Writer) {
					fmt.Fprintf(w, "Net worth: %s\n", valueText(ov.NetWorth, ov.Currency))
					var ch []string
					for _, c := range ov.Changes {
						if c.Available {
							rel := ""
							if c.Relative.Valid {
								rel = " (" + pct(c.Relative.Decimal) + ")"
							}
							ch = append(ch, fmt.Sprintf("%s %s%s", c.Period.Label(), moneyText(c.Amount, ov.Currency), rel))
						}
					}
					if len(ch) > 0 {
						fmt.Fprintln(w, "Change:", strings.Join(ch, "; "))
					}
					fmt.Fprintln(w, ratesLine(ov.Rates))
					for _, st := range ov.Stale {
						fmt.Fprintf(w, "Stale: %s (%s) counted at its last known value, %s.\n", clean(st.Label), st.Status, valueText(st.Value, ov.Currency))
					}
					for _, g := range ov.Duplicates {
						fmt.Fprintf(w, "Counted once: %s %s (%s) is reached by %d connections (see `latchkey duplicates`).\n", clean(g.Institution), g.Number, g.Currency, len(g.Accounts))
					}
					var rows [][]string
					for _, acct := range ov.Accounts {
						name := acct.Name
						if acct.Stale {
							name += " (stale)"
						}
						var native []string
						for _, m := range acct.Native {
							native = append(native, moneyText(m.Amount, m.Currency))
						}
						rows = append(rows, []string{acct.Ref, name, acct.Institution, strings.Join(native, ", "), valueText(acct.Value, ov.Currency), pct(acct.Weight)})
					}
					fmt.Fprintln(w)
					table(w, "ACCOUNT\tNAME\tINSTITUTION\tBALANCES\tVALUE\tWEIGHT", rows)
					fmt.Fprintln(w)
					table(w, "TYPE\tVALUE\tWEIGHT", sliceRows(ov.Allocation.ByType, ov.Currency))
					fmt.Fprintln(w)
					table(w, "CURRENCY\tVALUE\tWEIGHT", sliceRows(ov.Allocation.ByCurrency, ov.Currency))
				})
			})
		},
	}
}

// nonNil makes a nil slice an empty JSON array.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func holdingsCommand() command {
	var cur string
	var merged bool
	return command{
		name: "holdings", readOnly: true, summary: "holdings valued in one currency; --merged: one row per instrument across accounts (offline)",
		flags: func(fs *flag.FlagSet) {
			currencyFlag(fs, &cur)
			fs.BoolVar(&merged, "merged", false, "merge an instrument held in several accounts (by ISIN, CUSIP, else exchange and symbol)")
		},
		run: func(ctx context.Context, s *session, _ []string) error {
			code, err := parseCurrency(cur)
			if err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				hs, err := a.MergedHoldings(ctx, code)
				if err != nil {
					return err
				}
				base := code
				if base == "" {
					if base, err = a.BaseCurrency(ctx); err != nil {
						return err
					}
				}
				if !merged {
					return s.out(unmerged(hs), func(w io.Writer) {
						var rows [][]string
						for _, h := range hs {
							for _, p := range h.HeldIn {
								rows = append(rows, []string{p.AccountRef, h.Symbol.Ticker, string(h.Symbol.Type), p.Units.String(), moneyText(p.Value.Amount, p.Value.Currency)})
							}
						}
						table(w, "ACCOUNT\tSYMBOL\tTYPE\tUNITS\tVALUE", rows)
					})
				}
				return s.out(map[string]any{"currency": base, "holdings": nonNil(hs)}, func(w io.Writer) {
					var rows [][]string
					for _, h := range hs {
						var where []string
						for _, p := range h.HeldIn {
							where = append(where, p.Institution+" "+p.Account)
						}
						value := valueText(h.Value, base)
						if h.PriceUnknown {
							value += " (price unknown in part)"
						}
						rows = append(rows, []string{h.Symbol.Ticker, h.Symbol.Description, h.Units.String(), value, pct(h.Weight), strings.Join(where, "; ")})
					}
					table(w, "SYMBOL\tDESCRIPTION\tUNITS\tVALUE\tWEIGHT\tHELD IN", rows)
				})
			})
		},
	}
}

// unmerged lists every place of the merged holdings as its own row.
func unmerged(hs []app.MergedHolding) []map[string]any {
	out := []map[string]any{}
	for _, h := range hs {
		for _, p := range h.HeldIn {
			out = append(out, map[string]any{"account": p.AccountRef, "connection": p.ConnectionID, "symbol": h.Symbol,
				"units": p.Units, "value": p.Value.Amount, "currency": p.Value.Currency, "merge_key": h.Key})
		}
	}
	return out
}

// periodQuery is the flags of a command over a period: --currency,
// --period and --account.
type periodQuery struct{ cur, period, acct string }

func (q *periodQuery) flags(fs *flag.FlagSet) {
	currencyFlag(fs, &q.cur)
	periodFlag(fs, &q.period)
	fs.StringVar(&q.acct, "account", "", "only this account's `ID`")
}

// period is a periodQuery parsed.
type period struct {
	currency string
	per      app.Period
	account  string
}

func (q *periodQuery) parse() (period, error) {
	currency, err := parseCurrency(q.cur)
	if err != nil {
		return period{}, err
	}
	per, err := parsePeriod(q.period)
	if err != nil {
		return period{}, err
	}
	return period{currency, per, q.acct}, nil
}

// periodCommand is an offline command over a period: its flags parsed,
// then run with the app open.
func periodCommand(name, summary string, run func(ctx context.Context, s *session, a *app.App, q period) error) command {
	var q periodQuery
	return command{
		name: name, readOnly: true, summary: summary,
		flags: q.flags,
		run: func(ctx context.Context, s *session, _ []string) error {
			p, err := q.parse()
			if err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error { return run(ctx, s, a, p) })
		},
	}
}

func performanceCommand() command {
	return periodCommand("performance", "time-weighted (TWR) and money-weighted (XIRR) returns, per account and in total (offline)",
		func(ctx context.Context, s *session, a *app.App, q period) error {
			perf, err := a.Performance(ctx, app.PerformanceQuery{Period: q.per, AccountRef: q.account, Currency: q.currency})
			if err != nil {
				return err
			}
			perf.Accounts = nonNil(perf.Accounts)
			return s.out(perf, func(w io.Writer) {
				fmt.Fprintf(w, "Performance over %s (%s to %s), in %s. TWR is time-weighted, not annualised; XIRR is money-weighted, annualised.\n\n",
					q.per.Label(), perf.From, perf.To, perf.Currency)
				row := func(r app.Return) []string {
					return []string{r.Name, string(r.From), moneyText(r.StartValue, perf.Currency), moneyText(r.EndValue, perf.Currency),
						moneyText(r.NetFlows, perf.Currency), moneyText(r.Gain, perf.Currency), nullPct(r.TWR), nullPct(r.XIRR), r.Note}
				}
				var rows [][]string
				for _, r := range perf.Accounts {
					rows = append(rows, row(r))
				}
				if q.account == "" {
					rows = append(rows, row(perf.Total))
				}
				table(w, "ACCOUNT\tFROM\tSTART\tEND\tNET FLOWS\tGAIN\tTWR\tXIRR\tNOTE", rows)
			})
		})
}

func historyValuesCommand() command {
	return periodCommand("history-values", "the daily value series from the snapshots (offline)",
		func(ctx context.Context, s *session, a *app.App, q period) error {
			series, err := a.ValueHistory(ctx, app.HistoryQuery{Period: q.per, AccountRef: q.account, Currency: q.currency})
			if err != nil {
				return err
			}
			series.Points = nonNil(series.Points)
			return s.out(series, func(w io.Writer) {
				var rows [][]string
				for _, p := range series.Points {
					note := ""
					if p.Partial {
						note = "partial: no rate for " + strings.Join(series.Unconverted, ", ")
					}
					rows = append(rows, []string{string(p.Date), numtext.GroupDigits(p.Value.StringFixed(2)), numtext.GroupDigits(p.Cash.StringFixed(2)), numtext.GroupDigits(p.NetContributions.StringFixed(2)), note})
				}
				table(w, "DATE\tVALUE "+series.Currency+"\tCASH\tNET CONTRIBUTIONS\tNOTE", rows)
			})
		})
}

func currencyCommand() command {
	return command{
		name: "currency", args: "[CODE]", nargs: [2]int{0, 1},
		summary: "show the base currency, or set it (ISO 4217, e.g. EUR)",
		run: func(ctx context.Context, s *session, args []string) error {
			var code string
			if len(args) == 1 {
				c, err := app.CurrencyCode(args[0])
				if err != nil {
					return usagef("%v", err)
				}
				code = c
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				if code != "" {
					p, err := a.Preferences(ctx)
					if err != nil {
						return err
					}
					p.BaseCurrency = code
					if err := a.SetPreferences(ctx, p); err != nil {
						return err
					}
				}
				base, err := a.BaseCurrency(ctx)
				if err != nil {
					return err
				}
				rates, err := a.Rates(ctx)
				if err != nil {
					return err
				}
				if rates.Date != "" {
					if _, ok := rates.Rate(base, "EUR"); !ok {
						fmt.Fprintf(s.io.Stderr, "Note: the kept rates (%s of %s) have no rate for %s: amounts will show unconverted.\n", rates.Source, rates.Date, base)
					}
				}
				return s.out(map[string]any{"currency": base, "rates_date": rates.Date, "currencies": rates.Currencies()}, func(w io.Writer) {
					fmt.Fprintf(w, "Base currency: %s\n", base)
				})
			})
		},
	}
}
