package integrations

import "strings"

// AppGuide is how a user registers their own app with an institution, as
// the institution's facts: where, what it calls the app and its keys, the
// redirect to enter. Help writes the AppHelp of the login through that app
// ([OwnAppOAuth]) in the wording every institution shares:
//
//	Schwab needs your own app registration; Latchkey ships no secret. <Steps>
//	Enter the Callback URL https://127.0.0.1:8182/ exactly (<RedirectNote>).
//	<Then> Copy its App Key and Secret into Latchkey's Settings › App
//	registrations › Charles Schwab (the App Key is the client id). If you
//	registered another port, enter that port there too. <Note>
type AppGuide struct {
	// Name is the institution as the sentences name it ("Schwab").
	Name string
	// App is what the institution calls the registration ("app
	// registration", "OAuth client", "API key").
	App string
	// Steps says how to get one, in whole sentences.
	Steps string
	// Redirect is the loopback URL to register exactly, with the default
	// port; empty when there is none to enter (Steps or Then say why).
	Redirect string
	// RedirectName is the institution's word for it: "redirect URL" when
	// empty.
	RedirectName string
	// RedirectNote is what to mind about the redirect, in parentheses after
	// it ("https, 127.0.0.1, the trailing slash included").
	RedirectNote string
	// Then is what to do before copying, in whole sentences (approval,
	// scopes).
	Then string
	// Copy is what to copy into Settings ("its App Key and Secret").
	Copy string
	// Settings is the institution's entry in Settings › App registrations:
	// its display name.
	Settings string
	// Key is the institution's name for the client id, when it has one of
	// its own ("the App Key").
	Key string
	// Note ends the text, in whole sentences.
	Note string
}

// Help is the text of g.
func (g AppGuide) Help() string {
	var b strings.Builder
	b.WriteString(g.Name + " needs your own " + g.App + "; Latchkey ships no secret. " + g.Steps)
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
	b.WriteString(" Copy " + g.Copy + " into Latchkey's Settings › App registrations › " + g.Settings)
	if g.Key != "" {
		b.WriteString(" (" + g.Key + " is the client id)")
	}
	b.WriteString(".")
	if g.Redirect != "" {
		b.WriteString(" If you registered another port, enter that port there too.")
	}
	if g.Note != "" {
		b.WriteString(" " + g.Note)
	}
	return b.String()
}
