// Package startlog holds back what the standard logger writes while the
// program starts, until main knows which front end runs.
//
// Fyne's lang package logs at package initialisation, before main runs,
// when it cannot parse the user's locale (LANG=C.UTF-8 gives "C"): every CLI
// command then began with three "Fyne error" lines on stderr although the CLI
// never uses Fyne. Importing this package from main makes its init run
// before Fyne's: Go initialises, at each step, the first package by import
// path whose imports are all initialised (the Go spec, "Package
// initialization"); this package needs only bytes, io, log and sync, so it
// is ready long before fyne.io/fyne/v2/lang, which needs text/template and
// os/exec, whose import paths sort after this one. TestQuietStart in package
// main checks it on the built program.
package startlog

import (
	"bytes"
	"io"
	"log"
	"sync"
)

// maxHeld bounds what is held (start-up messages are a few lines).
const maxHeld = 64 << 10

var (
	mu   sync.Mutex
	held bytes.Buffer
)

type holder struct{}

func (holder) Write(p []byte) (int, error) {
	mu.Lock()
	defer mu.Unlock()
	if held.Len()+len(p) <= maxHeld {
		held.Write(p)
	}
	return len(p), nil
}

func init() { log.SetOutput(holder{}) }

// Release makes the standard logger write to w from now on and returns what
// it wrote until then, for the caller to show (the desktop app) or drop
// (a CLI command).
func Release(w io.Writer) []byte {
	mu.Lock()
	defer mu.Unlock()
	log.SetOutput(w)
	out := bytes.Clone(held.Bytes())
	held.Reset()
	return out
}
