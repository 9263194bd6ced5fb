package argon2

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	xargon2 "golang.org/x/crypto/argon2"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// TestRFC9106Vectors checks the three test vectors of RFC 9106 section 5
// (m = 32 KiB, t = 3, p = 4, with secret and associated data).
func TestRFC9106Vectors(t *testing.T) {
	for _, c := range []struct {
		mode Mode
		tag  string
	}{
		{ModeD, "51 2b 39 1b 6f 11 62 97 53 71 d3 09 19 73 42 94 f8 68 e3 be 39 84 f3 c1 a1 3a 4d b9 fa be 4a cb"},
		{ModeI, "c8 14 d9 d1 dc 7f 37 aa 13 f0 d7 7f 24 94 bd a1 c8 de 6b 01 6d d3 88 d2 99 52 a4 c4 67 2b 6c e8"},
		{ModeID, "0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59"},
	} {
		for _, avx := range avxModes() {
			setAVX2(t, avx)
			got, err := Key(context.Background(), bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16), Params{
				Mode: c.mode, Time: 3, MemoryKiB: 32, Threads: 4, KeyLen: 32,
				Secret: bytes.Repeat([]byte{3}, 8), AD: bytes.Repeat([]byte{4}, 12),
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := unhex(c.tag); !bytes.Equal(got, want) {
				t.Errorf("mode %d (avx2 %v): tag %x, want %x", c.mode, avx, got, want)
			}
		}
	}
}

func avxModes() []bool {
	if useAVX2 {
		return []bool{true, false}
	}
	return []bool{false}
}

// TestMatchesXCrypto compares Argon2id and Argon2i with
// golang.org/x/crypto/argon2 over a spread of parameters, including key
// lengths that exercise every branch of H'.
func TestMatchesXCrypto(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 40; i++ {
		threads := uint8(1 + rng.IntN(5))
		mem := uint32(8*int(threads) + rng.IntN(300))
		tm := uint32(1 + rng.IntN(4))
		keyLen := uint32([]int{4, 16, 32, 63, 64, 65, 96, 97, 128, 200}[rng.IntN(10)])
		pw := make([]byte, rng.IntN(40))
		salt := make([]byte, 8+rng.IntN(24))
		for j := range pw {
			pw[j] = byte(rng.Uint32())
		}
		for j := range salt {
			salt[j] = byte(rng.Uint32())
		}
		got, err := IDKey(ctx, pw, salt, tm, mem, threads, keyLen, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := xargon2.IDKey(pw, salt, tm, mem, threads, keyLen); !bytes.Equal(got, want) {
			t.Fatalf("id t=%d m=%d p=%d T=%d: differs from x/crypto", tm, mem, threads, keyLen)
		}
		got, err = Key(ctx, pw, salt, Params{Mode: ModeI, Time: tm, MemoryKiB: mem, Threads: threads, KeyLen: keyLen}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := xargon2.Key(pw, salt, tm, mem, threads, keyLen); !bytes.Equal(got, want) {
			t.Fatalf("i t=%d m=%d p=%d T=%d: differs from x/crypto", tm, mem, threads, keyLen)
		}
	}
}

// TestBlockAVX2MatchesGeneric compares the two compression functions on
// random blocks, with and without XOR, and with next aliasing ref.
func TestBlockAVX2MatchesGeneric(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this machine")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var s1, s2 [2]block
	for i := 0; i < 200; i++ {
		var prev, ref, next block
		for j := range prev {
			prev[j], ref[j], next[j] = rng.Uint64(), rng.Uint64(), rng.Uint64()
		}
		xor := i%2 == 1
		a, b := next, next
		fillBlockGeneric(&prev, &ref, &a, &s1, xor)
		fillBlockAVX2(&prev, &ref, &b, &s2, xor)
		if a != b {
			t.Fatalf("block %d (xor %v): AVX2 differs from generic", i, xor)
		}
		r1, r2 := ref, ref
		fillBlockGeneric(&prev, &r1, &r1, &s1, false)
		fillBlockAVX2(&prev, &r2, &r2, &s2, false)
		if r1 != r2 {
			t.Fatalf("block %d aliased: AVX2 differs from generic", i)
		}
	}
}

func TestInvalidParams(t *testing.T) {
	ctx := context.Background()
	for _, p := range []Params{
		{Mode: ModeID, Time: 0, MemoryKiB: 64, Threads: 1, KeyLen: 32},
		{Mode: ModeID, Time: 1, MemoryKiB: 64, Threads: 0, KeyLen: 32},
		{Mode: ModeID, Time: 1, MemoryKiB: 15, Threads: 2, KeyLen: 32},
		{Mode: ModeID, Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 3},
		{Mode: 3, Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32},
	} {
		if _, err := Key(ctx, []byte("pw"), []byte("saltsalt"), p, nil); !errors.Is(err, ErrParams) {
			t.Errorf("%+v: %v", p, err)
		}
	}
	if _, err := IDKey(ctx, []byte("pw"), []byte("short"), 1, 64, 1, 32, nil); !errors.Is(err, ErrParams) {
		t.Errorf("short salt: %v", err)
	}
}

// TestProgressAndCancel: progress rises in 4·t steps to exactly 1, and a
// cancelled context stops the derivation at the next slice boundary.
func TestProgressAndCancel(t *testing.T) {
	var seen []float64
	_, err := IDKey(context.Background(), []byte("pw"), []byte("saltsalt"), 3, 1024, 2, 32, func(f float64) { seen = append(seen, f) })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 12 || seen[len(seen)-1] != 1 {
		t.Fatalf("progress %v", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("progress not increasing: %v", seen)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err = IDKey(ctx, []byte("pw"), []byte("saltsalt"), 3, 1024, 2, 32, func(f float64) {
		calls++
		if calls == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || calls != 2 {
		t.Fatalf("cancel after two slices: %v after %d progress calls", err, calls)
	}
}

// FuzzMatchesXCrypto is the differential fuzz test: any password, salt and
// small parameters give the same Argon2id and Argon2i tags as x/crypto.
func FuzzMatchesXCrypto(f *testing.F) {
	f.Add([]byte("password"), []byte("somesalt"), uint8(3), uint16(64), uint8(2), uint8(32), false)
	f.Add([]byte{}, []byte("saltsaltsalt"), uint8(1), uint16(8), uint8(1), uint8(4), true)
	f.Add(bytes.Repeat([]byte{0xff}, 100), bytes.Repeat([]byte{0}, 16), uint8(2), uint16(200), uint8(4), uint8(100), false)
	f.Fuzz(func(t *testing.T, pw, salt []byte, tm uint8, mem uint16, threads uint8, keyLen uint8, modeI bool) {
		th := 1 + threads%8
		m := 8*uint32(th) + uint32(mem)%512
		tt := 1 + uint32(tm)%4
		kl := 4 + uint32(keyLen)
		if len(salt) < 8 {
			salt = append(salt, make([]byte, 8-len(salt))...)
		}
		mode, ref := ModeID, xargon2.IDKey
		if modeI {
			mode, ref = ModeI, xargon2.Key
		}
		got, err := Key(context.Background(), pw, salt, Params{Mode: mode, Time: tt, MemoryKiB: m, Threads: th, KeyLen: kl}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := ref(pw, salt, tt, m, th, kl); !bytes.Equal(got, want) {
			t.Fatalf("mode %d t=%d m=%d p=%d T=%d: %x, x/crypto %x", mode, tt, m, th, kl, got, want)
		}
	})
}
