package fakekit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestGuardsAs(t *testing.T) {
	var b fakekit.Base
	gate := fakekit.Gate{
		Auth: func(r *http.Request) (string, bool) { u := r.Header.Get("User"); return u, u != "" },
		Deny: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) },
	}
	h := b.GuardsAs(gate)(func(w http.ResponseWriter, _ *http.Request, who string) { w.Header().Set("Who", who) })
	for user, want := range map[string]int{"abc": http.StatusOK, "": http.StatusUnauthorized} {
		r := httptest.NewRequest(http.MethodGet, "/data", nil)
		r.Header.Set("User", user)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want || w.Header().Get("Who") != map[bool]string{true: user}[want == http.StatusOK] {
			t.Errorf("user %q: HTTP %d for %q, want %d", user, w.Code, w.Header().Get("Who"), want)
		}
	}
}
