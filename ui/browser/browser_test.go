package browser

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

func TestSystem(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []string{"file:///etc/passwd", "javascript:alert(1)", "http://", "/relative", "https://x.test/a b", "https://x.test/\nx", "mailto:a@b.c", "ftp://x.test/", "https:opaque"} {
		called := false
		b := System{open: func(string) error { called = true; return nil }}
		if err := b.OpenURL(ctx, bad); !errors.Is(err, ErrBadURL) || called {
			t.Errorf("%q: err %v, called %v", bad, err, called)
		}
	}
	opened := make(chan string, 1)
	b := System{open: func(u string) error { opened <- u; return nil }}
	if err := b.OpenURL(ctx, "https://bank.test/authorize?x=1"); err != nil {
		t.Fatal(err)
	}
	if u := <-opened; u != "https://bank.test/authorize?x=1" {
		t.Errorf("opened %q", u)
	}

	b = System{open: func(string) error { return errors.New("exec: xdg-open: not found") }}
	if err := b.OpenURL(ctx, "http://127.0.0.1:1/"); err == nil || strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("failing opener: %v", err)
	}

	// An opener that blocks (xdg-open waiting on the browser) does not hold
	// the caller past the timeout.
	block := make(chan struct{})
	defer close(block)
	b = System{Timeout: 10 * time.Millisecond, open: func(string) error { <-block; return nil }}
	if err := b.OpenURL(ctx, "https://bank.test/"); err != nil {
		t.Errorf("blocking opener: %v", err)
	}
	b.Timeout = time.Hour
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.OpenURL(cctx, "https://bank.test/"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	var _ integrations.Browser = System{}
}
