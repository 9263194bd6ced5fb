package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/internal/winetest"
	"github.com/latchkey/latchkey/ui/cli"
	"github.com/latchkey/latchkey/vault"
)

const unlock = pw + "\n"

// connectGood makes a demo connection (user_good) without syncing it and
// returns its id.
func (w *world) connectGood(extra ...string) string {
	w.t.Helper()
	args := append([]string{"--password-stdin", "--json", "connect", "demo", "--method", "credentials",
		"--field", "username=user_good", "--field", "password=" + demo.GoodPassword}, extra...)
	r := w.mustRun(unlock, args...)
	var c struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || c.ID == "" {
		w.t.Fatalf("connect --json: %q (%v)", r.stdout, err)
	}
	return c.ID
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// 11.1: no command that writes a file the user names may write over the
// vault, by any spelling of its path.
func TestFileOutputsRefuseTheVault(t *testing.T) {
	w := newWorld(t)
	w.init()
	w.connectGood()
	before := fileHash(t, w.vault)

	if err := os.Mkdir(filepath.Join(w.dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(w.dir, "link.csv")
	winetest.Symlink(t, w.vault, link)
	hard := filepath.Join(w.dir, "hard.csv")
	if err := os.Link(w.vault, hard); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(mustGetwd(t), w.vault)
	if err != nil { // on Windows, the temporary folder can be on another drive
		t.Chdir(filepath.Dir(w.dir))
		rel = filepath.Join("..", filepath.Base(filepath.Dir(w.dir)), filepath.Base(w.dir), "vault.db")
	}
	targets := map[string]string{
		"the vault":           w.vault,
		"a relative path":     rel,
		"a path through ..":   w.dir + "/sub/../vault.db",
		"a symlink to it":     link,
		"a hard link to it":   hard,
		"its compaction file": filepath.Join(w.dir, ".vault.db.compact-123"),
		"its creation file":   filepath.Join(w.dir, ".vault.db.tmp-9"),
		"its lock file":       filepath.Join(w.dir, "vault.db.lock"),
	}
	for name, dst := range targets {
		r := w.run(unlock, "--password-stdin", "export", "--what", "positions", "--out", dst)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "vault") {
			t.Errorf("export --out %s: exit %d %q", name, r.code, r.stderr)
		}
		r = w.run(unlock, "--password-stdin", "vault", "backup", dst)
		if r.code != cli.ExitUsage {
			t.Errorf("vault backup to %s: exit %d %q", name, r.code, r.stderr)
		}
	}
	if fileHash(t, w.vault) != before {
		t.Fatal("the vault file changed")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v", err)
	}
	w.mustRun(unlock, "--password-stdin", "vault", "check")
	// Another file in the vault's folder is fine.
	w.mustRun(unlock, "--password-stdin", "export", "--what", "positions", "--out", filepath.Join(w.dir, "vault.db.csv"))
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// 11.4: with --json an active endpoint override is a field of institutions
// and connections, not only a note on stderr.
func TestEndpointOverridesInJSON(t *testing.T) {
	w := newWorld(t)
	w.setEndpoints("only-demo.json", map[string]map[string]string{demo.ID: {"api": w.srv.URL()}})
	r := w.mustRun("", "--json", "institutions")
	var insts []struct {
		ID        string            `json:"id"`
		Overrides map[string]string `json:"endpoint_overrides"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &insts); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, in := range insts {
		switch in.ID {
		case demo.ID:
			seen++
			if in.Overrides["api"] != w.srv.URL() {
				t.Errorf("demo's overrides: %v", in.Overrides)
			}
		case demo.CryptoID:
			seen++
			if in.Overrides != nil {
				t.Errorf("demo-crypto has no override: %v", in.Overrides)
			}
		}
	}
	if seen != 2 || !strings.Contains(r.stdout, `"endpoint_overrides": null`) {
		t.Fatalf("institutions --json: %s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("--json: stderr %q", r.stderr)
	}
	w.init()
	w.connectGood("--no-sync")
	r = w.mustRun(unlock, "--password-stdin", "--json", "connections")
	var conns []struct {
		Overrides map[string]string `json:"endpoint_overrides"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &conns); err != nil || len(conns) != 1 || conns[0].Overrides["api"] != w.srv.URL() {
		t.Fatalf("connections --json: %s (%v)", r.stdout, err)
	}
	// Without --json the note stays on stderr.
	if r := w.mustRun(unlock, "--password-stdin", "connections"); !strings.Contains(r.stderr, "endpoint overrides") {
		t.Errorf("no note on stderr: %q", r.stderr)
	}
}

// 11.6: flag errors never repeat a value; unknown field names are refused
// with the method's field names.
func TestFieldFlags(t *testing.T) {
	w := newWorld(t)
	w.init()
	const secret = "S3cretHunter2"
	for _, args := range [][]string{
		{"connect", "demo", "--field", secret},
		{"connect", "demo", "--field=" + secret},
		{"connect", "demo", "--field", "=" + secret},
		{"--json=" + secret, "connections"},
		{"connections", "--json=" + secret},
	} {
		r := w.run(unlock, append([]string{"--password-stdin"}, args...)...)
		if r.code != cli.ExitUsage {
			t.Errorf("%q: exit %d", args, r.code)
		}
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("%q: the value is repeated:\n%s%s", args, r.stdout, r.stderr)
		}
	}
	r := w.run(unlock, "--password-stdin", "connect", "demo", "--method", "credentials",
		"--field", "usrname=user_good", "--field", "password="+secret)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "usrname") || !strings.Contains(r.stderr, "username, password") {
		t.Errorf("unknown field: exit %d %q", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, secret) {
		t.Errorf("unknown field: the value is repeated: %q", r.stderr)
	}
	r = w.run(unlock, "--password-stdin", "connect", "demo", "--method", "oauth", "--no-browser", "--field", "username=x")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "takes no --field") {
		t.Errorf("a field for OAuth: exit %d %q", r.code, r.stderr)
	}
	// The default method is the institution's first: for demo-crypto, the
	// API key's fields.
	r = w.run(unlock, "--password-stdin", "connect", "demo-crypto", "--field", "key="+demo.CryptoKey)
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "key_id, secret") {
		t.Errorf("unknown field of the default method: exit %d %q", r.code, r.stderr)
	}
	if r := w.run(unlock, "--password-stdin", "--json", "connections"); r.stdout != "[]\n" {
		t.Errorf("a refused connect saved something: %s", r.stdout)
	}
}

