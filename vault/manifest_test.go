package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rawEdit changes a closed vault file directly, as a bbolt editor would.
func rawEdit(t *testing.T, path string, f func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(f); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawGet reads a stored value from a closed vault file.
func rawGet(t *testing.T, path, bucket, key string) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []byte
	db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(bucket)); b != nil {
			out = bytes.Clone(b.Get([]byte(key)))
		}
		return nil
	})
	return out
}

// manifestVault builds a vault in two states: old (a copy of the file after
// the first writes) and current (after overwriting c2 and g1).
func manifestVault(t *testing.T) (path, old string) {
	t.Helper()
	v, path, _ := newTestVault(t)
	mustPut(t, v, "connections", "c1", []byte("one"))
	mustPut(t, v, "connections", "c2", []byte("two"))
	mustPut(t, v, "connections", "c3", []byte("three"))
	mustPut(t, v, "grants", "g1", []byte("grant"))
	mustPut(t, v, "settings", "s1", []byte("setting"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	old = path + ".old"
	b, _ := os.ReadFile(path)
	os.WriteFile(old, b, 0o600)
	v = reopenUnlocked(t, path, testPassword)
	mustPut(t, v, "connections", "c2", []byte("two, changed"))
	mustPut(t, v, "grants", "g1", []byte("grant, renewed"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return path, old
}

// expectTampered opens the vault and requires Check and List to name the
// bucket(s) as corrupt.
func expectTampered(t *testing.T, what, path string, buckets ...string) {
	t.Helper()
	ctx := context.Background()
	v, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("%s: Open: %v", what, err)
	}
	defer v.Close()
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatalf("%s: Unlock: %v", what, err)
	}
	rep, err := v.Check(ctx)
	if !errors.Is(err, ErrCorrupt) || !slices.Equal(rep.TamperedBuckets, buckets) {
		t.Fatalf("%s: Check = %+v, %v; want buckets %v", what, rep, err, buckets)
	}
	for _, b := range buckets {
		if !strings.Contains(err.Error(), `"`+b+`"`) {
			t.Fatalf("%s: Check error does not name %q: %v", what, b, err)
		}
		if _, err := v.List(ctx, b); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `"`+b+`"`) {
			t.Fatalf("%s: List(%q) = %v", what, b, err)
		}
	}
	if _, err := v.List(ctx, "settings"); err != nil {
		t.Fatalf("%s: an untouched bucket: %v", what, err)
	}
}

// TestManifestDetectsSetChanges: deleting a record, putting back an older
// copy of one, rolling one bucket back, deleting a bucket, or rolling the
// manifest back is reported by Check (and List) as ErrCorrupt naming the
// bucket. Before the manifest, Check called all of these sound.
func TestManifestDetectsSetChanges(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(t *testing.T, path, old string) func(*bolt.Tx) error
		buckets []string
	}{
		{"delete a record", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			return func(tx *bolt.Tx) error { return tx.Bucket([]byte("connections")).Delete([]byte("c1")) }
		}, []string{"connections"}},
		{"re-insert an old copy", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			c2 := rawGet(t, old, "connections", "c2")
			return func(tx *bolt.Tx) error { return tx.Bucket([]byte("connections")).Put([]byte("c2"), c2) }
		}, []string{"connections"}},
		{"roll one bucket back", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			g1 := rawGet(t, old, "grants", "g1")
			return func(tx *bolt.Tx) error { return tx.Bucket([]byte("grants")).Put([]byte("g1"), g1) }
		}, []string{"grants"}},
		{"delete a bucket", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			return func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("grants")) }
		}, []string{"grants"}},
		{"duplicate a record under a new key", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			c1 := rawGet(t, path, "connections", "c1")
			return func(tx *bolt.Tx) error { return tx.Bucket([]byte("connections")).Put([]byte("c9"), c1) }
		}, []string{"connections"}},
		{"roll the manifest back", func(t *testing.T, path, old string) func(*bolt.Tx) error {
			m := rawGet(t, old, metaBucket, manifestKey)
			return func(tx *bolt.Tx) error { return tx.Bucket([]byte(metaBucket)).Put([]byte(manifestKey), m) }
		}, []string{"connections", "grants"}},
	}
	for _, c := range cases {
		path, old := manifestVault(t)
		rawEdit(t, path, c.edit(t, path, old))
		expectTampered(t, c.name, path, c.buckets...)
	}
}

// TestManifestMissing: deleting the manifest does not switch the check
// off: the records say they were written under one.
func TestManifestMissing(t *testing.T) {
	ctx := context.Background()
	path, _ := manifestVault(t)
	rawEdit(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte(metaBucket)).Delete([]byte(manifestKey)) })
	v := reopenUnlocked(t, path, testPassword)
	if _, err := v.Check(ctx); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "manifest is missing") {
		t.Fatalf("Check: %v", err)
	}
	if _, err := v.Get(ctx, "connections", "c1"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Get: %v", err)
	}
	if err := v.Put(ctx, "connections", "c4", []byte("x")); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Put: %v", err)
	}
	if _, err := v.RotateKey(ctx); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("RotateKey blessed a vault without its manifest: %v", err)
	}
}

// TestManifestFollowsWrites: ordinary use keeps Check clean: overwrites,
// deletes, bucket deletion, a rolled-back transaction, key rotation,
// password change, backup.
func TestManifestFollowsWrites(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	check := func(what string, records int) {
		t.Helper()
		if rep, err := v.Check(ctx); err != nil || rep.Records != records {
			t.Fatalf("%s: Check = %+v, %v", what, rep, err)
		}
	}
	check("empty", 0)
	for _, k := range []string{"a", "b", "c", "d"} {
		mustPut(t, v, "x", k, []byte(k))
	}
	mustPut(t, v, "y", "k", nil)
	mustPut(t, v, "x", "a", []byte("again"))
	check("puts", 5)
	v.Delete(ctx, "x", "b")
	v.Delete(ctx, "x", "nope")
	check("deletes", 4)
	boom := errors.New("boom")
	err := v.Update(ctx, func(tx *Tx) error {
		tx.Put("x", "rolled-back", []byte("r"))
		tx.Delete("x", "c")
		return boom
	})
	if err != boom {
		t.Fatal(err)
	}
	check("rolled back", 4)
	err = v.Update(ctx, func(tx *Tx) error {
		for _, k := range []string{"p", "q"} {
			if err := tx.Put("z", k, []byte(k)); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket("y"); err != nil {
			return err
		}
		keys, err := tx.List("z") // sees this transaction's writes
		if err != nil || len(keys) != 2 {
			t.Fatalf("List inside the transaction: %v %v", keys, err)
		}
		return tx.Delete("z", "p")
	})
	if err != nil {
		t.Fatal(err)
	}
	check("mixed transaction", 4)
	if _, err := v.RotateKey(ctx); err != nil {
		t.Fatal(err)
	}
	check("rotated", 4)
	if err := v.ChangePassword(ctx, []byte("pw2")); err != nil {
		t.Fatal(err)
	}
	backup := path + ".backup"
	if err := v.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	b := reopenUnlocked(t, backup, []byte("pw2"))
	if rep, err := b.Check(ctx); err != nil || rep.Records != 4 {
		t.Fatalf("backup: %+v %v", rep, err)
	}
}
