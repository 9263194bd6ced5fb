package argon2

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func minorFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return ru.Minflt
}

func rssKiB(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	t.Skip("no VmRSS")
	return 0
}

// TestMemoryFaultedOnceAndReturned: a 64 MiB derivation faults each page of
// its memory once (x/crypto faults each twice: read, then copy on write),
// and the memory is back with the system when it returns.
func TestMemoryFaultedOnceAndReturned(t *testing.T) {
	const memKiB = 64 << 10
	pages := int64(memKiB << 10 / os.Getpagesize())
	ctx := context.Background()
	if _, err := IDKey(ctx, []byte("warm-up"), []byte("saltsalt"), 1, 64, 1, 32, nil); err != nil {
		t.Fatal(err) // the code paths and goroutine stacks, before measuring
	}
	rss0, f0 := rssKiB(t), minorFaults(t)
	if _, err := IDKey(ctx, []byte("pw"), []byte("saltsalt"), 3, memKiB, 2, 32, nil); err != nil {
		t.Fatal(err)
	}
	faults, grown := minorFaults(t)-f0, rssKiB(t)-rss0
	t.Logf("%d page faults for %d pages; resident set %+d KiB after", faults, pages, grown)
	if faults > pages*105/100 { // fewer is fine (transparent huge pages)
		t.Errorf("%d page faults for %d pages of memory: not within 5 %%", faults, pages)
	}
	if grown > 8<<10 {
		t.Errorf("the resident set grew by %d KiB: the memory was not returned", grown)
	}
}
