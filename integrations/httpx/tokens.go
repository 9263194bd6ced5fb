package httpx

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// DoWithTokens sends r with the access token of ts's current secret as its
// Bearer ([integrations.TokenSource.Do]): a due token is refreshed (and
// saved) first, and a token the institution refuses (ErrReauthRequired) is
// refreshed and r sent once more. It is the data call of a client whose
// OAuth tokens expire (Schwab, TradeStation, Tradier, tastytrade, Public).
func DoWithTokens[S any](ctx context.Context, a *API, ts *integrations.TokenSource[S], r Request) ([]byte, error) {
	var b []byte
	err := ts.Do(ctx, func(ctx context.Context, s S) error {
		var err error
		r.Bearer, _ = ts.Access(s)
		b, err = a.Do(ctx, r)
		return err
	})
	return b, err
}
