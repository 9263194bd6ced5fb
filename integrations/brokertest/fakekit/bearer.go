package fakekit

import (
	"net/http"
	"strings"
)

// BearerToken is the token r carries as "Authorization: Bearer <token>"
// (RFC 6750, the scheme spelled as the institutions document it); ok is
// false, and the token "", when r carries no Authorization header or one of
// another scheme. A fake's own check of the token (its store, a JWT) comes
// after.
func BearerToken(r *http.Request) (token string, ok bool) {
	token, ok = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return "", false
	}
	return token, true
}

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
