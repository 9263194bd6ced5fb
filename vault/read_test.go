package vault

import (
	"bytes"
	"context"
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestTxRead: Read hands each record's plaintext to fn from one reused
// buffer of locked memory, wiped after fn and destroyed with the
// transaction; its errors are Get's.
func TestTxRead(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	sizes := map[string]int{"small": 10, "big": 100_000, "mid": 20_000, "empty": 0}
	for k, n := range sizes {
		mustPut(t, v, "recs", k, valueFor(k, n))
	}
	var kept []byte
	var scratch []byte
	err := v.View(ctx, func(tx *Tx) error {
		for _, k := range []string{"small", "big", "mid", "empty", "small"} {
			err := tx.Read("recs", k, func(plain []byte) error {
				if !bytes.Equal(plain, valueFor(k, sizes[k])) {
					t.Errorf("%s: wrong plaintext (%d bytes)", k, len(plain))
				}
				if k == "small" {
					kept = plain // a misuse, to see the wipe
				}
				return nil
			})
			if err != nil {
				return err
			}
			if k == "small" && len(kept) > 0 && !bytes.Equal(kept, make([]byte, len(kept))) {
				t.Errorf("%s: the plaintext was not wiped after fn", k)
			}
		}
		if tx.scratch == nil || tx.scratch.Size() < 100_000 {
			t.Error("the scratch buffer did not grow to the largest record")
		}
		scratch = tx.scratch.Bytes()
		if err := tx.Read("recs", "nope", func([]byte) error { return nil }); !errors.Is(err, ErrNotFound) {
			t.Errorf("missing record: %v", err)
		}
		want := errors.New("stop")
		if err := tx.Read("recs", "mid", func([]byte) error { return want }); err != want {
			t.Errorf("fn's error: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = scratch // destroyed with the transaction: memguard makes the slice unusable
	// A record moved to another key fails authentication, as with Get.
	v.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("recs"))
		return b.Put([]byte("small"), append([]byte(nil), b.Get([]byte("mid"))...))
	})
	db.Close()
	v = reopenUnlocked(t, path, testPassword)
	err = v.View(ctx, func(tx *Tx) error {
		return tx.Read("recs", "small", func([]byte) error { t.Error("fn ran on a moved record"); return nil })
	})
	var re *RecordError
	if !errors.As(err, &re) || re.Key != "small" {
		t.Errorf("moved record: %v", err)
	}
}
