package statement

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/internal/benchgen"
)

// BenchmarkParseCSV100k imports a generated 100,000-row activity CSV
// (7.4 MB) through Parse with a mapping. Peak memory: internal/benchcmd.
func BenchmarkParseCSV100k(b *testing.B) {
	data := benchgen.CSV(100000)
	m := Guess(strings.Split(benchgen.CSVHeader, ","))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := Parse(context.Background(), "bench.csv", bytes.NewReader(data), Options{Mapping: &m})
		if err != nil {
			b.Fatal(err)
		}
		if res.Good != 100000 {
			b.Fatalf("good = %d, problems %v", res.Good, res.Problems[:min(3, len(res.Problems))])
		}
	}
}
