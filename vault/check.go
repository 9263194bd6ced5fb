package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
)

// scratch decrypts records for Check and RotateKey into one reusable
// LockedBuffer (or, if RLIMIT_MEMLOCK does not allow it, into heap memory
// that is wiped after each use).
type scratch struct {
	v   *Vault
	buf *memguard.LockedBuffer
}

func (s *scratch) open(key []byte, version uint16, bucket, k string, raw []byte) ([]byte, error) {
	if raw == nil {
		return nil, &RecordError{Bucket: bucket, Key: k, Reason: "missing"}
	}
	env, nonce, ct, err := decodeEnvelope(raw)
	if err != nil {
		return nil, &RecordError{Bucket: bucket, Key: k, Reason: err.Error()}
	}
	n := len(ct) - tagSize
	var dst []byte
	if s.buf != nil && s.buf.Size() >= n {
		dst = s.buf.Bytes()[:0:n]
	} else if n > 0 {
		destroy(s.buf)
		s.buf = nil
		size := pagesFor(n) * os.Getpagesize()
		if s.v.reserve(size) == nil {
			s.buf = memguard.NewBuffer(size)
			dst = s.buf.Bytes()[:0:n]
		} else {
			dst = make([]byte, 0, n)
		}
	}
	pt, err := openX(dst, key, nonce, ct, recordAD(version, env, bucket, k))
	if err != nil {
		return nil, &RecordError{Bucket: bucket, Key: k, Reason: "authentication failed"}
	}
	return pt, nil
}

func (s *scratch) release() { destroy(s.buf) }

// Check verifies the whole vault: the file structure (the same walk Open
// does, re-read from disk), bbolt's tx.Check, the header, every record's
// authentication, and every bucket's set of records against the sealed
// manifest (CheckReport.TamperedBuckets names the buckets that differ). The
// vault must be unlocked; writers wait while it runs. The error joins
// ErrCorrupt (structure, a damaged meta page, a tampered bucket) and
// ErrCorruptRecord (a *RecordError per bad record, at most 20) errors.
func (v *Vault) Check(ctx context.Context) (CheckReport, error) {
	var rep CheckReport
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	v.mu.Lock() // no commits from this process while the file is re-read
	defer v.mu.Unlock()
	if v.db == nil {
		return rep, errClosed
	}
	if v.key == nil {
		return rep, ErrLocked
	}
	f, err := os.Open(v.file)
	if err != nil {
		return rep, fmt.Errorf("vault: %w", err)
	}
	damaged, err := preflightFile(f)
	f.Close()
	if err != nil {
		return rep, err
	}
	rep.DamagedMetaPage = damaged
	var bad []error
	if damaged >= 0 {
		bad = append(bad, corruptf("bbolt meta page %d is damaged; the vault works from the other copy, and the next change repairs it", damaged))
	} else if err := boltCheck(v.db); err != nil {
		return rep, err
	}
	h, err := readHeader(v.db)
	if err != nil {
		return rep, err
	}
	if string(h.encode()) != string(v.hdr.encode()) {
		return rep, corruptf("header changed on disk")
	}
	kb, err := v.key.Open()
	if err != nil {
		return rep, ErrLocked
	}
	defer kb.Destroy()
	sc := &scratch{v: v}
	defer sc.release()
	sum := newSummer(kb.Bytes())
	defer sum.close()
	var tampered []string
	err = guard(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			var man manifest
			if raw := tx.Bucket([]byte(metaBucket)).Get([]byte(manifestKey)); raw != nil {
				m, err := openManifest(kb.Bytes(), h.version, raw)
				if err != nil {
					return err
				}
				man = m
			}
			seen := map[string]bool{}
			err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				if string(name) == metaBucket {
					return nil
				}
				bucket := string(name)
				seen[bucket] = true
				rep.Buckets++
				got := &bucketSum{}
				c := b.Cursor()
				for k, val := c.First(); k != nil; k, val = c.Next() {
					if val == nil {
						continue
					}
					rep.Records++
					if rep.Records%1024 == 0 {
						if err := ctx.Err(); err != nil {
							return err
						}
					}
					e := sum.element(bucket, string(k), val)
					got.add(&e)
					var err error
					switch {
					case man != nil && len(val) > 0 && val[0] == envelopeV1:
						err = oldCopyError(bucket, string(k))
					case man == nil && len(val) > 0 && val[0] == envelopeVersion:
						err = errMissingManifest(bucket)
					}
					if err == nil {
						var pt []byte
						if pt, err = sc.open(kb.Bytes(), h.version, bucket, string(k), val); err == nil {
							wipe(pt)
						}
					}
					if err != nil {
						rep.Corrupt++
						if len(bad) < 20 {
							bad = append(bad, err)
						}
					}
				}
				if man != nil && !sameSum(got, man[bucket]) {
					tampered = append(tampered, bucket)
				}
				return nil
			})
			if err != nil {
				return err
			}
			for bucket, s := range man {
				if !seen[bucket] && !sameSum(nil, s) {
					tampered = append(tampered, bucket)
				}
			}
			return nil
		})
	})
	if err != nil {
		return rep, err
	}
	sort.Strings(tampered)
	rep.TamperedBuckets = tampered
	for _, bucket := range tampered {
		bad = append(bad, tamperedError(bucket))
	}
	if len(bad) > 0 {
		if rep.Corrupt > 20 {
			bad = append(bad, fmt.Errorf("%w: and %d more", ErrCorruptRecord, rep.Corrupt-20))
		}
		return rep, errors.Join(bad...)
	}
	return rep, nil
}
