package fake

import (
	"context"
	"fmt"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/simplefin"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{simplefin.ID}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.Budget = now, max(o.Budget, fakekit.Unlimited)
	}}

// Start runs a fake for a harness or a test: the Env for in against it and
// the fake with its clock. The budget is lifted: the suite reads far more
// than a day's 24 requests.
var Start = rig.Start

// Paste plays the user pasting what token gives them into the token form
// (a LoginScript.Answer): a fresh setup token, the demo's, an access URL.
func Paste(token func(*Server) string) func(ctx context.Context, f brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, f brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
		srv, ok := f.(*Server)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("the fake is a %T", f)
		}
		if _, ok := step.(*integrations.FormStep); !ok {
			return brokertest.AutoAnswer(ctx, step, nil)
		}
		return integrations.Answer{Values: map[string]string{simplefin.FieldToken: token(srv)}}, nil
	}
}

// UsedToken is a setup token already claimed.
func (s *Server) UsedToken() string {
	code := "USED" + fakekit.Random(12)
	s.mu.Lock()
	s.tokens[code] = true
	s.mu.Unlock()
	return s.Token(code)
}

// RevokedAccessURL is an access URL disabled at the Bridge.
func (s *Server) RevokedAccessURL() string {
	u := s.AccessURL()
	s.Disable(u)
	return u
}

// Harness is the conformance harness of SimpleFIN (a
// brokertest.HarnessFunc). Its logins paste a fresh setup token (each
// login claims its own), an access URL, or the demo's reusable token; the
// login's first connection by name is Fidelity Investments, whose two
// accounts the data checks read.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		bridge := integrations.AuthBridge
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "setup token", Method: bridge, Answer: Paste((*Server).NewSetupToken)},
				{Name: "access URL", Method: bridge, Answer: Paste((*Server).AccessURL)},
				{Name: "demo token", Method: bridge, Answer: Paste((*Server).DemoToken)},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "a used setup token", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: bridge, Answer: Paste((*Server).UsedToken)}},
				{Name: "not a setup token", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: bridge, Values: map[string]string{simplefin.FieldToken: "not-a-setup-token"}}},
				{Name: "a disabled access URL", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: bridge, Answer: Paste((*Server).RevokedAccessURL)}},
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 5, MinActivities: 40,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityReinvest, integrations.ActivityInterest, integrations.ActivityFee,
					integrations.ActivityTax, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityFund, integrations.SecurityCash},
				FullAccountNumbers: []string{FullNumber},
			},
		}
	})
}
