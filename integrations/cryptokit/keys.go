package cryptokit

import (
	"context"
	"errors"

	"github.com/latchkey/latchkey/integrations"
)

// Institution is what every exchange's [integrations.Institution] shares:
// a crypto exchange read for balances, holdings and transactions, connected
// with one API key (key, its Kind set to AuthAPIKey), its monogram named by
// its id, one "api" endpoint at api, paced per grant (the exchange's package
// changes RateScope when its limits are per IP, and adds its rate).
func Institution(id, name, display, region, website, help, api string, key integrations.AuthMethod) integrations.Institution {
	key.Kind = integrations.AuthAPIKey
	in := integrations.Broker(id, name, display, region, website, help, key)
	in.Kind = integrations.KindCryptoExchange
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: api}}
	return in
}

// Field names of the API-key form: the key (or its name) and its secret.
const (
	FieldKey    = "key_id"
	FieldSecret = "secret"
)

// KeyFields are the API-key form's two fields: the key, shown as typed,
// and its secret (secretLabel, e.g. "API secret"), both explained at
// helpURL.
func KeyFields(helpURL, keyHelp, secretLabel, secretHelp string) []integrations.Field {
	return []integrations.Field{
		{Name: FieldKey, Label: "API key", Kind: integrations.FieldText, HelpURL: helpURL, Help: keyHelp},
		{Name: FieldSecret, Label: secretLabel, Kind: integrations.FieldSecret, HelpURL: helpURL, Help: secretHelp},
	}
}

// PairValues are the values a user types into KeyFields: a login
// script's.
func PairValues(key, secret string) map[string]string {
	return map[string]string{FieldKey: key, FieldSecret: secret}
}

// FieldPrivateKey is the field name of the private key of an API key that
// signs requests with a key pair the user holds (Ed25519, ECDSA).
const FieldPrivateKey = "private_key"

// SigningFields are the API-key form of an exchange whose requests are
// signed with the user's own private key: key (its id or name, shown as
// typed) and private (a multi-line secret, labelled "Private key" unless
// it says otherwise). Their names and kinds are set here; labels, help and
// placeholders are the exchange's.
func SigningFields(key, private integrations.Field) []integrations.Field {
	key.Name, key.Kind = FieldKey, integrations.FieldText
	private.Name, private.Kind, private.Multiline = FieldPrivateKey, integrations.FieldSecret, true
	if private.Label == "" {
		private.Label = "Private key"
	}
	return []integrations.Field{key, private}
}

// SigningValues are the values a user types into SigningFields: a login
// script's.
func SigningValues(key, private string) map[string]string {
	return map[string]string{FieldKey: key, FieldPrivateKey: private}
}

// SigningLogin is the API-key form of inst (name says which exchange
// refuses another method), checked by validate with the key and the
// private key entered in SigningFields.
func SigningLogin(inst integrations.Institution, name string, req integrations.LoginRequest,
	validate func(ctx context.Context, env integrations.Env, key, private string) (*integrations.DoneStep, error)) (integrations.Login, error) {
	return integrations.StartFormLogin(inst, name, integrations.AuthAPIKey, req, func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
		return validate(ctx, env, v[FieldKey], v[FieldPrivateKey])
	})
}

// KeyPair is an API-key grant's secret: the key and its secret, as typed.
type KeyPair struct {
	Key    string `json:"key"`
	Secret string `json:"secret"`
}

// Encode writes the pair as a grant's secret.
func (k KeyPair) Encode() []byte { return integrations.EncodeSecret(k) }

// DecodeKeyPair reads a grant's key pair; one without both halves is a
// login to make again ("the saved login is not a <exchange> API key").
func DecodeKeyPair(b []byte, exchange string) (KeyPair, error) {
	return integrations.DecodeSecret(b, "a "+exchange+" API key", func(k KeyPair) bool { return k.Key != "" && k.Secret != "" })
}

// PairLogin is the API-key form of inst (name says which exchange refuses
// another method), checked by validate with the key pair entered in
// KeyFields.
func PairLogin(inst integrations.Institution, name string, req integrations.LoginRequest,
	validate func(ctx context.Context, env integrations.Env, k KeyPair) (*integrations.DoneStep, error)) (integrations.Login, error) {
	return integrations.StartFormLogin(inst, name, integrations.AuthAPIKey, req, func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
		return validate(ctx, env, KeyPair{Key: v[FieldKey], Secret: v[FieldSecret]})
	})
}

// KeyDone ends an API-key login: a grant of secret that never expires,
// fingerprinted by owner (what names the exchange's account, so a new key
// of the same account repairs its connection), and its one account.
func KeyDone(id, owner string, secret []byte, acct integrations.Account) *integrations.DoneStep {
	return integrations.Done(id, integrations.AuthAPIKey, secret, []integrations.Account{acct}, owner)
}

// SignedAPI is the HTTP side of a saved API key (a SigningLogin's or a
// PairLogin's grant): the grant's secret read by decode, and the exchange's
// API built with it by newAPI (not logging in: a refusal ends the grant).
// A key that no longer reads ends the grant too ("the saved <name> key
// cannot be read"); an endpoint the configuration lacks (ErrUnavailable,
// see httpx.NeedHost) is not the key's fault and comes back as it is.
func SignedAPI[S, A any](g integrations.Grant, env integrations.Env, name string, decode func([]byte) (S, error),
	newAPI func(env integrations.Env, sec S, login bool) (A, error)) (A, error) {
	var zero A
	sec, err := decode(g.Secret)
	if err != nil {
		return zero, err
	}
	a, err := newAPI(env, sec, false)
	if errors.Is(err, integrations.ErrUnavailable) {
		return zero, err
	}
	if err != nil {
		return zero, integrations.Wrap(integrations.ErrReauthRequired, "the saved "+name+" key cannot be read")
	}
	return a, nil
}
