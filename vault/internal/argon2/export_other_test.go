//go:build !amd64 || purego

package argon2

import "testing"

func setAVX2(t *testing.T, on bool) {}

func fillBlockAVX2(prev, ref, next *block, scratch *[2]block, xor bool) {
	fillBlockGeneric(prev, ref, next, scratch, xor)
}
