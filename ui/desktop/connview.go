package desktop

import (
	"fmt"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// How a connection shows what it reaches and how it is repaired, whatever
// its route: a direct login, a bridge (SnapTrade, SimpleFIN) whose
// authorization reaches another brokerage, or statement files.

// connInstitution is the institution a connection's row, header and
// dialogs show: its own, or for a connection through a bridge the
// brokerage it reaches ("Webull Canada · via SnapTrade", with that
// brokerage's monogram or initials), so the list reads the same whatever
// the route.
func connInstitution(cat catalog, c app.Connection) integrations.Institution {
	in := cat.institution(c.InstitutionID)
	if c.Name == "" {
		return in
	}
	via := in.Name
	if in.Via != "" && in.Via != in.ID {
		via = cat.institution(in.Via).Name
	}
	r := in
	r.Name = c.Name
	r.DisplayName = c.Name + " · via " + via
	r.Monogram = c.Monogram
	if r.Via == "" {
		r.Via = in.ID
	}
	return r
}

// bridgeName is the bridge a connection goes through ("SnapTrade"), "" for
// a direct one.
func bridgeName(cat catalog, c app.Connection) string {
	in := cat.institution(c.InstitutionID)
	if c.Name == "" && in.Via == "" {
		return ""
	}
	if in.Via != "" && in.Via != in.ID {
		return cat.institution(in.Via).Name
	}
	return in.Name
}

// fedByFiles reports whether a connection is fed by statement files: its
// repair is "Import a newer statement", and refreshing it reads nothing.
func fedByFiles(c app.Connection) bool { return c.FedByData() }

// repairWord is the label of the action that brings a connection back:
// Repair (disabled), Reconnect (its login ends soon), or for a connection
// fed by files, "Import a newer statement".
func repairWord(c app.Connection, st app.Status) string {
	switch {
	case fedByFiles(c):
		return "Import a newer statement"
	case st == app.StatusDisabled:
		return "Repair"
	}
	return "Reconnect"
}

// reconnectText is the portal's banner while it repairs or reconnects c:
// which connection, whose login, and that nothing saved is lost.
func reconnectText(c app.Connection, in integrations.Institution, bridge string) string {
	if fedByFiles(c) {
		return fmt.Sprintf("Importing a newer statement into “%s”. The connection keeps its accounts, saved data and history; "+
			"activities already imported are recognised, not added twice.", c.Label)
	}
	who := ""
	if c.LoginHint != "" {
		who = " (" + c.LoginHint + ")"
	}
	verb := "Repairing"
	if !c.Disabled() {
		verb = "Reconnecting"
	}
	target := in.DisplayName
	if bridge != "" && c.Name != "" {
		target = c.Name + " in " + bridge + "'s portal"
	}
	return fmt.Sprintf("%s “%s”. Log in to %s again as the same user%s. The connection keeps its accounts, saved data and history.",
		verb, c.Label, target, who)
}
