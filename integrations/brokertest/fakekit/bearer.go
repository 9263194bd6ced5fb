package fakekit

import "net/http"

// ServeBearer makes a fake's data routes like ServeAs, each handler h
// answering as the subject of the bearer token the request carries (the
// user of t's access token), whatever g's Auth names for the rate window
// (the token itself, an environment and user).
func ServeBearer(b *Base, g Gate, t *Tokens) func(h func(w http.ResponseWriter, r *http.Request, subject string)) http.Handler {
	return func(h func(w http.ResponseWriter, r *http.Request, subject string)) http.Handler {
		return b.Guard(g, func(w http.ResponseWriter, r *http.Request) {
			subject, _ := t.Bearer(r)
			h(w, r, subject)
		})
	}
}
