package fakekit

import (
	"errors"
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestExchangeHarness(t *testing.T) {
	e := Exchange{
		Keys:       []Form{{Name: "demo key", Values: map[string]string{"api_key": "k"}}},
		Refused:    []Form{{Name: "unknown key"}, {Name: "locked", Want: integrations.ErrAccountLocked}},
		Currencies: []string{"EUR", "BTC"},
	}
	h := e.Harness("any")
	if len(h.Logins) != 1 || h.Logins[0].Name != "demo key" || h.Logins[0].Method != integrations.AuthAPIKey || h.Logins[0].Values["api_key"] != "k" {
		t.Errorf("logins %+v", h.Logins)
	}
	if len(h.LoginFailures) != 2 || !errors.Is(h.LoginFailures[0].Want, integrations.ErrInvalidCredentials) ||
		!errors.Is(h.LoginFailures[1].Want, integrations.ErrAccountLocked) || h.LoginFailures[1].Script.Method != integrations.AuthAPIKey {
		t.Errorf("failures %+v", h.LoginFailures)
	}
	if !slices.Equal(h.Expect.ActivityTypes, ExchangeActivities) || !slices.Equal(h.Expect.Currencies, e.Currencies) ||
		h.Expect.MinPositions != 5 || h.PriceEndpoint != "" {
		t.Errorf("expect %+v, price endpoint %q", h.Expect, h.PriceEndpoint)
	}
	e.Activities, e.PriceEndpoint = []integrations.ActivityType{integrations.ActivityBuy}, "/ticker"
	if h := e.Harness(""); !slices.Equal(h.Expect.ActivityTypes, e.Activities) || h.PriceEndpoint != "/ticker" {
		t.Errorf("own activities: %+v, price endpoint %q", h.Expect.ActivityTypes, h.PriceEndpoint)
	}
}
