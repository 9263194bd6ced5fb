package vault

import (
	"testing"

	"golang.org/x/sys/unix"
)

func mlockProbe() error {
	b := make([]byte, 256<<10)
	if err := unix.Mlock(b); err != nil {
		return err
	}
	return unix.Munlock(b)
}

func TestHarden(t *testing.T) {
	Harden()
	d, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil || d != 0 {
		t.Fatalf("PR_GET_DUMPABLE = %d, %v", d, err)
	}
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &r); err != nil || r.Cur != 0 {
		t.Fatalf("RLIMIT_CORE = %+v, %v", r, err)
	}
}
