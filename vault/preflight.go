package vault

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// preflight verifies the bbolt structure of a vault file before bbolt maps it.
//
// bbolt trusts its file: a damaged page id makes it read outside the mapping
// (a fatal fault, not a panic), a page that points to its own ancestor makes
// tx.Check and cursors recurse until the stack overflows, and a damaged
// freelist makes the next commit overwrite live pages. None of that can be
// recovered from, so this walk reads the file with bounds checks and refuses
// anything bbolt would not have written: it mirrors bbolt's choice of meta
// page, then checks every reachable page (ids, types, element bounds, key
// order, each page reached once, bounded depth), the freelist, and that every
// page below the high-water mark is either reachable or free. It reads, never
// writes, and never panics.
//
// The layout constants below are bbolt's on-disk format (version 2), which
// bbolt keeps stable across releases; the golden-file test pins them.

const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	boltPageHdr     = 16
	boltElemSize    = 16
	boltBucketHdr   = 16
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagMeta        = 0x04
	flagFreelist    = 0x10
	flagBucketLeaf  = 0x01
	noFreelist      = ^uint64(0)
	maxTreeDepth    = 64
	maxPreflightPgs = 1 << 24 // 64 GiB at 4 KiB pages: far beyond any vault
)

var ne = binary.NativeEndian // bbolt files are in the machine's byte order

type boltMeta struct {
	magic, version, pageSize, flags uint32
	root, sequence, freelist, pgid  uint64
	txid, checksum                  uint64
	valid                           bool
}

func parseBoltMeta(b []byte) boltMeta {
	// b starts at the page; meta follows the 16-byte page header.
	var m boltMeta
	if len(b) < boltPageHdr+64 {
		return m
	}
	p := b[boltPageHdr:]
	m.magic = ne.Uint32(p[0:])
	m.version = ne.Uint32(p[4:])
	m.pageSize = ne.Uint32(p[8:])
	m.flags = ne.Uint32(p[12:])
	m.root = ne.Uint64(p[16:])
	m.sequence = ne.Uint64(p[24:])
	m.freelist = ne.Uint64(p[32:])
	m.pgid = ne.Uint64(p[40:])
	m.txid = ne.Uint64(p[48:])
	m.checksum = ne.Uint64(p[56:])
	h := fnv.New64a()
	h.Write(p[:56])
	m.valid = m.magic == boltMagic && m.version == boltVersion && m.checksum == h.Sum64()
	return m
}

type preflighter struct {
	r        io.ReaderAt
	size     int64
	pageSize int
	hwm      uint64
	seen     map[uint64]bool
	free     map[uint64]bool

	damagedMeta int // -1, or the meta page that failed while the other passed
}

// preflightFile verifies an open file. damagedMeta is the meta page (0 or
// 1) that is damaged while the other one is sound, or -1.
func preflightFile(f *os.File) (damagedMeta int, err error) {
	st, err := f.Stat()
	if err != nil {
		return -1, fmt.Errorf("vault: %w", err)
	}
	return preflightMeta(f, st.Size())
}

func preflight(r io.ReaderAt, size int64) error {
	_, err := preflightMeta(r, size)
	return err
}

func preflightMeta(r io.ReaderAt, size int64) (damagedMeta int, err error) {
	defer func() {
		if p := recover(); p != nil { // belt and braces: a bug here must not crash the app
			err = corruptf("structure check failed: %s", cleanMsg(fmt.Sprint(p)))
		}
	}()
	pf := &preflighter{r: r, size: size, seen: map[uint64]bool{}, free: map[uint64]bool{}, damagedMeta: -1}
	err = pf.run()
	return pf.damagedMeta, err
}

func (pf *preflighter) readAt(off int64, n int) ([]byte, bool) {
	if off < 0 || n < 0 || off+int64(n) > pf.size {
		return nil, false
	}
	b := make([]byte, n)
	if _, err := pf.r.ReadAt(b, off); err != nil {
		return nil, false
	}
	return b, true
}

// pageSize mirrors bbolt's getPageSize.
func (pf *preflighter) findPageSize() (int, error) {
	if b, ok := pf.readAt(0, 0x1000); ok {
		if m := parseBoltMeta(b); m.valid {
			return int(m.pageSize), nil
		}
	}
	for i := 0; i <= 14; i++ {
		pos := int64(1024) << uint(i)
		if pos >= pf.size-1024 {
			break
		}
		n := int64(0x1000)
		if pos+n > pf.size {
			n = pf.size - pos
		}
		if b, ok := pf.readAt(pos, int(n)); ok {
			if m := parseBoltMeta(b); m.valid {
				return int(m.pageSize), nil
			}
		}
	}
	// bbolt would fall back to the OS page size if a meta page is merely
	// readable; both metas are then invalid and Open fails anyway.
	return 0, corruptf("no valid bbolt meta page")
}

