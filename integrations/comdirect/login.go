package comdirect

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// login is one comdirect login: the five calls of the REST API's chapter 2.
type login struct {
	in  *Integration
	env integrations.Env
	api *httpx.API

	mu        sync.Mutex
	clientID  string
	secret    string
	first     wireToken // the TWO_FACTOR token of the password grant
	sessionID string    // x-http-request-info's session id
	session   wireSession
	challenge wireChallenge
}

func (in *Integration) newLogin(req integrations.LoginRequest) integrations.Login {
	l := &login{in: in, env: req.Env, api: newAPI(req.Env), sessionID: randomID()}
	return &integrations.StepLogin{
		Form:             integrations.MethodForm(in.Institution(), integrations.AuthCredentials),
		Values:           req.Values,
		UntrimmedSecrets: true,
		Submit:           l.submit,
		Code:             l.code,
		Approve:          integrations.Polled(in.interval(), l.approved),
		OnEnd:            l.forget,
	}
}

func (l *login) forget() {
	l.mu.Lock()
	l.secret, l.first = "", wireToken{}
	l.mu.Unlock()
}

func (l *login) headers(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}, "x-http-request-info": {requestInfo(l.sessionID)}}
}

func (l *login) status(resp *http.Response, b []byte) error {
	return mapStatus(resp.StatusCode, resp.Header, b, l.env.Time())
}

// token posts one grant to /oauth/token.
func token(ctx context.Context, api *httpx.API, env integrations.Env, form url.Values, login bool) (wireToken, error) {
	b, err := api.Do(ctx, httpx.Request{Method: http.MethodPost, Path: "/oauth/token", Form: form,
		Status: func(resp *http.Response, b []byte) error {
			return tokenStatus(resp.StatusCode, resp.Header, b, env.Time(), login)
		}})
	if err != nil {
		return wireToken{}, err
	}
	return decodeToken(b)
}

// submit runs the password grant (2.1), reads the session (2.2) and asks
// for a TAN challenge (2.3): photoTAN push where the customer has it, else
// mobileTAN.
func (l *login) submit(ctx context.Context, v map[string]string) (integrations.Step, error) {
	cid, sec := strings.TrimSpace(v[FieldClientID]), v[FieldClientSecret]
	user, pin := strings.TrimSpace(v[FieldUsername]), v[FieldPIN]
	if strings.Trim(user, "0123456789") != "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the Zugangsnummer is digits only")
	}
	httpx.RedactorOf(l.env.HTTP).Add(sec, pin)
	t, err := token(ctx, l.api, l.env, url.Values{"client_id": {cid}, "client_secret": {sec}, "grant_type": {"password"},
		"username": {user}, "password": {pin}}, true)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(l.env.HTTP).Add(t.Access, t.Refresh)
	l.mu.Lock()
	l.clientID, l.secret, l.first = cid, sec, t
	l.mu.Unlock()
	b, err := l.api.Do(ctx, httpx.Request{Path: "/api/session/clients/user/v1/sessions", Header: l.headers(t.Access), Status: l.status})
	if err != nil {
		return nil, err
	}
	s, err := decodeSessions(b)
	if err != nil {
		return nil, err
	}
	s.SessionTanActive, s.Activated2FA = true, true
	l.mu.Lock()
	l.session = s
	l.mu.Unlock()
	c, err := l.validate(ctx, "")
	if err != nil {
		return nil, err
	}
	// A photoTAN image cannot be shown: switch to push or mobileTAN (each
	// challenge counts towards comdirect's lock after five unused ones, so
	// at most one switch).
	if c.Typ == "P_TAN" || (c.Typ != "P_TAN_PUSH" && c.Typ != "M_TAN") {
		switch {
		case c.offers("P_TAN_PUSH"):
			c, err = l.validate(ctx, "P_TAN_PUSH")
		case c.offers("M_TAN"):
			c, err = l.validate(ctx, "M_TAN")
		default:
			return nil, integrations.Wrap(integrations.ErrNotSupported,
				"Latchkey cannot show comdirect's photoTAN graphic: activate photoTAN push or mobileTAN for your login")
		}
		if err != nil {
			return nil, err
		}
	}
	return l.step(c)
}

// validate posts the session to .../validate (optionally asking for a TAN
// type) and reads the challenge from x-once-authentication-info.
func (l *login) validate(ctx context.Context, typ string) (wireChallenge, error) {
	l.mu.Lock()
	s, tok := l.session, l.first.Access
	l.mu.Unlock()
	h := l.headers(tok)
	if typ != "" {
		h.Set("x-once-authentication-info", `{"typ":"`+typ+`"}`)
	}
	var info string
	_, err := l.api.Do(ctx, httpx.Request{Method: http.MethodPost, Path: "/api/session/clients/user/v1/sessions/" + url.PathEscape(s.Identifier) + "/validate",
		Header: h, JSON: s, Status: l.status, Answered: func(_ int, h http.Header) { info = h.Get("x-once-authentication-info") }})
	if err != nil {
		return wireChallenge{}, err
	}
	c, err := decodeChallenge(info)
	if err != nil {
		return wireChallenge{}, err
	}
	l.mu.Lock()
	l.challenge = c
	l.mu.Unlock()
	return c, nil
}

