package vault

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Child processes are this test binary re-executed with LATCHKEY_VAULT_CHILD
// set; TestMain then runs the child's role instead of the tests. They are
// test binaries, so the insecure test KDF is available to them.

const childEnv = "LATCHKEY_VAULT_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role))
	}
	code := m.Run()
	benchCleanup()
	os.Exit(code)
}

func runChild(role string) int {
	path := os.Getenv("LATCHKEY_VAULT_PATH")
	var err error
	switch role {
	case "writer":
		err = childWriter(path, os.Getenv("LATCHKEY_VAULT_PREFIX"))
	case "holder":
		err = childHolder(path)
	case "memlock":
		err = childMemlock(path)
	case "signals":
		err = childSignals()
	default:
		err = fmt.Errorf("unknown child role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

func child(t *testing.T, role, path string, extraEnv ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+role, "LATCHKEY_VAULT_PATH="+path)
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stderr = &lockedBuffer{}
	return cmd
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// crashValue is the deterministic value the writer stores under key.
func crashValue(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return valueFor(key, 20+int(binary.BigEndian.Uint16(h[:])%2500))
}

// childWriter writes records until killed, printing "put K" or "del K" on
// stdout after each operation has returned (committed), and "try-del K"
// before a delete.
func childWriter(path, prefix string) error {
	ctx := context.Background()
	v, err := Open(ctx, path)
	if err != nil {
		return err
	}
	if err := v.Unlock(ctx, testPassword); err != nil {
		return err
	}
	h := sha256.Sum256([]byte(prefix))
	rng := rand.New(rand.NewPCG(binary.BigEndian.Uint64(h[:]), 7))
	var mine []string
	out := os.Stdout
	for n := 0; n < 40; n++ { // then exit: bounds the vault's growth
		switch op := rng.IntN(40); {
		case op == 0: // re-encrypt everything, compact, rename over the vault
			if _, err := v.RotateKey(ctx); err != nil {
				return err
			}
			fmt.Fprintln(out, "rotated -")
		case op < 24:
			k := fmt.Sprintf("%s-%04d", prefix, n)
			if err := v.Put(ctx, "crash", k, crashValue(k)); err != nil {
				return err
			}
			mine = append(mine, k)
			fmt.Fprintf(out, "put %s\n", k)
		case op < 32:
			var ks []string
			err := v.Update(ctx, func(tx *Tx) error {
				for j := 0; j < 2+rng.IntN(5); j++ {
					k := fmt.Sprintf("%s-%04d-%d", prefix, n, j)
					if err := tx.Put("crash", k, crashValue(k)); err != nil {
						return err
					}
					ks = append(ks, k)
				}
				return nil
			})
			if err != nil {
				return err
			}
			mine = append(mine, ks...)
			for _, k := range ks {
				fmt.Fprintf(out, "put %s\n", k)
			}
		default:
			if len(mine) == 0 {
				continue
			}
			i := rng.IntN(len(mine))
			k := mine[i]
			mine = append(mine[:i], mine[i+1:]...)
			fmt.Fprintf(out, "try-del %s\n", k) // in flight: may or may not happen
			if err := v.Delete(ctx, "crash", k); err != nil {
				return err
			}
			fmt.Fprintf(out, "del %s\n", k)
		}
	}
	return v.Close()
}

// TestCrashKill kills a writer process with SIGKILL at random moments, 100
// times against the same vault, and checks after each kill that the vault
// opens, passes Check, and holds exactly what the acknowledged operations
// say (operations in flight may or may not have happened).
func TestCrashKill(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL semantics")
	}
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	iterations := 100
	if testing.Short() {
		iterations = 20
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	present := map[string]int{} // acknowledged state
	var totalAcked, killedEarly, finished, rotations, interrupted int
	for it := 0; it < iterations; it++ {
		cmd := child(t, "writer", path, fmt.Sprintf("LATCHKEY_VAULT_PREFIX=i%03d", it))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill moment: after a random number of acknowledged
		// operations, or, one time in five, after a random delay from start
		// (possibly while the child is still opening the vault).
		var kill sync.Once
		doKill := func() { kill.Do(func() { cmd.Process.Kill() }) }
		wantLines := rng.IntN(30)
		if rng.IntN(5) == 0 {
			wantLines = -1
			killedEarly++
			timer := time.AfterFunc(time.Duration(rng.IntN(40_000))*time.Microsecond, doKill)
			defer timer.Stop()
		}
		sc := bufio.NewScanner(stdout)
		lines := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 2 {
				t.Fatalf("child said %q", sc.Text())
			}
			switch f[0] {
			case "put":
				present[f[1]] = statePut
			case "del":
				present[f[1]] = stateDeleted
			case "try-del":
				present[f[1]] = stateEither
			case "rotated":
				rotations++
			default:
				t.Fatalf("child said %q", sc.Text())
			}
			lines++
			if f[0] == "put" || f[0] == "del" {
				totalAcked++
			}
			if lines == wantLines {
				doKill()
			}
		}
		doKill()
		err = cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			finished++ // the kill came too late
		case errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL:
		default:
			t.Fatalf("iteration %d: writer: %v\n%s", it, err, cmd.Stderr)
		}
		if stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), compactPattern(path))); len(stale) > 0 {
			interrupted++ // killed mid-compaction: Open must clean up
		}
		verifyCrashVault(t, ctx, path, present, it)
	}
	t.Logf("%d runs: %d killed by SIGKILL (%d of them on a timer from start), %d finished before the kill; %d acknowledged operations and %d key rotations verified; %d kills interrupted a compaction",
		iterations, iterations-finished, killedEarly, finished, totalAcked, rotations, interrupted)
	if finished > iterations/2 {
		t.Errorf("too few runs were killed mid-write")
	}
}

