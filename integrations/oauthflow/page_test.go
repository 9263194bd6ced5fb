package oauthflow

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// PageOf writes the flow's own result pages, and Page sends a page with the
// headers that keep it from being cached, sniffed, framed or scripted.
func TestPageOfAndPage(t *testing.T) {
	for _, c := range []struct{ heading, text, want string }{
		{"Done", "You can close this window and return to Latchkey.", pageDone},
		{"Not found", "", pageNotFound},
	} {
		if got := PageOf(c.heading, c.text); got != c.want {
			t.Errorf("PageOf(%q, %q) = %q, want %q", c.heading, c.text, got, c.want)
		}
	}
	rec := httptest.NewRecorder()
	Page(rec, http.StatusTeapot, pageDone)
	if rec.Code != http.StatusTeapot || rec.Body.String() != pageDone {
		t.Errorf("status %d, body %q", rec.Code, rec.Body.String())
	}
	for k, want := range map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Cache-Control":           "no-store",
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}
