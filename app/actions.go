package app

import (
	"context"
	"fmt"

	"github.com/latchkey/latchkey/integrations"
)

// Actions returns the extra actions the integration behind institutionID
// offers on its connections (integrations.Actioner), none for most.
func (a *App) Actions(institutionID string) []integrations.ExtraAction {
	in, err := a.reg.Get(institutionID)
	if err != nil {
		return nil
	}
	act, ok := in.(integrations.Actioner)
	if !ok {
		return nil
	}
	return act.ExtraActions()
}

// RunAction runs one of a connection's extra actions (see Actions) with its
// grant, such as the demo brokerage's "revoke". id may be an unambiguous
// prefix of the connection's id. An action the integration does not offer
// fails with integrations.ErrNotSupported and runs nothing.
func (a *App) RunAction(ctx context.Context, id, actionID string) (Connection, error) {
	c, err := a.Connection(ctx, id)
	if err != nil {
		return Connection{}, err
	}
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return Connection{}, err
	}
	act, ok := in.(integrations.Actioner)
	if !ok || !hasAction(act.ExtraActions(), actionID) {
		return Connection{}, fmt.Errorf("%w: %q offers no action %q", integrations.ErrNotSupported, c.Label, actionID)
	}
	g, err := a.Grant(ctx, c.ID)
	if err != nil {
		return Connection{}, err
	}
	env, err := a.env(ctx, c.InstitutionID)
	if err != nil {
		return Connection{}, err
	}
	if err := act.RunAction(ctx, actionID, g, env); err != nil {
		return Connection{}, fmt.Errorf("%s: %w", actionID, err)
	}
	return c, nil
}

func hasAction(list []integrations.ExtraAction, id string) bool {
	for _, x := range list {
		if x.ID == id {
			return true
		}
	}
	return false
}
