package integrations

import (
	"errors"
	"testing"
)

func TestOwnApp(t *testing.T) {
	a := OwnApp{Name: "Example", Product: "Example API", App: "app", Key: "App ID", Secret: "Secret ID",
		Steps: "Create an app with the redirect URL " + LoopbackURL(8799, "/callback") + " exactly."}
	want := "Example API needs your own app; Latchkey ships no secret. Create an app with the redirect URL " +
		"http://127.0.0.1:8799/callback exactly. Copy its App ID and Secret ID into Latchkey's Settings › App registrations › " +
		"Example (the App ID is the client id). If you registered another port, enter that port there too."
	if got := a.Help(); got != want {
		t.Errorf("Help =\n%q, want\n%q", got, want)
	}
	err := a.Missing()
	if !errors.Is(err, ErrNeedsApp) {
		t.Errorf("Missing = %v, want ErrNeedsApp", err)
	}
	var d *DetailError
	if !errors.As(err, &d) || d.Detail != "add your Example API app (App ID and Secret ID) in Settings › App registrations first" {
		t.Errorf("Missing's detail = %v", err)
	}
}
