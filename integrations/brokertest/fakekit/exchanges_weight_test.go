package fakekit_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestWeights(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0.Truncate(time.Second))
	ws := &fakekit.Weights{Limit: 50, Per: time.Second, Now: clk.Now}
	if w, ok := ws.Add("ip", 20); !ok || w.Used != 20 || w.Remaining() != 30 || !w.Reset.Equal(clk.Now().Add(time.Second)) {
		t.Fatalf("first: %+v %v", w, ok)
	}
	if _, ok := ws.Add("ip", 20); !ok {
		t.Fatal("40 of 50 refused")
	}
	if w, ok := ws.Add("ip", 20); ok || w.Used != 40 {
		t.Fatalf("60 of 50: %+v %v; want refused, adding nothing", w, ok)
	}
	if _, ok := ws.Add("other", 50); !ok {
		t.Error("another key shares the window")
	}
	clk.Add(time.Second)
	if w, ok := ws.Add("ip", 50); !ok || w.Used != 50 {
		t.Errorf("the next window: %+v %v", w, ok)
	}
}
