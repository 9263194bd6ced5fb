package argon2

import (
	"context"
	"encoding/binary"
	"errors"
	"hash"
	"sync"

	"golang.org/x/crypto/blake2b"
)

// Version is the Argon2 version this package implements (RFC 9106: 0x13).
const Version = 0x13

// Mode selects the Argon2 variant.
type Mode uint32

// The three variants of RFC 9106 section 3.1 (the value is the "y" input).
const (
	ModeD  Mode = 0 // data-dependent addressing
	ModeI  Mode = 1 // data-independent addressing
	ModeID Mode = 2 // Argon2i for the first half pass, then Argon2d
)

const (
	blockWords     = 128
	blockSize      = blockWords * 8
	syncPoints     = 4
	addressesBlock = blockWords // pseudo-random pairs per address block

	// checkEvery is how many blocks a lane computes between looks at ctx.
	checkEvery = 2048
)

// Params are the inputs of Argon2 besides password and salt.
type Params struct {
	Mode      Mode
	Time      uint32 // passes, t ≥ 1
	MemoryKiB uint32 // m ≥ 8·Threads
	Threads   uint8  // lanes p ≥ 1; each lane runs on its own goroutine
	KeyLen    uint32 // tag length T ≥ 4
	Secret    []byte // optional key K
	AD        []byte // optional associated data X
}

// ErrParams reports parameters outside what RFC 9106 allows.
var ErrParams = errors.New("argon2: invalid parameters")

// IDKey is Argon2id with the given cost, no secret and no associated data.
func IDKey(ctx context.Context, password, salt []byte, time, memoryKiB uint32, threads uint8, keyLen uint32, progress func(float64)) ([]byte, error) {
	return Key(ctx, password, salt, Params{Mode: ModeID, Time: time, MemoryKiB: memoryKiB, Threads: threads, KeyLen: keyLen}, progress)
}

// Key derives a tag of p.KeyLen bytes. It returns ctx.Err() (and nothing
// else) if ctx ends first; the lanes stop within checkEvery blocks. If
// progress is not nil it is called on the calling goroutine after each of
// the 4·Time slices with the fraction done, ending with 1.
//
// The working memory (m KiB) is taken from the operating system for the
// call and given back before Key returns (see mem_unix.go); every page of it
// is first written, never read before, so each is faulted in once.
func Key(ctx context.Context, password, salt []byte, p Params, progress func(float64)) ([]byte, error) {
	if p.Time < 1 || p.Threads < 1 || p.KeyLen < 4 || p.Mode > ModeID ||
		uint64(p.MemoryKiB) < 8*uint64(p.Threads) || len(salt) < 8 {
		return nil, ErrParams
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lanes := uint32(p.Threads)
	memBlocks := p.MemoryKiB / (syncPoints * lanes) * (syncPoints * lanes) // m'
	laneLen := memBlocks / lanes                                           // q
	segLen := laneLen / syncPoints

	mem, free, err := allocBlocks(int(memBlocks))
	if err != nil {
		return nil, err
	}
	defer free()

	h0 := initialHash(password, salt, p)
	defer wipe(h0[:])
	var buf [blockSize]byte
	var in [blake2b.Size + 8]byte
	copy(in[:], h0[:])
	for l := uint32(0); l < lanes; l++ {
		for j := uint32(0); j < 2; j++ {
			binary.LittleEndian.PutUint32(in[blake2b.Size:], j)
			binary.LittleEndian.PutUint32(in[blake2b.Size+4:], l)
			hashPrime(buf[:], in[:])
			b := &mem[l*laneLen+j]
			for i := range b {
				b[i] = binary.LittleEndian.Uint64(buf[8*i:])
			}
		}
	}
	wipe(in[:])
	wipe(buf[:])

	f := &filler{mem: mem, p: p, lanes: lanes, memBlocks: memBlocks, laneLen: laneLen, segLen: segLen, ctx: ctx}
	scratch := make([]laneScratch, lanes)
	var wg sync.WaitGroup
	total := float64(p.Time * syncPoints)
	for pass := uint32(0); pass < p.Time; pass++ {
		for slice := uint32(0); slice < syncPoints; slice++ {
			for l := uint32(1); l < lanes; l++ {
				wg.Add(1)
				go func(l uint32) {
					defer wg.Done()
					f.segment(pass, slice, l, &scratch[l])
				}(l)
			}
			f.segment(pass, slice, 0, &scratch[0])
			wg.Wait()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(float64(pass*syncPoints+slice+1) / total)
			}
		}
	}

	// C = XOR of the last block of every lane; tag = H'^T(C).
	var c block
	for l := uint32(0); l < lanes; l++ {
		last := &mem[l*laneLen+laneLen-1]
		for i := range c {
			c[i] ^= last[i]
		}
	}
	for i := range c {
		binary.LittleEndian.PutUint64(buf[8*i:], c[i])
	}
	c = block{}
	out := make([]byte, p.KeyLen)
	hashPrime(out, buf[:])
	wipe(buf[:])
	return out, nil
}

// laneScratch is one lane's working state, kept apart from the others'.
type laneScratch struct {
	cmp         [2]block // R and Q of the compression function
	addr, input block    // Argon2i address generation
	zero        block
}

type filler struct {
	mem                               []block
	p                                 Params
	lanes, memBlocks, laneLen, segLen uint32
	ctx                               context.Context
}

