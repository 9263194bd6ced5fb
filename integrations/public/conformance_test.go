package public

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

// suiteFake is the fake as the suite sees it: it also counts rows.
type suiteFake struct{ *fake.Server }

func (f suiteFake) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return 2
	}
	for _, n := range []string{fake.Brokerage, fake.RothIRA} {
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
	key := func(k string) map[string]string { return map[string]string{fieldKey: k} }
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			_, f, env := newRig(t)
			return &Integration{}, env, suiteFake{f}
		},
		Logins: []brokertest.LoginScript{
			{Name: "secret key", Method: integrations.AuthAPIKey, Values: key(fake.Secret), Refreshes: true},
			{Name: "other user", Method: integrations.AuthAPIKey, Values: key(fake.OtherSecret), Refreshes: true},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong secret", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: integrations.AuthAPIKey, Values: key("public-secret-wrong-9999")}},
			{Name: "too short", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: integrations.AuthAPIKey, Values: key("abc")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 7, MinActivities: 60, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
				integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityContribution, integrations.ActivityWithdrawal,
				integrations.ActivityTransferIn, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto,
				integrations.SecurityOption, integrations.SecurityBond},
			FullAccountNumbers: []string{fake.Brokerage, fake.RothIRA, fake.OtherBroker},
		},
	})
}
