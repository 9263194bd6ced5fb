package presets

import (
	"bytes"
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations/statement"
	"github.com/latchkey/latchkey/internal/benchgen"
)

// BenchmarkFidelityHistory100k parses a 100,000-row Fidelity history
// (Accounts_History.csv, about 19 MB) through the fidelity presets, whose
// Row hook reads cells by column name and adds columns: the parse half of
// app's BenchmarkImportFidelityCSV100k.
func BenchmarkFidelityHistory100k(b *testing.B) {
	data := benchgen.FidelityHistory(100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var g benchgen.Gauge
	for range b.N {
		b.StopTimer()
		g.Start(b)
		res, err := statement.Parse(context.Background(), "Accounts_History.csv", bytes.NewReader(data), statement.Options{Presets: For(Fidelity)})
		if err != nil {
			b.Fatal(err)
		}
		g.Stop(b)
		if res.Good != 100000 || res.Preset != "fidelity-history" {
			b.Fatalf("%s: %d good, problems %v", res.Preset, res.Good, res.Problems[:min(3, len(res.Problems))])
		}
		b.StartTimer()
	}
	g.Report(b, "peak-heap-MB")
}
