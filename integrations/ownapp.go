package integrations

import "strings"

// Need returns the user's registration of the app from env: its client id,
// and its secret too when the app has one (Secret names it). Without them it
// is a.Missing(), an error matching [ErrNeedsApp] that sends the user to
// Settings › App registrations.
func (a OwnApp) Need(env Env) (AppRegistration, error) {
	if a.Secret != "" {
		return NeedAppSecret(env, a.Missing())
	}
	if env.App == nil || strings.TrimSpace(env.App.ClientID) == "" {
		return AppRegistration{}, a.Missing()
	}
	return *env.App, nil
}

// Browser begins the login of an institution whose only method is the
// browser login (OAuth) through the user's app: [NoLogin] (a.Name's) for
// another method, a.Missing() without the app ([OwnApp.Need]), else the
// login that login starts with the app.
func (a OwnApp) Browser(req LoginRequest, login func(Env, AppRegistration) Login) (Login, error) {
	if req.Method != AuthOAuth2 {
		return nil, NoLogin(a.Name, req.Method)
	}
	app, err := a.Need(req.Env)
	if err != nil {
		return nil, err
	}
	return login(req.Env, app), nil
}

// RenewedSecret is the client secret a saved grant of the app clientID
// signs with: the one in Settings when the user has renewed it there for
// that same app, else the secret saved with the grant.
func RenewedSecret(env Env, clientID, saved string) string {
	if env.App != nil && env.App.ClientID == clientID && env.App.ClientSecret != "" {
		return env.App.ClientSecret
	}
	return saved
}
