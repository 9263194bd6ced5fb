package fakekit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestPerToken(t *testing.T) {
	s := &fakekit.Tokens{Now: func() time.Time { return fakekit.T0 }}
	s.AddAccess("tok-live", "live", time.Time{})
	req := func(auth string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		return r
	}
	for _, c := range []struct {
		subject, auth string
		ok            bool
	}{
		{"live", "Bearer tok-live", true},
		{"", "Bearer tok-live", true},
		{"paper", "Bearer tok-live", false}, // another environment's token
		{"live", "Bearer nope", false},
		{"live", "", false},
		{"live", "tok-live", false}, // no Bearer scheme: refused as the institutions do
	} {
		who, ok := s.PerToken(c.subject)(req(c.auth))
		if ok != c.ok || (ok && who != "tok-live") {
			t.Errorf("PerToken(%q) with %q = %q %v, want ok %v", c.subject, c.auth, who, ok, c.ok)
		}
	}
	s.RevokeAll()
	if _, ok := s.PerToken("live")(req("Bearer tok-live")); ok {
		t.Error("a revoked token passed")
	}
}
