package vault

import (
	"fmt"
	"os"

	"github.com/awnumar/memguard"
)

// Buffer accounting, so that Lock can destroy what Get handed out and Get can
// refuse (rather than let memguard panic) when RLIMIT_MEMLOCK would be hit.

const reservedPages = 8 // memguard's key (3), key views and our transient key buffers

func pagesFor(n int) int {
	ps := os.Getpagesize()
	if n <= 0 {
		return 0
	}
	return (n + ps - 1) / ps
}

func (v *Vault) track(b *memguard.LockedBuffer, n int) {
	if n == 0 {
		return
	}
	v.bufMu.Lock()
	defer v.bufMu.Unlock()
	p := pagesFor(n)
	v.bufs[b] = p
	v.bufPages += p
	if len(v.bufs) > 64 && len(v.bufs)%64 == 0 {
		v.sweepLocked()
	}
}

func (v *Vault) sweepLocked() {
	for b, p := range v.bufs {
		if !b.IsAlive() {
			delete(v.bufs, b)
			v.bufPages -= p
		}
	}
}

// reserve reports ErrNoLockedMemory if a buffer of n bytes would push the
// locked memory of the buffers this vault handed out past RLIMIT_MEMLOCK.
// Buffers made by other code in the process are not counted.
func (v *Vault) reserve(n int) error {
	limit := memlockLimit()
	if limit == 0 || n == 0 {
		return nil
	}
	limitPages := int(limit / uint64(os.Getpagesize()))
	v.bufMu.Lock()
	defer v.bufMu.Unlock()
	need := pagesFor(n)
	if v.bufPages+need+reservedPages <= limitPages {
		return nil
	}
	v.sweepLocked()
	if v.bufPages+need+reservedPages <= limitPages {
		return nil
	}
	return fmt.Errorf("%w (%d KiB limit, %d pages held by open buffers)", ErrNoLockedMemory, limit/1024, v.bufPages)
}
