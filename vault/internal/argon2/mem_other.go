//go:build !unix

package argon2

import "runtime/debug"

// allocBlocks takes n blocks from the Go heap. A fresh large allocation is
// zero memory the runtime has not touched, so writing each block first
// faults each page once; free wipes the blocks and asks the runtime to
// return the memory to the system.
func allocBlocks(n int) ([]block, func(), error) {
	b := make([]block, n)
	return b, func() {
		clear(b)
		b = nil
		debug.FreeOSMemory()
	}, nil
}
