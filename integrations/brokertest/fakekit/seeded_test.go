package fakekit_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestSeeded(t *testing.T) {
	a, again := fakekit.Seeded("user", "acct-1").Uint64(), fakekit.Seeded("user", "acct-1").Uint64()
	if a != again {
		t.Errorf("the same parts gave %d and %d", a, again)
	}
	if b := fakekit.Seeded("user", "acct-2").Uint64(); b == a {
		t.Errorf("another account gave the same draw %d", b)
	}
	if joined := fakekit.Seeded("useracct-1").Uint64(); joined == a {
		t.Errorf("parts run together gave the same draw %d", joined)
	}
}
