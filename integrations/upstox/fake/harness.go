package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, App: fakekit.App(fakekit.TestApp),
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock, its rate limit lifted when opts names none: the
// suite's clock stands still), and returns the Env for in, with the user's
// app (fakekit.TestApp: its callback on any free loopback port), and the
// fake with the clock.
var Start = rig.Start

// Harness is Upstox's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		h := fakekit.India{Client: UserMain, Accounts: 2, Positions: 10, Activities: 100, Paginated: true}.Consent("username", UserSecond)
		// The payment lists' completed pay-ins and pay-outs.
		h.Expect.ActivityTypes = append(h.Expect.ActivityTypes, integrations.ActivityContribution, integrations.ActivityWithdrawal)
		return h
	})
}
