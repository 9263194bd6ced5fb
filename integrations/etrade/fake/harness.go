package fake

import (
	"context"
	"net/url"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// T0 is the tests' "now" (07:00 US Eastern), after the fake's history.
var T0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, SandboxID}, New: New, At: T0,
	App: func(id string) *integrations.AppRegistration {
		if id == SandboxID {
			return &integrations.AppRegistration{ClientID: SandboxConsumerKey, ClientSecret: SandboxConsumerSecre}
		}
		return &integrations.AppRegistration{ClientID: ConsumerKey, ClientSecret: ConsumerSecret}
	},
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now = now
		if o.RateLimit == 0 {
			o.RateLimit, o.HourLimit = fakekit.Unlimited, fakekit.Unlimited
		}
	},
	Seen: func(srv *Server, _ string) brokertest.Fake { return counted{srv} }}

// Start runs a fake for a harness or a test: the Env for in with the
// consumer key of its environment (ConsumerKey for LiveID,
// SandboxConsumerKey for SandboxID), and the fake with its clock standing
// at T0. Rate limits default to none.
var Start = rig.Start

// Press plays the user at E*TRADE's authorize page: presses button, then
// pastes the code the page showed, or code when it is set.
func Press(button, code string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return brokertest.AutoAnswer(ctx, s, nil)
		}
		if _, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": button}); err != nil {
			return integrations.Answer{}, err
		}
		paste := code
		if paste == "" {
			u, _ := url.Parse(b.URL)
			paste = f.(interface{ Verifier(string) string }).Verifier(u.Query().Get("token"))
		}
		return integrations.Answer{Redirect: paste}, nil
	}
}

// Harness is the conformance harness of an E*TRADE environment (a
// brokertest.HarnessFunc): the out-of-band login, its wrong code and its
// refusal.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		oauth := integrations.AuthOAuth1
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "approve", Method: oauth, Answer: Press("approve", "")},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "wrong code", Want: integrations.ErrInvalidMFACode, Script: brokertest.LoginScript{Method: oauth, Answer: Press("approve", "ZZZZ9")}},
				{Name: "declined", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: Press("deny", "ABCDE")}},
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 8, MinActivities: 60, Paginated: true,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
					integrations.ActivityReinvest, integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTransferIn,
					integrations.ActivityTransferOut, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityFund, integrations.SecurityOption},
				FullAccountNumbers: []string{Individual, RothIRA},
			},
		}
	})
}

// counted is the fake as the suite sees it: it also counts rows.
type counted struct{ *Server }

func (c counted) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return len(c.AccountKeys())
	}
	p, a := c.Counts(acct)
	if list == brokertest.ListPositions {
		return p
	}
	return a
}
