package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// What Export writes (the CLI's --what) and how (--format).
const (
	ExportPositions  = "positions"
	ExportActivities = "activities"
	ExportBalances   = "balances"

	FormatCSV  = "csv"
	FormatJSON = "json"
)

// ErrExportIsVault is returned by WriteExport for a path that is the vault
// itself (under any spelling, link or hard link): writing there would
// destroy every credential.
var ErrExportIsVault = errors.New("that file is the vault itself; choose another file")

// ExportTable is one export before encoding: the CSV header and rows, and
// the JSON documents (money as decimal strings, times in RFC 3339).
type ExportTable struct {
	Header []string
	Rows   [][]string
	Docs   []map[string]any
}

// ExportTable reads what (ExportPositions, ExportActivities or
// ExportBalances) of one connection ("" = every connection) from the vault.
// It works offline.
func (a *App) ExportTable(ctx context.Context, what, connectionID string) (ExportTable, error) {
	t := ExportTable{Docs: []map[string]any{}}
	accts, err := a.Accounts(ctx, connectionID)
	if err != nil {
		return t, err
	}
	switch what {
	case ExportPositions:
		t.Header = []string{"account", "symbol", "description", "type", "units", "price", "market_value", "average_cost", "currency", "as_of"}
		for _, ref := range exportRefs(accts, connectionID) {
			pos, err := a.Positions(ctx, ref)
			if err != nil {
				return t, err
			}
			for _, p := range pos {
				t.Rows = append(t.Rows, []string{p.AccountRef, p.Symbol.Ticker, p.Symbol.Description, string(p.Symbol.Type), p.Units.String(),
					p.Price.String(), p.MarketValue.String(), nullString(p.AverageCost.Valid, p.AverageCost.Decimal.String()), p.Currency,
					p.AsOf.UTC().Format("2006-01-02T15:04:05Z")})
				t.Docs = append(t.Docs, PositionDoc(p))
			}
		}
	case ExportActivities:
		t.Header = []string{"account", "id", "type", "raw_type", "trade_date", "settlement_date", "symbol", "units", "price", "amount", "fee", "currency", "description"}
		for _, ref := range exportRefs(accts, connectionID) {
			acts, err := a.Activities(ctx, ActivityFilter{AccountRef: ref})
			if err != nil {
				return t, err
			}
			for _, x := range acts {
				t.Rows = append(t.Rows, []string{x.AccountRef, x.ID, string(x.Type), x.RawType, string(x.TradeDate), string(x.SettlementDate), x.Symbol,
					x.Units.String(), x.Price.String(), x.Amount.String(), x.Fee.String(), x.Currency, x.Description})
				t.Docs = append(t.Docs, ActivityDoc(x))
			}
		}
	case ExportBalances:
		t.Header = []string{"account", "connection", "name", "currency", "cash", "buying_power", "total"}
		for _, v := range accts {
			for _, b := range v.Balances {
				t.Rows = append(t.Rows, []string{v.Ref, v.ConnectionID, v.Name, b.Currency, b.Cash.String(),
					nullString(b.BuyingPower.Valid, b.BuyingPower.Decimal.String()), b.Total.String()})
				t.Docs = append(t.Docs, map[string]any{"account": v.Ref, "connection": v.ConnectionID, "name": v.Name, "currency": b.Currency,
					"cash": b.Cash, "buying_power": b.BuyingPower, "total": b.Total})
			}
		}
	default:
		return t, fmt.Errorf("export: unknown data set %q (want positions, activities or balances)", what)
	}
	return t, nil
}

// exportRefs lists the account refs to read: "" (every account at once)
// for a whole-vault export.
func exportRefs(accts []AccountView, connectionID string) []string {
	if connectionID == "" {
		return []string{""}
	}
	refs := make([]string, 0, len(accts))
	for _, v := range accts {
		refs = append(refs, v.Ref)
	}
	return refs
}

// Encode writes the table as FormatCSV or FormatJSON.
func (t ExportTable) Encode(format string) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case FormatJSON:
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(t.Docs); err != nil {
			return nil, err
		}
	case FormatCSV:
		w := csv.NewWriter(&buf)
		_ = w.Write(t.Header)
		_ = w.WriteAll(t.Rows)
		if err := w.Error(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("export: unknown format %q (want csv or json)", format)
	}
	return buf.Bytes(), nil
}

// PositionDoc is a position as the JSON export and the CLI's --json print it.
func PositionDoc(p PositionView) map[string]any {
	return map[string]any{"account": p.AccountRef, "symbol": p.Symbol.Ticker, "description": p.Symbol.Description, "type": p.Symbol.Type,
		"units": p.Units, "price": p.Price, "market_value": p.MarketValue, "average_cost": p.AverageCost, "currency": p.Currency,
		"as_of": timeDoc(p.AsOf)}
}

// ActivityDoc is an activity as the JSON export and the CLI's --json print it.
func ActivityDoc(x ActivityView) map[string]any {
	var settled any
	if x.SettlementDate != "" {
		settled = x.SettlementDate
	}
	return map[string]any{"account": x.AccountRef, "id": x.ID, "type": x.Type, "raw_type": x.RawType, "trade_date": x.TradeDate,
		"settlement_date": settled, "symbol": x.Symbol, "units": x.Units, "price": x.Price,
		"amount": x.Amount, "fee": x.Fee, "currency": x.Currency, "description": x.Description}
}

func timeDoc(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func nullString(valid bool, s string) string {
	if !valid {
		return ""
	}
	return s
}

// WriteExport writes data to path through a temporary file and a rename, with
// mode 0600. It refuses the vault itself (ErrExportIsVault), whatever the
// spelling of the path, a symbolic link or a hard link to it.
func (a *App) WriteExport(path string, data []byte) error {
	if a.v != nil && sameFile(path, a.v.Path()) {
		return ErrExportIsVault
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// sameFile reports whether a and b name the same file (os.SameFile: links
// and hard links included). A path that does not exist yet is not the vault.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}
