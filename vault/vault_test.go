package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awnumar/memguard"
	"github.com/latchkey/latchkey/internal/permtest"
	bolt "go.etcd.io/bbolt"
)

func reopen(t testing.TB, path string) *Vault {
	t.Helper()
	v, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// reopenUnlocked is reopen, then Unlock with pw: the saved vault opened
// again, ready to read and write.
func reopenUnlocked(t testing.TB, path string, pw []byte) *Vault {
	t.Helper()
	v := reopen(t, path)
	if err := v.Unlock(context.Background(), pw); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	return v
}

func TestCreateOpenRoundTrip(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	want := map[string][]byte{}
	for i := 0; i < 50; i++ {
		k := fmt.Sprintf("conn-%03d", i)
		want[k] = valueFor(k, 10+i*40)
		mustPut(t, v, "connections", k, want[k])
	}
	mustPut(t, v, "empty", "e", nil)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, path)
	if !v.Locked() {
		t.Fatal("Open returned an unlocked vault")
	}
	if _, err := v.Get(ctx, "connections", "conn-000"); !errors.Is(err, ErrLocked) {
		t.Fatalf("Get while locked: %v", err)
	}
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	for k, val := range want {
		if got := mustGet(t, v, "connections", k); !bytes.Equal(got, val) {
			t.Fatalf("%s: got %d bytes, want %d", k, len(got), len(val))
		}
	}
	buf, err := v.Get(ctx, "empty", "e")
	if err != nil || buf.Size() != 0 {
		t.Fatalf("empty value: %v size %d", err, buf.Size())
	}
	buf.Destroy()
	keys, err := v.List(ctx, "connections")
	if err != nil || len(keys) != 50 || !sort.StringsAreSorted(keys) {
		t.Fatalf("List: %d keys, sorted %v, err %v", len(keys), sort.StringsAreSorted(keys), err)
	}
	if st, err := os.Stat(path); err != nil || !permtest.Is(st, 0o600) {
		t.Fatalf("file mode %v, %v", st.Mode(), err)
	}
}