const (
	statePut = iota + 1
	stateDeleted
	stateEither // a delete was in flight
)

func verifyCrashVault(t *testing.T, ctx context.Context, path string, present map[string]int, it int) {
	t.Helper()
	v, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("iteration %d: Open after kill: %v", it, err)
	}
	defer v.Close()
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatalf("iteration %d: Unlock after kill: %v", it, err)
	}
	if rep, err := v.Check(ctx); err != nil {
		t.Fatalf("iteration %d: Check after kill: %+v %v", it, rep, err)
	}
	if stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), compactPattern(path))); len(stale) > 0 {
		t.Fatalf("iteration %d: Open left interrupted compactions: %v", it, stale)
	}
	// Compare every value. (Decrypting through one scratch buffer instead of
	// a LockedBuffer per Get keeps 100 verifications of a growing vault fast;
	// Get itself is tested elsewhere.)
	kb, err := v.key.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Destroy()
	sc := &scratch{v: v}
	defer sc.release()
	err = v.db.View(func(btx *bolt.Tx) error {
		found := map[string]bool{}
		if b := btx.Bucket([]byte("crash")); b != nil {
			c := b.Cursor()
			for k, raw := c.First(); k != nil; k, raw = c.Next() {
				found[string(k)] = true
				pt, err := sc.open(kb.Bytes(), FormatVersion, "crash", string(k), raw)
				if err != nil {
					return err
				}
				if string(pt) != string(crashValue(string(k))) {
					return fmt.Errorf("%s holds the wrong value", k)
				}
			}
		}
		for k, st := range present {
			if st == statePut && !found[k] {
				return fmt.Errorf("acknowledged put %s is missing", k)
			}
			if st == stateDeleted && found[k] {
				return fmt.Errorf("acknowledged delete %s is undone", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("iteration %d: %v", it, err)
	}
}

func childHolder(path string) error {
	ctx := context.Background()
	v, err := Open(ctx, path)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin) // until the parent closes stdin
	return v.Close()
}

// TestSecondProcess: while another process holds the vault, Open fails with
// ErrInUse within 3 s; once it lets go, Open succeeds.
func TestSecondProcess(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	v.Close()
	cmd := child(t, "holder", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holder said %q, %v\n%s", line, err, cmd.Stderr)
	}
	start := time.Now()
	_, err = Open(ctx, path)
	elapsed := time.Since(start)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("Open while held: %v", err)
	}
	if elapsed > 3*time.Second {
		t.Fatalf("Open took %v to give up", elapsed)
	}
	if err.Error() != "vault is already open in another Latchkey window or process" {
		t.Fatalf("message %q", err)
	}
	// A shorter context deadline is honoured.
	dctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	start = time.Now()
	_, err = Open(dctx, path)
	cancel()
	if err == nil || time.Since(start) > time.Second {
		t.Fatalf("Open with a 200 ms deadline: %v after %v", err, time.Since(start))
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v\n%s", err, cmd.Stderr)
	}
	v2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open after the holder exited: %v", err)
	}
	v2.Close()
	t.Logf("ErrInUse after %v", elapsed)
}

