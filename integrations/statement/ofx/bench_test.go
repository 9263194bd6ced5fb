package ofx

import (
	"bytes"
	"context"
	"testing"

	"github.com/latchkey/latchkey/internal/benchgen"
)

// BenchmarkParse50MB parses a generated 50 MB OFX 1.02 investment statement
// (about 230,000 transactions) as a stream; the 50 MB of the file itself
// are in the peak heap here, not in an import from a file.
func BenchmarkParse50MB(b *testing.B) {
	data := benchgen.OFX(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var acts int
	var g benchgen.Gauge
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		g.Start(b)
		st, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		g.Stop(b)
		acts = len(st.Dataset.Activities[st.Accounts[0].AccountID])
		b.StartTimer()
	}
	b.ReportMetric(float64(acts), "activities")
	g.Report(b, "peak-heap-MB")
}
