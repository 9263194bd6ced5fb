package vault

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"
	"time"
)

// FormatVersion is the vault format this package writes. Version 2 adds the
// sealed manifest (manifest.go) and record envelope 2; version 1 files open,
// and gain the manifest on their first write.
const FormatVersion = 2

const (
	headerMagic = "LKVAULT\x00"

	kdfArgon2id     = 0x01
	kdfInsecureTest = 0x7f // Argon2id with toy parameters; refused outside test binaries

	slotPassword = 0x01
	slotRecovery = 0x02

	keySize   = 32
	saltSize  = 16
	nonceSize = 24 // XChaCha20-Poly1305
	tagSize   = 16

	wrappedSize = keySize + tagSize
	slotSize    = 1 + nonceSize + wrappedSize
	maxSlots    = 4

	headerFixedSize = 47 // magic..slot count
	headerSumSize   = sha256.Size

	envelopeV1      = 1 // records of a vault without a manifest (format 1, not yet written to)
	envelopeVersion = 2 // records covered by the manifest
	envelopeMin     = 1 + nonceSize + tagSize
)

// Offsets inside the header.
const (
	offVersion = 8
	offFlags   = 10
	offCreated = 12
	offKDF     = 20 // kdf id, memory, iterations, threads, salt
	offSalt    = 30
	offSlots   = 46 // slot count
)

// KDF parameter limits enforced when reading a header and when creating a
// vault. The floor keeps a tampered header from weakening the KDF; the
// ceiling is what a desktop can bear, so that a header edited to demand more
// is refused as damaged before any KDF runs, instead of taking minutes and
// gigabytes to say "wrong password". Create never chooses more than
// maxCalibratedMemoryKiB and MaxKDFIterations; at the ceiling (1 GiB, t=16)
// an unlock takes seconds, with progress, and can be cancelled.
const (
	MinKDFMemoryKiB  = 19 * 1024 // OWASP floor, 19 MiB
	MaxKDFMemoryKiB  = 1 << 20   // 1 GiB
	MinKDFIterations = 2         // OWASP floor with 19 MiB
	MaxKDFIterations = 16        // ceiling against hostile headers
	MaxKDFThreads    = 16        // ceiling on parallelism (lanes)
	DefaultMemoryKiB = 64 * 1024 // RFC 9106 second recommendation
	minCreateIters   = 3         // floor for new vaults
	targetKDFTime    = 500 * time.Millisecond

	// maxCalibratedMemoryKiB bounds how far calibration raises the memory
	// when 64 MiB at MaxKDFIterations would not fill targetKDFTime.
	maxCalibratedMemoryKiB = 256 * 1024
)

// testKDF is the toy Argon2id setting of InsecureTestKDF.
var testKDF = KDFParams{MemoryKiB: 64, Iterations: 1, Threads: 1}

// testKDFAllowed reports whether the insecure test KDF may be used. It is a
// variable only so that a test can simulate a release binary.
var testKDFAllowed = testing.Testing

// KDFParams are the Argon2id parameters of the password slot.
type KDFParams struct {
	MemoryKiB  uint32
	Iterations uint32
	Threads    uint8
}

func (p KDFParams) validate() error {
	switch {
	case p.MemoryKiB < MinKDFMemoryKiB:
		return fmt.Errorf("argon2id memory %d KiB is below the floor of %d KiB", p.MemoryKiB, MinKDFMemoryKiB)
	case p.MemoryKiB > MaxKDFMemoryKiB:
		return fmt.Errorf("argon2id memory %d KiB is above the ceiling of %d KiB", p.MemoryKiB, MaxKDFMemoryKiB)
	case p.Iterations < MinKDFIterations:
		return fmt.Errorf("argon2id iterations %d are below the floor of %d", p.Iterations, MinKDFIterations)
	case p.Iterations > MaxKDFIterations:
		return fmt.Errorf("argon2id iterations %d are above the ceiling of %d", p.Iterations, MaxKDFIterations)
	case p.Threads == 0:
		return errors.New("argon2id parallelism is zero")
	case p.Threads > MaxKDFThreads:
		return fmt.Errorf("argon2id parallelism %d is above the ceiling of %d", p.Threads, MaxKDFThreads)
	}
	return nil
}

