package integrations_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestBroker(t *testing.T) {
	m := integrations.AuthMethod{Kind: integrations.AuthAPIKey, Label: "API key"}
	in := integrations.Broker("acme-paper", "Acme", "Acme Paper", "US", "https://acme.example", "Your Acme account.", m)
	want := integrations.Institution{
		ID: "acme-paper", Name: "Acme", DisplayName: "Acme Paper", Region: "US", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{m},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help:         "Your Acme account.", Website: "https://acme.example", Monogram: "acme-paper",
		RateScope: integrations.RateScopeGrant,
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("Broker = %+v,\nwant %+v", in, want)
	}
	for _, c := range integrations.AllData() {
		if !in.Has(c) {
			t.Errorf("Broker lacks %s", c)
		}
	}
	// Each call has its own slice: changing one institution's changes no other's.
	in.Capabilities[0] = integrations.CapHoldings
	if again := integrations.AllData(); again[0] != integrations.CapBalances {
		t.Errorf("AllData shares its slice: %v", again)
	}
}

func TestOwnAppOAuth(t *testing.T) {
	got := integrations.OwnAppOAuth("Sign in with Acme", "Opens Acme.", "https://acme.example/oauth", "Register an app.", 8700)
	want := integrations.AuthMethod{
		Kind: integrations.AuthOAuth2, Label: "Sign in with Acme", Help: "Opens Acme.", HelpURL: "https://acme.example/oauth",
		NeedsApp: true, AppHelp: "Register an app.", FixedRedirectPort: 8700,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OwnAppOAuth = %+v,\nwant %+v", got, want)
	}
	in := integrations.Broker("acme", "Acme", "Acme", "US", "", "", got)
	if m, ok := in.Method(integrations.AuthOAuth2); !ok || !m.NeedsApp || m.FixedRedirectPort != 8700 {
		t.Errorf("Method(oauth) = %+v, %v", m, ok)
	}
}

type variant struct{ id string }

func (v *variant) Institution() integrations.Institution {
	return integrations.Broker(v.id, "Acme", v.id, "US", "", "")
}
func (*variant) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.ErrNotSupported
}
func (*variant) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

func TestVariants(t *testing.T) {
	live, paper := &variant{"acme"}, &variant{"acme-paper"}
	got := integrations.Variants(live, paper)
	if len(got) != 2 || got[0] != integrations.Integration(live) || got[1] != integrations.Integration(paper) {
		t.Fatalf("Variants = %v", got)
	}
	if ids := got[0].Institution().ID + " " + got[1].Institution().ID; ids != "acme acme-paper" {
		t.Errorf("variants in order: %s", ids)
	}
	if got := integrations.Variants[*variant](); len(got) != 0 {
		t.Errorf("no variants: %v", got)
	}
}
