package fakekit

import "net/http"

// PerToken is a Gate's Auth that counts the rate window per access token:
// it names the token r carries as "Authorization: Bearer <token>", and is
// ok when the store accepts it (live, not revoked) as subject's; "" accepts
// any subject's.
func (s *Tokens) PerToken(subject string) func(r *http.Request) (string, bool) {
	return func(r *http.Request) (string, bool) {
		tok, _ := BearerToken(r)
		owner, ok := s.Access(tok)
		return tok, ok && (subject == "" || owner == subject)
	}
}
