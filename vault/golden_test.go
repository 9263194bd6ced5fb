package vault

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The frozen vault in testdata/ was written once by
//
//	go test ./vault/ -run TestGolden -update-golden
//
// and is committed. Every future version must open it and find these
// records. Never regenerate it to make a test pass: a format change must keep
// reading version-1 files.
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/vault-v1.db (never needed for a passing build)")

const (
	goldenPath     = "testdata/vault-v1.db"
	goldenPassword = "latchkey golden vault v1"
	goldenRecovery = "testdata/vault-v1.recovery"
)

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

func writeGolden(t *testing.T) {
	ctx := context.Background()
	os.Remove(goldenPath)
	kdf := goldenKDF
	v, rk, err := Create(ctx, goldenPath, []byte(goldenPassword), CreateOptions{KDF: &kdf})
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
	if err := os.WriteFile(goldenRecovery, []byte(rk+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	fmt.Fprintf(&md, "# vault test data\n\n")
	fmt.Fprintf(&md, "`vault-v1.db` is a frozen format-version-1 vault written on %s by\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&md, "`go test ./vault/ -run TestGolden -update-golden`. Every future version of the vault\npackage must open it (TestGolden). Do not regenerate it to make a test pass.\n\n")
	fmt.Fprintf(&md, "- password: `%s`\n", goldenPassword)
	fmt.Fprintf(&md, "- recovery key: `%s` (also in `vault-v1.recovery`)\n", rk)
	fmt.Fprintf(&md, "- KDF: Argon2id, %d KiB, %d iterations, parallelism %d\n\n", goldenKDF.MemoryKiB, goldenKDF.Iterations, goldenKDF.Threads)
	fmt.Fprintf(&md, "Records (bucket / key: value; values are the exact bytes):\n\n")
	recs := goldenRecords()
	var buckets []string
	for b := range recs {
		buckets = append(buckets, b)
	}
	sort.Strings(buckets)
	for _, b := range buckets {
		var keys []string
		for k := range recs[b] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			val := recs[b][k]
			if len(val) > 200 {
				val = fmt.Sprintf("%q repeated to %d bytes", val[:20], len(val))
			} else {
				val = fmt.Sprintf("%q", val)
			}
			fmt.Fprintf(&md, "- `%s` / `%s`: %s\n", b, k, val)
		}
	}
	fmt.Fprintf(&md, "\nThe file also holds the history of a record `connections/c-deleted` that was\nwritten and deleted.\n")
	if err := os.WriteFile("testdata/README.md", []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s; recovery key %s", goldenPath, rk)
}

func TestGolden(t *testing.T) {
	if *updateGolden {
		writeGolden(t)
	}
	ctx := context.Background()
	src, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("frozen vault missing: %v", err)
	}
	rkRaw, err := os.ReadFile(goldenRecovery)
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
	if info.FormatVersion != 1 || info.KDF != goldenKDF || !info.HasRecoveryKey {
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
	// The frozen file stays writable by this version.
	mustPut(t, v, "connections", "new", []byte("x"))
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
