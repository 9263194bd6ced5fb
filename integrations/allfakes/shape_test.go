package allfakes_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/integrations/allfakes"
)

// shapeExceptions are the packages that ship an institution and keep
// another shape than the recipe's, each with why. Anything else the
// registry ships follows integrations/doc.go's recipe to the file.
var shapeExceptions = map[string]string{
	// The statement importer reads files, not an API: no login against a
	// server, no client of its own, no fake (importtest is its harness).
	"importer": "files, not an API",
	// The built-in demo is its own server too: its wire types are those of
	// server_api.go, which client.go reads; it has no decode.go to keep.
	"demo": "its wire types live beside its server",
}

// recipeFiles are the files integrations/doc.go's recipe gives every
// institution package, <id> standing for the package's name.
var recipeFiles = []string{"doc.go", "<id>.go", "login.go", "client.go", "decode.go", "fake/harness.go"}

var fuzzFunc = regexp.MustCompile(`(?m)^func Fuzz\w+\(f \*testing\.F\)`)

// TestPackageShape holds every institution package the registry ships to
// the recipe in integrations/doc.go: the same files with the same roles, a
// fake with its conformance harness, and a fuzz test of its decoders, so a
// package cannot drift from the recipe (or be added without following it)
// unnoticed.
func TestPackageShape(t *testing.T) {
	pkgs := map[string]bool{}
	for _, in := range all.Integrations(t.TempDir()) {
		pkgs[allfakes.Package(in)] = true
	}
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	if len(names) < 30 {
		t.Fatalf("the registry ships %d integration packages, want at least 30: %v", len(names), names)
	}
	for _, pkg := range names {
		if _, ok := shapeExceptions[pkg]; ok {
			continue
		}
		dir := filepath.Join("..", pkg)
		for _, f := range recipeFiles {
			if f == "<id>.go" {
				f = pkg + ".go"
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
				t.Errorf("integrations/%s has no %s (see the recipe in integrations/doc.go)", pkg, f)
			}
		}
		tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		fuzzed := false
		for _, f := range tests {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fuzzed = fuzzed || fuzzFunc.Match(b)
		}
		if !fuzzed {
			t.Errorf("integrations/%s has no fuzz test of its decoders", pkg)
		}
	}
	for pkg := range shapeExceptions {
		if !pkgs[pkg] {
			t.Errorf("shapeExceptions names %q, which the registry does not ship", pkg)
		}
	}
}
