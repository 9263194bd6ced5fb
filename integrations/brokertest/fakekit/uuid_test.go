package fakekit_test

import (
	"regexp"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestUUID(t *testing.T) {
	a, b := fakekit.UUID("latchkey-exchange-trade-1"), fakekit.UUID("latchkey-exchange-trade-2")
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(a) {
		t.Fatalf("UUID = %q, not UUID-shaped", a)
	}
	if a == b || a != fakekit.UUID("latchkey-exchange-trade-1") {
		t.Fatalf("UUID is not one stable id per seed: %q %q", a, b)
	}
}
