package demo

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// errLoginOver is returned by Next after a login ended.
var errLoginOver = integrations.ErrLoginOver

// --- OAuth -----------------------------------------------------------------------

// oauthConfig is the demo's OAuth client: public, PKCE, any loopback port.
func oauthConfig(base string, env integrations.Env) oauthflow.Config {
	return oauthflow.Config{
		Institution: ID,
		AuthURL:     base + "/oauth/authorize",
		TokenURL:    base + "/oauth/token",
		ClientID:    ClientID,
		Scopes:      []string{"read"},
		PKCE:        true,
		AuthStyle:   oauth2.AuthStyleInParams,
		HTTPClient:  env.Client(),
	}
}

func bearer(tok string) func(context.Context, *requestInfo) error {
	return func(_ context.Context, ri *requestInfo) error {
		ri.req.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
}

// oauthLogin drives the browser consent through oauthflow.
func (b *Brokerage) oauthLogin(base string, env integrations.Env) integrations.Login {
	clock := b.sh.clock(env)
	return oauthflow.NewLogin(oauthConfig(base, env), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		now := clock()
		sec := oauthSecret(tok, now)
		var expiry time.Time
		if secs, ok := tok.Extra("refresh_token_expires_in").(float64); ok && secs > 0 {
			expiry = now.Add(time.Duration(secs) * time.Second).Truncate(time.Second)
		}
		return finish(ctx, b.api(base, env, bearer(sec.Access)), integrations.AuthOAuth2, sec, expiry, "")
	})
}

// finish ends a brokerage login: it reads the user id (unless known) and the
// accounts with the new token and returns the DoneStep.
func finish(ctx context.Context, a *api, method integrations.AuthKind, sec secret, expiry time.Time, uid string) (integrations.Step, error) {
	if uid == "" {
		b, err := a.call(ctx, http.MethodGet, "/v1/me", nil, nil, modeData)
		if err != nil {
			return nil, err
		}
		var me struct {
			UserID string `json:"user_id"`
		}
		if err := decode(b, &me); err != nil {
			return nil, err
		}
		if uid = me.UserID; uid == "" {
			return nil, errMalformed
		}
	}
	b, err := a.call(ctx, http.MethodGet, "/v1/accounts", nil, nil, modeData)
	if err != nil {
		return nil, err
	}
	accts, err := decodeAccounts(b)
	if err != nil {
		return nil, err
	}
	return &integrations.DoneStep{
		Grant: integrations.Grant{Method: method, Secret: sec.encode(), Expiry: expiry,
			Fingerprint: integrations.Fingerprint(ID, uid)},
		Accounts: accts,
	}, nil
}

// --- Credentials -------------------------------------------------------------------

// credLogin is a username-and-password login with the demo's MFA kinds.
type credLogin struct {
	sh     *shared
	api    *api
	values map[string]string

	mu        sync.Mutex
	step      integrations.Step // the step being answered; nil before the first Next
	challenge string
	over      bool
}

// authResult is the answer of the login and MFA endpoints: a session, or the
// next challenge.
type authResult struct {
	tokenResponse
	Status      string       `json:"status"`
	ChallengeID string       `json:"challenge_id"`
	MFARequired *mfaRequired `json:"mfa_required"`
}

func (l *credLogin) form() *integrations.FormStep {
	m, _ := (&Brokerage{}).Institution().Method(integrations.AuthCredentials)
	return &integrations.FormStep{Title: "Sign in to Latchkey Demo Brokerage", Message: m.Help, Fields: m.Fields}
}

func (l *credLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	step, over := l.step, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	var (
		res *authResult
		err error
	)
	switch st := step.(type) {
	case nil:
		form := l.form()
		if l.values["username"] == "" || l.values["password"] == "" {
			return l.show(form), nil
		}
		l.show(form)
		res, err = l.post(ctx, "/v1/auth/login", loginRequest{Username: l.values["username"], Password: l.values["password"]})
	case *integrations.FormStep:
		u, p := a.Values["username"], a.Values["password"]
		if u == "" || p == "" {
			return st, integrations.Wrap(integrations.ErrInvalidCredentials, "enter a username and a password")
		}
		res, err = l.post(ctx, "/v1/auth/login", loginRequest{Username: u, Password: p})
	case *integrations.CodeStep:
		res, err = l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.challenge, Code: a.Values[st.Field.Name]})
	case *integrations.ChoiceStep:
		m := a.Values[st.Field.Name]
		if m != "sms" && m != "email" {
			return st, integrations.Wrap(integrations.ErrInvalidMFACode, "choose where to send the code")
		}
		res, err = l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.challenge, Method: m})
	case *integrations.QuestionsStep:
		answers := map[string]string{}
		for _, f := range st.Fields {
			answers[f.Name] = a.Values[f.Name]
		}
		res, err = l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.challenge, Answers: answers})
	case *integrations.ApproveStep:
		res, err = l.poll(ctx, st)
	default:
		return nil, errLoginOver
	}
	l.mu.Lock()
	cur := l.step
	l.mu.Unlock()
	if err != nil {
		if errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrInvalidMFACode) {
			return cur, err
		}
		l.end()
		return nil, err
	}
	next, err := l.advance(ctx, res)
	if err != nil {
		l.end()
		return nil, err
	}
	if _, done := next.(*integrations.DoneStep); done {
		l.end()
		return next, nil
	}
	return l.show(next), nil
}

