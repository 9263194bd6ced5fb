package ibkrflex

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/ibkrflex/fake"
)

// suiteFake is the fake as the suite sees it: it also counts rows.
type suiteFake struct{ *fake.Server }

func (f suiteFake) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return 2
	}
	for _, n := range []string{fake.Individual, fake.IRA} {
		if accountID(n) == acct {
			p, a := f.Counts(n)
			if list == brokertest.ListPositions {
				return p
			}
			return a
		}
	}
	return 0
}

func TestConformance(t *testing.T) {
	fail := func(name string, want error, v map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: integrations.AuthToken, Values: v}}
	}
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			r := newRig(t, fake.Options{})
			return r.in, r.env, suiteFake{r.fake}
		},
		Logins: []brokertest.LoginScript{
			{Name: "token", Method: integrations.AuthToken, Values: values(fake.Token, fake.Query, "")},
			{Name: "token with expiry", Method: integrations.AuthToken, Values: values(fake.Token, fake.Query, "2026-12-31")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("invalid token", integrations.ErrInvalidCredentials, values("flex-token-wrong-000000000009", fake.Query, "")),
			fail("expired token", integrations.ErrInvalidCredentials, values(fake.ExpiredToken, fake.Query, "")),
			fail("ip restricted", integrations.ErrInvalidCredentials, values(fake.IPLockedToken, fake.Query, "")),
			fail("unknown query", integrations.ErrInvalidCredentials, values(fake.Token, fake.BadQuery, "")),
			fail("expiry in the past", integrations.ErrInvalidCredentials, values(fake.Token, fake.Query, "2025-06-30")),
			fail("expiry not a date", integrations.ErrInvalidCredentials, values(fake.Token, fake.Query, "next year")),
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 7, MinActivities: 60,
			Currencies: []string{"USD", "EUR", "CAD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
				integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityContribution,
				integrations.ActivityWithdrawal},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityOption, integrations.SecurityBond},
			FullAccountNumbers: []string{fake.Individual, fake.IRA},
		},
	})
}
