package ofx

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

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
	var peak uint64
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		stop := benchgen.PeakHeap()
		cpu0 := benchgen.CPUTime()
		b.StartTimer()
		st, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += benchgen.CPUTime() - cpu0
		peak = max(peak, stop())
		acts = len(st.Dataset.Activities[st.Accounts[0].AccountID])
		b.StartTimer()
	}
	b.ReportMetric(float64(acts), "activities")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
