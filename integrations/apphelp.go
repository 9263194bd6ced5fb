package integrations

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// OwnApp is the app a user registers with an institution to log in through
// their own app (an [OwnAppOAuth] method), as the facts its help text
// ([OwnApp.Help]) and its missing-app error ([OwnApp.Missing]) are written
// from, so every institution words them the same way:
//
//	Schwab needs your own app registration; Latchkey ships no secret. <Steps>
//	Enter the Callback URL https://127.0.0.1:8182/ exactly (<RedirectNote>).
//	<Then> Copy its App Key and Secret into Latchkey's Settings › App
//	registrations › Charles Schwab (the App Key is the client id). If you
//	registered another port, enter that port there too. <Note>
type OwnApp struct {
	// Name is the institution's name under Settings › App registrations:
	// the variant's display name.
	Name string
	// Product is what needs the app ("Upstox", "Kite Connect", "FYERS
	// API"), App what the user registers ("app", "API app", "OAuth
	// client").
	Product, App string
	// Key and Secret are the institution's names of the app's client id and
	// secret ("API key" and "API secret", "App ID" and "Secret ID"); Secret
	// is empty for an app without one.
	Key, Secret string
	// Steps are the institution's own steps to register the app, as one or
	// more sentences, naming the redirect URL exactly ([LoopbackURL]) unless
	// Redirect does.
	Steps string
	// Redirect is the loopback URL to register exactly, at the default
	// port, when Steps do not name it; RedirectName the institution's word
	// for it ("redirect URL" when empty); RedirectNote what to mind about
	// it, in parentheses after it ("https, 127.0.0.1, the trailing slash
	// included").
	Redirect, RedirectName, RedirectNote string
	// Then is what to do before copying the keys, in whole sentences
	// (approval, scopes).
	Then string
	// FixedRedirect says the institution leaves no port to choose (a fixed
	// set of callbacks, none at all): no port is entered in Settings.
	FixedRedirect bool
	// Note ends the help, in whole sentences.
	Note string
}

// Help is the method's AppHelp: that the institution needs the user's own
// app (Latchkey ships no secret), its steps and the redirect to register,
// where in Settings its key and secret go and which is the client id, and
// that another registered port is entered there too.
func (a OwnApp) Help() string {
	var b strings.Builder
	b.WriteString(a.Product + " needs your own " + a.App + "; Latchkey ships no secret. " + strings.TrimSpace(a.Steps))
	if a.Redirect != "" {
		b.WriteString(" Enter the " + cmp.Or(a.RedirectName, "redirect URL") + " " + a.Redirect + " exactly")
		if a.RedirectNote != "" {
			b.WriteString(" (" + a.RedirectNote + ")")
		}
		b.WriteString(".")
	}
	if a.Then != "" {
		b.WriteString(" " + a.Then)
	}
	b.WriteString(" Copy its " + a.keys() + " into Latchkey's Settings › App registrations › " + a.Name)
	if !strings.EqualFold(a.Key, "client id") {
		b.WriteString(" (the " + a.Key + " is the client id)")
	}
	b.WriteString(".")
	if !a.FixedRedirect {
		b.WriteString(" If you registered another port, enter that port there too.")
	}
	if a.Note != "" {
		b.WriteString(" " + a.Note)
	}
	return b.String()
}

// keys names the app's key, and its secret when it has one.
func (a OwnApp) keys() string {
	if a.Secret == "" {
		return a.Key
	}
	return a.Key + " and " + a.Secret
}

// Missing is the error of a login started without the app in Settings: it
// matches [ErrNeedsApp] and says which registration to add.
func (a OwnApp) Missing() error {
	return Wrap(ErrNeedsApp, "add your "+a.Product+" "+a.App+" ("+a.keys()+") in Settings › App registrations first")
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