// aboveCeiling reports parameters beyond what any Latchkey creates.
func (p KDFParams) aboveCeiling() bool {
	return p.MemoryKiB > MaxKDFMemoryKiB || p.Iterations > MaxKDFIterations || p.Threads > MaxKDFThreads
}

// slot is one wrapping of the vault key.
type slot struct {
	kind    byte
	nonce   [nonceSize]byte
	wrapped [wrappedSize]byte
}

// header is the plaintext vault header, stored in the meta bucket.
type header struct {
	version uint16
	created time.Time // second precision
	kdfID   byte
	kdf     KDFParams
	salt    [saltSize]byte
	slots   []slot
}

func (h *header) slot(kind byte) *slot {
	for i := range h.slots {
		if h.slots[i].kind == kind {
			return &h.slots[i]
		}
	}
	return nil
}

func (h *header) setSlot(s slot) {
	if old := h.slot(s.kind); old != nil {
		*old = s
		return
	}
	h.slots = append(h.slots, s)
}

// clone returns a deep copy.
func (h *header) clone() *header {
	c := *h
	c.slots = append([]slot(nil), h.slots...)
	return &c
}

// encode serialises the header. Layout (big-endian):
//
//	0   8  magic "LKVAULT\x00"
//	8   2  format version
//	10  2  flags (0)
//	12  8  created, Unix seconds
//	20  1  KDF id (1 = Argon2id)
//	21  4  memory, KiB
//	25  4  iterations
//	29  1  parallelism
//	30 16  salt
//	46  1  slot count n
//	47  n × (kind 1 ‖ nonce 24 ‖ wrapped key 48)
//	end 32 SHA-256 of everything before it
func (h *header) encode() []byte {
	b := make([]byte, 0, headerFixedSize+len(h.slots)*slotSize+headerSumSize)
	b = append(b, headerMagic...)
	b = binary.BigEndian.AppendUint16(b, h.version)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(h.created.Unix()))
	b = append(b, h.kdfID)
	b = binary.BigEndian.AppendUint32(b, h.kdf.MemoryKiB)
	b = binary.BigEndian.AppendUint32(b, h.kdf.Iterations)
	b = append(b, h.kdf.Threads)
	b = append(b, h.salt[:]...)
	b = append(b, byte(len(h.slots)))
	for _, s := range h.slots {
		b = append(b, s.kind)
		b = append(b, s.nonce[:]...)
		b = append(b, s.wrapped[:]...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// decodeHeader parses and validates a header. Every future format keeps the
// frame: magic first, SHA-256 of the rest last, version at offset 8; so a
// damaged header is ErrCorrupt and a newer one ErrUnsupportedVersion.
func decodeHeader(b []byte) (*header, error) {
	if len(b) < len(headerMagic)+2+headerSumSize || !bytes.Equal(b[:len(headerMagic)], []byte(headerMagic)) {
		return nil, corruptf("not a Latchkey vault header")
	}
	body, sum := b[:len(b)-headerSumSize], b[len(b)-headerSumSize:]
	want := sha256.Sum256(body)
	if subtle.ConstantTimeCompare(want[:], sum) != 1 {
		return nil, corruptf("header checksum mismatch")
	}
	h := &header{version: binary.BigEndian.Uint16(b[offVersion:])}
	switch {
	case h.version > FormatVersion:
		return nil, fmt.Errorf("%w (format %d, this version reads up to %d)", ErrUnsupportedVersion, h.version, FormatVersion)
	case h.version == 0:
		return nil, corruptf("format version 0")
	}
	if len(body) < headerFixedSize {
		return nil, corruptf("header too short")
	}
	if binary.BigEndian.Uint16(b[offFlags:]) != 0 {
		return nil, corruptf("unknown header flags")
	}
	h.created = time.Unix(int64(binary.BigEndian.Uint64(b[offCreated:])), 0).UTC()
	h.kdfID = b[offKDF]
	h.kdf = KDFParams{
		MemoryKiB:  binary.BigEndian.Uint32(b[offKDF+1:]),
		Iterations: binary.BigEndian.Uint32(b[offKDF+5:]),
		Threads:    b[offKDF+9],
	}
	copy(h.salt[:], b[offSalt:offSalt+saltSize])
	switch h.kdfID {
	case kdfArgon2id:
		if err := h.kdf.validate(); err != nil {
			if h.kdf.aboveCeiling() {
				return nil, corruptf("%v: more than Latchkey ever chooses, so the header was tampered with or damaged", err)
			}
			return nil, corruptf("%v", err)
		}
	case kdfInsecureTest:
		if !testKDFAllowed() {
			return nil, corruptf("vault uses the insecure test KDF, which only test binaries accept")
		}
		if h.kdf != testKDF {
			return nil, corruptf("unexpected test KDF parameters")
		}
	default:
		return nil, corruptf("unknown KDF id %#x", h.kdfID)
	}
	n := int(b[offSlots])
	if n == 0 || n > maxSlots || len(body) != headerFixedSize+n*slotSize {
		return nil, corruptf("bad key slot table")
	}
	p := b[headerFixedSize:]
	for i := 0; i < n; i++ {
		var s slot
		s.kind = p[0]
		copy(s.nonce[:], p[1:1+nonceSize])
		copy(s.wrapped[:], p[1+nonceSize:slotSize])
		p = p[slotSize:]
		if (s.kind != slotPassword && s.kind != slotRecovery) || h.slot(s.kind) != nil {
			return nil, corruptf("bad key slot kind %#x", s.kind)
		}
		h.slots = append(h.slots, s)
	}
	if h.slot(slotPassword) == nil {
		return nil, corruptf("no password key slot")
	}
	return h, nil
}

// slotAD is the associated data of a key slot: the header prefix (magic,
// version, flags, created) and the slot kind, plus for the password slot the
// KDF id, parameters and salt, so that altering them is detected.
func (h *header) slotAD(kind byte) []byte {
	enc := h.encode()
	ad := make([]byte, 0, 64)
	ad = append(ad, "latchkey/vault/slot\x00"...)
	ad = append(ad, enc[:offKDF]...)
	ad = append(ad, kind)
	if kind == slotPassword {
		ad = append(ad, enc[offKDF:offSlots]...)
	}
	return ad
}

// recordAD binds a record to the format version, its envelope version
// (so an envelope-1 copy cannot pass for a manifest-covered one) and its
// place.
func recordAD(version uint16, env byte, bucket, key string) []byte {
	ad := make([]byte, 0, 32+len(bucket)+len(key))
	ad = append(ad, "latchkey/vault/record\x00"...)
	ad = binary.BigEndian.AppendUint16(ad, version)
	ad = append(ad, env)
	ad = binary.BigEndian.AppendUint32(ad, uint32(len(bucket)))
	ad = append(ad, bucket...)
	ad = append(ad, key...)
	return ad
}

// decodeEnvelope splits a stored record: envelope version (1 or 2) ‖ nonce
// 24 ‖ ciphertext ‖ tag 16. The returned slices alias b.
func decodeEnvelope(b []byte) (env byte, nonce, ciphertext []byte, err error) {
	if len(b) < envelopeMin {
		return 0, nil, nil, errors.New("record too short")
	}
	if b[0] != envelopeV1 && b[0] != envelopeVersion {
		return 0, nil, nil, fmt.Errorf("unknown record envelope version %d", b[0])
	}
	return b[0], b[1 : 1+nonceSize], b[1+nonceSize:], nil
}
