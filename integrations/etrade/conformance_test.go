package etrade

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
)

// suiteFake is the fake as the suite sees it: it also counts rows.
type suiteFake struct{ *fake.Server }

func (f suiteFake) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return len(f.AccountKeys())
	}
	p, a := f.Counts(acct)
	if list == brokertest.ListPositions {
		return p
	}
	return a
}

func harness(sandbox bool) brokertest.Harness {
	oauth := integrations.AuthOAuth1
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			r := newRig(t, sandbox)
			return r.in, r.env, suiteFake{r.fake}
		},
		Logins: []brokertest.LoginScript{
			{Name: "approve", Method: oauth, Answer: press("approve", "")},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong code", Want: integrations.ErrInvalidMFACode, Script: brokertest.LoginScript{Method: oauth, Answer: press("approve", "ZZZZ9")}},
			{Name: "declined", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny", "ABCDE")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 8, MinActivities: 60, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
				integrations.ActivityReinvest, integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTransferIn,
				integrations.ActivityTransferOut, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityFund, integrations.SecurityOption},
			FullAccountNumbers: []string{fake.Individual, fake.RothIRA},
		},
	}
}

func TestConformanceLive(t *testing.T)    { brokertest.Run(t, harness(false)) }
func TestConformanceSandbox(t *testing.T) { brokertest.Run(t, harness(true)) }
