package integrations

import (
	"errors"
	"strings"
	"testing"
)

func TestNoAccount(t *testing.T) {
	if err := NoAccount("Acme"); !errors.Is(err, ErrNotSupported) || !strings.HasSuffix(err.Error(), "Acme has no such account for this login") {
		t.Errorf("NoAccount = %v", err)
	}
}