func (pf *preflighter) run() error {
	if pf.size < 4*1024 {
		return corruptf("file too small (%d bytes)", pf.size)
	}
	ps, err := pf.findPageSize()
	if err != nil {
		return err
	}
	if ps < 1024 || ps > 64*1024 || ps&(ps-1) != 0 {
		return corruptf("bad page size %d", ps)
	}
	pf.pageSize = ps
	b0, ok0 := pf.readAt(0, ps)
	b1, ok1 := pf.readAt(int64(ps), ps)
	if !ok0 || !ok1 {
		return corruptf("file too small for its meta pages")
	}
	m0, m1 := parseBoltMeta(b0), parseBoltMeta(b1)
	// bbolt.DB.meta: the higher txid if valid, else the other.
	a, b := m0, m1
	if m1.txid > m0.txid {
		a, b = m1, m0
	}
	m := a
	if !a.valid {
		m = b
	}
	if !m.valid {
		return corruptf("both bbolt meta pages are invalid")
	}
	// One damaged meta page (its checksum, or the page header bbolt's
	// tx.Check asserts) is survivable: bbolt serves the other, and the next
	// commit rewrites the damaged one (meta pages alternate by txid).
	for i, b := range [][]byte{b0, b1} {
		if mi := [2]boltMeta{m0, m1}[i]; !mi.valid || ne.Uint64(b[0:]) != uint64(i) || ne.Uint16(b[8:]) != flagMeta {
			if pf.damagedMeta >= 0 {
				return corruptf("both bbolt meta pages are damaged")
			}
			pf.damagedMeta = i
		}
	}
	if int(m.pageSize) != ps {
		return corruptf("meta page size %d disagrees with layout %d", m.pageSize, ps)
	}
	pf.hwm = m.pgid
	if pf.hwm < 4 || pf.hwm > maxPreflightPgs || int64(pf.hwm)*int64(ps) > pf.size {
		return corruptf("high-water mark %d does not fit the file (%d bytes)", pf.hwm, pf.size)
	}
	pf.seen[0], pf.seen[1] = true, true

	// Freelist.
	if m.freelist != noFreelist {
		if err := pf.readFreelist(m.freelist); err != nil {
			return err
		}
	}
	// Tree, from the root bucket.
	if err := pf.walkPage(m.root, nil, nil, 0); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		for id := uint64(2); id < pf.hwm; id++ {
			if !pf.seen[id] && !pf.free[id] {
				return corruptf("page %d is neither reachable nor free", id)
			}
		}
	}
	return nil
}

// page returns the bytes of page id and its overflow pages after checking
// the header; want is the required flags.
func (pf *preflighter) page(id uint64, want uint16) ([]byte, error) {
	if id < 2 || id >= pf.hwm {
		return nil, corruptf("page id %d out of range [2, %d)", id, pf.hwm)
	}
	if pf.seen[id] {
		return nil, corruptf("page %d is referenced twice", id)
	}
	if pf.free[id] {
		return nil, corruptf("page %d is both reachable and free", id)
	}
	hdr, ok := pf.readAt(int64(id)*int64(pf.pageSize), boltPageHdr)
	if !ok {
		return nil, corruptf("page %d beyond end of file", id)
	}
	if got := ne.Uint64(hdr[0:]); got != id {
		return nil, corruptf("page %d carries id %d", id, got)
	}
	flags := ne.Uint16(hdr[8:])
	if flags != want && !(want == flagBranch|flagLeaf && (flags == flagBranch || flags == flagLeaf)) {
		return nil, corruptf("page %d has type %#x", id, flags)
	}
	overflow := uint64(ne.Uint32(hdr[12:]))
	if id+overflow >= pf.hwm {
		return nil, corruptf("page %d overflows past the high-water mark", id)
	}
	for i := uint64(0); i <= overflow; i++ {
		if pf.seen[id+i] || pf.free[id+i] {
			return nil, corruptf("page %d overlaps another page", id+i)
		}
	}
	b, ok := pf.readAt(int64(id)*int64(pf.pageSize), int(overflow+1)*pf.pageSize)
	if !ok {
		return nil, corruptf("page %d beyond end of file", id)
	}
	return b, nil
}

func (pf *preflighter) markSeen(id uint64, b []byte) {
	n := uint64(len(b) / pf.pageSize)
	for i := uint64(0); i < n; i++ {
		pf.seen[id+i] = true
	}
}

func (pf *preflighter) readFreelist(id uint64) error {
	b, err := pf.page(id, flagFreelist)
	if err != nil {
		return err
	}
	pf.markSeen(id, b)
	count := uint64(ne.Uint16(b[10:]))
	start := uint64(boltPageHdr)
	if count == 0xFFFF {
		if len(b) < boltPageHdr+8 {
			return corruptf("freelist page too small")
		}
		count = ne.Uint64(b[boltPageHdr:])
		start += 8
	}
	if count > uint64(len(b)) || start+count*8 > uint64(len(b)) {
		return corruptf("freelist count %d does not fit its page", count)
	}
	for i := uint64(0); i < count; i++ {
		fid := ne.Uint64(b[start+i*8:])
		if fid < 2 || fid >= pf.hwm {
			return corruptf("free page id %d out of range", fid)
		}
		if pf.free[fid] || pf.seen[fid] {
			return corruptf("page %d freed twice or in use", fid)
		}
		pf.free[fid] = true
	}
	return nil
}