// 11.11: the password file is read with a bound, warns when others can
// read it, and loses its line ending (LF or CRLF).
func TestPasswordFile(t *testing.T) {
	w := newWorld(t)
	w.init()
	pf := filepath.Join(w.dir, "pw")
	w.env = map[string]string{"LATCHKEY_PASSWORD_FILE": pf}
	for _, content := range []string{pw, pw + "\n", pw + "\r\n", pw + "\r\nsecond line\n"} {
		if err := os.WriteFile(pf, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if r := w.run("", "vault", "check"); r.code != 0 || r.stderr != "" {
			t.Errorf("password file %q: exit %d %q", content, r.code, r.stderr)
		}
	}
	if err := os.Chmod(pf, 0o644); err != nil {
		t.Fatal(err)
	}
	// Windows has no mode bits to judge (the file's ACL, inherited from its
	// folder, decides who reads it): no warning there.
	if r := w.run("", "vault", "check"); r.code != 0 || (runtime.GOOS != "windows") != strings.Contains(r.stderr, "can be read by other users (mode 0644)") {
		t.Errorf("a world-readable password file: exit %d %q", r.code, r.stderr)
	}
	big := bytes.Repeat([]byte("x"), 64<<10)
	if err := os.WriteFile(pf, big, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := w.run("", "vault", "check"); r.code != cli.ExitError || !strings.Contains(r.stderr, "larger than 4096 bytes") {
		t.Errorf("a 64 KiB password file: exit %d %q", r.code, r.stderr)
	}
}

// evilNames wraps an integration and gives its institution a name with
// terminal control sequences, as an institution's metadata could.
type evilNames struct{ integrations.Integration }

func (e evilNames) Institution() integrations.Institution {
	in := e.Integration.Institution()
	in.DisplayName = "Evil\x1b[2J\x1b]0;pwned\x07 \u202eBank"
	in.Name = in.DisplayName
	return in
}

// 11.12: control characters from labels and institutions are escaped in
// human output; JSON stays exact.
func TestControlCharactersEscaped(t *testing.T) {
	w := newWorld(t)
	w.init()
	id := w.connectGood("--no-sync")
	label := "Evil\x1b]0;pwned\x07\r\u009b31m\u202etxt.exe"
	r := w.mustRun(unlock, "--password-stdin", "rename", id, label)
	assertNoControls(t, "rename", r.stdout+r.stderr)
	r = w.mustRun(unlock, "--password-stdin", "connections")
	assertNoControls(t, "connections", r.stdout+r.stderr)
	if !strings.Contains(r.stdout, `Evil\x1b]0;pwned\x07\x0d\u009b31m\u202etxt.exe`) {
		t.Errorf("connections: the label is not shown escaped:\n%s", r.stdout)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "connections")
	var conns []struct {
		Label string `json:"label"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &conns); err != nil || len(conns) != 1 || conns[0].Label != label {
		t.Fatalf("--json connections does not hold the exact label: %s (%v)", r.stdout, err)
	}
	r = w.mustRun(unlock, "--password-stdin", "disconnect", id)
	assertNoControls(t, "disconnect", r.stdout+r.stderr)

	w.integrations = []integrations.Integration{}
	for _, in := range demo.New(demo.Options{DataDir: w.dir}) {
		w.integrations = append(w.integrations, evilNames{in})
	}
	r = w.mustRun("", "institutions")
	assertNoControls(t, "institutions", r.stdout+r.stderr)
	if !strings.Contains(r.stdout, `Evil\x1b[2J`) {
		t.Errorf("institutions: %s", r.stdout)
	}
	r = w.run(unlock, "--password-stdin", "connect", "demo", "--method", "credentials",
		"--field", "username=user_locked", "--field", "password="+demo.GoodPassword)
	assertNoControls(t, "a failed connect", r.stdout+r.stderr)
}

func assertNoControls(t *testing.T, what, out string) {
	t.Helper()
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Errorf("%s printed the control character %U:\n%q", what, r, out)
			return
		}
	}
}

// 11.14: the read-only commands work on a vault that cannot be written
// here; the others say the vault is read-only (exit 8).
func TestReadOnlyVault(t *testing.T) {
	w := newWorld(t)
	w.init()
	id := w.connectGood()
	var roOpens atomic.Int32
	restore := cli.SetVaultOpeners(
		func(ctx context.Context, path string) (*vault.Vault, error) {
			// What opening a file on a read-only file system for writing gives.
			return nil, fmt.Errorf("vault: %w", &fs.PathError{Op: "open", Path: path, Err: syscall.EROFS})
		},
		func(ctx context.Context, path string) (*vault.Vault, error) {
			roOpens.Add(1)
			return vault.Open(ctx, path) // stands in for vault.OpenReadOnly
		})
	defer restore()
	out := filepath.Join(w.dir, "positions.csv")
	for _, args := range [][]string{
		{"connections"}, {"accounts"}, {"positions"}, {"activities"}, {"history", id}, {"vault", "info"},
		{"vault", "check"}, {"export", "--what", "positions", "--out", out},
	} {
		n := roOpens.Load()
		if r := w.run(unlock, append([]string{"--password-stdin"}, args...)...); r.code != 0 {
			t.Errorf("%s on a read-only vault: exit %d %q", args, r.code, r.stderr)
		}
		if roOpens.Load() != n+1 {
			t.Errorf("%s did not open the vault read-only", args)
		}
	}
	n := roOpens.Load()
	for _, args := range [][]string{{"sync"}, {"rename", id, "x"}, {"disconnect", id}, {"passwd"}} {
		r := w.run(unlock+"another password\n", append([]string{"--password-stdin"}, args...)...)
		if r.code != cli.ExitReadOnly || !strings.Contains(r.stderr, "read-only") {
			t.Errorf("%s on a read-only vault: exit %d %q", args, r.code, r.stderr)
		}
	}
	if roOpens.Load() != n {
		t.Error("a command that writes opened the vault read-only")
	}
}

// blockingProxy forwards to the demo server and, once armed, holds every
// request until released (or the client gives up), telling arrived.
type blockingProxy struct {
	*httptest.Server
	armed   atomic.Bool
	arrived chan struct{}
	release chan struct{}
}

func newBlockingProxy(t *testing.T, target string) *blockingProxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &blockingProxy{arrived: make(chan struct{}, 64), release: make(chan struct{})}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if p.armed.Load() {
			p.arrived <- struct{}{}
			select {
			case <-p.release:
			case <-r.Context().Done():
				return
			}
		}
		rp.ServeHTTP(rw, r)
	}))
	t.Cleanup(func() {
		close(p.release)
		p.Close()
	})
	return p
}

// 11.15: an interrupted sync ends at once with "cancelled" and its own exit
// code, and what was saved before stays.
func TestSyncCancelled(t *testing.T) {
	w := newWorld(t)
	proxy := newBlockingProxy(t, w.srv.URL())
	w.setEndpoints("endpoints.json", map[string]map[string]string{demo.ID: {"api": proxy.URL}, demo.CryptoID: {"api": proxy.URL}})
	w.init()
	w.connectGood()
	before := w.mustRun(unlock, "--password-stdin", "--json", "positions").stdout

	proxy.armed.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-proxy.arrived // the sync is waiting on the institution
		cancel()
	}()
	r := w.runCtx(ctx, unlock, nil, "--password-stdin", "--json", "sync")
	if r.code != cli.ExitCancelled || !strings.Contains(r.stderr, "cancelled") {
		t.Fatalf("interrupted sync: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	var doc struct {
		Error    string `json:"error"`
		ExitCode int    `json:"exit_code"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Error != "cancelled" || doc.ExitCode != cli.ExitCancelled {
		t.Errorf("--json: %s (%v)", r.stdout, err)
	}
	proxy.armed.Store(false)
	if after := w.mustRun(unlock, "--password-stdin", "--json", "positions").stdout; after != before {
		t.Error("the interrupted sync changed the saved positions")
	}
	w.mustRun(unlock, "--password-stdin", "vault", "check")
	w.mustRun(unlock, "--password-stdin", "sync")
}

// fieldAttrs wraps the demo brokerage and gives it a login with a one-time
// code and a statement file, to show every field attribute.
type fieldAttrs struct{ integrations.Integration }

func (f fieldAttrs) Institution() integrations.Institution {
	in := f.Integration.Institution()
	in.AuthMethods = append(in.AuthMethods, integrations.AuthMethod{Kind: "import", Label: "Statement", Fields: []integrations.Field{
		{Name: "code", Label: "Code", Kind: integrations.FieldSecret, Length: 6, Digits: true, Help: "from the app"},
		{Name: "file", Label: "Statement", Kind: integrations.FieldFile, Optional: true, Accept: []string{".ofx", ".csv"}},
	}})
	in.StaleAfter = 40 * 24 * time.Hour
	in.RateScope = integrations.RateScopeIP
	return in
}

// 11.21: --json institutions lists each method's fields and each
// institution's endpoint names.
func TestInstitutionsJSON(t *testing.T) {
	w := newWorld(t)
	w.setEndpoints("only-demo.json", map[string]map[string]string{demo.ID: {"api": w.srv.URL()}})
	ins := demo.New(demo.Options{DataDir: w.dir})
	w.integrations = []integrations.Integration{fieldAttrs{ins[0]}, ins[1]}
	r := w.mustRun("", "--json", "institutions")
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 2 {
		t.Fatalf("institutions --json: %s (%v)", r.stdout, err)
	}
	// (Marshalled again from maps: keys in sorted order.)
	methods, _ := json.Marshal(got[0]["auth_methods"])
	for _, want := range []string{
		`{"fields":[],"kind":"oauth","label":"Sign in with Latchkey Demo (OAuth)","needs_app":false}`,
		`{"kind":"text","label":"Username","name":"username","optional":false}`,
		`{"kind":"secret","label":"Password","name":"password","optional":false}`,
		`{"digits":true,"help":"from the app","kind":"secret","label":"Code","length":6,"name":"code","optional":false}`,
		`{"accept":[".ofx",".csv"],"kind":"file","label":"Statement","name":"file","optional":true}`,
	} {
		if !strings.Contains(string(methods), want) {
			t.Errorf("auth_methods lacks %s:\n%s", want, methods)
		}
	}
	eps, _ := json.Marshal(got[0]["endpoints"])
	if string(eps) != `[{"name":"api","overridden":true,"url":"`+w.srv.URL()+`"}]` {
		t.Errorf("endpoints: %s", eps)
	}
	eps, _ = json.Marshal(got[1]["endpoints"])
	if string(eps) != `[{"name":"api","url":"`+demo.InProcess+`"}]` {
		t.Errorf("endpoints without an override: %s", eps)
	}
	if got[0]["rate_scope"] != "ip" || got[0]["stale_after_hours"] != 960.0 || got[0]["demo"] != true || got[1]["rate_scope"] != "grant" {
		t.Errorf("metadata: %v", got[0])
	}
}

// diskFull makes every sync of the wrapped integration fail the way a full
// disk makes the vault's write fail.
type diskFull struct{ integrations.Integration }

func (d diskFull) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	c, err := d.Integration.NewClient(ctx, g, env, save)
	if err != nil {
		return nil, err
	}
	return diskFullClient{c}, nil
}

type diskFullClient struct{ integrations.Client }

func (diskFullClient) Accounts(ctx context.Context) ([]integrations.Account, error) {
	return nil, fmt.Errorf("save the accounts: %w", vault.ErrDiskFull)
}

// 11.3: a full disk says so, with its own exit code, in sync and in
// connect's first sync.
func TestDiskFull(t *testing.T) {
	w := newWorld(t)
	w.init()
	w.connectGood("--no-sync")
	w.integrations = nil
	for _, in := range demo.New(demo.Options{DataDir: w.dir, ApproveAfter: -1}) {
		w.integrations = append(w.integrations, diskFull{in})
	}
	r := w.run(unlock, "--password-stdin", "sync")
	want := "could not write to the vault because the disk is full"
	if r.code != cli.ExitDiskFull || !strings.Contains(r.stderr, want) || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout+r.stderr, "Something went wrong") {
		t.Errorf("sync on a full disk: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	r = w.run(unlock, "--password-stdin", "connect", "demo-crypto", "--field", "key_id="+demo.CryptoKey, "--field", "secret="+demo.CryptoSecret)
	if r.code != cli.ExitDiskFull || !strings.Contains(r.stderr, want) {
		t.Errorf("connect on a full disk: exit %d %q", r.code, r.stderr)
	}
}

// 11.16: a shortened id needs 4 characters; one that begins several ids
// is ambiguous.
func TestShortIDs(t *testing.T) {
	w := newWorld(t)
	w.init()
	id := w.connectGood("--no-sync")
	w.mustRun(unlock, "--password-stdin", "rename", id[:4], "Four")
	r := w.run(unlock, "--password-stdin", "rename", id[:3], "Three")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "at least 4 characters") {
		t.Errorf("a 3-character id: exit %d %q", r.code, r.stderr)
	}
}
