package desktop

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/theme"

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
	if r.Monogram == "" {
		r.Monogram = monogramByName(cat, c.Name)
	}
	if r.Via == "" {
		r.Via = in.ID
	}
	return r
}

// monogramByName is the monogram of the institution Latchkey knows by
// name (a bridge's "Fidelity" is the import institution "Fidelity"), ""
// when none: the row then shows the name's initials.
func monogramByName(cat catalog, name string) string {
	for _, in := range cat.institutions() {
		if in.Monogram != "" && in.Via == "" && (strings.EqualFold(in.Name, name) || strings.EqualFold(in.DisplayName, name)) {
			return in.Monogram
		}
	}
	return ""
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

// setConnBadge shows a connection's status on b: an import connection
// whose statement is past its window is "Old statement", not "Expiring".
func setConnBadge(b *badge, c app.Connection, st app.Status, now time.Time) {
	if st == app.StatusExpiring && fedByFiles(c) {
		b.Set("Old statement", theme.HistoryIcon(), theme.ColorNameWarning)
		return
	}
	setStatusBadge(b, st, expiresIn(now, c.ExpiresAt))
}

// statementAge says how old an import connection's newest statement is:
// "the newest statement is of 15 Jan 2026, 59 days ago".
func statementAge(now time.Time, c app.Connection) string {
	if c.DataAsOf.IsZero() {
		return "nothing is imported yet"
	}
	days := int(now.Sub(c.DataAsOf) / (24 * time.Hour))
	return "the newest statement is of " + formatDate(c.DataAsOf) + " (" + plural(days, "day", "days") + " old)"
}

// syncLine is the part of a row's line about its data, each piece what is
// true now: when it was synced (for an import connection, the app's status
// note: "Imported 3 days ago", "Statement is 40 days old: …"), what the
// last sync could not read ("Partly synced: …"), and when the
// institution's request budget allows the next refresh.
func syncLine(now time.Time, c app.Connection, note string, next time.Time) string {
	if fedByFiles(c) {
		if note != "" {
			return note
		}
		return syncedText(now, c)
	}
	parts := []string{syncedText(now, c)}
	if note != "" {
		parts = append(parts, note)
	}
	if next.After(now) {
		parts = append(parts, "next refresh allowed "+atTime(now, next))
	}
	return strings.Join(parts, " · ")
}

// atTime says when t is: "at 14:05" today, else its date and time.
func atTime(now, t time.Time) string {
	if l, n := t.Local(), now.Local(); l.YearDay() == n.YearDay() && l.Year() == n.Year() {
		return "at " + l.Format("15:04")
	}
	return "on " + formatDateTime(t)
}

// setRepairButton labels a row's or a header's repair button: Repair,
// Reconnect, or for a connection fed by files the short "Import…" (the
// banner, the notice and the menu say "Import a newer statement"; a long
// word here would push the row's badge out of line).
func setRepairButton(b *button, c app.Connection, st app.Status) {
	if fedByFiles(c) {
		b.SetText("Import…")
		b.SetIcon(theme.FolderOpenIcon())
		return
	}
	b.SetText(repairWord(c, st))
	b.SetIcon(theme.ViewRefreshIcon())
}

// fedByFiles reports whether the connection id, as the screens showing
// know it, is fed by statement files (false when none shows it).
func (u *UI) fedByFiles(id string) bool {
	if h := u.scr.home; h != nil {
		if r, ok := h.find(id); ok {
			return fedByFiles(r.c)
		}
	}
	if s := u.scr.accounts; s != nil && s.conn.ID == id {
		return fedByFiles(s.conn)
	}
	return false
}
