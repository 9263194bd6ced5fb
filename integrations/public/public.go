package public

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id.
const ID = "public"

const (
	apiURL     = "https://api.public.com"
	keyHelpURL = "https://public.com/api/docs/quickstart"
	fieldKey   = "secret_key"
)

// tokenValidity is how long each access token Latchkey mints lives (the API
// allows 5 to 1440 minutes).
const tokenValidity = 60 * time.Minute

// Integration is Public.com.
type Integration struct{}

// New returns the Public.com integration.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

func method() integrations.AuthMethod {
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "Secret key",
		Help: "On public.com open Settings → Security → API (the \"API\" page of your account settings) and generate a " +
			"secret key; copy it, it is shown once. Latchkey exchanges it for short-lived access tokens and only " +
			"reads accounts, portfolios and history; it never places orders.",
		HelpURL: keyHelpURL,
		Fields: []integrations.Field{{Name: fieldKey, Label: "Secret key", Kind: integrations.FieldSecret, HelpURL: keyHelpURL,
			Help: "The personal secret key from your Public account settings."}},
	}
}

// Institution describes Public.com.
func (*Integration) Institution() integrations.Institution {
	in := integrations.Broker(ID, "Public", "Public.com", "US", "https://public.com",
		"Connects every Public.com account of your login (brokerage, IRAs, high-yield cash) with a personal secret "+
			"key made in your account settings.",
		method())
	// Limits are not published; a grant is one personal secret key.
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: apiURL}}
	return in
}

// secret is what a grant keeps: the personal secret and the access token
// last minted from it, so a restart does not need a new one.
type secret struct {
	Secret       string    `json:"secret"`
	Access       string    `json:"access_token,omitempty"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// StartLogin begins a secret-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Public.com", integrations.AuthAPIKey, req, in.checkSecret)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	s, err := integrations.DecodeSecret(g.Secret, "a Public.com key", func(s secret) bool { return s.Secret != "" })
	if err != nil {
		return nil, err
	}
	return newClient(env, g, s, save), nil
}

// accountID is the id Latchkey keeps for a Public account: a hash of its
// number, so the full number is stored nowhere but the grant.
func accountID(number string) string {
	h := sha256.Sum256([]byte(ID + ":" + number))
	return "pub-" + hex.EncodeToString(h[:8])
}
