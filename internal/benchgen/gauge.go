package benchgen

import (
	"runtime"
	"testing"
	"time"
)

// Gauge measures the part of each benchmark iteration that Start and Stop
// bracket in what the import and sync goals are stated in: the peak heap in
// use (with the stacks) and the process's CPU time, which other processes
// sharing the machine do not inflate, unlike ns/op. A benchmark's setup and
// checks stay outside the bracket, with the timer stopped.
type Gauge struct {
	peak uint64
	cpu  time.Duration
	cpu0 time.Duration
	stop func() uint64
}

// Start collects the heap left by setup, starts sampling it and the CPU
// clock, and starts b's timer.
func (g *Gauge) Start(b *testing.B) {
	runtime.GC()
	g.stop = PeakHeap()
	g.cpu0 = CPUTime()
	b.StartTimer()
}

// Stop stops b's timer and adds the bracket's CPU time and peak heap to
// the gauge's.
func (g *Gauge) Stop(b *testing.B) {
	b.StopTimer()
	g.cpu += CPUTime() - g.cpu0
	g.peak = max(g.peak, g.stop())
}

// Report reports the highest peak heap of every bracket, in MiB under the
// unit heapUnit (the name a benchmark's readers look for), and the CPU time
// of one iteration (cpu-s/op) where the platform tells CPU time.
func (g *Gauge) Report(b *testing.B, heapUnit string) {
	b.ReportMetric(float64(g.peak)/(1<<20), heapUnit)
	if g.cpu > 0 {
		b.ReportMetric(g.cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
