package integrations

import (
	"context"
	"testing"
	"time"
)

type polled struct {
	Polling
	name string
}

func TestPollEvery(t *testing.T) {
	in := &polled{name: "bank"}
	if got := in.Interval(2 * time.Second); got != 2*time.Second {
		t.Errorf("default interval %v, want 2s", got)
	}
	c := PollEvery(in, time.Millisecond)
	if c == in || c.name != "bank" || c.Interval(2*time.Second) != time.Millisecond {
		t.Errorf("copy %+v (same %v), interval %v: want a copy polling every millisecond", c, c == in, c.Interval(2*time.Second))
	}
	if got := in.Interval(2 * time.Second); got != 2*time.Second {
		t.Errorf("the original polls every %v after the copy, want 2s", got)
	}
}

func TestPolled(t *testing.T) {
	calls := 0
	approve := Polled(time.Millisecond, func(context.Context) (Step, error) {
		if calls++; calls < 3 {
			return nil, nil
		}
		return &DoneStep{}, nil
	})
	next, err := approve(t.Context(), &ApproveStep{Timeout: time.Minute})
	if _, done := next.(*DoneStep); !done || err != nil || calls != 3 {
		t.Errorf("polled %d times: %v, %v; want the done step on the third", calls, next, err)
	}
}
