package fakekit

import "github.com/latchkey/latchkey/integrations/brokertest"

// Harness is the conformance harness of a login that is only the browser
// sign-in on the fake's consent page: its Logins and Failures, and expect,
// what the fake serves.
func (c ConsentScripts) Harness(expect brokertest.Expect) brokertest.Harness {
	return brokertest.Harness{Logins: c.Logins(), LoginFailures: c.Failures(), Expect: expect}
}

// Answer decides on the consent page as user and lets the "browser" come
// back to the login's callback at the scripts' Prefix (CallbackAnswer).
func (c ConsentScripts) Answer(decision, user string) AnswerFunc {
	return CallbackAnswer(decision, user, c.Prefix)
}
