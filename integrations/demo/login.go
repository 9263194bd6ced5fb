package demo

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

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

// credLogin is a username-and-password login with the demo's MFA kinds:
// an integrations.StepLogin whose handlers post to the demo's auth API; this
// keeps the challenge being answered.
type credLogin struct {
	sh  *shared
	api *api

	mu        sync.Mutex
	challenge string
}

// authResult is the answer of the login and MFA endpoints: a session, or the
// next challenge.
type authResult struct {
	tokenResponse
	Status      string       `json:"status"`
	ChallengeID string       `json:"challenge_id"`
	MFARequired *mfaRequired `json:"mfa_required"`
}

func (b *Brokerage) credLogin(a *api, values map[string]string) integrations.Login {
	l := &credLogin{sh: b.sh, api: a}
	m, _ := b.Institution().Method(integrations.AuthCredentials)
	return &integrations.StepLogin{
		Form:             &integrations.FormStep{Title: "Sign in to Latchkey Demo Brokerage", Message: m.Help, Fields: m.Fields},
		Values:           values,
		UntrimmedSecrets: true,
		Submit: func(ctx context.Context, v map[string]string) (integrations.Step, error) {
			return l.post(ctx, "/v1/auth/login", loginRequest{Username: v["username"], Password: v["password"]})
		},
		Code: func(ctx context.Context, _ *integrations.CodeStep, code string) (integrations.Step, error) {
			return l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.id(), Code: code})
		},
		Choose: func(ctx context.Context, _ *integrations.ChoiceStep, method string) (integrations.Step, error) {
			return l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.id(), Method: method})
		},
		Questions: func(ctx context.Context, _ *integrations.QuestionsStep, answers map[string]string) (integrations.Step, error) {
			return l.post(ctx, "/v1/auth/mfa", mfaRequest{ChallengeID: l.id(), Answers: answers})
		},
		Approve: l.approve,
	}
}

func (l *credLogin) id() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.challenge
}

// post sends a login or MFA answer and turns the result into the next step.
func (l *credLogin) post(ctx context.Context, path string, in any) (integrations.Step, error) {
	b, err := l.api.call(ctx, http.MethodPost, path, nil, in, modeLogin)
	if err != nil {
		return nil, err
	}
	var res authResult
	if err := decode(b, &res); err != nil {
		return nil, err
	}
	return l.advance(ctx, &res)
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

// approve waits for a push approval: approved, denied, expired, the step's
// timeout (with a grace for the server's own expiry to be read) or ctx's
// end.
func (l *credLogin) approve(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
	wait := *st
	if wait.Timeout <= 0 {
		wait.Timeout = approveTimeout
	}
	wait.Timeout += 5 * time.Second
	path := "/v1/auth/mfa/" + url.PathEscape(l.id())
	return integrations.PollApproval(ctx, &wait, l.sh.pollInterval(), func(ctx context.Context) (integrations.Step, error) {
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
			return l.advance(ctx, &res)
		case "denied":
			return nil, integrations.ErrApprovalDenied
		case "expired":
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "the approval was not given in time")
		case "pending":
			return nil, nil
		}
		return nil, errMalformed
	})
}
