package integrations

import "testing"

func TestOwnAppHelp(t *testing.T) {
	for _, c := range []struct {
		name string
		g    OwnApp
		want string
	}{
		{"redirect", OwnApp{Name: "Acme Sandbox", Product: "Acme", App: "app registration", Key: "App Key", Secret: "Secret",
			Steps: "Sign in at https://dev.acme.test and create an app.", RedirectName: "Callback URL", Redirect: "https://127.0.0.1:8182/",
			RedirectNote: "https, the trailing slash included", Then: "Wait for its approval.", Note: "It lasts a year."},
			"Acme needs your own app registration; Latchkey ships no secret. Sign in at https://dev.acme.test and create an app. " +
				"Enter the Callback URL https://127.0.0.1:8182/ exactly (https, the trailing slash included). Wait for its approval. " +
				"Copy its App Key and Secret into Latchkey's Settings › App registrations › Acme Sandbox (the App Key is the client id). " +
				"If you registered another port, enter that port there too. It lasts a year."},
		{"client id", OwnApp{Name: "Acme", Product: "Acme", App: "OAuth client", Key: "client ID", Secret: "client secret",
			Steps: "Request one.", Redirect: "http://127.0.0.1:8000/callback"},
			"Acme needs your own OAuth client; Latchkey ships no secret. Request one. " +
				"Enter the redirect URL http://127.0.0.1:8000/callback exactly. " +
				"Copy its client ID and client secret into Latchkey's Settings › App registrations › Acme. " +
				"If you registered another port, enter that port there too."},
		{"no redirect, no secret", OwnApp{Name: "Acme", Product: "Acme", App: "consumer key", Key: "consumer key",
			Steps: "Request one.", Then: "There is no redirect to register.", FixedRedirect: true},
			"Acme needs your own consumer key; Latchkey ships no secret. Request one. There is no redirect to register. " +
				"Copy its consumer key into Latchkey's Settings › App registrations › Acme (the consumer key is the client id)."},
		// The India brokers' OwnApp wording: the redirect named in the steps.
		{"redirect in the steps", OwnApp{Name: "Example", Product: "Example API", App: "app", Key: "App ID", Secret: "Secret ID",
			Steps: "Create an app with the redirect URL http://127.0.0.1:8799/callback exactly."},
			"Example API needs your own app; Latchkey ships no secret. Create an app with the redirect URL " +
				"http://127.0.0.1:8799/callback exactly. Copy its App ID and Secret ID into Latchkey's Settings › App registrations › " +
				"Example (the App ID is the client id). If you registered another port, enter that port there too."},
	} {
		if got := c.g.Help(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
