package argon2

import "math/bits"

// block is one 1 KiB Argon2 memory block: 128 little-endian 64-bit words.
type block [blockWords]uint64

// gb is RFC 9106's GB function (section 3.6): the BLAKE2b mixing function
// with each addition strengthened by twice the product of the low halves.
func gb(a, b, c, d uint64) (uint64, uint64, uint64, uint64) {
	a = a + b + 2*uint64(uint32(a))*uint64(uint32(b))
	d = bits.RotateLeft64(d^a, -32)
	c = c + d + 2*uint64(uint32(c))*uint64(uint32(d))
	b = bits.RotateLeft64(b^c, -24)
	a = a + b + 2*uint64(uint32(a))*uint64(uint32(b))
	d = bits.RotateLeft64(d^a, -16)
	c = c + d + 2*uint64(uint32(c))*uint64(uint32(d))
	b = bits.RotateLeft64(b^c, -63)
	return a, b, c, d
}

// permute is RFC 9106's permutation P on sixteen words v0..v15: GB on the
// columns of the 4×4 matrix, then on its diagonals.
func permute(v *[16]uint64) {
	v[0], v[4], v[8], v[12] = gb(v[0], v[4], v[8], v[12])
	v[1], v[5], v[9], v[13] = gb(v[1], v[5], v[9], v[13])
	v[2], v[6], v[10], v[14] = gb(v[2], v[6], v[10], v[14])
	v[3], v[7], v[11], v[15] = gb(v[3], v[7], v[11], v[15])
	v[0], v[5], v[10], v[15] = gb(v[0], v[5], v[10], v[15])
	v[1], v[6], v[11], v[12] = gb(v[1], v[6], v[11], v[12])
	v[2], v[7], v[8], v[13] = gb(v[2], v[7], v[8], v[13])
	v[3], v[4], v[9], v[14] = gb(v[3], v[4], v[9], v[14])
}

// fillBlockGeneric computes next = G(prev, ref), or next ^= G(prev, ref)
// when xor is set (passes after the first, version 0x13). G is RFC 9106
// section 3.5: R = prev ⊕ ref; P on each row of eight 16-byte registers,
// then on each column; the result ⊕ R. The scratch blocks hold R and the
// permuted copy; next may alias ref (address generation does that).
func fillBlockGeneric(prev, ref, next *block, scratch *[2]block, xor bool) {
	r, q := &scratch[0], &scratch[1]
	for i := range r {
		r[i] = prev[i] ^ ref[i]
	}
	*q = *r
	var v [16]uint64
	for row := 0; row < 8; row++ { // row i is words 16i..16i+15
		w := (*[16]uint64)(q[16*row : 16*row+16])
		permute(w)
	}
	for col := 0; col < 8; col++ { // column i is registers i, 8+i, ..., 56+i
		for k := 0; k < 8; k++ {
			v[2*k], v[2*k+1] = q[16*k+2*col], q[16*k+2*col+1]
		}
		permute(&v)
		for k := 0; k < 8; k++ {
			q[16*k+2*col], q[16*k+2*col+1] = v[2*k], v[2*k+1]
		}
	}
	if xor {
		for i := range next {
			next[i] ^= q[i] ^ r[i]
		}
	} else {
		for i := range next {
			next[i] = q[i] ^ r[i]
		}
	}
}
