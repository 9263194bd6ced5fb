package vault

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/awnumar/memguard"
)

// CatchSignals runs cleanup, wipes every memguard buffer (memguard.Purge) and
// exits when the process receives SIGINT or SIGTERM, with the shell's status
// for that signal (130 or 143).
//
// Only those two signals are caught and signal.Reset is never called, so Go's
// runtime signals (SIGURG preemption, SIGPROF, ...) and handlers registered
// elsewhere keep working. memguard.CatchSignal must not be used instead: it
// calls signal.Reset and, without arguments, catches every signal.
func CatchSignals(cleanup func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		if cleanup != nil {
			cleanup()
		}
		code := 1
		if s, ok := sig.(syscall.Signal); ok {
			code = 128 + int(s)
		}
		memguard.SafeExit(code)
	}()
}
