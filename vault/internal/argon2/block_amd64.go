//go:build amd64 && !purego

package argon2

import "golang.org/x/sys/cpu"

// fillBlockAVX2 is fillBlockGeneric in AVX2 (block_amd64.s): four 64-bit
// lanes per register, two permutations interleaved.
//
//go:noescape
func fillBlockAVX2(prev, ref, next *block, scratch *[2]block, xor bool)

var useAVX2 = cpu.X86.HasAVX2

func fillBlock(prev, ref, next *block, scratch *[2]block, xor bool) {
	if useAVX2 {
		fillBlockAVX2(prev, ref, next, scratch, xor)
		return
	}
	fillBlockGeneric(prev, ref, next, scratch, xor)
}
