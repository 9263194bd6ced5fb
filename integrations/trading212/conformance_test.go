package trading212

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

// suiteFake is the fake as the suite sees it: it also counts rows.
type suiteFake struct {
	*fake.Server
	instID string
	number int64
}

func (f suiteFake) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return 1
	}
	if acct != accountID(f.instID, f.number) {
		return 0
	}
	p, a := f.Counts(f.number)
	if list == brokertest.ListPositions {
		return p
	}
	return a
}

func keyValues(key, secret string) map[string]string {
	v := map[string]string{fieldKey: key}
	if secret != "" {
		v[fieldSecret] = secret
	}
	return v
}

func failure(name string, want error, values map[string]string) brokertest.FailureScript {
	return brokertest.FailureScript{Name: name, Want: want,
		Script: brokertest.LoginScript{Method: integrations.AuthAPIKey, Values: values}}
}

var expectTypes = []integrations.ActivityType{
	integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivitySplit, integrations.ActivityDividend,
	integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityFee,
	integrations.ActivityInterest, integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivityOther,
}

func TestConformanceLive(t *testing.T) {
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			r := newRig(t)
			return r.live, r.env, suiteFake{Server: r.fake, instID: LiveID, number: fake.InvestNumber}
		},
		Logins: []brokertest.LoginScript{
			{Name: "invest", Method: integrations.AuthAPIKey, Values: keyValues(fake.LiveKey, fake.LiveSecret)},
			{Name: "legacy key", Method: integrations.AuthAPIKey, Values: keyValues(fake.LegacyKey, "")},
			{Name: "isa", Method: integrations.AuthAPIKey, Values: keyValues(fake.ISAKey, fake.ISASecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			failure("wrong secret", integrations.ErrInvalidCredentials, keyValues(fake.LiveKey, "t212-wrong-secret")),
			failure("unknown key", integrations.ErrInvalidCredentials, keyValues("T212UNKNOWN9999", fake.LiveSecret)),
			failure("practice key on live", integrations.ErrInvalidCredentials, keyValues(fake.DemoKey, fake.DemoSecret)),
			failure("no history permission", integrations.ErrInvalidCredentials, keyValues(fake.NoHistKey, fake.NoHistSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies:         []string{"GBP", "USD", "EUR"},
			ActivityTypes:      expectTypes,
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity},
			FullAccountNumbers: []string{"21400101", "21400202"},
		},
	})
}

func TestConformancePractice(t *testing.T) {
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			r := newRig(t)
			return r.demo, r.denv, suiteFake{Server: r.fake, instID: PracticeID, number: fake.DemoNumber}
		},
		Logins: []brokertest.LoginScript{
			{Name: "practice", Method: integrations.AuthAPIKey, Values: keyValues(fake.DemoKey, fake.DemoSecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			failure("live key on practice", integrations.ErrInvalidCredentials, keyValues(fake.LiveKey, fake.LiveSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies:         []string{"GBP", "EUR"},
			FullAccountNumbers: []string{"31400303"},
		},
	})
}
