package httpx

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// TokenAnswer is a token endpoint's answer to a refresh (RFC 6749 §5.1),
// with the refresh token's own lifetime where the institution names it.
type TokenAnswer struct {
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshExpiresIn int64  `json:"refresh_token_expires_in"`
}

// RefreshApp sends r, the refresh of t's refresh token, to the token
// endpoint api, and returns t renewed by the answer (AppTokens.Renewed at
// now, def the access token's life when the answer does not say) with the
// answer itself. An answer without an access token is api.Malformed. The
// new tokens are redacted from then on.
func RefreshApp(ctx context.Context, api *API, r Request, t integrations.AppTokens, now time.Time, def time.Duration) (integrations.AppTokens, TokenAnswer, error) {
	var ans TokenAnswer
	if err := api.JSON(ctx, r, &ans); err != nil {
		return integrations.AppTokens{}, ans, err
	}
	if ans.AccessToken == "" {
		return integrations.AppTokens{}, ans, api.Malformed()
	}
	next := t.Renewed(ans.AccessToken, ans.RefreshToken, ans.ExpiresIn, now, def)
	RedactorOf(api.Client).Add(next.Access, next.Refresh)
	return next, ans, nil
}
