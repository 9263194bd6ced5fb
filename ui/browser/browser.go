// Package browser opens URLs in the user's default browser: the desktop
// capability main hands to the app (integrations.Browser), used by the
// desktop and by the CLI's connect.
package browser

import (
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	pkgbrowser "github.com/pkg/browser"
)

// DefaultTimeout is how long System waits for the opener.
const DefaultTimeout = 10 * time.Second

// ErrBadURL is returned by System for a URL it will not open.
var ErrBadURL = errors.New("only absolute http and https URLs can be opened in the browser")

// System opens URLs in the user's default browser through
// github.com/pkg/browser. It implements integrations.Browser.
//
// Only absolute http and https URLs are opened. The opener (xdg-open, open,
// ShellExecute) runs off the caller's goroutine; xdg-open may not return
// until the browser exits, so after Timeout OpenURL returns nil and leaves it
// running: the browser is most likely starting, and the URL is shown for
// copying anyway. The opener's stdout and stderr are discarded.
type System struct {
	// Timeout bounds the wait for the opener (default 10 s).
	Timeout time.Duration
	// open replaces pkgbrowser.OpenURL in tests.
	open func(string) error
}

var silenceOnce sync.Once

// OpenURL opens u in the system browser.
func (b System) OpenURL(ctx context.Context, u string) error {
	if err := CheckURL(u); err != nil {
		return err
	}
	open := b.open
	if open == nil {
		silenceOnce.Do(func() {
			pkgbrowser.Stdout = io.Discard
			pkgbrowser.Stderr = io.Discard
		})
		open = pkgbrowser.OpenURL
	}
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
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

// CheckURL accepts only absolute http and https URLs with a host and no
// whitespace or control characters.
func CheckURL(u string) error {
	if strings.IndexFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return ErrBadURL
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.Opaque != "" {
		return ErrBadURL
	}
	return nil
}
