package fakekit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestClockSleep(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	sleep := fakekit.ClockSleep(clk)
	if err := sleep(t.Context(), 5*time.Second); err != nil || !clk.Now().Equal(fakekit.T0.Add(5*time.Second)) {
		t.Fatalf("%v %s", err, clk.Now())
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || !clk.Now().Equal(fakekit.T0.Add(5*time.Second)) {
		t.Errorf("an ended context: %v, clock %s", err, clk.Now())
	}
}
