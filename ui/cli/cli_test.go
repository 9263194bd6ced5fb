package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/ui/cli"
	"github.com/latchkey/latchkey/vault"
)

const pw = "correct horse battery"

// world is a temp folder with a vault path, a demo server and an endpoints
// file pointing the demo institutions at it.
type world struct {
	t         *testing.T
	dir       string
	vault     string
	endpoints string
	srv       *demo.Server
	// env overrides the environment the CLI sees.
	env map[string]string
	// integrations replaces the demo's two (nil: the demo's).
	integrations []integrations.Integration
	// terminal plays a terminal on stdin (prompts are asked).
	terminal bool
	// services are listed beside the integrations (the ECB's rates).
	services []integrations.Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	dopts := demo.Options{DataDir: dir, ApproveAfter: -1, PollInterval: time.Millisecond, RateLimit: 1 << 20}
	srv := apptest.DemoServer(t, dopts)
	w := &world{t: t, dir: dir, vault: filepath.Join(dir, "vault.db"), srv: srv}
	w.setEndpoints("endpoints.json", map[string]map[string]string{demo.ID: {"api": srv.URL()}, demo.CryptoID: {"api": srv.URL()}})
	return w
}

// setEndpoints writes endpoint overrides to the file name in the world's
// folder and points the CLI at it.
func (w *world) setEndpoints(name string, eps map[string]map[string]string) {
	w.t.Helper()
	w.endpoints = filepath.Join(w.dir, name)
	b, _ := json.Marshal(eps)
	if err := os.WriteFile(w.endpoints, b, 0o600); err != nil {
		w.t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// runWith runs the CLI with stdin and returns its exit code and output.
// stderr lines are also passed to onStderr as they come (to play a browser).
func (w *world) runWith(stdin string, onStderr func(line string), args ...string) result {
	w.t.Helper()
	return w.runCtx(context.Background(), stdin, onStderr, args...)
}

// runCtx is runWith under ctx (cancel it to play Ctrl-C).
func (w *world) runCtx(ctx context.Context, stdin string, onStderr func(line string), args ...string) result {
	w.t.Helper()
	var out bytes.Buffer
	pr, pw := io.Pipe()
	var errBuf strings.Builder
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			errBuf.WriteString(sc.Text() + "\n")
			if onStderr != nil {
				onStderr(sc.Text())
			}
		}
	}()
	sio := cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: pw, Getenv: func(k string) string {
		if v, ok := w.env[k]; ok {
			return v
		}
		switch k {
		case "LATCHKEY_VAULT":
			return w.vault
		case "LATCHKEY_ENDPOINTS":
			return w.endpoints
		}
		return ""
	}, Terminal: w.terminal}
	deps := cli.Deps{
		Version: "1.2.3-test",
		Registry: func(dir, endpoints string) (*integrations.Registry, error) {
			list := w.integrations
			if list == nil {
				list = demo.New(demo.Options{DataDir: dir, ApproveAfter: -1, PollInterval: time.Millisecond})
			}
			return app.NewRegistryWith(list, endpoints, httpx.Options{RPS: -1, MaxTries: 1}, w.services...)
		},
		AppOptions: func(o *app.Options) {
			o.RetryBase, o.MaxRetries, o.MaxRetryWait = time.Millisecond, 1, time.Millisecond
		},
	}
	code := cli.Run(ctx, args, sio, deps)
	pw.Close()
	wg.Wait()
	return result{code, out.String(), errBuf.String()}
}

func (w *world) run(stdin string, args ...string) result { return w.runWith(stdin, nil, args...) }

