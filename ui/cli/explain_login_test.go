package cli_test

import (
	"strings"
	"testing"
)

// TestLoginErrorsExplainedForTheLogin: a refused password while connecting
// reads as a login's error (check and try again), not a sync's (repair the
// connection); a login that ends in an error names the institution.
func TestLoginErrorsExplainedForTheLogin(t *testing.T) {
	w := newWorld(t)
	w.init()
	r := w.mustRun(unlock+"user_good\npass_good\n", "--password-stdin", "connect", "demo", "--method", "credentials",
		"--field", "username=user_good", "--field", "password=wrong_pass")
	if strings.Contains(r.stderr, "Repair the connection") || !strings.Contains(r.stderr, "did not accept these details. Check them and try again.") {
		t.Errorf("a refused password while connecting:\n%s", r.stderr)
	}
	r = w.run(unlock, "--password-stdin", "connect", "demo", "--method", "credentials",
		"--field", "username=user_locked", "--field", "password=pass_good")
	if r.code == 0 || !strings.Contains(r.stderr, "Unlock it first on Latchkey Demo Brokerage's website") {
		t.Errorf("a locked login: exit %d\n%s", r.code, r.stderr)
	}
}
