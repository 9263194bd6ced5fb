package fakekit

import "github.com/latchkey/latchkey/integrations/brokertest"

// Consent is the harness of an India broker whose login is the user's own
// app approved on the fake's consent page (OAuth): the main client i.Client
// (the page's default) and second (named in the login's field), each
// approved, a login denied on the page (ErrApprovalDenied), and what i
// expects of the data.
func (i India) Consent(field, second string) brokertest.Harness {
	return brokertest.Harness{
		Logins: []brokertest.LoginScript{
			Approved(i.Client, false, nil),
			Approved(second, false, map[string]string{field: second}),
		},
		LoginFailures: []brokertest.FailureScript{Denied("denied")},
		Expect:        i.Expect(),
	}
}
