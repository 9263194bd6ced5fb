package fakekit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// strictIntegration refuses every grant as a new login should.
type strictIntegration struct{ laxIntegration }

func (strictIntegration) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrReauthRequired
}

// An integration that builds a client from a broken grant fails the check,
// named; one that asks for a new login passes.
func TestWantBrokenGrantRefused(t *testing.T) {
	tb := &errorTB{TB: t}
	fakekit.WantBrokenGrantRefused(tb, laxIntegration{}, strictIntegration{})
	if len(tb.errs) != 1 || !strings.HasPrefix(tb.errs[0], "lax: ") {
		t.Errorf("a lax NewClient and a strict one: %q", tb.errs)
	}
}
