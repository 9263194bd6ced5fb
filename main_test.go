package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/internal/startlog"
)

// TestMain runs the program itself when the test binary is started as a
// child by runChild: the binary links everything main links (Fyne
// included), so its start-up is the program's.
func TestMain(m *testing.M) {
	switch os.Getenv("LATCHKEY_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "held":
		os.Stdout.Write(startlog.Release(io.Discard))
		os.Exit(0)
	default:
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv("LATCHKEY_TEST_CHILD")), &args); err != nil {
			panic(err)
		}
		os.Exit(run(args))
	}
}

// runChild runs the program with args and a locale Fyne cannot parse.
func runChild(t *testing.T, mode string, env ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LATCHKEY_TEST_CHILD="+mode, "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func childArgs(args ...string) string {
	b, _ := json.Marshal(args)
	return string(b)
}

// TestQuietStart (11.13): under a locale Fyne cannot parse (LANG=C.UTF-8
// gives "C"), a CLI command prints nothing on stderr unless it has
// something to say: Fyne's start-up complaints are held back.
func TestQuietStart(t *testing.T) {
	dir := t.TempDir()
	if runtime.GOOS == "linux" {
		// The complaint is there, held: what keeps stderr clean is the hold.
		if held, _, _ := runChild(t, "held"); !strings.Contains(held, "Fyne error") {
			t.Fatalf("Fyne logged nothing at start-up under LANG=C.UTF-8 (%q): the test proves nothing", held)
		}
	}
	out, stderr, code := runChild(t, childArgs("--version"))
	if code != 0 || stderr != "" || !strings.Contains(out, "latchkey") {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	out, stderr, code = runChild(t, childArgs("--json", "institutions"), "LATCHKEY_VAULT="+filepath.Join(dir, "vault.db"), "LATCHKEY_ENDPOINTS=")
	if code != 0 || stderr != "" || !strings.Contains(out, `"id": "demo"`) {
		t.Errorf("institutions: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runChild(t, childArgs("--vault", filepath.Join(dir, "none.db"), "vault", "info"))
	if code != 1 || stderr != "latchkey vault info: no vault at "+filepath.Join(dir, "none.db")+": create one with latchkey init\n" {
		t.Errorf("vault info without a vault: exit %d, stderr %q", code, stderr)
	}
}
