package app_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/vault"
)

// TestRunAction: the demo declares its "revoke" (integrations.Actioner), the
// app runs only actions an integration declares, on the connection's grant.
func TestRunAction(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	acts := e.a.Actions(c.InstitutionID)
	if len(acts) != 1 || acts[0].ID != demo.ActionRevoke || acts[0].Label == "" || !acts[0].Destructive {
		t.Fatalf("demo actions: %+v", acts)
	}
	if got := e.a.Actions("no-such-institution"); got != nil {
		t.Errorf("actions of an unknown institution: %+v", got)
	}
	if _, err := e.a.RunAction(e.ctx, c.ID, "format-disk"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("an undeclared action: %v", err)
	}
	if res := e.sync(c.ID); res[0].Err != nil {
		t.Fatalf("an undeclared action changed the grant: %v", res[0].Err)
	}
	got, err := e.a.RunAction(e.ctx, c.ID[:8], demo.ActionRevoke)
	if err != nil || got.ID != c.ID {
		t.Fatalf("revoke by prefix: %+v %v", got, err)
	}
	if res := e.sync(c.ID); !errors.Is(res[0].Err, integrations.ErrReauthRequired) {
		t.Fatalf("sync after revoke: %v", res[0].Err)
	}
}

// TestConnectionPrefix: a shortened id needs 4 characters and is refused,
// as ambiguous, when it begins several ids.
func TestConnectionPrefix(t *testing.T) {
	e := newEnv(t)
	c := e.connect("user_good")
	for _, id := range []string{"abcd1111-0000-4000-8000-000000000000", "abcd2222-0000-4000-8000-000000000000"} {
		x := c
		x.ID = id
		b, _ := json.Marshal(x)
		if err := e.v.Update(e.ctx, func(tx *vault.Tx) error { return tx.Put("connections", id, b) }); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := e.a.Connection(e.ctx, "abcd1"); err != nil || got.ID != "abcd1111-0000-4000-8000-000000000000" {
		t.Fatalf("unambiguous prefix: %+v %v", got, err)
	}
	_, err := e.a.Connection(e.ctx, "abcd")
	if !errors.Is(err, app.ErrNotFound) || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	_, err = e.a.Connection(e.ctx, c.ID[:3])
	if !errors.Is(err, app.ErrNotFound) || !strings.Contains(err.Error(), "at least 4") {
		t.Errorf("3-character prefix: %v", err)
	}
}
