package desktop

import (
	"context"
	"sync"

	"github.com/latchkey/latchkey/integrations"
)

// needsApp is an institution whose only method needs the user's app
// registration (as Schwab or E*TRADE do).
type needsApp struct{}

const needsAppID = "example-needs-app"

func (needsApp) Institution() integrations.Institution {
	return integrations.Institution{
		ID: needsAppID, Name: "Example Broker", DisplayName: "Example Broker", Region: "us", Kind: integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthOAuth2, Label: "Sign in with Example Broker", NeedsApp: true,
			AppHelp: "Register an app at developer.example.com with the redirect URI https://127.0.0.1:8182/callback."}},
		Capabilities: []integrations.Capability{integrations.CapHoldings},
		Endpoints:    []integrations.Endpoint{{Name: "api", URL: "https://api.example.com"}, {Name: "auth", URL: "https://auth.example.com"}},
	}
}

func (needsApp) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.Wrap(integrations.ErrUnavailable, "example broker is not reachable in tests")
}

func (needsApp) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrReauthRequired
}

// hinted is an institution whose login reports a login hint and asks a
// six-digit code (as the contract allows: DoneStep.LoginHint, Field.Length
// and Digits). Usernames: "locked" (ErrAccountLocked), "down" (maintenance);
// password "pw", code "123456". Its syncs fail as in maintenance.
type hinted struct{}

const hintedID = "example-hinted"

func (hinted) Institution() integrations.Institution {
	return integrations.Institution{
		ID: hintedID, Name: "Hinted", DisplayName: "Hinted Bank", Region: "ca", Kind: integrations.KindBroker,
		Website: "https://hinted.example",
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthCredentials, Label: "Username and password", Fields: []integrations.Field{
			{Name: "username", Label: "Username", Kind: integrations.FieldText},
			{Name: "password", Label: "Password", Kind: integrations.FieldSecret}}}},
		Capabilities: []integrations.Capability{integrations.CapHoldings},
	}
}

func (h hinted) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return &hintedLogin{form: &integrations.FormStep{Fields: h.Institution().AuthMethods[0].Fields}}, nil
}

func (hinted) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.Wrap(integrations.ErrUnavailable, "maintenance")
}

type hintedLogin struct {
	mu   sync.Mutex
	form *integrations.FormStep
	user string
	code *integrations.CodeStep
}

func (l *hintedLogin) Next(_ context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case a.Values == nil:
		return l.form, nil
	case l.code == nil:
		switch {
		case a.Values["username"] == "locked":
			return nil, integrations.ErrAccountLocked
		case a.Values["username"] == "down":
			return nil, integrations.Wrap(integrations.ErrUnavailable, "maintenance")
		case a.Values["password"] != "pw":
			return l.form, integrations.ErrInvalidCredentials
		}
		l.user = a.Values["username"]
		l.code = &integrations.CodeStep{Destination: "SMS to ••• 1234",
			Field: integrations.Field{Name: "code", Label: "Code", Kind: integrations.FieldText, Length: 6, Digits: true}}
		return l.code, nil
	case a.Values["code"] != "123456":
		return l.code, integrations.ErrInvalidMFACode
	}
	return &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthCredentials, Secret: []byte("s"), Fingerprint: "fp-" + l.user},
		LoginHint: integrations.MaskLogin(l.user),
		Accounts:  []integrations.Account{{ID: "a1", Name: "Chequing", Category: integrations.CategoryCash, Currency: "CAD"}}}, nil
}

func (l *hintedLogin) Paste(string) error { return integrations.ErrNotSupported }
func (l *hintedLogin) Close() error       { return nil }
