package ibkr

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/ibkr/fake"
)

// testDHPEM and testKeyPEM are the fake's Diffie-Hellman parameters and a
// key IBKR does not know.
const (
	testDHPEM  = fake.DHParams
	testKeyPEM = fake.OtherKey
)

func testGroup(t testing.TB) dhGroup {
	t.Helper()
	g, err := parseDH(testDHPEM)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
