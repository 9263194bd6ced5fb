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

// A route Narrowed to an account answers for the account the path names;
// for one the holder does not have, find's refusal alone.
func TestNarrowed(t *testing.T) {
	type account struct{ number string }
	holders := map[string][]account{"alice": {{"A1"}, {"A2"}}}
	find := func(w http.ResponseWriter, r *http.Request, user string) *account {
		for i, a := range holders[user] {
			if a.number == r.PathValue("n") {
				return &holders[user][i]
			}
		}
		w.WriteHeader(http.StatusNotFound)
		return nil
	}
	h := fakekit.Narrowed(find, func(w http.ResponseWriter, _ *http.Request, a *account) {
		w.Header().Set("X-Account", a.number)
		w.WriteHeader(http.StatusNoContent)
	})
	for _, c := range []struct {
		user, n, want string
		status        int
	}{
		{"alice", "A2", "A2", http.StatusNoContent},
		{"alice", "A1", "A1", http.StatusNoContent},
		{"alice", "B1", "", http.StatusNotFound},
		{"bob", "A1", "", http.StatusNotFound}, // another holder's account
	} {
		r := httptest.NewRequest(http.MethodGet, "/accounts/"+c.n, nil)
		r.SetPathValue("n", c.n)
		w := httptest.NewRecorder()
		h(w, r, c.user)
		if w.Code != c.status || w.Header().Get("X-Account") != c.want {
			t.Errorf("%s %s: HTTP %d for %q, want %d for %q", c.user, c.n, w.Code, w.Header().Get("X-Account"), c.status, c.want)
		}
	}
}
