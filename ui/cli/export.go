package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/latchkey/latchkey/app"
)

func exportCommand() command {
	var what, format, out string
	return command{
		name: "export", readOnly: true, summary: "write positions, activities or balances to a CSV or JSON file",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&what, "what", "", "positions, activities or balances (required)")
			fs.StringVar(&format, "format", "csv", "csv or json")
			fs.StringVar(&out, "out", "", "the `file` to write (required)")
		},
		run: func(ctx context.Context, s *session, _ []string) error {
			if what != "positions" && what != "activities" && what != "balances" {
				return usagef("--what must be positions, activities or balances")
			}
			if format != "csv" && format != "json" {
				return usagef("--format must be csv or json")
			}
			if out == "" {
				return usagef("--out is required")
			}
			vp, err := s.vaultPath()
			if err != nil {
				return err
			}
			if err := refuseVault(out, vp); err != nil {
				return err
			}
			return s.withApp(ctx, false, func(a *app.App) error {
				header, rows, docs, err := exportRows(ctx, a, what)
				if err != nil {
					return err
				}
				var buf bytes.Buffer
				if format == "json" {
					enc := json.NewEncoder(&buf)
					enc.SetIndent("", "  ")
					if err := enc.Encode(docs); err != nil {
						return err
					}
				} else {
					w := csv.NewWriter(&buf)
					_ = w.Write(header)
					_ = w.WriteAll(rows)
					if err := w.Error(); err != nil {
						return err
					}
				}
				if err := writeFileAtomic(out, buf.Bytes()); err != nil {
					return fmt.Errorf("write %s: %v", out, err)
				}
				abs, _ := filepath.Abs(out)
				return s.out(map[string]any{"file": abs, "rows": len(rows)}, func(w io.Writer) {
					printf(w, "Wrote %d %s to %s.\n", len(rows), what, abs)
				})
			})
		},
	}
}

func exportRows(ctx context.Context, a *app.App, what string) (header []string, rows [][]string, docs []map[string]any, err error) {
	switch what {
	case "positions":
		pos, err := a.Positions(ctx, "")
		if err != nil {
			return nil, nil, nil, err
		}
		header = []string{"account", "symbol", "description", "type", "units", "price", "market_value", "average_cost", "currency", "as_of"}
		for _, p := range pos {
			rows = append(rows, []string{p.AccountRef, p.Symbol.Ticker, p.Symbol.Description, string(p.Symbol.Type), p.Units.String(),
				p.Price.String(), p.MarketValue.String(), nullDec(p.AverageCost.Valid, p.AverageCost.Decimal.String()), p.Currency, p.AsOf.UTC().Format("2006-01-02T15:04:05Z")})
			docs = append(docs, positionJSON(p))
		}
	case "activities":
		acts, err := a.Activities(ctx, app.ActivityFilter{})
		if err != nil {
			return nil, nil, nil, err
		}
		header = []string{"account", "id", "type", "raw_type", "trade_date", "settlement_date", "symbol", "units", "price", "amount", "fee", "currency", "description"}
		for _, x := range acts {
			rows = append(rows, []string{x.AccountRef, x.ID, string(x.Type), x.RawType, string(x.TradeDate), string(x.SettlementDate), x.Symbol,
				x.Units.String(), x.Price.String(), x.Amount.String(), x.Fee.String(), x.Currency, x.Description})
			docs = append(docs, activityJSON(x))
		}
	case "balances":
		accts, err := a.Accounts(ctx, "")
		if err != nil {
			return nil, nil, nil, err
		}
		header = []string{"account", "connection", "name", "currency", "cash", "buying_power", "total"}
		for _, v := range accts {
			for _, b := range v.Balances {
				rows = append(rows, []string{v.Ref, v.ConnectionID, v.Name, b.Currency, b.Cash.String(),
					nullDec(b.BuyingPower.Valid, b.BuyingPower.Decimal.String()), b.Total.String()})
				docs = append(docs, map[string]any{"account": v.Ref, "connection": v.ConnectionID, "name": v.Name, "currency": b.Currency,
					"cash": b.Cash, "buying_power": b.BuyingPower, "total": b.Total})
			}
		}
	}
	if docs == nil {
		docs = []map[string]any{}
	}
	return header, rows, docs, nil
}

func nullDec(valid bool, s string) string {
	if !valid {
		return ""
	}
	return s
}

// writeFileAtomic writes data to a temp file beside path and renames it.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
