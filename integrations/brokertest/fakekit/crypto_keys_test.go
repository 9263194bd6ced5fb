package fakekit

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestKeyScripts(t *testing.T) {
	ok := KeyLogins(Key{Name: "demo", Values: map[string]string{"key_id": "k"}})
	if len(ok) != 1 || ok[0].Name != "demo" || ok[0].Method != integrations.AuthAPIKey || ok[0].Values["key_id"] != "k" {
		t.Fatalf("logins %+v", ok)
	}
	bad := KeyFailures(Key{Name: "unknown"}, Key{Name: "locked", Want: integrations.ErrAccountLocked})
	if len(bad) != 2 || !errors.Is(bad[0].Want, integrations.ErrInvalidCredentials) || !errors.Is(bad[1].Want, integrations.ErrAccountLocked) ||
		bad[1].Script.Method != integrations.AuthAPIKey || bad[1].Name != "locked" {
		t.Fatalf("failures %+v", bad)
	}
	e := ExchangeExpect([]string{"USD"}, ExchangeActivities...)
	if e.MinAccounts != 1 || e.MinPositions != 5 || e.MinActivities != 30 || !e.Paginated || len(e.ActivityTypes) != 6 ||
		len(e.SecurityTypes) != 1 || e.SecurityTypes[0] != integrations.SecurityCrypto || e.Currencies[0] != "USD" {
		t.Fatalf("expect %+v", e)
	}
}
