package fakekit

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// Waited is a Rig's Run for an exchange whose Integration (a T) embeds a
// cryptokit.Wait: its waits for a rate-limit window or a paced endpoint
// move clk instead ([ClockSleep]), so the window passes at once on both
// sides.
func Waited[T any, P interface {
	cryptokit.Waiter[T]
	integrations.Integration
}](in integrations.Integration, clk *Clock) integrations.Integration {
	return cryptokit.WithWait(in.(P), ClockSleep(clk))
}
