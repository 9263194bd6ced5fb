package fakekit

import (
	"errors"
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestFormScripts(t *testing.T) {
	ok := Logins(integrations.AuthAPIKey, Form{Name: "demo", Values: map[string]string{"key_id": "k"}},
		Form{Name: "refreshing", Refreshes: true})
	if len(ok) != 2 || ok[0].Name != "demo" || ok[0].Method != integrations.AuthAPIKey || ok[0].Values["key_id"] != "k" ||
		ok[0].Refreshes || !ok[1].Refreshes || ok[0].Answer != nil {
		t.Fatalf("logins %+v", ok)
	}
	bad := Failures(integrations.AuthCredentials, Form{Name: "unknown", Values: map[string]string{"pin": "1"}},
		Form{Name: "locked", Want: integrations.ErrAccountLocked})
	if len(bad) != 2 || !errors.Is(bad[0].Want, integrations.ErrInvalidCredentials) || !errors.Is(bad[1].Want, integrations.ErrAccountLocked) ||
		bad[1].Script.Method != integrations.AuthCredentials || bad[1].Name != "locked" || bad[0].Script.Values["pin"] != "1" {
		t.Fatalf("failures %+v", bad)
	}
	d := Denied("denied")
	if d.Name != "denied" || !errors.Is(d.Want, integrations.ErrApprovalDenied) || d.Script.Method != integrations.AuthOAuth2 || d.Script.Answer == nil {
		t.Fatalf("denied %+v", d)
	}
}

func TestExpects(t *testing.T) {
	e := ExchangeExpect([]string{"USD"}, ExchangeActivities...)
	if e.MinAccounts != 1 || e.MinPositions != 5 || e.MinActivities != 30 || !e.Paginated || len(e.ActivityTypes) != 6 ||
		len(e.SecurityTypes) != 1 || e.SecurityTypes[0] != integrations.SecurityCrypto || e.Currencies[0] != "USD" {
		t.Fatalf("exchange expect %+v", e)
	}
	in := India{Client: "AB1234", Accounts: 2, Positions: 10, Activities: 30, Paginated: true}.Expect()
	if in.MinAccounts != 2 || in.MinPositions != 10 || in.MinActivities != 30 || !in.Paginated ||
		!slices.Equal(in.Currencies, []string{"INR"}) || !slices.Equal(in.FullAccountNumbers, []string{"AB1234"}) ||
		len(in.ActivityTypes) != 2 || len(in.SecurityTypes) != 4 || slices.Contains(in.SecurityTypes, integrations.SecurityFund) {
		t.Fatalf("india expect %+v", in)
	}
	if f := (India{Funds: true}).Expect(); !slices.Contains(f.SecurityTypes, integrations.SecurityFund) || f.Paginated {
		t.Fatalf("india expect with funds %+v", f)
	}
}

// serveStub is a fake whose Start records the options it was given.
func TestApproved(t *testing.T) {
	a := Approved("second user", true, map[string]string{"user_id": "ZX5678"})
	if a.Name != "second user" || a.Method != integrations.AuthOAuth2 || !a.Refreshes || a.Answer == nil || a.Values != nil {
		t.Fatalf("approved %+v", a)
	}
	if b := Approved("main", false, nil); b.Refreshes || b.Answer == nil {
		t.Fatalf("approved %+v", b)
	}
}

func TestWith(t *testing.T) {
	base := map[string]string{"username": "alice", "password": "pw"}
	got := With(base, "password", "wrong", "code", "123456", "dangling")
	if len(got) != 3 || got["password"] != "wrong" || got["code"] != "123456" || got["username"] != "alice" {
		t.Errorf("With = %v", got)
	}
	if base["password"] != "pw" || len(base) != 2 {
		t.Errorf("With changed its argument: %v", base)
	}
	if c := With(nil); c == nil || len(c) != 0 {
		t.Errorf("With(nil) = %v, want an empty map", c)
	}
}
