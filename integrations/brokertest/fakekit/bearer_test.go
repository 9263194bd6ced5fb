package fakekit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// A data route answers as the bearer token's user, though the gate counts
// the token; a refused token never reaches it.
func TestServeBearer(t *testing.T) {
	var b fakekit.Base
	tokens := &fakekit.Tokens{}
	tokens.AddAccess("tok-alice", "alice", time.Time{})
	gate := fakekit.Gate{Auth: tokens.PerToken(""),
		Deny: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) }}
	data := fakekit.ServeBearer(&b, gate, tokens)
	h := data(func(w http.ResponseWriter, _ *http.Request, user string) {
		if user != "alice" {
			t.Errorf("served as %q", user)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	for tok, want := range map[string]int{"tok-alice": http.StatusNoContent, "tok-other": http.StatusUnauthorized} {
		r := httptest.NewRequest(http.MethodGet, "/data", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("token %q: HTTP %d, want %d", tok, w.Code, want)
		}
	}
}

func TestBearerToken(t *testing.T) {
	for _, c := range []struct {
		auth, want string
		ok         bool
	}{
		{"Bearer tok-1", "tok-1", true},
		{"Bearer ", "", true}, // the scheme with an empty token: the store refuses ""
		{"", "", false},
		{"tok-1", "", false}, // no scheme
		{"bearer tok-1", "", false},
		{"Basic dXNlcjpwYXNz", "", false},
		{"token key:secret", "", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/data", nil)
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		if got, ok := fakekit.BearerToken(r); got != c.want || ok != c.ok {
			t.Errorf("BearerToken(%q) = %q %v, want %q %v", c.auth, got, ok, c.want, c.ok)
		}
	}
}
