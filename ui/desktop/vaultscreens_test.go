package desktop

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/vault"
)

func TestCreateVault(t *testing.T) {
	h := newHarness(t)
	h.u.Start()
	s := h.u.create
	if s == nil {
		t.Fatal("a fresh machine should show the create screen")
	}
	if h.w.Canvas().Focused() != s.password {
		t.Error("the password entry should have the focus")
	}
	test.Type(s.password, "short")
	if got := s.strengthText.Text; got != "Too short" {
		t.Errorf("strength of a short password: %q", got)
	}
	test.Type(s.confirm, "short")
	if !s.createButton.Disabled() {
		t.Error("Create must stay disabled for a password under 8 characters")
	}
	s.password.SetText(testPassword)
	s.confirm.SetText("correct horse battery stapl")
	s.confirm.SetText(testPassword + "x")
	if s.message.Text != "The two passwords differ." || !s.createButton.Disabled() {
		t.Errorf("mismatch: message %q, create disabled %v", s.message.Text, s.createButton.Disabled())
	}
	s.confirm.SetText(testPassword)
	if s.createButton.Disabled() || s.strength.Score < 3 {
		t.Fatalf("a matching strong password should enable Create (score %d)", s.strength.Score)
	}
	submit(s.confirm) // Enter creates
	if !s.progressBox.Visible() {
		t.Error("a progress indicator should show while the KDF runs")
	}
	h.wait("created")
	r := s.recovery
	if r == nil {
		t.Fatal("no recovery key screen")
	}
	key := strings.ReplaceAll(r.key.Text, "\n", "-")
	if len(strings.Split(key, "-")) != 13 {
		t.Errorf("recovery key %q: want 13 groups", key)
	}
	if !r.continueBtn.Disabled() {
		t.Error("Continue must wait for the “I have saved it” check")
	}
	test.Tap(r.copyButton)
	if got := h.u.fyne.Clipboard().Content(); got != key {
		t.Errorf("clipboard %q, want %q", got, key)
	}
	test.Tap(r.savedCheck)
	if r.continueBtn.Disabled() {
		t.Fatal("Continue should be enabled once saved is checked")
	}
	test.Tap(r.continueBtn)
	h.wait("connections")
	if h.u.home == nil || len(h.u.home.all) != 0 || h.u.home.content.Objects[0] == h.u.home.list {
		t.Fatal("after creation the empty connection list should show")
	}

	// The recovery key opens the vault.
	h.u.lock("user")
	h.wait("locked")
	test.Tap(h.u.unlock.useRecovery)
	test.Type(h.u.unlock.recovery, strings.ToLower(strings.ReplaceAll(key, "-", " ")))
	submit(h.u.unlock.recovery)
	h.wait("unlocked")
	if !h.u.recoveryUnlocked {
		t.Error("an unlock with the recovery key should offer a new password")
	}
}

func TestUnlock(t *testing.T) {
	h := newHarness(t)
	h.createVault()
	h.u.Start()
	h.wait("opened")
	s := h.u.unlock
	if s == nil {
		t.Fatal("an existing vault should show the unlock screen")
	}
	if h.w.Canvas().Focused() != s.password {
		t.Error("the password entry should have the focus")
	}
	test.Type(s.password, "not the password")
	submit(s.password)
	h.wait("unlock:failed")
	if !strings.HasPrefix(s.message.Text, "Wrong password") {
		t.Errorf("wrong password message: %q", s.message.Text)
	}
	if s.password.Text != "" || h.w.Canvas().Focused() != s.password {
		t.Error("after a wrong password the entry should be cleared and focused")
	}
	// A wrong recovery key.
	test.Tap(s.useRecovery)
	test.Type(s.recovery, "AAAA-BBBB")
	submit(s.recovery)
	h.wait("unlock:failed")
	if !strings.Contains(s.message.Text, "recovery key does not open") {
		t.Errorf("wrong recovery key message: %q", s.message.Text)
	}
	test.Tap(s.useRecovery)
	test.Type(s.password, testPassword)
	submit(s.password)
	h.wait("unlocked")
	if h.u.home == nil || h.u.vault.Locked() {
		t.Fatal("the right password should unlock and show the connections")
	}

	// Lock with the toolbar, back to the unlock screen; the vault is locked.
	test.Tap(h.u.home.lockButton)
	h.wait("locked")
	if !h.u.vault.Locked() || h.u.unlock == nil || h.u.home != nil {
		t.Fatal("Lock should lock the vault and show the unlock screen")
	}
}

func TestAlreadyOpen(t *testing.T) {
	h := newHarness(t)
	h.createVault()
	other, err := vault.Open(context.Background(), h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	h.u.Start()
	h.wait("opened")
	if h.u.openErr == nil || h.u.openErr.Text != "Latchkey is already open" {
		t.Fatalf("second window: want the “already open” screen, got %v", h.u.openErr)
	}
}

func TestIdleLock(t *testing.T) {
	// A "minute" is a millisecond here: the default 15-minute auto-lock
	// fires while the user does nothing.
	h := newHarness(t, func(o *Options) { o.TimeUnit = time.Millisecond })
	h.unlocked()
	h.wait("locked")
	if !h.u.vault.Locked() || h.u.unlock == nil || !h.u.unlock.info.Visible() {
		t.Fatal("idle auto-lock should lock the vault and say why")
	}
}

func TestBackgroundRefresh(t *testing.T) {
	// A "minute" is a millisecond. The vault's settings: never lock, no
	// background refresh (yet).
	h := newHarness(t, func(o *Options) { o.TimeUnit = time.Millisecond })
	h.createVault()
	v, err := vault.Open(context.Background(), h.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(context.Background(), []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := app.New(app.Options{Vault: v}).SetPreferences(context.Background(), app.Preferences{}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	h.unlocked()
	c := h.connectWithPassword("user_good")
	h.clk.Add(time.Hour)
	// Refresh every 40 "minutes" from now on.
	h.u.applyPreferences(app.Preferences{RefreshIntervalMinutes: 40})
	h.wait("refresh:done") // by the timer: nobody asked
	h.u.applyPreferences(app.Preferences{})
	got, _ := h.u.core.Connection(context.Background(), c.ID)
	if !got.LastSuccess().Equal(h.clk.Now()) {
		t.Errorf("last sync %v, want the background refresh at %v", got.LastSuccess(), h.clk.Now())
	}
	if h.u.vault.Locked() {
		t.Error("auto-lock is off in this test")
	}
}