// segment fills one segment (RFC 9106 section 3.4): blocks
// [slice·segLen, (slice+1)·segLen) of lane in the given pass.
func (f *filler) segment(pass, slice, lane uint32, s *laneScratch) {
	independent := f.p.Mode == ModeI || (f.p.Mode == ModeID && pass == 0 && slice < syncPoints/2)
	if independent {
		s.input = block{}
		s.input[0] = uint64(pass)
		s.input[1] = uint64(lane)
		s.input[2] = uint64(slice)
		s.input[3] = uint64(f.memBlocks)
		s.input[4] = uint64(f.p.Time)
		s.input[5] = uint64(f.p.Mode)
	}
	start := uint32(0)
	if pass == 0 && slice == 0 {
		start = 2 // blocks 0 and 1 come from H'
		if independent {
			f.nextAddresses(s)
		}
	}
	cur := lane*f.laneLen + slice*f.segLen + start
	prev := cur - 1
	if cur%f.laneLen == 0 {
		prev = cur + f.laneLen - 1
	}
	for i := start; i < f.segLen; i, cur = i+1, cur+1 {
		if i%checkEvery == checkEvery-1 && f.ctx.Err() != nil {
			return
		}
		if cur%f.laneLen == 1 {
			prev = cur - 1
		}
		var rnd uint64
		if independent {
			if i%addressesBlock == 0 {
				f.nextAddresses(s)
			}
			rnd = s.addr[i%addressesBlock]
		} else {
			rnd = f.mem[prev][0]
		}
		refLane := uint32(rnd>>32) % f.lanes
		if pass == 0 && slice == 0 {
			refLane = lane
		}
		ref := refLane*f.laneLen + f.refIndex(pass, slice, i, uint32(rnd), refLane == lane)
		fillBlock(&f.mem[prev], &f.mem[ref], &f.mem[cur], &s.cmp, pass != 0)
		prev = cur
	}
}

// nextAddresses makes the next block of pseudo-random pairs for Argon2i
// addressing: address = G(0, G(0, input)) with the counter in input[6].
func (f *filler) nextAddresses(s *laneScratch) {
	s.input[6]++
	fillBlock(&s.zero, &s.input, &s.addr, &s.cmp, false)
	fillBlock(&s.zero, &s.addr, &s.addr, &s.cmp, false)
}

// refIndex maps J1 to a block of the reference lane (RFC 9106 section
// 3.4.2): the reference area is every finished block the segment may see,
// and J1 is mapped non-uniformly onto it, favouring recent blocks.
func (f *filler) refIndex(pass, slice, index, j1 uint32, sameLane bool) uint32 {
	var area uint32
	switch {
	case pass == 0 && slice == 0:
		area = index - 1
	case pass == 0 && sameLane:
		area = slice*f.segLen + index - 1
	case pass == 0:
		area = slice * f.segLen
		if index == 0 {
			area--
		}
	case sameLane:
		area = f.laneLen - f.segLen + index - 1
	default:
		area = f.laneLen - f.segLen
		if index == 0 {
			area--
		}
	}
	x := uint64(j1) * uint64(j1) >> 32
	y := uint64(area) * x >> 32
	rel := uint64(area) - 1 - y
	startPos := uint64(0)
	if pass != 0 && slice != syncPoints-1 {
		startPos = uint64(slice+1) * uint64(f.segLen)
	}
	return uint32((startPos + rel) % uint64(f.laneLen))
}

// initialHash is H0 (RFC 9106 section 3.2).
func initialHash(password, salt []byte, p Params) [blake2b.Size]byte {
	h, _ := blake2b.New512(nil)
	le32 := func(v uint32) {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], v)
		h.Write(b[:])
	}
	le32(uint32(p.Threads))
	le32(p.KeyLen)
	le32(p.MemoryKiB)
	le32(p.Time)
	le32(Version)
	le32(uint32(p.Mode))
	for _, s := range [][]byte{password, salt, p.Secret, p.AD} {
		le32(uint32(len(s)))
		h.Write(s)
	}
	var out [blake2b.Size]byte
	h.Sum(out[:0])
	return out
}

// hashPrime is the variable-length hash H' (RFC 9106 section 3.3) of in,
// written to out.
func hashPrime(out, in []byte) {
	var t [4]byte
	binary.LittleEndian.PutUint32(t[:], uint32(len(out)))
	if len(out) <= blake2b.Size {
		h := newHash(len(out))
		h.Write(t[:])
		h.Write(in)
		h.Sum(out[:0])
		return
	}
	var v [blake2b.Size]byte
	h := newHash(blake2b.Size)
	h.Write(t[:])
	h.Write(in)
	h.Sum(v[:0])
	r := (len(out)+31)/32 - 2
	copy(out, v[:32])
	pos := 32
	for i := 1; i < r; i++ {
		h.Reset()
		h.Write(v[:])
		h.Sum(v[:0])
		copy(out[pos:], v[:32])
		pos += 32
	}
	last := newHash(len(out) - 32*r)
	last.Write(v[:])
	last.Sum(out[pos:pos])
	wipe(v[:])
}

func newHash(size int) hash.Hash {
	h, err := blake2b.New(size, nil)
	if err != nil {
		panic("argon2: blake2b size") // sizes are 1..64 here
	}
	return h
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
