package fakekit_test

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The consent harness approves the main client and the second one (named
// in the login's field), and expects a denial and i's data.
func TestIndiaConsent(t *testing.T) {
	h := fakekit.India{Client: "AB1234", Accounts: 2, Positions: 3, Activities: 4}.Consent("user_id", "CD5678")
	if len(h.Logins) != 2 || h.Logins[0].Name != "AB1234" || h.Logins[1].Name != "CD5678" || h.Logins[1].Method != integrations.AuthOAuth2 {
		t.Errorf("logins %+v", h.Logins)
	}
	if len(h.LoginFailures) != 1 || !errors.Is(h.LoginFailures[0].Want, integrations.ErrApprovalDenied) {
		t.Errorf("failures %+v", h.LoginFailures)
	}
	if h.Expect.MinAccounts != 2 || h.Expect.MinActivities != 4 || h.Expect.FullAccountNumbers[0] != "AB1234" {
		t.Errorf("expect %+v", h.Expect)
	}
}
