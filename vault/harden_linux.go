package vault

import "golang.org/x/sys/unix"

// Harden makes the process harder to inspect: on Linux it marks the process
// non-dumpable (prctl PR_SET_DUMPABLE 0: no core dumps, /proc/<pid>/mem and
// ptrace attach by other same-user processes refused) and sets RLIMIT_CORE to
// 0. Elsewhere it does nothing beyond what memguard already does (RLIMIT_CORE
// on Unix). Create and Open call it; calling it again is harmless.
func Harden() {
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
}
