package fakekit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// A data route answers the credential's holder's data; a refused
// credential never reaches it.
func TestServeAs(t *testing.T) {
	var b fakekit.Base
	gate := fakekit.Gate{
		Auth: func(r *http.Request) (string, bool) { u := r.Header.Get("User"); return u, u != "" },
		Deny: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) },
	}
	data := fakekit.ServeAs(&b, gate, func(who string) int { return len(who) })
	h := data(func(w http.ResponseWriter, _ *http.Request, n int) { w.WriteHeader(200 + n) })
	for user, want := range map[string]int{"abc": 203, "": http.StatusUnauthorized} {
		r := httptest.NewRequest(http.MethodGet, "/data", nil)
		r.Header.Set("User", user)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("user %q: HTTP %d, want %d", user, w.Code, want)
		}
	}
}
