package fakekit

import (
	"hash/fnv"
	"math/rand/v2"
)

// Seeded is the random source a fake builds its data from: seeded by parts
// (a user, an account), so the same parts give the same data on every run
// and different parts different data.
func Seeded(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	v := h.Sum64()
	return rand.New(rand.NewPCG(v, v^0x9e3779b97f4a7c15))
}
