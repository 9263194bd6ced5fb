package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock, its rate limit lifted when opts names none: the
// suite's clock stands still), and returns the Env for in, with the user's
// Kite Connect app (its callback on any free loopback port), and the fake
// with the clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	app := integrations.AppRegistration{ClientID: "kitetestkey01", ClientSecret: APISecret}
	if opts.RateLimit == 0 {
		opts.RateLimit = 1 << 30
	}
	return fakekit.Start(t, in, &app, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		return New(opts)
	})
}

// Harness is Zerodha's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	oauth := integrations.AuthOAuth2
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: UserMain, Method: oauth, Answer: brokertest.Press("approve", nil)},
			{Name: UserSecond, Method: oauth, Answer: brokertest.Press("approve", map[string]string{"user_id": UserSecond})},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: brokertest.Press("deny", nil)}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 10, MinActivities: 30, Paginated: true,
			Currencies:    []string{"INR"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityFund, integrations.SecurityOption, integrations.SecurityOther},
			FullAccountNumbers: []string{UserMain},
		},
	}, true
}
