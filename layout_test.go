package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/latchkey/latchkey"

// depRule forbids packages under Under from depending (directly or not) on
// any package with one of the Banned prefixes, except those with one of the
// Allowed prefixes.
type depRule struct {
	Under   string
	Banned  []string
	Why     string
	Allowed []string
}

// sharedIntegrations are the packages under integrations/ that are not one
// institution's: app and the front ends may use them. Every other package
// there (integrations/<id>, integrations/all, the fakes) is main's or the
// tests' to import.
var sharedIntegrations = []string{module + "/integrations/httpx", module + "/integrations/oauthflow"}

var depRules = []depRule{
	{"app", []string{"fyne.io/", module + "/ui"}, "app holds the use cases; front ends depend on it, not the reverse", nil},
	{"vault", []string{"fyne.io/", module + "/"}, "vault imports nothing of ours (but its own internal packages) and no UI", []string{module + "/vault/"}},
	{"integrations", []string{"fyne.io/", module + "/app", module + "/vault", module + "/ui"}, "integrations are the bottom layer; grants cross as values", nil},
	{"ui/cli", []string{"fyne.io/", module + "/ui/desktop"}, "the CLI must run headless", nil},
	{"app", []string{module + "/integrations/"}, "what one institution offers is a capability it declares (integrations.Actioner); main picks the institutions", sharedIntegrations},
	{"ui", []string{module + "/integrations/"}, "what one institution offers is a capability it declares (integrations.Actioner); main picks the institutions", sharedIntegrations},
}

// TestDependencyDirection fails the build when a package reaches up or into
// Fyne against the layout in DESIGN.md.
func TestDependencyDirection(t *testing.T) {
	pkgs := listDeps(t, "./...")
	checked := 0
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		for _, r := range depRules {
			if rel != r.Under && !strings.HasPrefix(rel, r.Under+"/") {
				continue
			}
			checked++
			for _, d := range p.Deps {
				if d == p.ImportPath || hasPrefix(d, r.Allowed) {
					continue
				}
				if hasPrefix(d, r.Banned) {
					t.Errorf("%s depends on %s: %s", p.ImportPath, d, r.Why)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package matched the rules: the module layout changed")
	}
}

// hasPrefix reports whether path is one of prefixes or starts with one of
// them ("x/" prefixes match below x; other prefixes match x and below it).
func hasPrefix(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p) && (strings.HasSuffix(p, "/") || strings.HasPrefix(path, p+"/")) {
			return true
		}
	}
	return false
}

type goPackage struct {
	ImportPath string
	Deps       []string
}

func listDeps(t *testing.T, pattern string) []goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", shippedTags(t), "-json=ImportPath,Deps", pattern)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pkgs []goPackage
	dec := json.NewDecoder(out)
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	return pkgs
}
