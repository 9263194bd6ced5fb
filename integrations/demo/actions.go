package demo

import (
	"context"
	"fmt"

	"github.com/latchkey/latchkey/integrations"
)

// ActionRevoke is the id of the demo's one extra action: revoke a
// connection's grant at the demo brokerage, as a user revokes an app's
// access on their broker's website, so that repair can be tried.
const ActionRevoke = "revoke"

var extraActions = []integrations.ExtraAction{{
	ID:    ActionRevoke,
	Label: "Revoke access (demo)",
	Help: "This does at the demo brokerage what revoking Latchkey's access on a broker's website does. " +
		"The connection's next sync fails and it becomes Disabled — then try Repair.",
	Destructive: true,
}}

// ExtraActions lists the demo brokerage's extra actions.
func (b *Brokerage) ExtraActions() []integrations.ExtraAction { return extraActions }

// RunAction runs an extra action on a demo grant.
func (b *Brokerage) RunAction(ctx context.Context, id string, g integrations.Grant, env integrations.Env) error {
	return b.sh.runAction(id, g)
}

// ExtraActions lists the demo exchange's extra actions.
func (x *Exchange) ExtraActions() []integrations.ExtraAction { return extraActions }

// RunAction runs an extra action on a demo grant.
func (x *Exchange) RunAction(ctx context.Context, id string, g integrations.Grant, env integrations.Env) error {
	return x.sh.runAction(id, g)
}

func (sh *shared) runAction(id string, g integrations.Grant) error {
	if id != ActionRevoke {
		return fmt.Errorf("%w: the demo has no action %q", integrations.ErrNotSupported, id)
	}
	return Revoke(sh.opts.DataDir, g)
}

var (
	_ integrations.Actioner = (*Brokerage)(nil)
	_ integrations.Actioner = (*Exchange)(nil)
)
