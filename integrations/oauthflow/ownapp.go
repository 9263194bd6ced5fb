package oauthflow

import "github.com/latchkey/latchkey/integrations"

// OwnApp is the Config of a login through the user's own app registration
// app (an integrations.OwnAppOAuth method): the institution id, its
// authorize and token URLs, the app's client id and secret, the redirect
// port the user registered (the one in Settings, else port, the one the
// method's help names; any free one when the "auth" endpoint is on this
// machine: integrations.RedirectPort) and env's HTTP client. The caller sets
// what its institution adds (the redirect path, PKCE, scopes, the client
// auth style, extra authorize parameters), and blanks ClientSecret for a
// public client that must send none.
func OwnApp(env integrations.Env, app integrations.AppRegistration, institution, authURL, tokenURL string, port int) Config {
	return Config{
		Institution:  institution,
		AuthURL:      authURL,
		TokenURL:     tokenURL,
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectPort: integrations.RedirectPort(env, "auth", port),
		HTTPClient:   env.Client(),
	}
}
