package httpx

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pkg/browser"
)

// DefaultBrowserTimeout is how long SystemBrowser waits for the opener.
const DefaultBrowserTimeout = 10 * time.Second

// ErrBadBrowserURL is returned by SystemBrowser for a URL it will not open.
var ErrBadBrowserURL = errors.New("only absolute http and https URLs can be opened in the browser")

// SystemBrowser opens URLs in the user's default browser through
// github.com/pkg/browser. It implements integrations.Browser.
//
// Only absolute http and https URLs are opened. The opener (xdg-open, open,
// ShellExecute) runs off the caller's goroutine; xdg-open may not return
// until the browser exits, so after Timeout OpenURL returns nil and leaves it
// running: the browser is most likely starting, and the URL is shown for
// copying anyway. The opener's stdout and stderr are discarded.
type SystemBrowser struct {
	// Timeout bounds the wait for the opener (default 10 s).
	Timeout time.Duration
	// open replaces browser.OpenURL in tests.
	open func(string) error
}

var silenceOnce sync.Once

// OpenURL opens u in the system browser.
func (b SystemBrowser) OpenURL(ctx context.Context, u string) error {
	if err := CheckBrowserURL(u); err != nil {
		return err
	}
	open := b.open
	if open == nil {
		silenceOnce.Do(func() {
			browser.Stdout = io.Discard
			browser.Stderr = io.Discard
		})
		open = browser.OpenURL
	}
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = DefaultBrowserTimeout
	}
	done := make(chan error, 1)
	go func() { done <- open(u) }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil {
			// The opener's error names the commands it tried, not the URL.
			return errors.New("could not open the system browser; copy the address instead")
		}
		return nil
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// CheckBrowserURL accepts only absolute http and https URLs with a host and no
// whitespace or control characters.
func CheckBrowserURL(u string) error {
	if strings.IndexFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return ErrBadBrowserURL
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.Opaque != "" {
		return ErrBadBrowserURL
	}
	return nil
}
