package integrations

import (
	"fmt"
	"strconv"
	"strings"
)

// OwnApp is the app a user registers with an institution to log in through
// their own app (an [OwnAppOAuth] method whose token exchange is signed with
// the app's secret), as the facts its help text ([OwnApp.Help]) and its
// missing-app error ([OwnApp.Missing]) are written from, so every
// institution words them the same way.
type OwnApp struct {
	// Name is the institution's name under Settings › App registrations.
	Name string
	// Product is what needs the app ("Upstox", "Kite Connect", "FYERS
	// API"), App what the user registers ("app", "API app").
	Product, App string
	// Key and Secret are the institution's names of the app's client id and
	// secret ("API key" and "API secret", "App ID" and "Secret ID").
	Key, Secret string
	// Steps are the institution's own steps to register the app, naming the
	// redirect URL exactly ([LoopbackURL]), as one or more sentences.
	Steps string
}

// Help is the method's AppHelp: that the institution needs the user's own
// app (Latchkey ships no secret), its steps, where in Settings its key and
// secret go and which is the client id, and that another registered port is
// entered there too.
func (a OwnApp) Help() string {
	return a.Product + " needs your own " + a.App + "; Latchkey ships no secret. " + strings.TrimSpace(a.Steps) +
		" Copy its " + a.Key + " and " + a.Secret + " into Latchkey's Settings › App registrations › " + a.Name +
		" (the " + a.Key + " is the client id). If you registered another port, enter that port there too."
}

// Missing is the error of a login started without the app in Settings: it
// matches [ErrNeedsApp] and says which registration to add.
func (a OwnApp) Missing() error {
	return Wrap(ErrNeedsApp, "add your "+a.Product+" "+a.App+" ("+a.Key+" and "+a.Secret+") in Settings › App registrations first")
}

// Start begins the browser login (OAuth) through the user's app, the
// institution's only method: [ErrNotSupported] for any other, noApp (the
// package's sentinel, made by [OwnApp.Missing]) when the app with its secret
// is not in Settings ([NeedAppSecret]), else the login that login starts
// with the app.
func (a OwnApp) Start(req LoginRequest, noApp error, login func(Env, AppRegistration) Login) (Login, error) {
	if req.Method != AuthOAuth2 {
		return nil, fmt.Errorf("%w: %s offers only a browser login (OAuth), not %q", ErrNotSupported, a.Name, req.Method)
	}
	app, err := NeedAppSecret(req.Env, noApp)
	if err != nil {
		return nil, err
	}
	return login(req.Env, app), nil
}

// LoopbackURL is the redirect URL on this machine at port and path
// (http://127.0.0.1:8711/callback) that an institution's help asks the user
// to register.
func LoopbackURL(port int, path string) string {
	return "http://127.0.0.1:" + strconv.Itoa(port) + path
}
