package fakekit_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// exchange is an Integration whose waits are a cryptokit.Wait.
type exchange struct {
	integrations.Integration
	cryptokit.Wait
}

func TestWaited(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	in := &exchange{}
	run, ok := fakekit.Waited[exchange](in, clk).(*exchange)
	if !ok || run == in {
		t.Fatalf("Waited = %T %p, want a copy of the *exchange %p", run, run, in)
	}
	if err := run.Sleep(t.Context(), time.Minute); err != nil || !clk.Now().Equal(fakekit.T0.Add(time.Minute)) {
		t.Fatalf("the run's wait: %v, clock %s, want the clock a minute on", err, clk.Now())
	}
}
