package kotakneo

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// mobile writes a mobile number with its country code (+91 when missing).
func mobile(s string) string {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	if s != "" && !strings.HasPrefix(s, "+") {
		s = "+91" + strings.TrimPrefix(s, "0")
	}
	return s
}

// logIn runs tradeApiLogin (TOTP → view token) and tradeApiValidate (MPIN
// → trade token, sid and baseUrl).
func logIn(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	access, ucc := strings.TrimSpace(v[FieldToken]), strings.ToUpper(strings.TrimSpace(v[FieldUCC]))
	mob, totp, mpin := mobile(v[FieldMobile]), strings.TrimSpace(v[FieldTOTP]), strings.TrimSpace(v[FieldMPIN])
	switch {
	case len(access) < 8 || ucc == "" || len(mob) < 8:
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the access token, your mobile number and your UCC")
	case mpin == "" || strings.Trim(mpin, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the MPIN is digits only")
	case len(totp) != 6 || strings.Trim(totp, "0123456789") != "":
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "the TOTP code is 6 digits")
	}
	red := httpx.RedactorOf(env.HTTP)
	red.Add(access, totp, mpin)
	login := newConn(env, httpx.Endpoint(env, "login", DefaultLoginURL))
	view, err := postLogin(ctx, login, "/login/1.0/tradeApiLogin", access, nil, map[string]string{"mobileNumber": mob, "ucc": ucc, "totp": totp})
	if err != nil {
		return nil, err
	}
	red.Add(view.Token, view.SID)
	trade, err := postLogin(ctx, login, "/login/1.0/tradeApiValidate", access, &view, map[string]string{"mpin": mpin})
	if err != nil {
		return nil, err
	}
	red.Add(trade.Token, trade.SID)
	base, err := checkBase(trade.BaseURL, httpx.Endpoint(env, "login", DefaultLoginURL))
	if err != nil {
		return nil, err
	}
	if trade.UCC != "" && !strings.EqualFold(trade.UCC, ucc) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "Kotak Neo answered for another client code")
	}
	sec := secret{Access: access, UCC: ucc, Token: trade.Token, SID: trade.SID, BaseURL: base, Expires: sessionEnd(trade.Token, env.Time())}
	c := &client{Book: indiakit.Book{Conn: newConn(env, base)}, sec: sec}
	if _, err := c.limits(ctx); err != nil {
		return nil, err
	}
	return indiakit.Done(ID, integrations.AuthCredentials, ucc, sec.encode(), sec.Expires, account(ucc)), nil
}

// sessionEnd is the trade token's JWT exp claim, else the end of the India
// day (midnight).
func sessionEnd(token string, now time.Time) time.Time {
	if t, ok := integrations.JWTExpiry(token); ok && t.After(now) {
		return t
	}
	return indiakit.NextAt(now, 0, 0)
}

// checkBase accepts the baseUrl the validation answered only on Kotak's own
// hosts (https, *.kotaksecurities.com), or on the login endpoint's host when
// it was overridden (a fake on loopback): the session token goes there.
func checkBase(raw, login string) (string, error) {
	bad := integrations.Wrap(integrations.ErrUnavailable, "Kotak Neo answered an unexpected address for your session")
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", bad
	}
	l, _ := url.Parse(login)
	switch {
	case u.Scheme == "https" && (u.Hostname() == "kotaksecurities.com" || strings.HasSuffix(u.Hostname(), ".kotaksecurities.com")):
	case l != nil && l.Host != "" && u.Host == l.Host && u.Scheme == l.Scheme:
	default:
		return "", bad
	}
	return strings.TrimRight(u.String(), "/"), nil
}
