package fyers

import (
	"context"
	"net/http"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// exchange trades the auth code for the access token at validate-authcode
// ({"grant_type":"authorization_code","appIdHash":...,"code":...}) and
// reads the profile.
func exchange(ctx context.Context, env integrations.Env, appID, appSecret, code string) (*integrations.DoneStep, error) {
	red := httpx.RedactorOf(env.HTTP)
	red.Add(code)
	conn := newConn(env)
	b, err := conn.LoginDo(ctx, httpx.Request{Method: http.MethodPost, Path: "/validate-authcode",
		JSON: map[string]string{"grant_type": "authorization_code", "appIdHash": AppIDHash(appID, appSecret), "code": code}})
	if err != nil {
		return nil, err
	}
	tok, err := decodeToken(b, env.Time())
	if err != nil {
		return nil, err
	}
	red.Add(tok.Access, tok.Refresh)
	now := env.Time()
	sec := secret{AppID: appID, Access: tok.Access, Expires: indiakit.NextAt(now, sessionEndHour, 0)}
	if t, ok := integrations.JWTExpiry(tok.Access); ok && t.After(now) {
		sec.Expires = t
	}
	c := &client{Book: indiakit.Book{Conn: conn}, sec: sec}
	p, err := c.profile(ctx)
	if err != nil {
		return nil, err
	}
	c.sec.FyID = p.FyID
	return indiakit.Done(ID, integrations.AuthOAuth2, p.FyID, c.sec.encode(), c.sec.Expires, account(p.FyID)), nil
}
