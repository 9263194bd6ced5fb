package ofx

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// ofxgoSamples maps the names tests use for github.com/aclindsa/ofxgo's
// sample files to their place in that module. They are read from the
// module (a test-only dependency) rather than copied here: ofxgo and its
// samples are GPL-2.0, and nothing of them is kept in this repository.
var ofxgoSamples = map[string]string{
	"ofxgo_inv_v202.ofx":   "samples/valid_responses/inv_v202.ofx",
	"ofxgo_ira_v202.ofx":   "samples/valid_responses/ira_v202.ofx",
	"ofxgo_401k_v203.ofx":  "samples/valid_responses/401k_v203.ofx",
	"ofxgo_wellsfargo.qfx": "samples/busted_responses/wellsfargo.qfx",
}

var ofxgoDir = sync.OnceValues(func() (string, error) {
	// A test binary run where no go command is (make test-windows runs it
	// under Wine) is told the folder.
	if dir := os.Getenv("LATCHKEY_OFXGO_DIR"); dir != "" {
		return dir, nil
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aclindsa/ofxgo").Output()
	return strings.TrimSpace(string(out)), err
})

// fixturePath is where a fixture named in the tests lives.
func fixturePath(t testing.TB, name string) string {
	t.Helper()
	for short, rel := range ofxgoSamples {
		if name == filepath.Base(rel) {
			name = short
		}
	}
	if rel, ok := ofxgoSamples[name]; ok {
		dir, err := ofxgoDir()
		if err != nil || dir == "" {
			t.Fatalf("locate the ofxgo module for %s: %v", name, err)
		}
		return filepath.Join(dir, rel)
	}
	return filepath.Join("testdata", name)
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixturePath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtures lists every fixture: the files in testdata and ofxgo's samples.
func fixtures(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.*fx")
	for name := range ofxgoSamples {
		files = append(files, fixturePath(t, name))
	}
	return files
}
