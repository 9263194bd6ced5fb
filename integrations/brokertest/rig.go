package brokertest

import (
	"net"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// Variant returns the integration among variants (a package's New()) whose
// institution is id, failing t when there is none.
func Variant(t testing.TB, variants []integrations.Integration, id string) integrations.Integration {
	t.Helper()
	for _, in := range variants {
		if in.Institution().ID == id {
			return in
		}
	}
	t.Fatalf("no integration %q", id)
	return nil
}

// FreePort returns a loopback TCP port that was free a moment ago, for a
// test app's registered redirect port (the default one may be taken by
// another test binary running at the same time).
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