// walkPage checks the subtree at id; all its keys must lie in [lo, hi).
func (pf *preflighter) walkPage(id uint64, lo, hi []byte, depth int) error {
	if depth > maxTreeDepth {
		return corruptf("tree deeper than %d", maxTreeDepth)
	}
	b, err := pf.page(id, flagBranch|flagLeaf)
	if err != nil {
		return err
	}
	pf.markSeen(id, b)
	return pf.checkNode(b, lo, hi, depth)
}

// checkNode checks a branch or leaf node held in b (a page with its overflow,
// or an inline bucket's page). Offsets are relative to each element.
func (pf *preflighter) checkNode(b []byte, lo, hi []byte, depth int) error {
	if len(b) < boltPageHdr {
		return corruptf("node too small")
	}
	flags := ne.Uint16(b[8:])
	count := int(ne.Uint16(b[10:]))
	if boltPageHdr+count*boltElemSize > len(b) {
		return corruptf("node element table does not fit")
	}
	type kv struct{ k, v []byte }
	elems := make([]kv, 0, count)
	children := make([]uint64, 0)
	for i := 0; i < count; i++ {
		at := boltPageHdr + i*boltElemSize
		e := b[at : at+boltElemSize]
		switch flags {
		case flagBranch:
			pos, ksz := uint64(ne.Uint32(e[0:])), uint64(ne.Uint32(e[4:]))
			kstart := uint64(at) + pos
			if ksz == 0 || kstart+ksz > uint64(len(b)) {
				return corruptf("branch element out of bounds")
			}
			elems = append(elems, kv{k: b[kstart : kstart+ksz]})
			children = append(children, ne.Uint64(e[8:]))
		case flagLeaf:
			eflags := ne.Uint32(e[0:])
			pos, ksz, vsz := uint64(ne.Uint32(e[4:])), uint64(ne.Uint32(e[8:])), uint64(ne.Uint32(e[12:]))
			kstart := uint64(at) + pos
			if ksz == 0 || kstart+ksz+vsz > uint64(len(b)) {
				return corruptf("leaf element out of bounds")
			}
			if eflags != 0 && eflags != flagBucketLeaf {
				return corruptf("leaf element flags %#x", eflags)
			}
			k, v := b[kstart:kstart+ksz], b[kstart+ksz:kstart+ksz+vsz]
			elems = append(elems, kv{k: k, v: v})
			if eflags == flagBucketLeaf {
				if err := pf.checkBucket(v, depth); err != nil {
					return err
				}
			}
		default:
			return corruptf("node type %#x", flags)
		}
	}
	if flags == flagBranch && count == 0 {
		return corruptf("empty branch page")
	}
	// Key order: strictly increasing, within [lo, hi).
	for i, e := range elems {
		if i > 0 && bytes.Compare(elems[i-1].k, e.k) >= 0 {
			return corruptf("keys out of order")
		}
		if i == 0 && lo != nil && bytes.Compare(e.k, lo) < 0 {
			return corruptf("key below its parent's range")
		}
		if hi != nil && bytes.Compare(e.k, hi) >= 0 {
			return corruptf("key above its parent's range")
		}
	}
	if flags == flagBranch {
		// Like bbolt's tx.Check: a child's keys lie in [its branch key, the next one).
		for i, c := range children {
			chi := hi
			if i+1 < len(elems) {
				chi = elems[i+1].k
			}
			if err := pf.walkPage(c, elems[i].k, chi, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkBucket checks a bucket value: a 16-byte header (root page id,
// sequence), followed for inline buckets (root 0) by a leaf page.
func (pf *preflighter) checkBucket(v []byte, depth int) error {
	if len(v) < boltBucketHdr {
		return corruptf("bucket header too short")
	}
	root := ne.Uint64(v[0:])
	if root != 0 {
		return pf.walkPage(root, nil, nil, depth+1)
	}
	inline := v[boltBucketHdr:]
	if len(inline) < boltPageHdr {
		return corruptf("inline bucket too short")
	}
	if ne.Uint16(inline[8:]) != flagLeaf {
		return corruptf("inline bucket is not a leaf")
	}
	// An inline bucket holds no sub-buckets (bbolt never inlines those).
	count := int(ne.Uint16(inline[10:]))
	if boltPageHdr+count*boltElemSize > len(inline) {
		return corruptf("inline bucket element table does not fit")
	}
	for i := 0; i < count; i++ {
		if ne.Uint32(inline[boltPageHdr+i*boltElemSize:]) != 0 {
			return corruptf("inline bucket holds a sub-bucket")
		}
	}
	return pf.checkNode(inline, nil, nil, depth+1)
}
