package vault

import (
	"errors"
	"fmt"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Record operations of a Tx, and the manifest bookkeeping that goes with
// every write (manifest.go).

const (
	manUnknown = iota
	manAbsent
	manLoaded
)

// loadManifest reads and opens the manifest once per transaction.
func (tx *Tx) loadManifest() error {
	if tx.manState != manUnknown {
		return nil
	}
	raw := tx.btx.Bucket([]byte(metaBucket)).Get([]byte(manifestKey))
	if raw == nil {
		tx.manState = manAbsent
		return nil
	}
	m, err := openManifest(tx.key, tx.version, raw)
	if err != nil {
		return err
	}
	tx.man, tx.manState = m, manLoaded
	return nil
}

func (tx *Tx) summer() *summer {
	if tx.sum == nil {
		tx.sum = newSummer(tx.key)
	}
	return tx.sum
}

// recordBuckets returns the names of tx's buckets of records (all but the
// meta bucket), in order, for the passes that re-seal every record.
func recordBuckets(tx *bolt.Tx) []string {
	var names []string
	tx.ForEach(func(name []byte, _ *bolt.Bucket) error { // fails only when this does
		if string(name) != metaBucket {
			names = append(names, string(name))
		}
		return nil
	})
	return names
}

// recordKeys returns the keys of b's records (nested buckets left out), in
// order, as copies: b may be written while they are walked.
func recordKeys(b *bolt.Bucket) []string {
	var keys []string
	c := b.Cursor()
	for k, val := c.First(); k != nil; k, val = c.Next() {
		if val != nil {
			keys = append(keys, string(k))
		}
	}
	return keys
}

// prepareWrite makes sure the manifest is loaded, first giving a format-1
// vault its manifest: every record is re-sealed as envelope 2 and counted,
// in this transaction.
func (tx *Tx) prepareWrite() error {
	if err := tx.loadManifest(); err != nil {
		return err
	}
	if tx.manState == manLoaded {
		return nil
	}
	sc := &scratch{v: tx.v}
	defer sc.release()
	m := manifest{}
	for _, name := range recordBuckets(tx.btx) {
		b := tx.btx.Bucket([]byte(name))
		for _, k := range recordKeys(b) {
			raw := b.Get([]byte(k))
			if len(raw) > 0 && raw[0] == envelopeVersion {
				return errMissingManifest(name)
			}
			pt, err := sc.open(tx.key, tx.version, name, k, raw)
			if err != nil {
				return err
			}
			env := sealRecord(tx.key, tx.version, name, k, pt)
			wipe(pt)
			if err := b.Put([]byte(k), env); err != nil {
				return err
			}
			e := tx.summer().element(name, k, env)
			m.sum(name).add(&e)
		}
	}
	tx.man, tx.manState, tx.manDirty = m, manLoaded, true
	return nil
}

// storeManifest seals the manifest into the meta bucket if this transaction
// changed it. It runs just before the commit, inside the transaction.
func (tx *Tx) storeManifest() error {
	if !tx.manDirty {
		return nil
	}
	return guard(func() error {
		return tx.btx.Bucket([]byte(metaBucket)).Put([]byte(manifestKey), sealManifest(tx.key, tx.version, tx.man))
	})
}

// sealed finds a record's envelope, checked against the vault's manifest
// state, for Get and Read (inside tx.do). ct is valid only inside the
// transaction.
func (tx *Tx) sealed(bucket, key string) (env byte, nonce, ct []byte, err error) {
	b := tx.btx.Bucket([]byte(bucket))
	if b == nil {
		return 0, nil, nil, fmt.Errorf("%w: %s/%s", ErrNotFound, bucket, key)
	}
	raw := b.Get([]byte(key))
	if raw == nil {
		return 0, nil, nil, fmt.Errorf("%w: %s/%s", ErrNotFound, bucket, key)
	}
	env, nonce, ct, err = decodeEnvelope(raw)
	if err != nil {
		return 0, nil, nil, &RecordError{Bucket: bucket, Key: key, Reason: err.Error()}
	}
	if err := tx.loadManifest(); err != nil {
		return 0, nil, nil, err
	}
	switch {
	case env == envelopeV1 && tx.manState == manLoaded:
		return 0, nil, nil, oldCopyError(bucket, key)
	case env == envelopeVersion && tx.manState == manAbsent:
		return 0, nil, nil, errMissingManifest(bucket)
	}
	return env, nonce, ct, nil
}

// Get opens a record into a new LockedBuffer the caller must Destroy.
func (tx *Tx) Get(bucket, key string) (*memguard.LockedBuffer, error) {
	if err := checkNames(bucket, key); err != nil {
		return nil, err
	}
	var out *memguard.LockedBuffer
	err := tx.do(func() error {
		env, nonce, ct, err := tx.sealed(bucket, key)
		if err != nil {
			return err
		}
		n := len(ct) - tagSize
		if err := tx.v.reserve(n); err != nil {
			return err
		}
		buf := memguard.NewBuffer(n) // n == 0 gives a null buffer
		if _, err := openX(buf.Bytes()[:0], tx.key, nonce, ct, recordAD(tx.version, env, bucket, key)); err != nil {
			buf.Destroy()
			return &RecordError{Bucket: bucket, Key: key, Reason: "authentication failed"}
		}
		tx.v.track(buf, n)
		out = buf
		return nil
	})
	return out, err
}

// Read opens a record and calls fn with its plaintext. The plaintext lives
// in one buffer of locked memory that the transaction reuses for every Read
// (growing it as needed), wiped as soon as fn returns and destroyed when the
// transaction ends; fn must not keep the slice or anything aliasing it. For
// a reader of many records it saves Get's LockedBuffer per record (an mmap,
// an mlock and an munmap each). Errors are Get's.
func (tx *Tx) Read(bucket, key string, fn func(plain []byte) error) error {
	if err := checkNames(bucket, key); err != nil {
		return err
	}
	var plain []byte
	err := tx.do(func() error {
		env, nonce, ct, err := tx.sealed(bucket, key)
		if err != nil {
			return err
		}
		n := len(ct) - tagSize
		buf, err := tx.scratchFor(n)
		if err != nil {
			return err
		}
		if _, err := openX(buf[:0], tx.key, nonce, ct, recordAD(tx.version, env, bucket, key)); err != nil {
			clear(buf)
			return &RecordError{Bucket: bucket, Key: key, Reason: "authentication failed"}
		}
		plain = buf[:n]
		return nil
	})
	if err != nil {
		return err
	}
	defer clear(plain)
	return fn(plain)
}

// scratchFor returns the transaction's scratch buffer, at least n bytes.
func (tx *Tx) scratchFor(n int) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	if tx.scratch != nil && tx.scratch.Size() >= n {
		return tx.scratch.Bytes()[:n], nil
	}
	size := max(n, 16<<10)
	if tx.scratch != nil {
		size = max(n, 2*tx.scratch.Size())
		tx.scratch.Destroy()
		tx.scratch = nil
	}
	if err := tx.v.reserve(size); err != nil {
		return nil, err
	}
	buf := memguard.NewBuffer(size)
	tx.v.track(buf, size)
	tx.scratch = buf
	return buf.Bytes()[:n], nil
}

