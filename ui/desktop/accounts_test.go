package desktop

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

func TestOfflineReview(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")

	// The institution goes away; everything below reads the vault only.
	h.srv.Close()
	h.clk.Add(50 * time.Hour)

	s := h.openAccounts(c.ID)
	if len(s.accounts) < 2 {
		t.Fatalf("%d accounts, want the demo's several", len(s.accounts))
	}
	// Balances per currency on the overview.
	md := test.RenderObjectToMarkup(s.overview)
	for _, want := range []string{"US$", "CA$", "Total value", "Buying power"} {
		if !strings.Contains(md, want) {
			t.Errorf("account overview lacks %q", want)
		}
	}
	// Stale: the last sync is two days old.
	if !s.stale.box.Visible() || !strings.Contains(s.stale.message.Text, "may be out of date") {
		t.Errorf("stale banner: visible %v, %q", s.stale.box.Visible(), s.stale.message.Text)
	}

	// Holdings: sortable by clicking a header.
	hold := s.hold.table
	if len(hold.rows) == 0 {
		t.Fatal("no holdings offline")
	}
	hold.st.SortBy(holdSymbol)
	for i := 1; i < len(hold.rows); i++ {
		if strings.ToLower(hold.rows[i-1].Symbol.Ticker) > strings.ToLower(hold.rows[i].Symbol.Ticker) {
			t.Fatalf("not sorted by symbol at %d: %s > %s", i, hold.rows[i-1].Symbol.Ticker, hold.rows[i].Symbol.Ticker)
		}
	}
	hold.st.SortBy(holdSymbol)
	if strings.ToLower(hold.rows[0].Symbol.Ticker) < strings.ToLower(hold.rows[len(hold.rows)-1].Symbol.Ticker) {
		t.Error("a second click should reverse the order")
	}
	hold.st.SortBy(holdValue)
	for i := 1; i < len(hold.rows); i++ {
		if hold.rows[i-1].MarketValue.LessThan(hold.rows[i].MarketValue) {
			t.Fatal("value sort should put the largest first")
		}
	}
	if txt, _ := holdingCell(hold.rows[0], holdValue); !strings.ContainsAny(txt, "$€£") && !strings.Contains(txt, " ") {
		t.Errorf("market value cell %q has no currency", txt)
	}

	// Activity filters: type, symbol, dates.
	f := s.activity
	all := len(f.table.rows)
	if all == 0 {
		t.Fatal("no activity offline")
	}
	f.typeSel.SetSelected(activityTypeName(integrations.ActivityDividend))
	h.wait("activity:loaded")
	if len(f.table.rows) == 0 || len(f.table.rows) >= all {
		t.Fatalf("type filter: %d of %d", len(f.table.rows), all)
	}
	for _, r := range f.table.rows {
		if r.Type != integrations.ActivityDividend {
			t.Fatalf("type filter let %s through", r.Type)
		}
	}
	sym := f.table.rows[0].Symbol
	test.Type(f.symbol, sym)
	h.waitLast("activity:loaded")
	for _, r := range f.table.rows {
		if !strings.EqualFold(r.Symbol, sym) {
			t.Fatalf("symbol filter let %s through", r.Symbol)
		}
	}
	test.Tap(f.clear)
	h.waitLast("activity:loaded")
	if len(f.table.rows) != all {
		t.Fatalf("Clear: %d rows, want %d", len(f.table.rows), all)
	}
	from := t0.AddDate(0, -1, 0)
	f.from.SetDate(&from)
	h.waitLast("activity:loaded")
	if len(f.table.rows) == 0 || len(f.table.rows) >= all {
		t.Fatalf("date filter: %d of %d", len(f.table.rows), all)
	}
	for _, r := range f.table.rows {
		if r.TradeDate < integrations.DateOf(from) {
			t.Fatalf("date filter let %s through", r.TradeDate)
		}
	}
	if f.table.rows[0].TradeDate < f.table.rows[len(f.table.rows)-1].TradeDate {
		t.Error("activity should be newest first")
	}

	// Disabled: the banner says so and offers Repair; the data stays.
	if _, err := h.u.core.Connection(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	s.conn.DisabledAt = h.clk.Now()
	s.render()
	if !strings.Contains(s.stale.message.Text, "disabled") || s.staleAction() == nil || s.staleAction().Text != "Repair" || s.head.refresh.Visible() {
		t.Errorf("disabled banner: %q", s.stale.message.Text)
	}

	// History of the connection, with times.
	h.u.showHistory(s.conn)
	h.wait("history:loaded")
	if len(h.u.scr.history.events) == 0 || h.u.scr.history.events[0].Time.Before(h.u.scr.history.events[len(h.u.scr.history.events)-1].Time) {
		t.Error("history should list events newest first")
	}
}

// waitLast waits for the named event and then for any more of the same
// already queued (typing fires one query per key).
func (h *harness) waitLast(name string) {
	h.t.Helper()
	// Each keystroke starts a load; only the newest one's rows may be
	// shown, so wait until that one has landed (a quiet spell is not
	// proof on a busy machine).
	f := h.u.scr.accounts.activity
	h.wait(name)
	for f != nil && f.shown != f.gen {
		h.wait(name)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	test.Tap(h.u.scr.home.bar.settings)
	h.wait("settings:loaded")
	s := h.u.scr.settings
	if s.general.autoLock.Selected != "After 15 minutes" || s.general.refresh.Selected != "Every hour" {
		t.Errorf("defaults: %q, %q", s.general.autoLock.Selected, s.general.refresh.Selected)
	}
	s.general.autoLock.SetSelected("After 5 minutes")
	h.wait("settings:saved")
	s.general.refresh.SetSelected("Every 4 hours")
	h.wait("settings:saved")
	s.general.theme.SetSelected("Dark")
	if h.u.env.prefs.Theme() != themeDark {
		t.Errorf("theme pref %q", h.u.env.prefs.Theme())
	}
	s.general.theme.SetSelected("System")

	// App registration.
	s.tabs.Select(s.tab.apps)
	s.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	test.Type(s.apps.clientID, "client-123")
	test.Type(s.apps.clientSecret, "s3cret")
	test.Type(s.apps.redirectPort, "8182")
	test.Tap(s.apps.save)
	h.wait("settings:app-saved")

	// Leave and come back: everything reads back from the vault.
	test.Tap(s.back)
	test.Tap(h.u.scr.home.bar.settings)
	h.wait("settings:loaded")
	s = h.u.scr.settings
	if s.general.autoLock.Selected != "After 5 minutes" || s.general.refresh.Selected != "Every 4 hours" {
		t.Errorf("read back: %q, %q", s.general.autoLock.Selected, s.general.refresh.Selected)
	}
	p, _ := h.u.core.Preferences(context.Background())
	if p != (app.Preferences{AutoLockMinutes: 5, RefreshIntervalMinutes: 240}) {
		t.Errorf("vault preferences %+v", p)
	}
	s.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	if s.apps.clientID.Text != "client-123" || s.apps.redirectPort.Text != "8182" || s.apps.clientSecret.Text != "" ||
		!strings.HasPrefix(s.apps.clientSecret.PlaceHolder, "Saved") {
		t.Errorf("registration read back: id %q port %q secret shown %q", s.apps.clientID.Text, s.apps.redirectPort.Text, s.apps.clientSecret.Text)
	}
	// Saving without retyping the secret keeps it.
	test.Tap(s.apps.save)
	h.wait("settings:app-saved")
	r, _ := h.u.core.AppRegistration(context.Background(), needsAppID)
	if r == nil || r.ClientID != "client-123" || r.ClientSecret != "s3cret" || r.RedirectPort != 8182 {
		t.Errorf("stored registration %v", r)
	}
	test.Tap(s.apps.remove)
	h.wait("settings:app-removed")
	if r, _ := h.u.core.AppRegistration(context.Background(), needsAppID); r != nil {
		t.Error("Remove should delete the registration")
	}
	if s.apps.clientID.Text != "" || s.apps.redirectPort.Text != "" || strings.HasPrefix(s.apps.clientSecret.PlaceHolder, "Saved") || !s.apps.remove.Disabled() {
		t.Errorf("the form after Remove: id %q port %q secret %q, remove enabled %v",
			s.apps.clientID.Text, s.apps.redirectPort.Text, s.apps.clientSecret.PlaceHolder, !s.apps.remove.Disabled())
	}

	// Vault: change the password, back up, rotate the key.
	s.tabs.Select(s.tab.vault)
	test.Tap(s.vault.changePw)
	c := s.vault.pw
	test.Type(c.current, "wrong")
	test.Type(c.password, "a new and long passphrase")
	test.Type(c.confirm, "a new and long passphrase")
	test.Tap(c.save)
	h.wait("password:changed")
	if c.message.Text != "The current password is not right." {
		t.Errorf("wrong current password: %q", c.message.Text)
	}
	c.current.SetText("")
	test.Type(c.current, testPassword)
	test.Tap(c.save)
	h.wait("password:changed")
	backup := h.dir + "/backup.db"
	s.backupTo(backup)
	h.wait("settings:backed-up")
	if !strings.HasPrefix(s.vault.note.Text, "Backed up to") {
		t.Errorf("backup: %q", s.vault.note.Text)
	}
	test.Tap(s.vault.rotate)
	test.Tap(h.u.scr.modal.def)
	h.wait("settings:rotated")
	if s.vault.rotated == nil || len(strings.Split(strings.ReplaceAll(s.vault.rotated.key.Text, "\n", "-"), "-")) != 13 {
		t.Fatal("rotating should show the new recovery key")
	}
	test.Tap(s.vault.rotated.savedCheck)
	test.Tap(s.vault.rotated.continueBtn)

	// The new password unlocks.
	h.u.lock("user")
	h.wait("locked")
	test.Type(h.u.scr.unlock.password, "a new and long passphrase")
	submit(h.u.scr.unlock.password)
	h.wait("unlocked")
}

// TestAppRegistrationLandsAfterSwitch: a save and a removal that land after
// the user left the institution (here: cleared the choice) are done in the
// vault but do not fill the form shown now with that institution's
// registration (its id and port, Remove enabled, a saved secret that the
// next Save would copy under another institution).
func TestAppRegistrationLandsAfterSwitch(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	test.Tap(h.u.scr.home.bar.settings)
	h.wait("settings:loaded")
	s := h.u.scr.settings
	s.tabs.Select(s.tab.apps)
	s.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	test.Type(s.apps.clientID, "client-123")
	test.Type(s.apps.clientSecret, "s3cret")
	test.Tap(s.apps.save)
	s.apps.inst.ClearSelected()
	h.wait("settings:app-saved")
	if r, _ := h.u.core.AppRegistration(context.Background(), needsAppID); r == nil || r.ClientID != "client-123" {
		t.Fatalf("the save did not land: %v", r)
	}
	if s.apps.saved != nil || !s.apps.remove.Disabled() || s.apps.connect.Visible() || s.apps.save.Disabled() {
		t.Errorf("after a save that landed elsewhere: saved %v, remove enabled %v, connect shown %v, save enabled %v",
			s.apps.saved, !s.apps.remove.Disabled(), s.apps.connect.Visible(), !s.apps.save.Disabled())
	}

	s.apps.inst.SetSelected("Example Broker")
	h.wait("settings:app-loaded")
	if s.apps.saved == nil || s.apps.remove.Disabled() {
		t.Fatal("the saved registration is not shown")
	}
	test.Tap(s.apps.remove)
	s.apps.inst.ClearSelected()
	h.wait("settings:app-removed")
	if r, _ := h.u.core.AppRegistration(context.Background(), needsAppID); r != nil {
		t.Fatalf("the removal did not land: %v", r)
	}
	if s.apps.saved == nil || s.apps.note.Text != "" {
		t.Errorf("after a removal that landed elsewhere: saved %v, note %q", s.apps.saved, s.apps.note.Text)
	}
}
