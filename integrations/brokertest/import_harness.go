package brokertest

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ImportHarness is what an institution with the import method
// (integrations.AuthImport) gives the suite's import section: the
// integration and statement files shaped exactly like the institution's own
// exports. RunImport runs the section; the conformance table in
// integrations/allfakes runs it for every institution that offers the
// method (the harnesses live in integrations/importer/importtest).
type ImportHarness struct {
	// New returns the integration under test. No server is involved: an
	// import reads files.
	New func(t testing.TB) integrations.Integration

	// Base is a statement a new connection is made from.
	Base ImportFile
	// Overlap is a later statement of the same account(s): it shares some
	// rows with Base and adds at least one newer row.
	Overlap ImportFile
	// Wrong is a statement the connection made from Base must refuse: of
	// another account at the institution, or another institution's export.
	Wrong ImportFile
	// BadRows is Base with the rows on BadLines made unreadable (a number
	// that is not one, say), everything else unchanged.
	BadRows  ImportFile
	BadLines []int

	// HoldingsFromTrades is set when the institution's files hold no
	// holdings and the import sums them from the trades (Webull): leaving
	// out a bad trade row then changes the holdings too.
	HoldingsFromTrades bool

	// Values are extra values for the import form (format, currency).
	Values map[string]string
	// FullAccountNumbers are the account numbers written in the files: no
	// account, grant secret, step message or error may show them whole.
	FullAccountNumbers []string
	// Now is the import time; nil means time.Now.
	Now func() time.Time
	// FuzzRuns is how many mutated copies of Base the fuzz check imports;
	// 0 means 150.
	FuzzRuns int
	// Skip names checks that do not apply, by their path below the section
	// ("Import/Overlap"), with the reason.
	Skip map[string]string
}

// ImportFile is a statement file: its name (the extension is a hint to the
// parser) and its bytes.
type ImportFile struct {
	Name string
	Data []byte
}

// ImportHarnessFunc returns the import harness of an institution, and false
// when it has none.
type ImportHarnessFunc func(in integrations.Integration) (ImportHarness, bool)
