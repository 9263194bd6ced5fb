package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/latchkey/latchkey/integrations/demo"
)

// RevokeDemo revokes a demo connection's grant at the demo brokerage, the way
// a user revokes access at their broker, so that repair can be tried. The
// connection's next sync disables it.
func (a *App) RevokeDemo(ctx context.Context, id string) (Connection, error) {
	c, err := a.Connection(ctx, id)
	if err != nil {
		return Connection{}, err
	}
	if !demo.IsDemo(c.InstitutionID) {
		return Connection{}, fmt.Errorf("%q is not a demo connection", c.Label)
	}
	if a.opts.DataDir == "" {
		return Connection{}, errors.New("no data folder for the demo brokerage")
	}
	g, err := a.Grant(ctx, c.ID)
	if err != nil {
		return Connection{}, err
	}
	if err := demo.Revoke(a.opts.DataDir, g); err != nil {
		return Connection{}, fmt.Errorf("revoke: %w", err)
	}
	return c, nil
}
