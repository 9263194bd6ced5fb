package vault

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// The manifest authenticates the set of records of every bucket, which the
// per-record AEAD cannot: deleting a record, putting back an older copy of
// one (its old ciphertext still authenticates), or rolling one bucket back
// to an earlier state all leave every remaining record genuine.
//
// For each bucket it holds the number of records and a digest: the XOR of
// HMAC-SHA256(prfKey, bucket ‖ key ‖ envelope version ‖ nonce ‖ tag) over
// the bucket's records, where prfKey = HKDF-SHA256(vault key,
// "latchkey/vault/manifest-prf/v1"). The nonce and tag identify one exact
// envelope (a fresh nonce per write; the tag cannot be forged), and the XOR
// lets each Put or Delete update the digest in O(1): out with the old
// element, in with the new. All buckets' entries live in one record,
// "manifest" in the meta bucket, sealed with XChaCha20-Poly1305 under the
// vault key (associated data "latchkey/vault/manifest\x00" ‖ format version)
// and rewritten in the same bbolt transaction as the writes it describes.
// Because one sealed record covers every bucket, rolling back one bucket
// together with "its" part of the manifest is impossible: the rest of the
// manifest would have to roll back too.
//
// Envelope version 2 marks records covered by a manifest. A vault holding
// any of them without a manifest has lost it (ErrCorrupt); an envelope-1
// record in a vault with a manifest is an old copy put back (a
// *RecordError). Format-1 vaults have no manifest until their first write,
// which re-seals every record as envelope 2 and writes the manifest, in
// that write's transaction.
//
// Verified by Check (every bucket) and by List (the bucket listed); a
// mismatch is ErrCorrupt naming the bucket. Rolling the whole file back to
// an older copy stays undetectable (nothing outside the file remembers it).

const manifestKey = "manifest"

var manifestAD = "latchkey/vault/manifest\x00"

// bucketSum is one bucket's entry: record count and XOR digest.
type bucketSum struct {
	count  uint64
	digest [sha256.Size]byte
}

func (b *bucketSum) add(e *[sha256.Size]byte) {
	subtle.XORBytes(b.digest[:], b.digest[:], e[:])
	b.count++
}

func (b *bucketSum) remove(e *[sha256.Size]byte) {
	subtle.XORBytes(b.digest[:], b.digest[:], e[:])
	b.count--
}

// manifest maps bucket names to their sums; empty buckets have no entry.
type manifest map[string]*bucketSum

func (m manifest) sum(bucket string) *bucketSum {
	s := m[bucket]
	if s == nil {
		s = &bucketSum{}
		m[bucket] = s
	}
	return s
}

