package app_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/internal/benchgen"
	"github.com/latchkey/latchkey/vault"
)

// benchImport imports the file at path into a new Fidelity connection of a
// fresh vault per iteration, through the portal as the front ends do, and
// reports the activities stored, the peak heap and the CPU time per import
// (the machine is shared: ns/op counts time other processes took).
func benchImport(b *testing.B, inst, path string, wantActivities int) {
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var stored int
	var g benchgen.Gauge
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		v, _, err := vault.Create(b.Context(), filepath.Join(dir, "vault.db"), []byte("test password"), vault.CreateOptions{InsecureTestKDF: true})
		if err != nil {
			b.Fatal(err)
		}
		reg, err := integrations.NewRegistry(all.Integrations(dir)...)
		if err != nil {
			b.Fatal(err)
		}
		a := app.New(app.Options{Vault: v, Registry: reg, DataDir: dir})
		g.Start(b)

		p, err := a.NewPortal(b.Context(), app.PortalRequest{InstitutionID: inst})
		if err != nil {
			b.Fatal(err)
		}
		step, err := p.Begin(b.Context(), integrations.AuthImport, map[string]string{"file": path})
		if _, mapping := step.(*integrations.FormStep); mapping && err == nil {
			// Another CSV: the mapping step's proposal, as is.
			step, err = p.Next(b.Context(), integrations.Answer{Values: map[string]string{}})
		}
		if _, ok := step.(*integrations.DoneStep); err != nil || !ok {
			b.Fatalf("import: %T %v", step, err)
		}

		g.Stop(b)
		r := p.Imported()
		stored = r.NewActivities
		v.Close()
		b.StartTimer()
	}
	if wantActivities > 0 && stored != wantActivities {
		b.Fatalf("%d activities stored, want %d", stored, wantActivities)
	}
	b.ReportMetric(float64(stored), "activities")
	g.Report(b, "peak-heap-MB")
}

// activityCSV writes a CSV no preset knows (read through the mapping step)
// of n rows: buys, sells and dividends, quoted descriptions with commas,
// thousands separators, negatives in parentheses.
func activityCSV(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString("Trade Date,Settlement Date,Action,Symbol,Description,Quantity,Price,Commission,Amount,Currency\n")
	syms := []string{"AAPL", "MSFT", "VTI", "XEQT", "SHOP"}
	for i := range n {
		d := time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i/50).Format("01/02/2006")
		s := syms[i%len(syms)]
		q := i%500 + 1
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "%s,%s,Buy,%s,\"%s, Inc. buy %d\",%d,12.5,1.00,\"(%d.%02d)\",USD\n", d, d, s, s, i, q, q*125/10+1, i%100)
		case 1:
			fmt.Fprintf(&b, "%s,%s,Sell,%s,\"%s, Inc. sell %d\",-%d,13.25,1.00,\"%d.%02d\",USD\n", d, d, s, s, i, q, q*1325/100-1, i%100)
		default:
			fmt.Fprintf(&b, "%s,,Dividend,%s,Dividend %d,,,,%d.17,USD\n", d, s, i, i%90+1)
		}
	}
	b.WriteString("Total,,,,,,,,,\n")
	return b.Bytes()
}

// BenchmarkImportCSV100k imports a 100,000-row activity CSV end to end: the
// portal's import login reads it whole, the mapping step's proposal maps
// it, it is checked whole, and the app writes it into a fresh vault in one
// transaction. Target: under 2 s, under 200 MB.
func BenchmarkImportCSV100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "activity.csv")
	if err := os.WriteFile(path, activityCSV(100000), 0o600); err != nil {
		b.Fatal(err)
	}
	benchImport(b, "robinhood", path, 100000)
}

// BenchmarkImportFidelityCSV100k is the same through an institution's
// preset: a 100,000-row Fidelity history (Accounts_History.csv), whose
// preset's row hook reads cells by column name.
func BenchmarkImportFidelityCSV100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "Accounts_History.csv")
	if err := os.WriteFile(path, benchgen.FidelityHistory(100000), 0o600); err != nil {
		b.Fatal(err)
	}
	benchImport(b, "fidelity", path, 100000)
}

// BenchmarkImportOFX50MB imports a 50 MB OFX investment statement end to
// end (about 230,000 transactions, benchgen.FidelityOFX). Target: under 2 s,
// under 200 MB.
func BenchmarkImportOFX50MB(b *testing.B) {
	path := filepath.Join(b.TempDir(), "Fidelity.ofx")
	if err := os.WriteFile(path, benchgen.FidelityOFX(50<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	benchImport(b, "fidelity", path, 0)
}