func (l *credLogin) show(s integrations.Step) integrations.Step {
	l.mu.Lock()
	l.step = s
	l.mu.Unlock()
	return s
}

func (l *credLogin) end() {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
}

func (l *credLogin) post(ctx context.Context, path string, in any) (*authResult, error) {
	b, err := l.api.call(ctx, http.MethodPost, path, nil, in, modeLogin)
	if err != nil {
		return nil, err
	}
	var res authResult
	if err := decode(b, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// advance turns an auth answer into the next step.
func (l *credLogin) advance(ctx context.Context, res *authResult) (integrations.Step, error) {
	if res.AccessToken != "" {
		expiry, err := time.Parse(time.RFC3339, res.ExpiresAt)
		if err != nil || res.UserID == "" {
			return nil, errMalformed
		}
		sec := secret{Kind: secretSession, Access: res.AccessToken}
		return finish(ctx, &api{base: l.api.base, http: l.api.http, now: l.api.now, auth: bearer(res.AccessToken)},
			integrations.AuthCredentials, sec, expiry, res.UserID)
	}
	m := res.MFARequired
	if m == nil || res.ChallengeID == "" {
		return nil, errMalformed
	}
	l.mu.Lock()
	l.challenge = res.ChallengeID
	l.mu.Unlock()
	switch m.Type {
	case mfaCode:
		return &integrations.CodeStep{Message: m.Message, Destination: m.Destination,
			Field: integrations.Field{Name: "code", Label: "Verification code", Kind: integrations.FieldText,
				Placeholder: "6 digits", Help: "The demo's code is always 123456."}}, nil
	case mfaChoice:
		f := integrations.Field{Name: "method", Label: "Send the code by", Kind: integrations.FieldChoice}
		for _, o := range m.Options {
			f.Choices = append(f.Choices, integrations.Choice{Value: o.ID, Label: o.Label})
		}
		if len(f.Choices) == 0 {
			return nil, errMalformed
		}
		return &integrations.ChoiceStep{Message: m.Message, Field: f}, nil
	case mfaPush:
		return &integrations.ApproveStep{Message: m.Message, ApproveURL: m.ApproveURL,
			Timeout: time.Duration(m.ExpiresIn) * time.Second}, nil
	case mfaQuestions:
		st := &integrations.QuestionsStep{Message: m.Message}
		for _, q := range m.Questions {
			st.Fields = append(st.Fields, integrations.Field{Name: q.ID, Label: q.Text, Kind: integrations.FieldSecret})
		}
		if len(st.Fields) == 0 {
			return nil, errMalformed
		}
		return st, nil
	default:
		return nil, integrations.Wrap(integrations.ErrNotSupported, "the demo asked for an unknown kind of verification")
	}
}

// poll waits for a push approval: approved, denied, expired, the step's
// timeout or ctx's end.
func (l *credLogin) poll(ctx context.Context, st *integrations.ApproveStep) (*authResult, error) {
	timeout := st.Timeout
	if timeout <= 0 {
		timeout = approveTimeout
	}
	deadline := time.NewTimer(timeout + 5*time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(l.sh.pollInterval())
	defer tick.Stop()
	path := "/v1/auth/mfa/" + url.PathEscape(l.challenge)
	for {
		b, err := l.api.call(ctx, http.MethodGet, path, nil, nil, modeLogin)
		if err != nil {
			return nil, err
		}
		var res authResult
		if err := decode(b, &res); err != nil {
			return nil, err
		}
		switch strings.ToLower(res.Status) {
		case "approved":
			return &res, nil
		case "denied":
			return nil, integrations.ErrApprovalDenied
		case "expired":
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "the approval was not given in time")
		case "pending":
		default:
			return nil, errMalformed
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-deadline.C:
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "the approval was not given in time")
		case <-tick.C:
		}
	}
}

// Paste is not part of a credentials login.
func (l *credLogin) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a username-and-password login")
}

// Close ends the login.
func (l *credLogin) Close() error {
	l.end()
	return nil
}
