package indiakit

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// An answer no mapping names: its code named, a success status malformed,
// else its status.
func TestUnmapped(t *testing.T) {
	malformed := errors.New("malformed")
	for _, c := range []struct {
		code   string
		status int
		want   error
		text   string
	}{
		{"DH-909", 400, integrations.ErrUnavailable, "Broker refused the request (DH-909)"},
		{"", 200, malformed, "malformed"},
		{"", 418, integrations.ErrUnavailable, "Broker answered HTTP 418"},
	} {
		err := Unmapped("Broker", c.code, c.status, malformed)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%q HTTP %d: %v, want %v %q", c.code, c.status, err, c.want, c.text)
		}
	}
}

// A refused app registration names the app's key and secret as the broker
// does.
func TestAppRefused(t *testing.T) {
	err := AppRefused("Broker", integrations.OwnApp{Key: "App ID", Secret: "Secret ID"})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "Broker refused the login: check the App ID and Secret ID in Settings, then log in again") {
		t.Errorf("AppRefused: %v", err)
	}
	if err := AppRefused("Broker", integrations.OwnApp{Key: "client id"}); !strings.Contains(err.Error(), "check the client id in Settings") {
		t.Errorf("AppRefused without a secret: %v", err)
	}
}
