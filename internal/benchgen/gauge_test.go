package benchgen

import (
	"runtime"
	"testing"
)

// TestGauge: what a bracket holds on the heap shows in the peak, what is
// dropped before the bracket does not, and the CPU time is per iteration.
func TestGauge(t *testing.T) {
	const size = 64 << 20
	var sink []byte
	r := testing.Benchmark(func(b *testing.B) {
		var g Gauge
		for range b.N {
			b.StopTimer()
			garbage := make([]byte, size) // setup's, collected by Start
			garbage[0] = 1
			garbage = nil
			g.Start(b)
			sink = make([]byte, size/2)
			for i := range sink {
				sink[i] = byte(i)
			}
			g.Stop(b)
			sink = nil
			b.StartTimer()
		}
		g.Report(b, "peak-heap-MiB")
	})
	runtime.KeepAlive(sink)
	peak, ok := r.Extra["peak-heap-MiB"]
	if !ok {
		t.Fatalf("no peak-heap-MiB in %v", r.Extra)
	}
	if peak < 32 || peak >= 64 {
		t.Errorf("peak heap %.1f MiB, want the bracket's 32 MiB and not setup's 64", peak)
	}
	// Where the platform tells CPU time, each iteration has some.
	if CPUTime() > 0 {
		if cpu, ok := r.Extra["cpu-s/op"]; !ok || cpu <= 0 {
			t.Errorf("cpu-s/op %v (reported %v) where the process has CPU time", cpu, ok)
		}
	}
}
