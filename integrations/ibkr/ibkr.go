package ibkr

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID      = "ibkr"
	PaperID = "ibkr-paper"
)

// Production endpoints and help pages.
const (
	// API is the Web API's base: both live and paper usernames use it.
	API = "https://api.ibkr.com/v1/api"
	// PortalURL opens IBKR's self-service OAuth page (the US domain, which
	// IBKR support has advised users to use).
	PortalURL = "https://ndcdyn.interactivebrokers.com/sso/Login?action=OAUTH&RL=1&ip2loc=US"
	guideURL  = "https://www.interactivebrokers.com/campus/ibkr-api-page/oauth-1-0a-extended/"
	website   = "https://www.interactivebrokers.com"
)

// Field names of the OAuth 1.0a method.
const (
	fieldConsumer   = "consumer_key"
	fieldToken      = "access_token"
	fieldSecret     = "access_token_secret"
	fieldSignature  = "signature_key"
	fieldEncryption = "encryption_key"
	fieldDH         = "dh_params"
)

// Integration is one variant: live or paper.
type Integration struct{ integrations.Twin }

// New returns the live institution (ID) and the paper one (PaperID).
func New() []integrations.Integration {
	return integrations.Twins(ID, PaperID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

func (in *Integration) method() integrations.AuthMethod {
	which, other := "live", "paper"
	if in.Paper {
		which, other = "paper", "live"
	}
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "OAuth 1.0a keys from IBKR's self-service portal",
		Help: "On your computer, make five files with OpenSSL: openssl genrsa -out private_signature.pem 2048; " +
			"openssl rsa -in private_signature.pem -pubout -out public_signature.pem; openssl genrsa -out private_encryption.pem 2048; " +
			"openssl rsa -in private_encryption.pem -pubout -out public_encryption.pem; openssl dhparam -out dhparam.pem 2048. " +
			"Then sign in to IBKR's self-service OAuth page with your " + which + " username (not your " + other + " one), " +
			"accept the terms, choose a consumer key (nine letters A-Z) and press Save Key, upload public_signature.pem, " +
			"public_encryption.pem and dhparam.pem, press Generate Token and copy the access token and access token secret " +
			"(they are shown only once), and switch Enable OAuth Access on. IBKR activates new keys with its servers' weekend " +
			"restart, sometimes later: until then Latchkey is told the keys are refused. Latchkey only reads; it never trades.",
		HelpURL: PortalURL,
		Fields: []integrations.Field{
			{Name: fieldConsumer, Label: "Consumer key", Kind: integrations.FieldSecret, HelpURL: PortalURL, Placeholder: "ABCDEFGHI",
				Help: "The nine-letter consumer key you chose on the self-service OAuth page."},
			{Name: fieldToken, Label: "Access token", Kind: integrations.FieldSecret, HelpURL: PortalURL,
				Help: "The access token shown when you pressed Generate Token."},
			{Name: fieldSecret, Label: "Access token secret", Kind: integrations.FieldSecret, HelpURL: PortalURL,
				Help: "The access token secret shown with it (a long base64 text ending in =). Generate new tokens if you lost it."},
			{Name: fieldSignature, Label: "Private signature key", Kind: integrations.FieldSecret, Multiline: true, HelpURL: guideURL,
				Placeholder: "-----BEGIN PRIVATE KEY-----",
				Help:        "The whole of private_signature.pem: the private half of the signing key you uploaded. Never upload this file."},
			{Name: fieldEncryption, Label: "Private encryption key", Kind: integrations.FieldSecret, Multiline: true, HelpURL: guideURL,
				Placeholder: "-----BEGIN PRIVATE KEY-----",
				Help: "The whole of private_encryption.pem. Latchkey uses it once, to decrypt the access token secret, " +
					"and keeps only the decrypted secret."},
			{Name: fieldDH, Label: "Diffie-Hellman parameters", Kind: integrations.FieldText, Multiline: true, HelpURL: guideURL,
				Placeholder: "-----BEGIN DH PARAMETERS-----",
				Help:        "The whole of dhparam.pem, the file you uploaded (or its prime in hex). These are not secret."},
		},
	}
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(in.ID(), "Interactive Brokers", "Interactive Brokers", "global", website,
		"Connects an IBKR Pro username through IBKR's Web API with your own OAuth 1.0a keys from the self-service portal: "+
			"every account of the username, cash per currency, positions, and the trades of the last seven days (the Web API "+
			"keeps no longer history). For your full history — older trades, dividends, interest, deposits — add "+
			"\"Interactive Brokers (Flex)\" as well: it reads IBKR's own Flex statements. Trades are read through IBKR's "+
			"brokerage session, which IBKR allows once per username: while TWS, Client Portal or the mobile app holds it, "+
			"positions and cash still sync and trades wait for the next sync.",
		in.method())
	inst.Paper = in.Paper
	// A Web API session allows 50 requests a second per username (IBKR's
	// pacing limits); the login, not the address, is what is counted: per
	// grant, Broker's default.
	inst.RatePerSecond = 50
	inst.RateBurst = 10
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: API}}
	if in.Paper {
		inst.DisplayName = "Interactive Brokers Paper"
		inst.Help = "Connects an IBKR paper-trading username (accounts DU…) through IBKR's Web API with OAuth 1.0a keys made " +
			"on the self-service portal while signed in with the paper username: its simulated cash, positions and trades of " +
			"the last seven days. Make separate keys for paper and live."
	}
	return inst
}

// StartLogin begins the OAuth 1.0a keys login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Interactive Brokers", integrations.AuthAPIKey, req, in.validate)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return newClient(in, env, g, sec, save)
}

// secret is what a grant keeps: the consumer key, the access token, the
// access token secret decrypted (the encryption key is not kept), the
// private signature key, the Diffie-Hellman group, and the current live
// session token with its end.
type secret struct {
	ConsumerKey string    `json:"consumer_key"`
	AccessToken string    `json:"access_token"`
	TokenSecret string    `json:"token_secret"` // hex of the decrypted access token secret: the base string's prepend
	SigningKey  string    `json:"signing_key"`  // PEM
	DHPrime     string    `json:"dh_prime"`     // hex
	DHGenerator int64     `json:"dh_generator"` // usually 2
	LST         string    `json:"lst,omitempty"`
	LSTExpiry   time.Time `json:"lst_expiry,omitzero"`
}

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "an Interactive Brokers login", func(s secret) bool {
		return s.ConsumerKey != "" && s.AccessToken != "" && s.TokenSecret != "" && s.SigningKey != "" && s.DHPrime != "" && s.DHGenerator >= 2
	})
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }
