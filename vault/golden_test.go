package vault

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"time"

	bolt "go.etcd.io/bbolt"
)

// The frozen vaults in testdata/ were each written once, by the version of
// this package that wrote that format, with
//
//	go test ./vault/ -run TestGolden -update-golden
//
// (which writes only testdata/vault-v<FormatVersion>.db) and are committed.
// Every future version must open them and find these records. Never
// regenerate one to make a test pass: a format change must keep reading the
// older files.
var updateGolden = flag.Bool("update-golden", false, "write testdata/vault-v<FormatVersion>.db (never needed for a passing build)")

const goldenPassword = "latchkey golden vault v1"

// goldenFile is one frozen vault: format 1 (no manifest; it gains one on its
// first write) and format 2 (manifest, envelope 2).
type goldenFile struct {
	version  int
	path     string
	recovery string
}

var goldenFiles = []goldenFile{
	{1, "testdata/vault-v1.db", "testdata/vault-v1.recovery"},
	{2, "testdata/vault-v2.db", "testdata/vault-v2.recovery"},
}

const goldenPath = "testdata/vault-v1.db" // the seed of the header fuzz test

// goldenKDF is the default KDF with fixed iterations, so the file exercises
// the real Argon2id path.
var goldenKDF = KDFParams{MemoryKiB: DefaultMemoryKiB, Iterations: 3, Threads: 4}

func goldenRecords() map[string]map[string]string {
	return map[string]map[string]string{
		"connections": {
			"c-7f3a9d": `{"institution":"alpaca-paper","label":"Paper trading","auth":"api_key","key_id":"PKTEST000000000000000","secret":"golden-secret-0001"}`,
			"c-b21e44": `{"institution":"demo","label":"Demo brokerage","auth":"oauth","refresh_token":"golden-refresh-0002","expires":"2030-01-01T00:00:00Z"}`,
			"c-large0": strings.Repeat("golden-large-record;", 300), // 6000 bytes: overflow page
		},
		"settings": {
			"auto-lock": "240s",
			"empty":     "",
		},
		"ünïcode bucket": {
			"ключ": "значение",
		},
	}
}

func writeGolden(t *testing.T, g goldenFile) {
	ctx := context.Background()
	os.Remove(g.path)
	kdf := goldenKDF
	v, rk, err := Create(ctx, g.path, []byte(goldenPassword), CreateOptions{KDF: &kdf})
	if err != nil {
		t.Fatal(err)
	}
	for b, recs := range goldenRecords() {
		for k, val := range recs {
			mustPut(t, v, b, k, []byte(val))
		}
	}
	// History: a deleted record and an overwritten one.
	mustPut(t, v, "connections", "c-deleted", []byte("deleted"))
	if err := v.Delete(ctx, "connections", "c-deleted"); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(g.recovery, []byte(rk+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s on %s; recovery key %s: add it to testdata/README.md", g.path, time.Now().UTC().Format("2006-01-02"), rk)
}

func TestGolden(t *testing.T) {
	if *updateGolden {
		writeGolden(t, goldenFiles[FormatVersion-1])
	}
	for _, g := range goldenFiles {
		t.Run(fmt.Sprintf("v%d", g.version), func(t *testing.T) { testGoldenFile(t, g) })
	}
}

func testGoldenFile(t *testing.T, g goldenFile) {
	ctx := context.Background()
	src, err := os.ReadFile(g.path)
	if err != nil {
		t.Fatalf("frozen vault missing: %v", err)
	}
	rkRaw, err := os.ReadFile(g.recovery)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "vault.db") // Open may write; keep testdata pristine
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open frozen vault: %v", err)
	}
	defer v.Close()
	info, err := v.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.FormatVersion != g.version || info.KDF != goldenKDF || !info.HasRecoveryKey {
		t.Fatalf("Info = %+v", info)
	}
	if err := v.Unlock(ctx, []byte("not the password")); !errorsIs(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := v.Unlock(ctx, []byte(goldenPassword)); err != nil {
		t.Fatalf("Unlock frozen vault: %v", err)
	}
	checkGoldenContents(t, v)
	v.Lock()
	if err := v.UnlockWithRecoveryKey(ctx, string(rkRaw)); err != nil {
		t.Fatalf("recovery key: %v", err)
	}
	checkGoldenContents(t, v)
	rep, err := v.Check(ctx)
	if err != nil || rep.Records != 6 {
		t.Fatalf("Check: %+v %v", rep, err)
	}
	// The frozen file stays writable by this version (format 1 gains its
	// manifest here), and from then on a deleted record is caught.
	mustPut(t, v, "connections", "new", []byte("x"))
	if got := mustGet(t, v, "connections", "c-b21e44"); !bytes.Equal(got, []byte(goldenRecords()["connections"]["c-b21e44"])) {
		t.Fatalf("after the first write: %q", got)
	}
	if rep, err := v.Check(ctx); err != nil || rep.Records != 7 {
		t.Fatalf("Check after a write: %+v %v", rep, err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	rawEdit(t, path, func(tx *bolt.Tx) error { return tx.Bucket([]byte("connections")).Delete([]byte("c-7f3a9d")) })
	v, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close() // the first defer closes the first v; Windows cannot remove an open file
	if err := v.UnlockWithRecoveryKey(ctx, string(rkRaw)); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(ctx); !errorsIs(err, ErrCorrupt) || len(rep.TamperedBuckets) != 1 || rep.TamperedBuckets[0] != "connections" {
		t.Fatalf("Check after deleting a record: %+v %v", rep, err)
	}
}
func checkGoldenContents(t *testing.T, v *Vault) {
	t.Helper()
	ctx := context.Background()
	for b, recs := range goldenRecords() {
		keys, err := v.List(ctx, b)
		if err != nil || len(keys) != len(recs) {
			t.Fatalf("List(%q) = %v, %v", b, keys, err)
		}
		for k, want := range recs {
			if got := mustGet(t, v, b, k); !bytes.Equal(got, []byte(want)) {
				t.Fatalf("%s/%s = %q, want %q", b, k, got, want)
			}
		}
	}
}
