package cli

import (
	"context"
	"flag"
	"io"
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
				t, err := a.ExportTable(ctx, what, "")
				if err != nil {
					return err
				}
				data, err := t.Encode(format)
				if err != nil {
					return err
				}
				if err := a.WriteExport(out, data); err != nil {
					return err
				}
				abs, _ := filepath.Abs(out)
				return s.out(map[string]any{"file": abs, "rows": len(t.Rows)}, func(w io.Writer) {
					printf(w, "Wrote %d %s to %s.\n", len(t.Rows), what, abs)
				})
			})
		},
	}
}
