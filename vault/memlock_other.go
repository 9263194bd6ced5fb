//go:build !unix

package vault

// memlockLimit returns 0 (unknown): on Windows VirtualLock is bounded by the
// working set, which this package does not measure.
func memlockLimit() uint64 { return 0 }
