//go:build unix

package vault

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func childSignals() error {
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1) // registered by "someone else" first
	CatchSignals(func() { fmt.Println("cleanup") })
	// CPU-bound goroutines get preempted with SIGURG: the process must survive.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(1)
			for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); {
				for i := 0; i < 1000; i++ {
					x = x*6364136223846793005 + 1
				}
			}
			_ = strconv.FormatUint(x, 10)
		}()
	}
	wg.Wait()
	fmt.Println("ready")
	<-usr1
	fmt.Println("usr1")
	select {}
}

// TestCatchSignals: runtime signals and other handlers keep working; SIGTERM
// runs the cleanup and exits with status 143.
func TestCatchSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix signals")
	}
	cmd := child(t, "signals", "")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(stdout)
	expect := func(want string) {
		line, err := r.ReadString('\n')
		if err != nil || strings.TrimSpace(line) != want {
			t.Fatalf("want %q, child said %q (%v)\n%s", want, line, err, cmd.Stderr)
		}
	}
	expect("ready")
	cmd.Process.Signal(syscall.SIGUSR1)
	expect("usr1")
	cmd.Process.Signal(syscall.SIGTERM)
	expect("cleanup")
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 128+int(syscall.SIGTERM) {
		t.Fatalf("exit: %v", err)
	}
}
