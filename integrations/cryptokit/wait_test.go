package cryptokit

import (
	"context"
	"errors"
	"testing"
	"time"
)

type waited struct {
	name string
	Wait
}

func TestWait(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var zero waited
	if err := zero.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("the zero Wait after its context ended: %v, want context.Canceled", err)
	}
	if err := zero.Sleep(t.Context(), 0); err != nil {
		t.Fatalf("the zero Wait for nothing: %v", err)
	}
	var slept time.Duration
	in := &waited{name: "exchange"}
	got := WithWait(in, func(_ context.Context, d time.Duration) error { slept += d; return nil })
	if got == in || got.name != "exchange" {
		t.Fatalf("WithWait = %p %+v, want a copy of %p", got, got, in)
	}
	if err := got.Sleep(t.Context(), time.Minute); err != nil || slept != time.Minute {
		t.Fatalf("the copy's Sleep: %v after %v, want the given sleep of a minute", err, slept)
	}
	if err := in.Sleep(t.Context(), 0); err != nil || slept != time.Minute {
		t.Fatalf("the original's Sleep used the copy's clock (slept %v, %v)", slept, err)
	}
}
