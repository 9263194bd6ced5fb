package integrations

import "testing"

func TestAppGuideHelp(t *testing.T) {
	for _, c := range []struct {
		name string
		g    AppGuide
		want string
	}{
		{"redirect", AppGuide{Name: "Acme", App: "app registration", Steps: "Sign in at https://dev.acme.test and create an app.",
			RedirectName: "Callback URL", Redirect: "https://127.0.0.1:8182/", RedirectNote: "https, the trailing slash included",
			Then: "Wait for its approval.", Copy: "its App Key and Secret", Settings: "Acme Sandbox", Key: "the App Key", Note: "It lasts a year."},
			"Acme needs your own app registration; Latchkey ships no secret. Sign in at https://dev.acme.test and create an app. " +
				"Enter the Callback URL https://127.0.0.1:8182/ exactly (https, the trailing slash included). Wait for its approval. " +
				"Copy its App Key and Secret into Latchkey's Settings › App registrations › Acme Sandbox (the App Key is the client id). " +
				"If you registered another port, enter that port there too. It lasts a year."},
		{"plain", AppGuide{Name: "Acme", App: "OAuth client", Steps: "Request one.", Redirect: "http://127.0.0.1:8000/callback",
			Copy: "the client id and client secret", Settings: "Acme"},
			"Acme needs your own OAuth client; Latchkey ships no secret. Request one. " +
				"Enter the redirect URL http://127.0.0.1:8000/callback exactly. " +
				"Copy the client id and client secret into Latchkey's Settings › App registrations › Acme. " +
				"If you registered another port, enter that port there too."},
		{"no redirect", AppGuide{Name: "Acme", App: "consumer key", Steps: "Request one.", Then: "There is no redirect to register.",
			Copy: "the consumer key", Settings: "Acme", Key: "the consumer key"},
			"Acme needs your own consumer key; Latchkey ships no secret. Request one. There is no redirect to register. " +
				"Copy the consumer key into Latchkey's Settings › App registrations › Acme (the consumer key is the client id)."},
	} {
		if got := c.g.Help(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
