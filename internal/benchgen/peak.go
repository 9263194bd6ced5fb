package benchgen

import (
	"runtime"
	"sync"
	"time"
)

// PeakHeap samples the heap in use (and the stacks) every 2 ms until stop is
// called, and once more then, and returns the peak in bytes: the benchmarks'
// peak-heap figure.
func PeakHeap() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse+m.StackInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		// Once more at the end: on a busy machine the sampler may not have
		// run while the measured work held its heap.
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		defer mu.Unlock()
		return max(peak, m.HeapInuse+m.StackInuse)
	}
}
