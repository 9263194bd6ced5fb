package fakekit_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestConsentHarness(t *testing.T) {
	c := fakekit.ConsentScripts{User: "u", Prefix: "http://localhost:", Callback: "callback", Garbage: "http://localhost:1/", Unknown: "nope"}
	h := c.Harness(brokertest.Expect{MinAccounts: 2})
	if len(h.Logins) != 2 || h.Logins[1].Name != "callback" || len(h.LoginFailures) != 3 || h.Expect.MinAccounts != 2 || h.New != nil {
		t.Errorf("harness %+v", h)
	}
	if c.Answer("approve", "u") == nil {
		t.Error("no callback answer")
	}
}
