package allfakes_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/integrations/allfakes"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
)

// pendingHarness lists the packages whose conformance test still writes its
// Harness by hand (in the package's own conformance_test.go) instead of its
// fake exporting one: each leaves this list when it moves to the kit (see
// the recipe in integrations/doc.go).
var pendingHarness = map[string]bool{}

// TestConformance is the conformance table: it runs the suite for every
// institution variant integrations/all ships, with the harness its
// package's fake provides. A variant without one fails, so an institution
// cannot be added to the registry without its conformance run.
func TestConformance(t *testing.T) {
	seen := map[string]bool{}
	for _, in := range all.Integrations(t.TempDir()) {
		id, pkg := in.Institution().ID, allfakes.Package(in)
		seen[pkg] = true
		if pkg == "importer" {
			continue // imported only: TestImportConformance runs its section
		}
		t.Run(id, func(t *testing.T) {
			h, ok := allfakes.Harness(in)
			switch {
			case pendingHarness[pkg] && ok:
				t.Fatalf("integrations/%s/fake provides a harness now: take %q off pendingHarness", pkg, pkg)
			case pendingHarness[pkg]:
				return // its own conformance_test.go runs it, until it moves to the kit
			case !ok:
				t.Fatalf("no conformance harness for %s: export Harness (a brokertest.HarnessFunc) from integrations/%s/fake "+
					"and list it in allfakes' starters", id, pkg)
			}
			brokertest.Run(t, h)
		})
	}
	for pkg := range pendingHarness {
		if !seen[pkg] {
			t.Errorf("pendingHarness names %q, which ships no institution", pkg)
		}
	}
}

// TestImportConformance runs the suite's import section for every
// institution integrations/all ships with the import method: the
// import-only ones and those importer.With adds it to. One without an
// import harness (integrations/importer/importtest) fails.
func TestImportConformance(t *testing.T) {
	list := all.Integrations(t.TempDir())
	n := 0
	for _, in := range list {
		if _, ok := in.Institution().Method(integrations.AuthImport); ok {
			n++
		}
	}
	if n < 12 {
		t.Fatalf("%d institutions offer the import method, want at least 12 (issue 13)", n)
	}
	brokertest.RunImportVariants(t, importtest.Harness, list...)
}
