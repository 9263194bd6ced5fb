package fake

import (
	"cmp"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// SetClock sets the fake's clock (fakekit.Clocked: what Start's fakekit.Launch
// sets).
func (o *Options) SetClock(now func() time.Time) { o.Now = now }

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock, its rate limit lifted when opts names none: the
// suite's clock stands still), and returns the Env for in, with the user's
// app (fakekit.TestApp: its callback on any free loopback port), and the
// fake with the clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	app := fakekit.TestApp
	opts.RateLimit = cmp.Or(opts.RateLimit, fakekit.Unlimited)
	return fakekit.Launch(t, in, &app, New, opts)
}

// Harness is Upstox's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	oauth := integrations.AuthOAuth2
	return brokertest.Harness{
		New: fakekit.Serve(in, Start),
		Logins: []brokertest.LoginScript{
			{Name: UserMain, Method: oauth, Answer: brokertest.Press("approve", nil)},
			{Name: UserSecond, Method: oauth, Answer: brokertest.Press("approve", map[string]string{"username": UserSecond})},
		},
		LoginFailures: []brokertest.FailureScript{
			fakekit.Denied("denied"),
		},
		Expect: fakekit.India{Client: UserMain, Accounts: 2, Positions: 10, Activities: 100, Paginated: true}.Expect(),
	}, true
}
