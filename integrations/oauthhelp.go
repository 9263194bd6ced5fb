package integrations

import (
	"net"
	"net/url"
)

// NeedApp returns the user's app registration from env, or an error matching
// ErrNeedsApp when there is none: an OAuth login through the user's own app
// cannot start without its client id.
func NeedApp(env Env) (AppRegistration, error) {
	if env.App == nil || env.App.ClientID == "" {
		return AppRegistration{}, ErrNeedsApp
	}
	return *env.App, nil
}

// RedirectPort is the loopback port of an OAuth login's redirect URI: the
// port the user entered in Settings, else def (the one the method's help
// text names and the user registered). When the named endpoint (the
// authorize server) is on this machine — a fake, a proxy — any free port
// will do, and it returns 0.
func RedirectPort(env Env, endpoint string, def int) int {
	if env.App != nil && env.App.RedirectPort > 0 {
		return env.App.RedirectPort
	}
	if Loopback(env.URL(endpoint)) {
		return 0
	}
	return def
}

// Loopback reports whether u is a URL on this machine (localhost or a
// loopback address).
func Loopback(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	h := p.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}

// OwnAppOAuth is the auth method of an OAuth 2.0 login in the browser
// through the user's own app registration: label and help shown to the user,
// helpURL the institution's page on it, appHelp how to register the app
// (with the exact redirect URL), and port the loopback port that redirect
// names when the institution requires a registered one (0 for any port; the
// user may enter another in Settings, see [RedirectPort]).
func OwnAppOAuth(label, help, helpURL, appHelp string, port int) AuthMethod {
	return AuthMethod{
		Kind: AuthOAuth2, Label: label, Help: help, HelpURL: helpURL,
		NeedsApp: true, AppHelp: appHelp, FixedRedirectPort: port,
	}
}
