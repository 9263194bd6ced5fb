package angelone

import (
	"context"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// logIn posts the client code, PIN and TOTP to loginByPassword and checks
// the session with getProfile.
func logIn(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	key, code := strings.TrimSpace(v[FieldAPIKey]), strings.ToUpper(strings.TrimSpace(v[FieldClientCode]))
	pin, totp := strings.TrimSpace(v[FieldPIN]), strings.TrimSpace(v[FieldTOTP])
	switch {
	case len(key) < 4 || code == "":
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the SmartAPI API key and your client code")
	case pin == "" || strings.Trim(pin, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the PIN is digits only")
	case len(totp) != 6 || strings.Trim(totp, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "the TOTP code is 6 digits")
	}
	httpx.RedactorOf(env.HTTP).Add(key, pin, totp)
	c := &client{Book: indiakit.Book{Conn: newConn(env, key)}, sec: secret{APIKey: key, ClientCode: code}}
	data, err := c.call(ctx, "POST", routeLogin, map[string]string{"clientcode": code, "password": pin, "totp": totp}, true)
	if err != nil {
		return nil, err
	}
	s, err := decodeSession(data)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(s.JWT, s.Refresh, s.Feed)
	c.sec.JWT = s.JWT
	now := env.Time()
	c.sec.Expires = indiakit.NextAt(now, sessionEndHour, 0)
	if t, ok := integrations.JWTExpiry(s.JWT); ok && t.After(now) && t.Before(c.sec.Expires) {
		c.sec.Expires = t
	}
	p, err := c.profile(ctx)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(p.ClientCode, code) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "Angel One answered for another client code")
	}
	return indiakit.Done(ID, integrations.AuthCredentials, code, c.sec.encode(), c.sec.Expires, account(code)), nil
}
