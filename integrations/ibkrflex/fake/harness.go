package fake

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// T0 is the harness's "now": after the statement's period.
var T0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, At: T0,
	Prepare: func(o *Options, now func() time.Time, _ string) { o.Now = now },
	Run: func(in integrations.Integration, clk *fakekit.Clock) integrations.Integration {
		return in.(waiter).WithSleep(fakekit.ClockSleep(clk))
	},
	Count: fakekit.CountNumbered([]string{Individual, IRA}, AccountID, (*Server).Counts)}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock standing at T0.
var Start = rig.Start

// AccountID is the id the ibkrflex package gives an account: a hash of its
// number.
func AccountID(number string) string { return fakekit.HashedID("ibkr-", InstitutionID, number) }

// waiter is the ibkrflex integration's hook for a clock that moves: its
// statement polls wait seconds between requests.
type waiter interface {
	WithSleep(func(ctx context.Context, d time.Duration) error) integrations.Integration
}

// Harness is the conformance harness of IBKR Flex (a
// brokertest.HarnessFunc): the token and query login, with and without the
// token's expiry date. The polls wait on the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if _, ok := in.(waiter); !ok {
		return brokertest.Harness{}, false
	}
	return rig.Harness(in, func(string) brokertest.Harness {
		values := func(token, query, expires string) map[string]string {
			v := map[string]string{"flex_token": token, "query_id": query}
			if expires != "" {
				v["expires_on"] = expires
			}
			return v
		}
		return brokertest.Harness{
			Logins: fakekit.Logins(integrations.AuthToken,
				fakekit.Form{Name: "token", Values: values(Token, Query, "")},
				fakekit.Form{Name: "token with expiry", Values: values(Token, Query, "2026-12-31")},
			),
			LoginFailures: fakekit.Failures(integrations.AuthToken,
				fakekit.Form{Name: "invalid token", Values: values("flex-token-wrong-000000000009", Query, "")},
				fakekit.Form{Name: "expired token", Values: values(ExpiredToken, Query, "")},
				fakekit.Form{Name: "ip restricted", Values: values(IPLockedToken, Query, "")},
				fakekit.Form{Name: "unknown query", Values: values(Token, BadQuery, "")},
				fakekit.Form{Name: "expiry in the past", Values: values(Token, Query, "2025-06-30")},
				fakekit.Form{Name: "expiry not a date", Values: values(Token, Query, "next year")},
			),
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 7, MinActivities: 60,
				Currencies: []string{"USD", "EUR", "CAD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
					integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityContribution,
					integrations.ActivityWithdrawal},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityOption, integrations.SecurityBond},
				FullAccountNumbers: []string{Individual, IRA},
			},
		}
	})
}
