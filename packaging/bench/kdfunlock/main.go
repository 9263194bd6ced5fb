//go:build linux

// Command kdfunlock is the Go half of packaging/bench/kdf.sh: it creates a
// vault with fixed Argon2id parameters, or unlocks one in a fresh process
// and reports what the key derivation cost that process.
//
//	kdfunlock create PATH MEMORY_KIB ITERATIONS THREADS   (password from $KDF_BENCH_PASSWORD)
//	kdfunlock unlock PATH
//	kdfunlock calibrate DIR                               (prints the parameters Create chooses)
//
// unlock prints one line of key=value pairs: the minor page faults and the
// resident set size around Unlock (from getrusage and /proc/self/status).
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/latchkey/latchkey/vault"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "kdfunlock:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx := context.Background()
	pw := []byte(os.Getenv("KDF_BENCH_PASSWORD"))
	if len(pw) == 0 {
		pw = []byte("latchkey kdf bench")
	}
	switch {
	case len(args) == 5 && args[0] == "create":
		var n [3]uint64
		for i := range n {
			v, err := strconv.ParseUint(args[2+i], 10, 32)
			if err != nil {
				return err
			}
			n[i] = v
		}
		p := vault.KDFParams{MemoryKiB: uint32(n[0]), Iterations: uint32(n[1]), Threads: uint8(n[2])}
		v, _, err := vault.Create(ctx, args[1], pw, vault.CreateOptions{KDF: &p})
		if err != nil {
			return err
		}
		return v.Close()
	case len(args) == 2 && args[0] == "unlock":
		v, err := vault.Open(ctx, args[1])
		if err != nil {
			return err
		}
		defer v.Close()
		f0, rss0 := faults(), rssKiB()
		t0 := time.Now()
		if err := v.Unlock(ctx, pw); err != nil {
			return err
		}
		d := time.Since(t0)
		f1, rss1 := faults(), rssKiB()
		fmt.Printf("unlock_ms=%.1f kdf_faults=%d rss_before_kib=%d rss_after_kib=%d\n", float64(d.Microseconds())/1000, f1-f0, rss0, rss1)
		return nil
	case len(args) == 2 && args[0] == "calibrate":
		path := filepath.Join(args[1], "calibrate.db")
		os.Remove(path)
		t0 := time.Now()
		v, _, err := vault.Create(ctx, path, pw, vault.CreateOptions{})
		if err != nil {
			return err
		}
		created := time.Since(t0)
		info, err := v.Info(ctx)
		v.Close()
		if err != nil {
			return err
		}
		v, err = vault.Open(ctx, path)
		if err != nil {
			return err
		}
		defer v.Close()
		t1 := time.Now()
		if err := v.Unlock(ctx, pw); err != nil {
			return err
		}
		fmt.Printf("memory_kib=%d iterations=%d threads=%d create_ms=%d unlock_ms=%d\n", info.KDF.MemoryKiB, info.KDF.Iterations, info.KDF.Threads,
			created.Milliseconds(), time.Since(t1).Milliseconds())
		return nil
	}
	return fmt.Errorf("usage: kdfunlock create PATH MEMORY_KIB ITERATIONS THREADS | unlock PATH | calibrate DIR")
}

func faults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Minflt
}

// rssKiB reads VmRSS from /proc/self/status (Linux), or -1.
func rssKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return -1
}
