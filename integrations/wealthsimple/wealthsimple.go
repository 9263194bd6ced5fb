package wealthsimple

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ID is Wealthsimple's institution id.
const ID = "wealthsimple"

// Production base URLs: the OAuth server and the web app (login page,
// GraphQL).
const (
	ProductionAuth = "https://api.production.wealthsimple.com"
	ProductionApp  = "https://my.wealthsimple.com"
)

// Integration is Wealthsimple.
type Integration struct{}

// New returns the Wealthsimple integration.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{})
}

var credMethod = integrations.AuthMethod{
	Kind:  integrations.AuthCredentials,
	Label: "Wealthsimple e-mail and password",
	Help: "Sign in with the e-mail and password of the Wealthsimple app, then enter the two-step verification " +
		"code Wealthsimple sends (SMS, e-mail or authenticator app).",
	HelpURL: "https://my.wealthsimple.com/app/login",
	Fields: []integrations.Field{
		{Name: "username", Label: "E-mail", Kind: integrations.FieldText, Placeholder: "you@example.com"},
		{Name: "password", Label: "Password", Kind: integrations.FieldSecret},
	},
}

// Institution describes Wealthsimple.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "Wealthsimple", "Wealthsimple", "CA", "https://www.wealthsimple.com",
		"Wealthsimple has no public API: Latchkey uses the private API of Wealthsimple's web app, which is not "+
			"official, may change or break at any time, and may not be allowed by Wealthsimple's terms. Your password is "+
			"sent only to Wealthsimple and is not kept: Latchkey keeps read-only tokens (scopes invest.read, trade.read, "+
			"tax.read) and refreshes them; if Wealthsimple refuses them, repair the connection.",
		credMethod)
	inst.Unofficial = true
	inst.Endpoints = []integrations.Endpoint{
		{Name: "auth", URL: ProductionAuth},
		{Name: "api", URL: ProductionApp},
	}
	return inst
}

// StartLogin begins a password login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthCredentials {
		return nil, integrations.NoLogin("Wealthsimple", req.Method)
	}
	return in.credLogin(req)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	a, err := newAPI(env)
	if err != nil {
		return nil, err
	}
	a.clientID, a.deviceID = sec.ClientID, sec.DeviceID
	a.redact(sec.Access, sec.Refresh)
	return newClient(a, g, sec, save), nil
}

func endpoint(env integrations.Env, name string) (string, error) {
	return httpx.NeedEndpoint(env, name, "Wealthsimple "+name)
}

// secret is the grant's secret: the OAuth tokens and the web client they
// belong to.
type secret struct {
	Access       string    `json:"access_token"`
	Refresh      string    `json:"refresh_token"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
	ClientID     string    `json:"client_id"`
	DeviceID     string    `json:"device_id"`
	IdentityID   string    `json:"identity_id"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Wealthsimple login", func(s secret) bool { return s.Access != "" && s.IdentityID != "" && s.ClientID != "" })
}
