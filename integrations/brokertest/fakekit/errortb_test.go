package fakekit_test

import (
	"fmt"
	"testing"
)

// errorTB records each Errorf instead of failing the test, for the tests
// of the kit's checks: a check must fail a broken integration.
type errorTB struct {
	testing.TB
	errs []string
}

func (e *errorTB) Errorf(format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf(format, args...))
}
