//go:build !unix && !windows

package vault

import (
	"context"
	"os"
	"time"
)

// lockFile does nothing here: the structure check runs just before bbolt
// takes its lock, and bbolt's Options.Timeout yields ErrInUse.
func lockFile(ctx context.Context, f *os.File, deadline time.Time) (release func(), err error) {
	return func() {}, nil
}

const renameOpenFiles = false