// encode: count u32 ‖ per bucket, sorted: len u8 ‖ name ‖ records u64 ‖ digest 32.
func (m manifest) encode() []byte {
	names := make([]string, 0, len(m))
	for name, s := range m {
		if s.count != 0 || s.digest != [sha256.Size]byte{} {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	b := binary.BigEndian.AppendUint32(nil, uint32(len(names)))
	for _, name := range names {
		b = append(b, byte(len(name)))
		b = append(b, name...)
		b = binary.BigEndian.AppendUint64(b, m[name].count)
		b = append(b, m[name].digest[:]...)
	}
	return b
}

func decodeManifest(b []byte) (manifest, error) {
	bad := errors.New("malformed manifest")
	if len(b) < 4 {
		return nil, bad
	}
	n := binary.BigEndian.Uint32(b)
	b = b[4:]
	m := manifest{}
	for i := uint32(0); i < n; i++ {
		if len(b) < 1 || len(b) < 1+int(b[0])+8+sha256.Size {
			return nil, bad
		}
		nameLen := int(b[0]) // int: 1+b[0] would wrap at 255 (found by FuzzDecodeManifest)
		name := string(b[1 : 1+nameLen])
		b = b[1+nameLen:]
		s := &bucketSum{count: binary.BigEndian.Uint64(b)}
		copy(s.digest[:], b[8:8+sha256.Size])
		b = b[8+sha256.Size:]
		if _, dup := m[name]; dup || name == "" {
			return nil, bad
		}
		m[name] = s
	}
	if len(b) != 0 {
		return nil, bad
	}
	return m, nil
}

func manifestADFor(version uint16) []byte {
	return binary.BigEndian.AppendUint16([]byte(manifestAD), version)
}

// sealManifest returns the stored form: 1 ‖ nonce ‖ sealed encoding.
func sealManifest(key []byte, version uint16, m manifest) []byte {
	pt := m.encode()
	out := make([]byte, 1+nonceSize, 1+nonceSize+len(pt)+tagSize)
	out[0] = 1
	randomBytes(out[1:])
	return sealX(out, key, out[1:1+nonceSize], pt, manifestADFor(version))
}

func openManifest(key []byte, version uint16, raw []byte) (manifest, error) {
	if len(raw) < 1+nonceSize+tagSize || raw[0] != 1 {
		return nil, corruptf("the manifest is malformed")
	}
	pt, err := openX(nil, key, raw[1:1+nonceSize], raw[1+nonceSize:], manifestADFor(version))
	if err != nil {
		return nil, corruptf("the manifest fails authentication")
	}
	m, err := decodeManifest(pt)
	if err != nil {
		return nil, corruptf("%v", err)
	}
	return m, nil
}

// summer computes manifest elements under the PRF key derived from a vault
// key. The derived key is wiped by close; HMAC's internal pads (derived
// from it, not from the vault key) stay on the heap until collected.
type summer struct {
	prf []byte
	mac hash.Hash
	buf []byte
}

func newSummer(vaultKey []byte) *summer {
	prf, err := hkdf.Key(sha256.New, vaultKey, nil, "latchkey/vault/manifest-prf/v1", keySize)
	if err != nil {
		panic("vault: hkdf: " + err.Error())
	}
	return &summer{prf: prf, mac: hmac.New(sha256.New, prf)}
}

func (s *summer) close() {
	if s != nil {
		wipe(s.prf)
	}
}

// element is the manifest element of one stored value. It is defined for
// any bytes (a malformed value still has one), using the envelope version,
// nonce and tag of a well-formed envelope.
func (s *summer) element(bucket, key string, raw []byte) (e [sha256.Size]byte) {
	b := s.buf[:0]
	b = append(b, byte(len(bucket)))
	b = append(b, bucket...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(key)))
	b = append(b, key...)
	if len(raw) >= envelopeMin {
		b = append(b, raw[:1+nonceSize]...)
		b = append(b, raw[len(raw)-tagSize:]...)
	} else {
		b = append(b, 0xff)
		b = append(b, raw...)
	}
	s.buf = b
	s.mac.Reset()
	s.mac.Write(b)
	s.mac.Sum(e[:0])
	return e
}

// sumBucket computes a bucket's entry from what it holds.
func (s *summer) sumBucket(name string, b *bolt.Bucket) *bucketSum {
	sum := &bucketSum{}
	c := b.Cursor()
	for k, val := c.First(); k != nil; k, val = c.Next() {
		if val != nil {
			e := s.element(name, string(k), val)
			sum.add(&e)
		}
	}
	return sum
}

// tamperedError reports a bucket whose records do not match the manifest.
func tamperedError(bucket string) error {
	return corruptf("bucket %q does not match the vault's manifest: a record was deleted, added, replaced by an older copy, or the bucket was rolled back", bucket)
}

// sameSum compares two entries (nil is the empty bucket).
func sameSum(a, b *bucketSum) bool {
	var za, zb bucketSum
	if a == nil {
		a = &za
	}
	if b == nil {
		b = &zb
	}
	return a.count == b.count && subtle.ConstantTimeCompare(a.digest[:], b.digest[:]) == 1
}

func errMissingManifest(bucket string) error {
	return corruptf("the vault's manifest is missing, yet bucket %q holds records written under one", bucket)
}

func oldCopyError(bucket, key string) error {
	return &RecordError{Bucket: bucket, Key: key, Reason: fmt.Sprintf("an old copy (envelope %d) put back into a vault with a manifest", envelopeV1)}
}
