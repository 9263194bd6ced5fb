package integrations

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// A dead grant or an ended context ends a read; any other failure of a
// secondary call leaves it partial, and Partial says so.
func TestEndsRead(t *testing.T) {
	for _, tc := range []struct {
		err  error
		ends bool
	}{
		{Wrap(ErrReauthRequired, "the token ended"), true},
		{fmt.Errorf("the ledger: %w", context.Canceled), true},
		{context.DeadlineExceeded, true},
		{Wrap(ErrUnavailable, "server answered 500"), false},
		{&RateLimitError{}, false},
		{errors.New("odd"), false},
	} {
		if got := EndsRead(tc.err); got != tc.ends {
			t.Errorf("EndsRead(%v) = %v, want %v", tc.err, got, tc.ends)
		}
		if p := Partial("the ledger", tc.err); errors.Is(p, ErrPartial) == tc.ends || (tc.ends && p != tc.err) {
			t.Errorf("Partial(%v) = %v", tc.err, p)
		}
	}
}
