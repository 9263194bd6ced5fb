package saxo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

func (in *Integration) oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	auth := endpoint(env, "auth", in.v.auth)
	port := app.RedirectPort
	if port <= 0 {
		port = DefaultRedirectPort
	}
	return oauthflow.Config{
		Institution:  in.v.id,
		AuthURL:      auth + "/authorize",
		TokenURL:     auth + "/token",
		ClientID:     app.ClientID,
		PKCE:         true,
		RedirectPort: port,
		RedirectPath: RedirectPath,
		AuthStyle:    oauth2.AuthStyleInParams,
		HTTPClient:   env.Client(),
	}
}

func (in *Integration) newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLoginFunc(in.oauthConfig(env, app), func(ctx context.Context, f *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		vc := &verifierCapture{}
		tok, err := f.Exchange(oauthflow.WithHTTPClient(ctx, vc.client(env.Client())), cb.Get("code"))
		if err != nil {
			return nil, err
		}
		now := env.Time()
		sec := secret{
			Access: tok.AccessToken, Refresh: tok.RefreshToken,
			AccessExpiry: now.Add(expiresIn(tok.ExpiresIn, defaultAccessLife)),
			ClientID:     app.ClientID, RedirectURI: f.RedirectURL(), Verifier: vc.get(),
		}
		var refreshIn int64
		switch v := tok.Extra("refresh_token_expires_in").(type) {
		case float64:
			refreshIn = int64(v)
		case int64:
			refreshIn = v
		}
		sec.RefreshExpiry = now.Add(expiresIn(refreshIn, defaultRefreshLife)).Truncate(time.Second)
		if sec.Access == "" || sec.Refresh == "" {
			return nil, errMalformed
		}
		c := in.newClient(env, integrations.Grant{Method: integrations.AuthOAuth2}, sec, nil)
		cl, err := c.clientInfo(ctx)
		if err != nil {
			return nil, err
		}
		accts, err := c.Accounts(ctx)
		if err != nil {
			return nil, err
		}
		return &integrations.DoneStep{
			Grant: integrations.Grant{Method: integrations.AuthOAuth2, Secret: sec.encode(), Expiry: sec.RefreshExpiry,
				Fingerprint: integrations.Fingerprint(in.v.id, cl.ClientID)},
			Accounts: accts,
		}, nil
	})
}

// Default lifetimes when the token answer does not say.
const (
	defaultAccessLife  = 20 * time.Minute
	defaultRefreshLife = time.Hour
)

func expiresIn(secs int64, def time.Duration) time.Duration {
	if secs <= 0 {
		return def
	}
	return time.Duration(secs) * time.Second
}

// verifierCapture reads the PKCE code_verifier off the flow's token request
// as it goes out: Saxo's refresh requests carry it too, and oauthflow keeps
// the flow's verifier to itself. The request is sent on unchanged.
type verifierCapture struct {
	mu sync.Mutex
	v  string
}

func (vc *verifierCapture) get() string {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	return vc.v
}

func (vc *verifierCapture) client(base *http.Client) *http.Client {
	c := *base
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = captureTransport{vc: vc, next: next}
	return &c
}

type captureTransport struct {
	vc   *verifierCapture
	next http.RoundTripper
}

func (t captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(body, 64<<10))
			body.Close()
			if form, err := url.ParseQuery(string(bytes.TrimSpace(b))); err == nil && form.Get("code_verifier") != "" {
				t.vc.mu.Lock()
				t.vc.v = form.Get("code_verifier")
				t.vc.mu.Unlock()
			}
		}
	}
	return t.next.RoundTrip(req)
}