// step is the step a challenge asks of the user.
func (l *login) step(c wireChallenge) (integrations.Step, error) {
	switch c.Typ {
	case "P_TAN_PUSH":
		if !strings.HasPrefix(c.Link.Href, "/") || strings.HasPrefix(c.Link.Href, "//") {
			return nil, errMalformed
		}
		return &integrations.ApproveStep{Message: "Open the comdirect photoTAN app on your phone and approve the login " +
			"(\"TAN-Freigabe\").", Timeout: approveTimeout}, nil
	case "M_TAN":
		dest := "SMS to your mobile number"
		if c.Challenge != "" && strings.Trim(c.Challenge, "+-0123456789X ") == "" {
			dest = "SMS to " + c.Challenge
		}
		return &integrations.CodeStep{Message: "comdirect sent a mobileTAN.", Destination: dest,
			Field: integrations.Field{Name: FieldTAN, Label: "mobileTAN", Kind: integrations.FieldText, Digits: true,
				Help: "The TAN of the SMS comdirect sent. Three wrong TANs lock your online banking."}}, nil
	}
	return nil, integrations.Wrap(integrations.ErrNotSupported, "comdirect asked for a TAN type Latchkey does not support")
}

// approved polls the push challenge's link: PENDING waits, AUTHENTICATED
// activates the session, anything else is a refusal.
func (l *login) approved(ctx context.Context) (integrations.Step, error) {
	l.mu.Lock()
	c, tok := l.challenge, l.first.Access
	l.mu.Unlock()
	b, err := l.api.Do(ctx, httpx.Request{Path: c.Link.Href, Header: l.headers(tok), Status: l.status})
	if err != nil {
		return nil, err
	}
	st, err := decodeAuthStatus(b)
	if err != nil {
		return nil, err
	}
	switch st {
	case "PENDING":
		return nil, nil
	case "AUTHENTICATED":
		return l.activate(ctx, "")
	}
	return nil, integrations.Wrap(integrations.ErrApprovalDenied, "the login was not approved in the photoTAN app")
}

// code activates the session with a mobileTAN.
func (l *login) code(ctx context.Context, _ *integrations.CodeStep, tan string) (integrations.Step, error) {
	return l.activate(ctx, tan)
}

// activate PATCHes the session with the challenge's id (and the TAN, for a
// mobileTAN: not for push, approved in the app) (2.4), then trades the
// first token for the banking and brokerage token (2.5, cd_secondary).
func (l *login) activate(ctx context.Context, tan string) (integrations.Step, error) {
	l.mu.Lock()
	s, c, first, cid, sec := l.session, l.challenge, l.first, l.clientID, l.secret
	l.mu.Unlock()
	h := l.headers(first.Access)
	h.Set("x-once-authentication-info", `{"id":`+jsonString(c.ID)+`}`)
	if tan != "" {
		httpx.RedactorOf(l.env.HTTP).Add(tan)
		h.Set("x-once-authentication", tan)
	}
	_, err := l.api.Do(ctx, httpx.Request{Method: http.MethodPatch, Path: "/api/session/clients/user/v1/sessions/" + url.PathEscape(s.Identifier),
		Header: h, JSON: s, Status: func(resp *http.Response, b []byte) error {
			if tan != "" && (resp.StatusCode == http.StatusUnprocessableEntity || resp.StatusCode == http.StatusBadRequest) {
				return integrations.Wrap(integrations.ErrInvalidMFACode, "comdirect refused the TAN (three wrong TANs lock your online banking)")
			}
			return l.status(resp, b)
		}})
	if err != nil {
		return nil, err
	}
	t, err := token(ctx, l.api, l.env, url.Values{"client_id": {cid}, "client_secret": {sec}, "grant_type": {"cd_secondary"},
		"token": {first.Access}}, true)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(l.env.HTTP).Add(t.Access, t.Refresh)
	now := l.env.Time()
	sc := secret{ClientID: cid, ClientSecret: sec, Access: t.Access, Refresh: t.Refresh,
		AccessExpiry: now.Add(time.Duration(t.ExpiresIn) * time.Second), RefreshExpiry: now.Add(refreshLife),
		SessionID: l.sessionID, Customer: first.Customer}
	if sc.Customer == "" {
		sc.Customer = t.Customer
	}
	g := integrations.Grant{Method: integrations.AuthCredentials, Secret: sc.encode(), Expiry: sc.RefreshExpiry,
		Fingerprint: integrations.Fingerprint(ID, sc.Customer)}
	cl := newClient(l.env, g, sc, nil)
	accts, err := cl.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	if sc.Customer == "" {
		var ids []string
		for _, a := range accts {
			ids = append(ids, a.ID)
		}
		g.Fingerprint = integrations.Fingerprint(ID, ids...)
	}
	return &integrations.DoneStep{Grant: g, Accounts: accts}, nil
}

// randomID is a fresh session id for x-http-request-info: 32 hex digits.
func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
