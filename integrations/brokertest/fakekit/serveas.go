package fakekit

import "net/http"

// ServeAs makes a fake's data routes: each handler h, behind b's fault
// injection and g (GuardAs), answers with what of makes of the
// credential's holder (the login's book, portfolio or user), so a fake
// mounts its routes as mux.Handle(pattern, data(h)).
func ServeAs[T any](b *Base, g Gate, of func(who string) T) func(h func(w http.ResponseWriter, r *http.Request, v T)) http.Handler {
	return func(h func(w http.ResponseWriter, r *http.Request, v T)) http.Handler {
		return b.GuardAs(g, func(w http.ResponseWriter, r *http.Request, who string) { h(w, r, of(who)) })
	}
}

// Narrowed is a data route's handler for one of the holder's accounts: find
// reads the one the request names (in its path or query) among v's and answers the
// institution's refusal itself when there is none (nil); h answers for the
// account found.
func Narrowed[V, A any](find func(w http.ResponseWriter, r *http.Request, v V) *A, h func(w http.ResponseWriter, r *http.Request, a *A)) func(w http.ResponseWriter, r *http.Request, v V) {
	return func(w http.ResponseWriter, r *http.Request, v V) {
		if a := find(w, r, v); a != nil {
			h(w, r, a)
		}
	}
}
