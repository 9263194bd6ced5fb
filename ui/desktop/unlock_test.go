package desktop

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/vault"
)

func TestCreateVault(t *testing.T) {
	h := newHarness(t)
	h.u.Start()
	s := h.u.scr.create
	if s == nil {
		t.Fatal("a fresh machine should show the create screen")
	}
	if h.w.Canvas().Focused() != s.password {
		t.Error("the password entry should have the focus")
	}
	test.Type(s.password, "short")
	if got := s.meter.words.Text; got != "Too short" {
		t.Errorf("strength of a short password: %q", got)
	}
	test.Type(s.confirm, "short")
	if !s.createButton.Disabled() {
		t.Error("Create must stay disabled for a password under 8 characters")
	}
	s.password.SetText(testPassword)
	s.confirm.SetText("")
	// A confirmation says it is wrong as soon as it is: one wrong letter.
	test.Type(s.confirm, "corx")
	if s.message.Text != "The two passwords differ." {
		t.Errorf("mismatch while typing: %q", s.message.Text)
	}
	s.confirm.SetText("correct horse")
	if s.message.Text != "" {
		t.Errorf("a beginning of the password is not wrong yet: %q", s.message.Text)
	}
	submit(s.confirm) // Enter with a shorter confirmation says so
	if s.message.Text != "The confirmation is shorter than the password." || h.u.vault != nil {
		t.Errorf("shorter confirmation on Enter: %q", s.message.Text)
	}
	s.confirm.SetText(testPassword)
	if s.createButton.Disabled() || s.meter.Score < 3 || s.message.Text != "" {
		t.Fatalf("a matching strong password should enable Create (score %d)", s.meter.Score)
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
	if hs := h.u.scr.home; hs == nil || len(hs.data.all) != 0 || hs.content.Objects[0] != hs.empty.box {
		t.Fatal("after creation the empty connection list should show")
	}

	// The recovery key opens the vault.
	h.u.lock("user")
	h.wait("locked")
	test.Tap(h.u.scr.unlock.useRecovery)
	test.Type(h.u.scr.unlock.recovery, strings.ToLower(strings.ReplaceAll(key, "-", " ")))
	submit(h.u.scr.unlock.recovery)
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
	s := h.u.scr.unlock
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
	if s.recovery.SelectedText() != "AAAA-BBBB" {
		t.Error("a refused recovery key is selected so typing replaces it")
	}
	test.Tap(s.useRecovery)
	test.Type(s.password, testPassword)
	submit(s.password)
	h.wait("unlocked")
	if h.u.scr.home == nil || h.u.vault.Locked() {
		t.Fatal("the right password should unlock and show the connections")
	}

	// Lock with the toolbar, back to the unlock screen; the vault is locked.
	test.Tap(h.u.scr.home.bar.lock)
	h.wait("locked")
	if !h.u.vault.Locked() || h.u.scr.unlock == nil || h.u.scr.home != nil {
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
	if h.u.scr.openErr == nil || h.u.scr.openErr.title.Text != "Latchkey is already open" {
		t.Fatalf("second window: want the “already open” screen, got %v", h.u.scr.openErr)
	}
}

func TestIdleLock(t *testing.T) {
	// A "minute" is a millisecond here: the default 15-minute auto-lock
	// fires while the user does nothing.
	h := newHarness(t, func(o *Options) { o.TimeUnit = time.Millisecond })
	h.unlocked()
	h.wait("locked")
	if !h.u.vault.Locked() || h.u.scr.unlock == nil || !h.u.scr.unlock.info.Visible() {
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

func TestUnlockCanBeCancelled(t *testing.T) {
	// A KDF that waits until it is cancelled (a tampered header asking for
	// minutes of work): Cancel stops it and the screen can be used again.
	started := make(chan struct{})
	defer func(f func(context.Context, *vault.Vault, []byte, func(float64)) error) { unlockPassword = f }(unlockPassword)
	unlockPassword = func(ctx context.Context, v *vault.Vault, pw []byte, progress func(float64)) error {
		progress(0.25)
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}
	h := newHarness(t)
	h.createVault()
	h.u.Start()
	h.wait("opened")
	s := h.u.scr.unlock
	test.Type(s.password, testPassword)
	submit(s.password)
	<-started
	h.settle()
	if !s.cancelButton.Visible() || !s.progress.Visible() || s.progress.Value != 0.25 || !s.unlockButton.Disabled() {
		t.Fatalf("while the KDF runs: cancel %v, progress %v at %v", s.cancelButton.Visible(), s.progress.Visible(), s.progress.Value)
	}
	typeKey(h.w.Canvas(), fyne.KeyReturn) // the focus is on Cancel
	h.wait("unlock:cancelled")
	if s.cancelButton.Visible() || s.unlockButton.Disabled() || !h.u.vault.Locked() || !strings.HasPrefix(s.message.Text, "Stopped") {
		t.Errorf("after Cancel: %q", s.message.Text)
	}
}

func TestUnlockLayoutDoesNotJump(t *testing.T) {
	h := newHarness(t)
	h.createVault()
	h.u.Start()
	h.wait("opened")
	h.w.Resize(fyne.NewSize(800, 600))
	s := h.u.scr.unlock
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.unlockButton)
	s.busy(true)
	h.w.Content().Refresh()
	during := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.unlockButton)
	s.busy(false)
	if before != during {
		t.Errorf("the progress moved Unlock from %v to %v", before, during)
	}
}
