package httpx

import (
	"context"
	"net/url"
)

// Bearer is a GET of a's with token as its bearer: the get of the kit's
// reads (integrations.ReadList, integrations.ReadLogin) where no
// TokenSource keeps the token, as a login checking the token it was just
// given.
func (a *API) Bearer(token string) func(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return func(ctx context.Context, path string, q url.Values) ([]byte, error) {
		return a.Do(ctx, Request{Path: path, Query: q, Bearer: token})
	}
}
