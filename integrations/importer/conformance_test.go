package importer_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/importer"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
)

// TestImportConformance runs the conformance suite's import section for
// every import-only institution (integrations/allfakes runs it for the
// wrapped ones too).
func TestImportConformance(t *testing.T) {
	brokertest.RunImportVariants(t, importtest.Harness, importer.New()...)
}
