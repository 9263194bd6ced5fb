package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

var testPassword = []byte("correct horse battery staple")

// newTestVault creates an unlocked vault with the cheap test KDF.
func newTestVault(t testing.TB) (v *Vault, path, recovery string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "vault.db")
	v, recovery, err := Create(context.Background(), path, testPassword, CreateOptions{InsecureTestKDF: true})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v, path, recovery
}

// valueFor is a deterministic record value of about size bytes for key.
func valueFor(key string, size int) []byte {
	var b bytes.Buffer
	seed := sha256.Sum256([]byte(key))
	for b.Len() < size {
		fmt.Fprintf(&b, "%s:%x;", key, seed[:8])
		seed = sha256.Sum256(seed[:])
	}
	return b.Bytes()[:size]
}

func mustPut(t testing.TB, v *Vault, bucket, key string, val []byte) {
	t.Helper()
	if err := v.Put(context.Background(), bucket, key, val); err != nil {
		t.Fatalf("Put(%q, %q): %v", bucket, key, err)
	}
}

func mustGet(t testing.TB, v *Vault, bucket, key string) []byte {
	t.Helper()
	buf, err := v.Get(context.Background(), bucket, key)
	if err != nil {
		t.Fatalf("Get(%q, %q): %v", bucket, key, err)
	}
	defer buf.Destroy()
	return append([]byte(nil), buf.Bytes()...)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
