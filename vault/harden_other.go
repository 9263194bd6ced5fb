//go:build !linux

package vault

// Harden makes the process harder to inspect. On Linux it marks the process
// non-dumpable and disables core files; on this platform it does nothing
// (memguard already sets RLIMIT_CORE to 0 on Unix).
func Harden() {}
