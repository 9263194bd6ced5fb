package indiakit

import (
	"fmt"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Expiring is how long before a broker's daily end (a session's nightly or
// morning end, a 24-hour token's) a connection shows as expiring: its last
// three hours, like E*TRADE's midnight end — not all evening, so a login
// made after the market's close does not show as expiring at once.
const Expiring = 3 * time.Hour

// Institution is what every India broker's [integrations.Institution]
// shares: an [integrations.Broker] in region IN whose session ends every
// day, so it shows as expiring only within [Expiring] of that end. The
// broker's package adds its rate and its endpoints.
func Institution(id, name, display, website, help string, methods ...integrations.AuthMethod) integrations.Institution {
	in := integrations.Broker(id, name, display, "IN", website, help, methods...)
	in.ExpiringWithin = Expiring
	return in
}

// Done ends a login of the broker's client clientID: its grant (the
// secret, its end, fingerprinted by the client id), its one account and a
// masked hint of the client id.
func Done(id string, method integrations.AuthKind, clientID string, secret []byte, expires time.Time, acct integrations.Account) *integrations.DoneStep {
	d := integrations.Done(id, method, secret, []integrations.Account{acct}, clientID).Until(expires)
	d.LoginHint = integrations.MaskLogin(clientID)
	return d
}

// DailyLogin is the sentence of a login's help on its daily end: what (the
// broker's sessions or logins) end every morning at hour:minute India time
// (the end [NextAt] gives), so Latchkey asks the user to log in again each
// day they sync.
func DailyLogin(what string, hour, minute int) string {
	return fmt.Sprintf("%s end every morning at %02d:%02d India time, so Latchkey asks you to log in again each day you sync.", what, hour, minute)
}
