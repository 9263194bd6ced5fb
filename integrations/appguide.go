package integrations

import "strings"

// AppGuide is how a user registers their own app with an institution, as
// the institution's facts: where and how, what it calls the app and its
// keys, the redirect to enter. Help writes the AppHelp of the login through
// that app ([OwnAppOAuth]) in the wording every institution shares:
//
//	Schwab needs your own app registration; Latchkey ships no secret. <Steps>
//	Enter the Callback URL https://127.0.0.1:8182/ exactly (<RedirectNote>).
//	<Then> Copy its App Key and Secret into Latchkey's Settings › App
//	registrations › Charles Schwab (the App Key is the client id). If you
//	registered another port, enter that port there too. <Note>
//
// Name, Product, App, Key, Secret and Steps mean what they mean in the
// India brokers' OwnApp.
type AppGuide struct {
	// Name is the institution's entry under Settings › App registrations:
	// the variant's display name.
	Name string
	// Product is what needs the app, as the sentences name it ("Schwab",
	// "Tradier OAuth"); App what the user registers ("app registration",
	// "OAuth client", "API key").
	Product, App string
	// Key and Secret are the institution's names of the app's client id and
	// secret ("App Key" and "Secret"); Secret is empty for an app without
	// one.
	Key, Secret string
	// Steps are the institution's own steps to get the app, in whole
	// sentences.
	Steps string
	// Redirect is the loopback URL to register exactly, at the default
	// port; empty when Steps name it or there is none (Then says why).
	Redirect string
	// RedirectName is the institution's word for it: "redirect URL" when
	// empty.
	RedirectName string
	// RedirectNote is what to mind about the redirect, in parentheses after
	// it ("https, 127.0.0.1, the trailing slash included").
	RedirectNote string
	// Then is what to do before copying the keys, in whole sentences
	// (approval, scopes).
	Then string
	// FixedRedirect says the institution leaves no port to choose (a fixed
	// set of callbacks, none at all): no port is entered in Settings.
	FixedRedirect bool
	// Note ends the text, in whole sentences.
	Note string
}

// Help is the text of g.
func (g AppGuide) Help() string {
	var b strings.Builder
	b.WriteString(g.Product + " needs your own " + g.App + "; Latchkey ships no secret. " + strings.TrimSpace(g.Steps))
	if g.Redirect != "" {
		name := g.RedirectName
		if name == "" {
			name = "redirect URL"
		}
		b.WriteString(" Enter the " + name + " " + g.Redirect + " exactly")
		if g.RedirectNote != "" {
			b.WriteString(" (" + g.RedirectNote + ")")
		}
		b.WriteString(".")
	}
	if g.Then != "" {
		b.WriteString(" " + g.Then)
	}
	b.WriteString(" Copy its " + g.Key)
	if g.Secret != "" {
		b.WriteString(" and " + g.Secret)
	}
	b.WriteString(" into Latchkey's Settings › App registrations › " + g.Name)
	if !strings.EqualFold(g.Key, "client id") {
		b.WriteString(" (the " + g.Key + " is the client id)")
	}
	b.WriteString(".")
	if !g.FixedRedirect {
		b.WriteString(" If you registered another port, enter that port there too.")
	}
	if g.Note != "" {
		b.WriteString(" " + g.Note)
	}
	return b.String()
}