func (w *world) mustRun(stdin string, args ...string) result {
	w.t.Helper()
	r := w.run(stdin, args...)
	if r.code != 0 {
		w.t.Fatalf("latchkey %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func (w *world) init() string {
	w.t.Helper()
	r := w.mustRun(pw+"\n", "--password-stdin", "--json", "init", "--kdf-memory", "19", "--kdf-time", "2", "--kdf-threads", "1")
	var doc struct {
		RecoveryKey string `json:"recovery_key"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.RecoveryKey == "" {
		w.t.Fatalf("init --json: %q (%v)", r.stdout, err)
	}
	return doc.RecoveryKey
}

func TestVaultCommands(t *testing.T) {
	w := newWorld(t)
	rk := w.init()
	if r := w.run(pw+"\n", "--password-stdin", "init"); r.code != cli.ExitError || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second init: %d %q", r.code, r.stderr)
	}
	// vault info needs no password and shows no secret.
	r := w.mustRun("", "vault", "info", "--json")
	var info struct {
		Format int            `json:"format_version"`
		KDF    map[string]any `json:"kdf"`
		HasRK  bool           `json:"has_recovery_key"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || info.Format != vault.FormatVersion || info.KDF["memory_mib"] != 19.0 || info.KDF["iterations"] != 2.0 || !info.HasRK {
		t.Fatalf("vault info: %s (%v)", r.stdout, err)
	}
	w.mustRun(pw+"\n", "--password-stdin", "vault", "check")
	if r := w.run("wrong password\n", "--password-stdin", "vault", "check"); r.code != cli.ExitWrongPassword {
		t.Errorf("wrong password: exit %d", r.code)
	}
	w.mustRun(rk+"\n", "--recovery-key-stdin", "vault", "check")
	if r := w.run("AAAA-BBBB\n", "--recovery-key-stdin", "vault", "check"); r.code != cli.ExitWrongPassword {
		t.Errorf("wrong recovery key: exit %d", r.code)
	}

	// passwd: the old password stops working, the new one works.
	w.mustRun(pw+"\nnew password 123\n", "--password-stdin", "passwd")
	if r := w.run(pw+"\n", "--password-stdin", "vault", "check"); r.code != cli.ExitWrongPassword {
		t.Errorf("old password after passwd: exit %d", r.code)
	}
	w.mustRun("new password 123\n", "--password-stdin", "vault", "check")
	if r := w.run("new password 123\nshort\n", "--password-stdin", "passwd"); r.code != cli.ExitError {
		t.Errorf("too short a new password: exit %d", r.code)
	}

	// backup opens with the same password.
	bk := filepath.Join(w.dir, "backup.db")
	w.mustRun("new password 123\n", "--password-stdin", "vault", "backup", bk)
	r = w.run("new password 123\n", "--password-stdin", "--vault", bk, "vault", "check")
	if r.code != 0 {
		t.Fatalf("backup check: %d %s", r.code, r.stderr)
	}

	// rotate-key: a new recovery key; the old one stops working.
	r = w.mustRun("new password 123\n", "--password-stdin", "--json", "vault", "rotate-key")
	var rot struct {
		RecoveryKey string `json:"recovery_key"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rot); err != nil || rot.RecoveryKey == "" || rot.RecoveryKey == rk {
		t.Fatalf("rotate-key: %s", r.stdout)
	}
	if r := w.run(rk+"\n", "--recovery-key-stdin", "vault", "check"); r.code != cli.ExitWrongPassword {
		t.Errorf("old recovery key after rotation: exit %d", r.code)
	}
	w.mustRun(rot.RecoveryKey+"\n", "--recovery-key-stdin", "vault", "check")
	w.mustRun("new password 123\n", "--password-stdin", "vault", "check")
}

func TestExitCodes(t *testing.T) {
	w := newWorld(t)
	if r := w.run("", "frobnicate"); r.code != cli.ExitUsage {
		t.Errorf("unknown command: %d", r.code)
	}
	if r := w.run("", "vault", "backup"); r.code != cli.ExitUsage {
		t.Errorf("missing argument: %d", r.code)
	}
	if r := w.run("", "vault", "check"); r.code != cli.ExitError || !strings.Contains(r.stderr, "latchkey init") {
		t.Errorf("no vault: %d %q", r.code, r.stderr)
	}
	if r := w.run("x\n", "--password-stdin", "init", "--kdf-memory", "1"); r.code != cli.ExitUsage {
		t.Errorf("weak kdf: %d", r.code)
	}
	w.init()
	if r := w.run("", "vault", "check"); r.code != cli.ExitUsage {
		t.Errorf("no password source and no terminal: %d %q", r.code, r.stderr)
	}
	// In use: another holder of the vault file.
	v, err := vault.Open(context.Background(), w.vault)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := w.run(pw+"\n", "--password-stdin", "vault", "check")
	v.Close()
	if r.code != cli.ExitInUse || time.Since(start) > 3500*time.Millisecond {
		t.Errorf("vault in use: exit %d after %s: %s", r.code, time.Since(start), r.stderr)
	}
	// Corrupt.
	if err := os.WriteFile(w.vault, bytes.Repeat([]byte{0x42}, 32768), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := w.run(pw+"\n", "--password-stdin", "vault", "check"); r.code != cli.ExitCorrupt {
		t.Errorf("corrupt vault: exit %d %s", r.code, r.stderr)
	}
	if r := w.mustRun("", "--version"); !strings.Contains(r.stdout, "1.2.3-test") {
		t.Errorf("--version: %q", r.stdout)
	}
}

func TestNoPlaintextInVaultOrBackup(t *testing.T) {
	w := newWorld(t)
	w.init()
	w.mustRun(pw+"\n", "--password-stdin", "connect", "demo", "--method", "credentials", "--field", "username=user_good", "--field", "password="+demo.GoodPassword)
	bk := filepath.Join(w.dir, "backup.db")
	w.mustRun(pw+"\n", "--password-stdin", "vault", "backup", bk)
	for _, f := range []string{w.vault, bk} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, needle := range []string{demo.GoodPassword, "user_good", "Individual Margin", "AAPL", "Latchkey Demo Brokerage", `"secret"`} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s holds %q in plain text", filepath.Base(f), needle)
			}
		}
	}
}

var urlRe = regexp.MustCompile(`https?://127\.0\.0\.1:\d+/\S+`)

// TestConnectionJourney is the CLI end to end against the demo brokerage.
func TestConnectionJourney(t *testing.T) {
	w := newWorld(t)
	w.init()
	unlock := pw + "\n"

	// OAuth with a scripted browser that approves the consent page.
	var once sync.Once
	r := w.runWith(unlock, func(line string) {
		if u := urlRe.FindString(line); u != "" && strings.Contains(u, "/oauth/") {
			once.Do(func() {
				go brokertest.SubmitForm(context.Background(), u, map[string]string{"decision": "approve"})
			})
		}
	}, "--password-stdin", "--json", "connect", "demo", "--method", "oauth", "--no-browser", "--label", "OAuth demo")
	if r.code != 0 {
		t.Fatalf("connect oauth: %d\n%s", r.code, r.stderr)
	}
	var oauthConn map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &oauthConn); err != nil || oauthConn["status"] != "active" || oauthConn["label"] != "OAuth demo" {
		t.Fatalf("connect --json: %s (%v)", r.stdout, err)
	}

	// Credentials with each MFA kind, answers on stdin in order.
	for _, tc := range []struct{ user, answers string }{
		{"user_mfa_code", "000000\n" + demo.MFACode + "\n"}, // a wrong code first, then the right one
		{"user_mfa_choice", "2\n" + demo.MFACode + "\n"},
		{"user_mfa_questions", demo.AnswerColour + "\n" + demo.AnswerPet + "\n"},
	} {
		r := w.run(unlock+tc.answers, "--password-stdin", "connect", "demo", "--method", "credentials",
			"--field", "username="+tc.user, "--field", "password="+demo.GoodPassword)
		if r.code != 0 {
			t.Fatalf("connect %s: %d\n%s", tc.user, r.code, r.stderr)
		}
		if tc.user == "user_mfa_code" && !strings.Contains(r.stderr, "Check the code and type it again") {
			t.Errorf("a wrong code must be reported and asked again:\n%s", r.stderr)
		}
	}
	// Push approval, approved on the demo's page.
	r = w.runWith(unlock, func(line string) {
		if u := urlRe.FindString(line); u != "" && strings.Contains(u, "/mfa/approve/") {
			go brokertest.SubmitForm(context.Background(), u, map[string]string{"decision": "approve"})
		}
	}, "--password-stdin", "connect", "demo", "--method", "credentials", "--field", "username=user_mfa_push", "--field", "password="+demo.GoodPassword)
	if r.code != 0 {
		t.Fatalf("connect push: %d\n%s", r.code, r.stderr)
	}
	// Fields prompted on stdin, and an API key.
	w.mustRun(unlock+"user_expiring\n"+demo.GoodPassword+"\n", "--password-stdin", "connect", "demo", "--method", "credentials")
	w.mustRun(unlock, "--password-stdin", "connect", "demo-crypto", "--field", "key_id="+demo.CryptoKey, "--field", "secret="+demo.CryptoSecret)
	// A login already connected (user_good, by OAuth) is offered, not duplicated.
	if r := w.run(unlock, "--password-stdin", "connect", "demo", "--method", "credentials", "--field", "username=user_good", "--field", "password="+demo.GoodPassword); r.code != cli.ExitError || !strings.Contains(r.stderr, "already connected") {
		t.Errorf("duplicate connect: %d %s", r.code, r.stderr)
	}

	type conn struct {
		ID         string   `json:"id"`
		Status     string   `json:"status"`
		Label      string   `json:"label"`
		AccountIDs []string `json:"account_ids"`
		Disabled   *string  `json:"disabled_at"`
	}
	list := func() []conn {
		r := w.mustRun(unlock, "--password-stdin", "--json", "connections")
		var cs []conn
		if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
			t.Fatalf("connections --json: %s", r.stdout)
		}
		return cs
	}
	cs := list()
	if len(cs) != 7 {
		t.Fatalf("%d connections, want 7", len(cs))
	}
	good := cs[0] // user_good, connected by OAuth
	if good.Status != "active" || len(good.AccountIDs) != 3 {
		t.Fatalf("user_good connection %+v", good)
	}

	r = w.mustRun(unlock, "--password-stdin", "--json", "sync")
	var results []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &results); err != nil || len(results) != 7 {
		t.Fatalf("sync --json: %s", r.stdout)
	}

	// Offline lists: decimals are JSON strings.
	r = w.mustRun(unlock, "--password-stdin", "--json", "accounts", "--connection", good.ID)
	var accts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &accts); err != nil || len(accts) != 3 {
		t.Fatalf("accounts: %s", r.stdout)
	}
	bal := accts[0]["balances"].([]any)[0].(map[string]any)
	if _, ok := bal["total"].(string); !ok {
		t.Errorf("balance total is not a JSON string: %v", bal["total"])
	}
	acct := accts[0]["id"].(string)
	r = w.mustRun(unlock, "--password-stdin", "--json", "positions", "--account", acct)
	var pos []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &pos); err != nil || len(pos) == 0 {
		t.Fatalf("positions: %s", r.stdout)
	}
	if _, ok := pos[0]["units"].(string); !ok {
		t.Errorf("units is not a JSON string: %v", pos[0]["units"])
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "activities", "--account", acct, "--type", "DIVIDEND", "--since", "2025-01-01")
	var acts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &acts); err != nil || len(acts) == 0 {
		t.Fatalf("activities: %s", r.stdout)
	}
	for _, x := range acts {
		if x["type"] != "DIVIDEND" || x["trade_date"].(string) < "2025-01-01" {
			t.Fatalf("filtered activity %v", x)
		}
	}
	if r := w.run(unlock, "--password-stdin", "activities", "--type", "NOPE"); r.code != cli.ExitUsage {
		t.Errorf("bad --type: %d", r.code)
	}

	// Revoke, then sync: disabled (exit 6), cached data still listed.
	w.mustRun(unlock, "--password-stdin", "demo", "revoke", good.ID)
	r = w.run(unlock, "--password-stdin", "--json", "sync", good.ID)
	if r.code != cli.ExitNeedsUser {
		t.Fatalf("sync after revoke: exit %d\n%s", r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), &results); err != nil || results[0]["status"] != "disabled" || results[0]["error"] != "REAUTH_REQUIRED" {
		t.Fatalf("sync --json after revoke (one document): %s", r.stdout)
	}
	for _, c := range list() {
		if c.ID == good.ID && (c.Status != "disabled" || c.Disabled == nil) {
			t.Fatalf("after revoke: %+v", c)
		}
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "accounts", "--connection", good.ID)
	if err := json.Unmarshal([]byte(r.stdout), &accts); err != nil || len(accts) != 3 || accts[0]["stale"] != true {
		t.Fatalf("accounts of a disabled connection: %s", r.stdout)
	}

	// Reconnect with another user: refused, nothing changed.
	r = w.run(unlock+demo.MFACode+"\n", "--password-stdin", "reconnect", good.ID, "--method", "credentials", "--field", "username=user_mfa_code", "--field", "password="+demo.GoodPassword)
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "different user") {
		t.Fatalf("reconnect as another user: %d\n%s", r.code, r.stderr)
	}
	for _, c := range list() {
		if c.ID == good.ID && c.Status != "disabled" {
			t.Fatalf("a refused reconnect changed the connection: %+v", c)
		}
	}
	// Reconnect: active, same id and accounts.
	w.mustRun(unlock, "--password-stdin", "reconnect", good.ID, "--method", "credentials", "--field", "username=user_good", "--field", "password="+demo.GoodPassword)
	for _, c := range list() {
		if c.ID == good.ID && (c.Status != "active" || strings.Join(c.AccountIDs, ",") != strings.Join(good.AccountIDs, ",")) {
			t.Fatalf("after reconnect: %+v", c)
		}
	}
	r = w.mustRun(unlock, "--password-stdin", "history", good.ID)
	for _, want := range []string{"CONNECTION_DISABLED", "RECONNECT_STARTED", "CONNECTION_REPAIRED"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("history lacks %s:\n%s", want, r.stdout)
		}
	}

	// Rename, export, disconnect.
	w.mustRun(unlock, "--password-stdin", "rename", good.ID, "Main broker")
	for _, what := range []string{"positions", "activities", "balances"} {
		for _, format := range []string{"csv", "json"} {
			out := filepath.Join(w.dir, what+"."+format)
			w.mustRun(unlock, "--password-stdin", "export", "--what", what, "--format", format, "--out", out)
			b, err := os.ReadFile(out)
			if err != nil || len(b) < 50 {
				t.Fatalf("export %s %s: %d bytes %v", what, format, len(b), err)
			}
		}
	}
	w.mustRun(unlock, "--password-stdin", "disconnect", good.ID)
	if len(list()) != 6 {
		t.Fatal("disconnect did not remove the connection")
	}
	r = w.mustRun("", "--json", "institutions")
	var insts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &insts); err != nil || len(insts) < 2 {
		t.Fatalf("institutions: %s", r.stdout)
	}
}
