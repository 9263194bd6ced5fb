package indiakit

import (
	"fmt"

	"github.com/latchkey/latchkey/integrations"
)

// Unmapped is the error of a broker's answer its mapping gives no meaning
// of its own: refused with the broker's error code (named, its message
// never quoted), malformed when the status says it succeeded yet the
// answer could not be read, else the HTTP status. All but malformed match
// ErrUnavailable.
func Unmapped(broker, code string, status int, malformed error) error {
	switch {
	case code != "":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s refused the request (%s)", broker, code))
	case status < 400:
		return malformed
	}
	return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("%s answered HTTP %d", broker, status))
}

// AppRefused is the error of a login the broker refused for the user's own
// app (its key and secret as app names them, "API key and API secret",
// "App ID and Secret ID"): the user checks them in Settings and logs in
// again.
func AppRefused(broker string, app integrations.OwnApp) error {
	keys := app.Key
	if app.Secret != "" {
		keys += " and " + app.Secret
	}
	return integrations.Wrap(integrations.ErrInvalidCredentials, broker+" refused the login: check the "+keys+" in Settings, then log in again")
}
