//go:build amd64 && !purego

package argon2

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// setAVX2 switches the AVX2 path off (or back on, where the CPU has it) for
// one test.
func setAVX2(t *testing.T, on bool) {
	old := useAVX2
	useAVX2 = on && cpu.X86.HasAVX2
	t.Cleanup(func() { useAVX2 = old })
}