func TestSecondOpenInProcess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, path, _ := newTestVault(t) // still open
	if _, err := Open(ctx, path); !errors.Is(err, ErrInUse) && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Open in the same process: %v", err)
	}
}

// childMemlock runs under RLIMIT_MEMLOCK = 64 KiB without CAP_IPC_LOCK.
func childMemlock(path string) error {
	if err := mlockProbe(); err == nil {
		fmt.Println("limit-not-enforced")
		return nil
	}
	ctx := context.Background()
	v, rk, err := Create(ctx, path, testPassword, CreateOptions{InsecureTestKDF: true})
	if err != nil {
		return err
	}
	const n = 300
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("conn-%03d", i)
		if err := v.Put(ctx, "connections", k, valueFor(k, 2048)); err != nil {
			return err
		}
	}
	for round := 0; round < 3; round++ {
		for i := 0; i < n; i++ {
			k := fmt.Sprintf("conn-%03d", i)
			b, err := v.Get(ctx, "connections", k)
			if err != nil {
				return err
			}
			if string(b.Bytes()) != string(valueFor(k, 2048)) {
				return fmt.Errorf("%s differs", k)
			}
			b.Destroy()
		}
		v.Lock()
		if err := v.Unlock(ctx, testPassword); err != nil {
			return err
		}
	}
	// Hold several buffers at once, then let Lock destroy them.
	for i := 0; i < 6; i++ {
		if _, err := v.Get(ctx, "connections", fmt.Sprintf("conn-%03d", i)); err != nil {
			return err
		}
	}
	v.Lock()
	if err := v.UnlockWithRecoveryKey(ctx, rk); err != nil {
		return err
	}
	if err := v.ChangePassword(ctx, []byte("another")); err != nil {
		return err
	}
	if _, err := v.RotateKey(ctx); err != nil {
		return err
	}
	if rep, err := v.Check(ctx); err != nil || rep.Records != n {
		return fmt.Errorf("check: %+v %v", rep, err)
	}
	// A record larger than the limit is refused, not a panic.
	if err := v.Put(ctx, "big", "b", make([]byte, 128<<10)); err != nil {
		return err
	}
	if _, err := v.Get(ctx, "big", "b"); !errors.Is(err, ErrNoLockedMemory) {
		return fmt.Errorf("oversized Get: %v", err)
	}
	if err := v.Close(); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

// TestMemlock64K runs create, unlock, put, get, lock, rotate and check in a
// child process limited to 64 KiB of locked memory (prlimit; as root, with
// CAP_IPC_LOCK dropped by setpriv, since root ignores the limit otherwise).
func TestMemlock64K(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("prlimit is Linux-only")
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit not installed")
	}
	args := []string{prlimit, "--memlock=65536:65536", os.Args[0]}
	if os.Geteuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root without setpriv: cannot drop CAP_IPC_LOCK")
		}
		args = append([]string{setpriv, "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--"}, args...)
	}
	cmd := child(t, "memlock", filepath.Join(t.TempDir(), "vault.db"))
	cmd.Path, cmd.Args = args[0], args
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child under ulimit -l 64: %v\nstdout: %s\nstderr: %s", err, out, cmd.Stderr)
	}
	if strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("child said %q", out)
	}
}
