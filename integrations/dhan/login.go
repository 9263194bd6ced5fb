package dhan

import (
	"context"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// validate checks a pasted token with one call of GET /profile: the token
// must belong to the client id entered.
func validate(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	cid, tok := strings.TrimSpace(v[FieldClientID]), strings.TrimSpace(v[FieldToken])
	if cid == "" || strings.Trim(cid, "0123456789") != "" || len(tok) < 8 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter your Dhan Client ID (digits) and the access token")
	}
	httpx.RedactorOf(env.HTTP).Add(tok)
	c := &client{Book: indiakit.Book{Conn: newConn(env)}, sec: secret{ClientID: cid, Token: tok}}
	p, err := c.profile(ctx, true)
	if err != nil {
		return nil, err
	}
	if p.ClientID != cid {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "this access token belongs to another Dhan Client ID")
	}
	c.sec.Expires = expiry(tok, p, env.Time())
	return indiakit.Done(ID, integrations.AuthToken, cid, c.sec.encode(), c.sec.Expires, account(cid)), nil
}

// expiry is when a token ends: its JWT exp claim, else the profile's
// tokenValidity (India time), else 24 hours from now.
func expiry(token string, p wireProfile, now time.Time) time.Time {
	if t, ok := integrations.JWTExpiry(token); ok {
		return t
	}
	if t, ok := p.validity(); ok {
		return t
	}
	return now.Add(tokenLife).UTC()
}
