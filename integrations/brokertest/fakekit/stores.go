package fakekit

import "net/http"

// Bearer returns the subject of the live access token r carries as
// "Authorization: Bearer <token>"; ok is false when it carries none or a
// token the store does not accept (unknown, expired or revoked).
func (s *Tokens) Bearer(r *http.Request) (subject string, ok bool) {
	tok, found := BearerToken(r)
	if !found {
		return "", false
	}
	return s.Access(tok)
}

// TokenStores are a fake's token stores, one per environment it serves
// (live and paper each with their own tokens). Embedded in a fake's Server
// they are its brokertest.Fake RevokeAll and ExpireAccessTokens.
type TokenStores []*Tokens

// RevokeAll refuses every token of every store from now on.
func (ts TokenStores) RevokeAll() {
	for _, t := range ts {
		t.RevokeAll()
	}
}

// ExpireAccessTokens expires every access token issued so far.
func (ts TokenStores) ExpireAccessTokens() {
	for _, t := range ts {
		t.ExpireAccess()
	}
}
