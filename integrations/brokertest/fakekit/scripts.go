package fakekit

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Unlimited is a rate limit (or budget) a fake started for the suite never
// reaches: the suite's clock stands still, so no window ever ends.
const Unlimited = 1 << 30

// Form is one login filled in on a method's form (an API key pair, a
// username and password, a token): its subtest name and values. For a
// login that works, Refreshes says its grant refreshes; for one the
// institution refuses, Want is the sentinel it ends with
// (ErrInvalidCredentials when nil).
type Form struct {
	Name      string
	Values    map[string]string
	Refreshes bool
	Want      error
}

// Logins are the login scripts of forms that work, logged in by method.
func Logins(method integrations.AuthKind, forms ...Form) []brokertest.LoginScript {
	out := make([]brokertest.LoginScript, 0, len(forms))
	for _, f := range forms {
		out = append(out, brokertest.LoginScript{Name: f.Name, Method: method, Values: f.Values, Refreshes: f.Refreshes})
	}
	return out
}

// Failures are the failure scripts of forms the institution refuses,
// logged in by method, each wanting its Want (ErrInvalidCredentials when
// nil).
func Failures(method integrations.AuthKind, forms ...Form) []brokertest.FailureScript {
	out := make([]brokertest.FailureScript, 0, len(forms))
	for _, f := range forms {
		want := f.Want
		if want == nil {
			want = integrations.ErrInvalidCredentials
		}
		out = append(out, brokertest.FailureScript{Name: f.Name, Want: want,
			Script: brokertest.LoginScript{Method: method, Values: f.Values}})
	}
	return out
}

// With is a copy of a form's values v with the name-value pairs set (a
// field changed or added: a wrong PIN, a code); a last name without its
// value is ignored.
func With(v map[string]string, pairs ...string) map[string]string {
	out := make(map[string]string, len(v)+len(pairs)/2)
	for k, x := range v {
		out[k] = x
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = pairs[i+1]
	}
	return out
}

// Approved is the login script of an OAuth 2.0 login whose user presses
// "approve" on the fake's consent page (brokertest.Press), signing in with
// as (its user field; nil: as the page proposes); refreshes says the grant
// refreshes.
func Approved(name string, refreshes bool, as map[string]string) brokertest.LoginScript {
	return brokertest.LoginScript{Name: name, Method: integrations.AuthOAuth2, Refreshes: refreshes, Answer: brokertest.Press("approve", as)}
}

// Denied is the failure script of an OAuth 2.0 login whose user presses
// "deny" on the fake's consent page (brokertest.Press): it ends with
// ErrApprovalDenied.
func Denied(name string) brokertest.FailureScript {
	return brokertest.FailureScript{Name: name, Want: integrations.ErrApprovalDenied,
		Script: brokertest.LoginScript{Method: integrations.AuthOAuth2, Answer: brokertest.Press("deny", nil)}}
}

// ExchangeActivities are the kinds of activity an exchange's fake serves
// beyond its trades' buys and sells: deposits and withdrawals of cash and of
// coins.
var ExchangeActivities = []integrations.ActivityType{
	integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
	integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
}

// ExchangeExpect is what a crypto exchange's fake serves the suite: one
// account, at least five coins (crypto) and thirty activities over pages,
// balances in currencies, activities of the types given.
func ExchangeExpect(currencies []string, types ...integrations.ActivityType) brokertest.Expect {
	return brokertest.Expect{
		MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
		Currencies: currencies, ActivityTypes: types,
		SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
	}
}

// India is what the fake of an Indian retail broker serves the suite: a
// main login (Client, its client code or user id, is the account number the
// suite must never see in full) with at least Accounts accounts (one per
// login, or per segment), Positions holdings and F&O positions, and
// Activities fills (Paginated when they come over pages).
type India struct {
	Client                          string
	Accounts, Positions, Activities int
	Paginated                       bool
	// Funds says the holdings include mutual funds (SecurityFund).
	Funds bool
}

// Expect is the suite's brokertest.Expect for i: rupees; the tradebook's
// buys and sells; equities, ETFs, options and others (futures), and funds
// when i.Funds.
func (i India) Expect() brokertest.Expect {
	types := []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
		integrations.SecurityOption, integrations.SecurityOther}
	if i.Funds {
		types = append(types, integrations.SecurityFund)
	}
	return brokertest.Expect{
		MinAccounts: i.Accounts, MinPositions: i.Positions, MinActivities: i.Activities, Paginated: i.Paginated,
		Currencies:         []string{"INR"},
		ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
		SecurityTypes:      types,
		FullAccountNumbers: []string{i.Client},
	}
}
