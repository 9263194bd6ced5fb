package fakekit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestSleepClock(t *testing.T) {
	clk := fakekit.NewSleepClock(fakekit.T0)
	for _, d := range []time.Duration{2 * time.Second, 3 * time.Second} {
		if err := clk.Sleep(t.Context(), d); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(time.Minute) // time that passes without a Sleep is not counted
	if clk.Slept() != 5*time.Second || !clk.Now().Equal(fakekit.T0.Add(time.Minute+5*time.Second)) {
		t.Fatalf("slept %s, now %s", clk.Slept(), clk.Now())
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := clk.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || clk.Slept() != 5*time.Second {
		t.Errorf("an ended context: %v, slept %s", err, clk.Slept())
	}
}
