package fakekit_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// keyed is an exchange whose NewClient reads a {"key":...} secret and
// needs the "api" endpoint.
type keyed struct{ integrations.Integration }

func (keyed) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	var k struct{ Key string }
	if json.Unmarshal(g.Secret, &k) != nil || k.Key == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved key does not read")
	}
	if env.URL("api") == "" {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "no API address is configured")
	}
	return nil, nil
}

func TestWantSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, keyed{}, []byte(`{"key":"LKdemoKey"}`))
}

// accepting is an exchange that takes any saved key.
type accepting struct{ integrations.Integration }

func (accepting) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, nil
}

func TestWantSavedKeyRefusedFails(t *testing.T) {
	tb := &errorTB{TB: t}
	fakekit.WantSavedKeyRefused(tb, accepting{}, []byte(`{"key":"LKdemoKey"}`))
	if len(tb.errs) != 3 {
		t.Errorf("an exchange taking every saved key: %d failures, want 3: %q", len(tb.errs), tb.errs)
	}
}
