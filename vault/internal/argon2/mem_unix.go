//go:build unix

package argon2

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// allocBlocks maps n fresh blocks of anonymous memory outside the Go heap.
// The kernel hands out zero pages on first touch; Key writes every block
// before reading it, so each page is faulted in once, and free unmaps the
// whole region, returning it to the system at once (a Go heap slice would
// stay in the process until the scavenger found it).
func allocBlocks(n int) ([]block, func(), error) {
	b, err := unix.Mmap(-1, 0, n*blockSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, nil, err
	}
	blocks := unsafe.Slice((*block)(unsafe.Pointer(&b[0])), n)
	return blocks, func() { _ = unix.Munmap(b) }, nil
}
