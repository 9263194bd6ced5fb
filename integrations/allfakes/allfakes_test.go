package allfakes_test

import (
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/integrations/allfakes"
	"github.com/latchkey/latchkey/integrations/demo"
)

// TestEveryInstitutionHasAFake: every shipped institution but the demo (which
// is its own server) has a fake that overrides each of its endpoints, so a
// user can try it with --endpoints.
func TestEveryInstitutionHasAFake(t *testing.T) {
	rs, err := allfakes.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer allfakes.Close(rs)
	eps := allfakes.Endpoints(rs)
	reg, err := integrations.NewRegistry(all.Integrations(t.TempDir())...)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.AddService(all.Services()...); err != nil {
		t.Fatal(err)
	}
	if err := reg.SetOverrides(eps); err != nil {
		t.Fatalf("the fakes' endpoints do not fit the registry: %v", err)
	}
	for _, in := range reg.List() {
		inst := in.Institution()
		if demo.IsDemo(inst.ID) {
			continue
		}
		for _, e := range inst.Endpoints {
			if eps[inst.ID][e.Name] == "" {
				t.Errorf("%s: no fake for endpoint %q", inst.ID, e.Name)
			}
		}
	}
	// Services too: no sync against the fakes fetches rates from the network.
	if len(reg.Services()) == 0 {
		t.Fatal("integrations/all lists no service")
	}
	for _, svc := range reg.Services() {
		inst := svc.Info()
		if inst.Demo {
			continue // computed in the process: no endpoint
		}
		for _, e := range inst.Endpoints {
			if eps[inst.ID][e.Name] == "" {
				t.Errorf("service %s: no fake for endpoint %q", inst.ID, e.Name)
			}
		}
	}
	if rs, ok := reg.RateSource(); !ok || rs.Info().ID != "ecb" {
		t.Error("the ECB is not the rate source")
	}
	if rs, ok := reg.DemoRateSource(); !ok || !rs.Info().Demo {
		t.Error("no demo rate source among the services")
	}
	if _, err := allfakes.Start("nope"); err == nil {
		t.Error("an unknown fake name was accepted")
	}
}

// TestInstitutionIDs pins the shipped institution ids (issues 6, 7 and 13).
func TestInstitutionIDs(t *testing.T) {
	want := []string{"alpaca", "alpaca-paper", "binance", "binance-us", "bitvavo", "coinbase", "coinbase-advanced",
		"degiro", "demo", "demo-crypto", "etrade", "etrade-sandbox", "gemini", "gemini-sandbox", "ibkr-flex", "kraken",
		"public", "questrade", "questrade-practice", "saxo", "saxo-sim", "schwab", "snaptrade", "tastytrade", "tastytrade-sandbox",
		"tradier", "tradier-sandbox", "trading212", "trading212-practice", "upstox", "wealthsimple", "webull", "zerodha"}
	want = append(want, "ibkr", "ibkr-paper")                                        // issue 19
	want = append(want, "fidelity", "merrill", "robinhood", "vanguard", "webull-ca") // issue 13
	// issue 19: Webull's regions and Robinhood Crypto
	want = append(want, "webull-hk", "webull-jp", "robinhood-crypto")
	want = append(want, "simplefin")                                                                    // issue 15
	want = append(want, "tradestation", "tradestation-sim", "tiger", "tiger-hk", "etoro", "etoro-demo") // issue 19
	want = append(want, indiaIDs...)                                                                    // issue 19: India (app/india_journey_test.go)
	slices.Sort(want)
	reg, err := integrations.NewRegistry(all.Integrations(t.TempDir())...)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range reg.List() {
		got = append(got, in.Institution().ID)
	}
	if len(got) != len(want) {
		t.Fatalf("%d institutions %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("institutions %v, want %v", got, want)
		}
	}
}