func TestCreateFolderAndExists(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "cfg", "Latchkey")
	path := filepath.Join(dir, "vault.db")
	v, _, err := Create(ctx, path, testPassword, CreateOptions{InsecureTestKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if st, _ := os.Stat(dir); !permtest.Is(st, 0o700) {
		t.Errorf("folder mode %v", st.Mode().Perm())
	}
	if _, _, err := Create(ctx, path, testPassword, CreateOptions{InsecureTestKDF: true}); !errors.Is(err, ErrExists) {
		t.Fatalf("second Create: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("leftover files: %v", ents)
	}
	if _, _, err := Create(ctx, filepath.Join(dir, "x.db"), nil, CreateOptions{InsecureTestKDF: true}); err == nil {
		t.Error("empty password accepted")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/xdg")
	t.Setenv("HOME", "/tmp/home")
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && p != "/tmp/xdg/Latchkey/vault.db" {
		t.Fatalf("DefaultPath = %q", p)
	}
}

func TestWrongPasswordAndRecoveryKey(t *testing.T) {
	ctx := context.Background()
	v, path, rk := newTestVault(t)
	mustPut(t, v, "b", "k", []byte("v"))
	v.Close()
	v = reopen(t, path)
	if err := v.Unlock(ctx, []byte("wrong")); !errors.Is(err, ErrWrongPassword) || errors.Is(err, ErrCorrupt) {
		t.Fatalf("wrong password: %v", err)
	}
	if !v.Locked() {
		t.Fatal("unlocked by a wrong password")
	}
	typo := "A"
	if rk[0] == 'A' {
		typo = "B"
	}
	for _, bad := range []string{"", "AAAA", strings.Repeat("A", 52), typo + rk[1:], rk + "-AAAA"} {
		if err := v.UnlockWithRecoveryKey(ctx, bad); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("recovery key %q: %v", bad, err)
		}
	}
	sloppy := strings.ToLower(strings.ReplaceAll(rk, "-", " "))
	if err := v.UnlockWithRecoveryKey(ctx, "  "+sloppy+"\n"); err != nil {
		t.Fatalf("recovery key: %v", err)
	}
	if got := mustGet(t, v, "b", "k"); string(got) != "v" {
		t.Fatal(string(got))
	}
	// After a recovery-key unlock there is no password-derived key.
	if _, err := v.RotateKey(ctx); err == nil {
		t.Fatal("RotateKey without a password-derived key succeeded")
	}
	// Unlock with the password on an unlocked vault verifies it.
	if err := v.Unlock(ctx, []byte("nope")); !errors.Is(err, ErrWrongPassword) {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := v.RotateKey(ctx); err != nil {
		t.Fatalf("RotateKey after password unlock: %v", err)
	}
}

func TestRecoveryKeyFormat(t *testing.T) {
	_, _, rk := newTestVault(t)
	groups := strings.Split(rk, "-")
	if len(groups) != 13 {
		t.Fatalf("%d groups in %q", len(groups), rk)
	}
	for _, g := range groups {
		if len(g) != 4 || strings.Trim(g, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("bad group %q", g)
		}
	}
	b, err := parseRecoveryKey(strings.NewReplacer("O", "0", "I", "1", "B", "8").Replace(rk))
	if err != nil {
		t.Fatal(err)
	}
	if formatRecoveryKey(b.Bytes()) != rk {
		t.Fatal("look-alike mapping broke the round trip")
	}
	b.Destroy()
}

func TestLockedAndClosedErrors(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	mustPut(t, v, "b", "k", []byte("v"))
	buf, err := v.Get(ctx, "b", "k")
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if buf.IsAlive() {
		t.Fatal("Lock left a handed-out buffer alive")
	}
	if !v.Locked() {
		t.Fatal("not locked")
	}
	calls := map[string]func() error{
		"Get":    func() error { _, err := v.Get(ctx, "b", "k"); return err },
		"Put":    func() error { return v.Put(ctx, "b", "k", []byte("x")) },
		"Delete": func() error { return v.Delete(ctx, "b", "k") },
		"List":   func() error { _, err := v.List(ctx, "b"); return err },
		"Update": func() error { return v.Update(ctx, func(*Tx) error { return nil }) },
		"View":   func() error { return v.View(ctx, func(*Tx) error { return nil }) },
		"Change": func() error { return v.ChangePassword(ctx, []byte("x")) },
		"Rotate": func() error { _, err := v.RotateKey(ctx); return err },
		"Check":  func() error { _, err := v.Check(ctx); return err },
	}
	for name, f := range calls {
		if err := f(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s while locked: %v", name, err)
		}
	}
	if _, err := v.Info(ctx); err != nil {
		t.Errorf("Info while locked: %v", err)
	}
	if err := v.Backup(ctx, filepath.Join(t.TempDir(), "b.db")); err != nil {
		t.Errorf("Backup while locked: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	calls["Info"] = func() error { _, err := v.Info(ctx); return err }
	calls["Unlock"] = func() error { return v.Unlock(ctx, testPassword) }
	calls["Backup"] = func() error { return v.Backup(ctx, filepath.Join(t.TempDir(), "c.db")) }
	for name, f := range calls {
		if err := f(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

func TestLockWipesEnclave(t *testing.T) {
	v, _, _ := newTestVault(t)
	v.mu.RLock()
	e := v.key
	v.mu.RUnlock()
	v.Lock()
	if _, err := e.Open(); err == nil {
		t.Fatal("the vault key's Enclave still opens after Lock")
	}
}

func TestNotFoundDeleteListNames(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	if _, err := v.Get(ctx, "nobucket", "k"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	mustPut(t, v, "b", "k", []byte("v"))
	if _, err := v.Get(ctx, "b", "other"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if err := v.Delete(ctx, "b", "missing"); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(ctx, "nobucket", "missing"); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(ctx, "b", "k"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, "b", "k"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if keys, err := v.List(ctx, "nobucket"); err != nil || keys == nil || len(keys) != 0 {
		t.Fatalf("List(missing) = %#v, %v", keys, err)
	}
	for _, name := range []string{"", metaBucket, "\x00other", strings.Repeat("x", 300)} {
		if err := v.Put(ctx, name, "k", []byte("v")); err == nil {
			t.Errorf("Put accepted bucket %q", name)
		}
		if _, err := v.Get(ctx, name, headerKey); err == nil || errors.Is(err, ErrNotFound) {
			t.Errorf("Get accepted bucket %q: %v", name, err)
		}
		if _, err := v.List(ctx, name); err == nil {
			t.Errorf("List accepted bucket %q", name)
		}
	}
	if err := v.Put(ctx, "b", "", []byte("v")); err == nil {
		t.Error("empty key accepted")
	}
	if err := v.Put(ctx, "b", "k", make([]byte, maxValueLen+1)); err == nil {
		t.Error("oversized value accepted")
	}
}

func TestUpdateAtomicity(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	mustPut(t, v, "b", "keep", []byte("1"))
	boom := errors.New("boom")
	err := v.Update(ctx, func(tx *Tx) error {
		for i := 0; i < 10; i++ {
			if err := tx.Put("b", fmt.Sprintf("k%d", i), []byte("x")); err != nil {
				return err
			}
		}
		if err := tx.Delete("b", "keep"); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update returned %v, want the callback's error unchanged", err)
	}
	if keys, _ := v.List(ctx, "b"); len(keys) != 1 || keys[0] != "keep" {
		t.Fatalf("rolled-back Update left %v", keys)
	}
	// A panic rolls back and is re-raised.
	func() {
		defer func() {
			if r := recover(); r != "kaboom" {
				t.Fatalf("recovered %v", r)
			}
		}()
		_ = v.Update(ctx, func(tx *Tx) error {
			_ = tx.Put("b", "panic", []byte("x"))
			panic("kaboom")
		})
	}()
	if _, err := v.Get(ctx, "b", "panic"); !errors.Is(err, ErrNotFound) {
		t.Fatal("panicking Update committed")
	}
	// Several writes in one transaction, read back within it.
	err = v.Update(ctx, func(tx *Tx) error {
		for i := 0; i < 5; i++ {
			if err := tx.Put("multi", fmt.Sprint(i), []byte{byte(i)}); err != nil {
				return err
			}
		}
		b, err := tx.Get("multi", "3")
		if err != nil {
			return err
		}
		defer b.Destroy()
		if b.Bytes()[0] != 3 {
			return errors.New("read-your-writes failed")
		}
		keys, err := tx.List("multi")
		if len(keys) != 5 {
			return fmt.Errorf("list in tx: %v %v", keys, err)
		}
		return tx.DeleteBucket("nothing-here")
	})
	if err != nil {
		t.Fatal(err)
	}
	// Writes in View are refused; a Tx used after its callback is refused.
	var leaked *Tx
	err = v.View(ctx, func(tx *Tx) error {
		leaked = tx
		return tx.Put("b", "x", []byte("x"))
	})
	if err == nil {
		t.Fatal("Put in View succeeded")
	}
	if _, err := leaked.Get("b", "keep"); err == nil {
		t.Fatal("Tx usable after its callback")
	}
	// DeleteBucket.
	if err := v.Update(ctx, func(tx *Tx) error { return tx.DeleteBucket("multi") }); err != nil {
		t.Fatal(err)
	}
	if keys, _ := v.List(ctx, "multi"); len(keys) != 0 {
		t.Fatal("DeleteBucket left records")
	}
	if err := v.Update(ctx, func(tx *Tx) error { return tx.DeleteBucket(metaBucket) }); err == nil {
		t.Fatal("DeleteBucket accepted the meta bucket")
	}
	// A cancelled context commits nothing.
	cctx, cancel := context.WithCancel(ctx)
	err = v.Update(cctx, func(tx *Tx) error {
		cancel()
		return tx.Put("b", "cancelled", []byte("x"))
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, "b", "cancelled"); !errors.Is(err, ErrNotFound) {
		t.Fatal("cancelled Update committed")
	}
}

func TestInfo(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	mustPut(t, v, "a", "1", []byte("x"))
	mustPut(t, v, "a", "2", []byte("x"))
	mustPut(t, v, "c", "1", []byte("x"))
	v.Close()
	v = reopen(t, path)
	info, err := v.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.FormatVersion != FormatVersion || !info.HasRecoveryKey || info.KDF != testKDF ||
		time.Since(info.Created) > time.Minute || info.FileSize < 4096 ||
		len(info.Buckets) != 2 || info.Buckets["a"] != 2 || info.Buckets["c"] != 1 {
		t.Fatalf("Info = %+v", info)
	}
	if v.Path() != path {
		t.Fatal(v.Path())
	}
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	v, path, rk := newTestVault(t)
	mustPut(t, v, "b", "k", []byte("v"))
	v.mu.RLock()
	oldSalt := v.hdr.salt
	v.mu.RUnlock()
	newPW := []byte("new password")
	if err := v.ChangePassword(ctx, newPW); err != nil {
		t.Fatal(err)
	}
	if v.hdr.salt == oldSalt {
		t.Fatal("salt not refreshed")
	}
	if got := mustGet(t, v, "b", "k"); string(got) != "v" {
		t.Fatal("record lost")
	}
	mustPut(t, v, "b", "k2", []byte("v2")) // still writable after the file swap
	v.Close()
	v = reopen(t, path)
	if err := v.Unlock(ctx, testPassword); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password: %v", err)
	}
	if err := v.Unlock(ctx, newPW); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if err := v.UnlockWithRecoveryKey(ctx, rk); err != nil {
		t.Fatalf("recovery key after password change: %v", err)
	}
	if got := mustGet(t, v, "b", "k2"); string(got) != "v2" {
		t.Fatal("record lost")
	}
}

func TestRotateKey(t *testing.T) {
	ctx := context.Background()
	v, path, oldRK := newTestVault(t)
	for i := 0; i < 300; i++ {
		mustPut(t, v, "b", fmt.Sprintf("k%03d", i), valueFor(fmt.Sprint(i), 500))
	}
	// Capture the raw ciphertexts before rotating.
	before, _ := os.ReadFile(path)
	var oldCT []byte
	v.db.View(func(tx *bolt.Tx) error {
		oldCT = append([]byte(nil), tx.Bucket([]byte("b")).Get([]byte("k007"))...)
		return nil
	})
	if !bytes.Contains(before, oldCT[1:40]) {
		t.Fatal("test setup: ciphertext not found in the file")
	}
	newRK, err := v.RotateKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if newRK == oldRK {
		t.Fatal("recovery key unchanged")
	}
	after, _ := os.ReadFile(path)
	if bytes.Contains(after, oldCT[1:40]) {
		t.Fatal("old ciphertext still in the file after rotation")
	}
	if rep, err := v.Check(ctx); err != nil || rep.Records != 300 {
		t.Fatalf("Check after rotation: %+v %v", rep, err)
	}
	mustPut(t, v, "b", "post", []byte("p"))
	v.Close()
	v = reopen(t, path)
	if err := v.UnlockWithRecoveryKey(ctx, oldRK); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old recovery key: %v", err)
	}
	if err := v.UnlockWithRecoveryKey(ctx, newRK); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i += 37 {
		if got := mustGet(t, v, "b", fmt.Sprintf("k%03d", i)); !bytes.Equal(got, valueFor(fmt.Sprint(i), 500)) {
			t.Fatalf("record %d differs after rotation", i)
		}
	}
	if got := mustGet(t, v, "b", "post"); string(got) != "p" {
		t.Fatal("post-rotation write lost")
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	v, path, rk := newTestVault(t)
	for i := 0; i < 20; i++ {
		mustPut(t, v, "b", fmt.Sprint(i), valueFor(fmt.Sprint(i), 100))
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := v.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := v.Backup(ctx, dst); err != nil { // replaces
		t.Fatal(err)
	}
	if err := v.Backup(ctx, path); err == nil {
		t.Fatal("backup onto the vault itself accepted")
	}
	if st, _ := os.Stat(dst); !permtest.Is(st, 0o600) {
		t.Fatalf("backup mode %v", st.Mode())
	}
	mustPut(t, v, "b", "later", []byte("x"))
	b := reopen(t, dst)
	if err := b.UnlockWithRecoveryKey(ctx, rk); err != nil {
		t.Fatal(err)
	}
	keys, _ := b.List(ctx, "b")
	if len(keys) != 20 {
		t.Fatalf("backup holds %d records", len(keys))
	}
	if got := mustGet(t, b, "b", "7"); !bytes.Equal(got, valueFor("7", 100)) {
		t.Fatal("backup record differs")
	}
	if _, err := b.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				k := fmt.Sprintf("g%d-%d", g, i)
				if err := v.Put(ctx, "c", k, []byte(k)); err != nil {
					errs <- err
					return
				}
				b, err := v.Get(ctx, "c", k)
				if err != nil {
					errs <- err
					return
				}
				if string(b.Bytes()) != k {
					errs <- fmt.Errorf("got %q want %q", b.Bytes(), k)
				}
				b.Destroy()
				if _, err := v.Info(ctx); err != nil {
					errs <- err
				}
			}
		}(g)
	}
	wg.Add(1)
	go func() { // lock and unlock under the readers' feet
		defer wg.Done()
		for i := 0; i < 5; i++ {
			v.Lock()
			if err := v.Unlock(ctx, testPassword); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, ErrLocked) {
			t.Error(err)
		}
	}
}

func TestGetRefusesBeyondMemlock(t *testing.T) {
	limit := memlockLimit()
	if limit == 0 || limit > 64<<20 {
		t.Skip("RLIMIT_MEMLOCK unlimited or large")
	}
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	big := int(limit) // one record as large as the whole limit
	if big > maxValueLen {
		t.Skip("limit above the value size limit")
	}
	mustPut(t, v, "b", "big", make([]byte, big))
	if _, err := v.Get(ctx, "b", "big"); !errors.Is(err, ErrNoLockedMemory) {
		t.Fatalf("Get of a record as large as RLIMIT_MEMLOCK: %v", err)
	}
}

func TestNoPlaintextInFiles(t *testing.T) {
	ctx := context.Background()
	v, path, rk := newTestVault(t)
	secrets := []string{}
	for i := 0; i < 30; i++ {
		s := fmt.Sprintf("SECRET-refresh-token-%04d-%s", i, strings.Repeat("z", i))
		secrets = append(secrets, s)
		mustPut(t, v, "tokens", fmt.Sprintf("t%d", i), []byte(s))
	}
	// Overwrite and delete some, so freed pages held old ciphertext.
	mustPut(t, v, "tokens", "t1", []byte("SECRET-replacement"))
	secrets = append(secrets, "SECRET-replacement")
	if err := v.Delete(ctx, "tokens", "t2"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := v.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, backup} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append(secrets, "SECRET", string(testPassword), strings.ReplaceAll(rk, "-", ""), rk[:9]) {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s contains %q", filepath.Base(f), s)
			}
		}
	}
}

func TestBufferTrackingSweep(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newTestVault(t)
	mustPut(t, v, "b", "k", []byte("v"))
	for i := 0; i < 500; i++ {
		b, err := v.Get(ctx, "b", "k")
		if err != nil {
			t.Fatal(err)
		}
		b.Destroy()
	}
	v.bufMu.Lock()
	n := len(v.bufs)
	v.bufMu.Unlock()
	if n > 128 {
		t.Fatalf("%d destroyed buffers still tracked", n)
	}
	var _ = memguard.NewBuffer
}
