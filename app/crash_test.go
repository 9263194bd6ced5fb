package app_test

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

const crashChildEnv = "LATCHKEY_APP_CRASH_CHILD"

// TestMain lets the test binary act as the syncing child of
// TestKillDuringSync.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		os.Exit(syncForever(dir))
	}
	os.Exit(m.Run())
}

// syncForever opens the vault in dir and syncs its connections until killed,
// printing a line after each sync.
func syncForever(dir string) int {
	ctx := context.Background()
	a, srv, closeFn, err := openCrashApp(ctx, dir)
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 2
	}
	defer closeFn()
	defer srv.Close()
	for {
		if _, err := a.Refresh(ctx, nil, nil); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			return 3
		}
		os.Stdout.WriteString("synced\n")
	}
}

func openCrashApp(ctx context.Context, dir string) (*app.App, *demo.Server, func(), error) {
	dopts := demo.Options{DataDir: dir, ApproveAfter: -1, RateLimit: 1 << 20}
	srv, err := demo.NewServer(dopts)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := vault.Open(ctx, filepath.Join(dir, "vault.db"))
	if err != nil {
		return nil, nil, nil, err
	}
	if err := v.Unlock(ctx, []byte(apptest.Password)); err != nil {
		return nil, nil, nil, err
	}
	reg, err := app.NewRegistryWith(demo.New(dopts), "", fastHTTP)
	if err != nil {
		return nil, nil, nil, err
	}
	_ = reg.SetOverrides(integrations.Overrides{demo.ID: {"api": srv.URL()}})
	return app.New(app.Options{Vault: v, Registry: reg, DataDir: dir}), srv, func() { v.Close() }, nil
}

// TestKillDuringSync kills a process mid-sync (SIGKILL) many times: the
// vault must open, pass check, and keep its connections each time.
func TestKillDuringSync(t *testing.T) {
	e := newEnv(t)
	c1 := e.connect("user_good")
	c2 := e.connect("user_mfa_code")
	e.sync()
	e.v.Close()

	const rounds = 12
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+e.dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		// Wait for a first complete sync, so the kill lands in a later one.
		if !lines.Scan() {
			cmd.Wait()
			t.Fatalf("round %d: the child never synced", round)
		}
		time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond) // a random moment inside the next syncs
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		v, err := vault.Open(e.ctx, filepath.Join(e.dir, "vault.db"))
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if err := v.Unlock(e.ctx, []byte(apptest.Password)); err != nil {
			t.Fatalf("round %d: unlock after kill: %v", round, err)
		}
		if _, err := v.Check(e.ctx); err != nil {
			t.Fatalf("round %d: check after kill: %v", round, err)
		}
		a := app.New(app.Options{Vault: v, Registry: e.reg})
		for _, id := range []string{c1.ID, c2.ID} {
			if _, err := a.Connection(e.ctx, id); err != nil {
				t.Fatalf("round %d: connection %s after kill: %v", round, id, err)
			}
			if accts, err := a.Accounts(e.ctx, id); err != nil || len(accts) != 3 {
				t.Fatalf("round %d: cached accounts after kill: %d %v", round, len(accts), err)
			}
		}
		v.Close()
	}
}
