package fakekit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// laxIntegration builds a client from any grant.
type laxIntegration struct{ integrations.Integration }

func (laxIntegration) Institution() integrations.Institution {
	return integrations.Institution{ID: "lax"}
}

func (laxIntegration) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, nil
}

// An integration that builds a client from "{}" fails the check, named.
func TestWantStrangeSecretRefused(t *testing.T) {
	tb := &errorTB{TB: t}
	fakekit.WantStrangeSecretRefused(tb, laxIntegration{})
	if len(tb.errs) != 1 || !strings.Contains(tb.errs[0], "lax: NewClient of a strange secret") {
		t.Errorf("a lax NewClient: %q", tb.errs)
	}
}
