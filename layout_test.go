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
// any package with one of the Banned prefixes.
type depRule struct {
	Under  string
	Banned []string
	Why    string
}

var depRules = []depRule{
	{"app", []string{"fyne.io/", module + "/ui"}, "app holds the use cases; front ends depend on it, not the reverse"},
	{"vault", []string{"fyne.io/", module + "/"}, "vault imports nothing of ours and no UI"},
	{"integrations", []string{"fyne.io/", module + "/app", module + "/vault", module + "/ui"}, "integrations are the bottom layer; grants cross as values"},
	{"ui/cli", []string{"fyne.io/", module + "/ui/desktop"}, "the CLI must run headless"},
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
				for _, b := range r.Banned {
					if strings.HasPrefix(d, b) && d != p.ImportPath {
						t.Errorf("%s depends on %s: %s", p.ImportPath, d, r.Why)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package matched the rules: the module layout changed")
	}
}

type goPackage struct {
	ImportPath string
	Deps       []string
}

func listDeps(t *testing.T, pattern string) []goPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", "migrated_fynedo", "-json=ImportPath,Deps", pattern)
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
