package robinhood_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/robinhood"
	"github.com/latchkey/latchkey/integrations/robinhood/fake"
)

// TestPositionsDescribed: a crypto position is described by its code, as
// every other exchange's are through cryptokit.Holdings (the holdings
// table sorts and searches by the description).
func TestPositionsDescribed(t *testing.T) {
	env, _, _ := fake.Start(t, robinhood.New()[0])
	c := connect(t, env, fake.Keys(fake.DemoAPIKey, fake.DemoPrivateKey))
	pos, err := c.Positions(t.Context(), "crypto")
	if err != nil || len(pos) == 0 {
		t.Fatalf("positions: %v, %d", err, len(pos))
	}
	for _, p := range pos {
		if p.Symbol.Description != p.Symbol.Ticker {
			t.Errorf("%s described as %q", p.Symbol.Ticker, p.Symbol.Description)
		}
	}
}
