//go:build !unix

package vault

import (
	"context"
	"os"
	"time"
)

// lockFile is a no-op where bbolt's lock (LockFileEx on Windows) cannot be
// taken twice through one handle: there the structure check runs just before
// bbolt takes its lock, and bbolt's Options.Timeout yields ErrInUse.
func lockFile(ctx context.Context, f *os.File, deadline time.Time) error { return nil }

const lockChecksBeforeBolt = false
