//go:build !amd64 || purego

package argon2

const useAVX2 = false

func fillBlock(prev, ref, next *block, scratch *[2]block, xor bool) {
	fillBlockGeneric(prev, ref, next, scratch, xor)
}
