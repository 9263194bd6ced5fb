package groww

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// validateToken checks a pasted access token with one call of the user
// profile (GET /v1/user/detail), whose UCC names the login.
func validateToken(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	tok := strings.TrimPrefix(strings.TrimSpace(v[FieldToken]), "Bearer ")
	if len(tok) < 16 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "paste the access token generated under Settings → Trading APIs")
	}
	httpx.RedactorOf(env.HTTP).Add(tok)
	return done(ctx, env, integrations.AuthToken, tok, "")
}

// logInTOTP trades the TOTP API key and the day's code for an access
// token (POST /v1/token/api/access, key_type "totp"), then checks it as
// validateToken does.
func logInTOTP(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	key, code := strings.TrimSpace(v[FieldAPIKey]), strings.TrimSpace(v[FieldTOTP])
	switch {
	case len(key) < 16:
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "paste the TOTP API key generated under Settings → Trading APIs")
	case len(code) != 6 || strings.Trim(code, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "the TOTP code is 6 digits")
	}
	red := httpx.RedactorOf(env.HTTP)
	red.Add(key, code)
	conn := newConn(env)
	b, err := conn.LoginDo(ctx, httpx.Request{Method: http.MethodPost, Path: routeToken, Bearer: key,
		JSON: map[string]string{"key_type": "totp", "totp": code}, Status: httpx.MapAt(mapToken, env.Time, true)})
	if err != nil {
		return nil, err
	}
	t, err := decodeToken(b)
	if err != nil {
		return nil, err
	}
	red.Add(t.Token)
	return done(ctx, env, integrations.AuthCredentials, t.Token, t.Expiry)
}

// done checks the day's token with the user profile and ends the login
// with the UCC's one account. The token ends at the first of its own ends
// (the exchange's expiry, its JWT's exp) still to come and Groww's daily
// 06:00.
func done(ctx context.Context, env integrations.Env, method integrations.AuthKind, tok, expiry string) (*integrations.DoneStep, error) {
	now := env.Time()
	c := &client{Book: indiakit.Book{Conn: newConn(env)}, sec: secret{Token: tok, Expires: tokenEnd(tok, expiry, now)}}
	p, err := c.profile(ctx, true)
	if err != nil {
		return nil, err
	}
	c.sec.UCC, c.sec.Segments = strings.TrimSpace(p.UCC), p.ActiveSegments
	return indiakit.Done(ID, method, c.sec.UCC, c.sec.encode(), c.sec.Expires, account(c.sec.UCC)), nil
}

// tokenEnd is the next 06:00 India time after now, or an earlier end the
// token names: the exchange's expiry (India time) or the JWT's exp claim.
func tokenEnd(tok, expiry string, now time.Time) time.Time {
	end := indiakit.NextAt(now, tokenEndHour, 0)
	ends := []time.Time{}
	if t, ok := integrations.JWTExpiry(tok); ok {
		ends = append(ends, t)
	}
	if t, ok := parseTime(expiry); ok {
		ends = append(ends, t)
	}
	for _, t := range ends {
		if t.After(now) && t.Before(end) {
			end = t.UTC()
		}
	}
	return end
}
