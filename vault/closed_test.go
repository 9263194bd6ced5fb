package vault

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// After Close, the calls that read an open vault answer errClosed and hold
// no lock (a held read lock would leave a later Lock, Unlock or Close
// waiting for ever); with an ended context they answer its error first.
func TestCallsAfterClose(t *testing.T) {
	v, _, _ := newTestVault(t)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func(context.Context) error{
		"View":   func(ctx context.Context) error { return v.View(ctx, func(*Tx) error { return nil }) },
		"Update": func(ctx context.Context) error { return v.Update(ctx, func(*Tx) error { return nil }) },
		"Info":   func(ctx context.Context) error { _, err := v.Info(ctx); return err },
		"Backup": func(ctx context.Context) error { return v.Backup(ctx, filepath.Join(t.TempDir(), "b.db")) },
	}
	for name, call := range calls {
		if err := call(done); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with an ended context: %v, want context.Canceled", name, err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	for name, call := range calls {
		if err := call(context.Background()); !errors.Is(err, errClosed) {
			t.Errorf("%s after Close: %v, want errClosed", name, err)
		}
		// Close takes the write lock: it returns only if the call let go.
		if err := v.Close(); err != nil {
			t.Errorf("Close after %s: %v", name, err)
		}
	}
}
