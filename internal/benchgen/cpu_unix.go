//go:build unix

package benchgen

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) the process has used so far: a
// benchmark's figure that other processes sharing the machine do not
// inflate, unlike ns/op.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
