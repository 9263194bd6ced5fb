package integrations

import "strings"

// NeedAppSecret returns the user's app registration from env when it has
// both a client id and a client secret (an app whose token exchange is
// signed with its secret: Kite, Upstox, Dhan, Fyers, Coinbase), else
// noApp, the integration's own error matching ErrNeedsApp that says which
// registration to add.
func NeedAppSecret(env Env, noApp error) (AppRegistration, error) {
	if env.App == nil || strings.TrimSpace(env.App.ClientID) == "" || env.App.ClientSecret == "" {
		return AppRegistration{}, noApp
	}
	return *env.App, nil
}
