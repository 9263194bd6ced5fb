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