// dropScratch destroys the scratch buffer at the end of the transaction.
func (tx *Tx) dropScratch() {
	if tx.scratch != nil {
		tx.scratch.Destroy()
		tx.scratch = nil
	}
}

// Put encrypts and stores value.
func (tx *Tx) Put(bucket, key string, value []byte) error {
	if err := checkNames(bucket, key); err != nil {
		return err
	}
	if len(value) > maxValueLen {
		return fmt.Errorf("vault: value of %d bytes exceeds the %d-byte limit", len(value), maxValueLen)
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		if err := tx.prepareWrite(); err != nil {
			return err
		}
		b, err := tx.btx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return fmt.Errorf("vault: bucket %q: %v", bucket, err)
		}
		sum := tx.man.sum(bucket)
		if old := b.Get([]byte(key)); old != nil {
			e := tx.summer().element(bucket, key, old)
			sum.remove(&e)
		}
		env := sealRecord(tx.key, tx.version, bucket, key, value)
		if err := b.Put([]byte(key), env); err != nil {
			return fmt.Errorf("vault: put %s/%s: %v", bucket, key, err)
		}
		e := tx.summer().element(bucket, key, env)
		sum.add(&e)
		tx.wrote, tx.manDirty = true, true
		return nil
	})
}

// sealRecord seals a value as envelope 2 at its place.
func sealRecord(key []byte, version uint16, bucket, rkey string, value []byte) []byte {
	env := make([]byte, 1+nonceSize, 1+nonceSize+len(value)+tagSize)
	env[0] = envelopeVersion
	randomBytes(env[1:])
	return sealX(env, key, env[1:1+nonceSize], value, recordAD(version, envelopeVersion, bucket, rkey))
}

// Delete removes a record; missing is not an error.
func (tx *Tx) Delete(bucket, key string) error {
	if err := checkNames(bucket, key); err != nil {
		return err
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		b := tx.btx.Bucket([]byte(bucket))
		if b == nil || b.Get([]byte(key)) == nil {
			return nil
		}
		if err := tx.prepareWrite(); err != nil {
			return err
		}
		old := b.Get([]byte(key)) // re-read: prepareWrite may have re-sealed it
		e := tx.summer().element(bucket, key, old)
		tx.man.sum(bucket).remove(&e)
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("vault: delete %s/%s: %v", bucket, key, err)
		}
		tx.wrote, tx.manDirty = true, true
		return nil
	})
}

// List returns the sorted keys of a bucket (empty if it does not exist). It
// checks the bucket against the manifest: a bucket whose records were
// deleted, put back from an older copy or rolled back is ErrCorrupt naming
// it.
func (tx *Tx) List(bucket string) ([]string, error) {
	if err := checkBucketName(bucket); err != nil {
		return nil, err
	}
	out := []string{}
	err := tx.do(func() error {
		if err := tx.loadManifest(); err != nil {
			return err
		}
		b := tx.btx.Bucket([]byte(bucket))
		var got *bucketSum
		if b != nil {
			out = append(out, recordKeys(b)...)
			if tx.manState == manLoaded {
				got = tx.summer().sumBucket(bucket, b)
			}
		}
		if tx.manState == manLoaded && !sameSum(got, tx.man[bucket]) {
			return tamperedError(bucket)
		}
		return nil
	})
	return out, err
}

// DeleteBucket removes a bucket and all its records; missing is not an error.
func (tx *Tx) DeleteBucket(bucket string) error {
	if err := checkBucketName(bucket); err != nil {
		return err
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		if tx.btx.Bucket([]byte(bucket)) == nil {
			return nil
		}
		if err := tx.prepareWrite(); err != nil {
			return err
		}
		err := tx.btx.DeleteBucket([]byte(bucket))
		if err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return fmt.Errorf("vault: delete bucket %q: %v", bucket, err)
		}
		delete(tx.man, bucket)
		tx.wrote, tx.manDirty = true, true
		return nil
	})
}
