package indiakit

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// An answer no mapping names: its code named, a success status malformed,
// else its status.
func TestUnmapped(t *testing.T) {
	malformed := errors.New("malformed")
	for _, c := range []struct {
		code   string
		status int
		want   error
		text   string
	}{
		{"DH-909", 400, integrations.ErrUnavailable, "Broker refused the request (DH-909)"},
		{"", 200, malformed, "malformed"},
		{"", 418, integrations.ErrUnavailable, "Broker answered HTTP 418"},
	} {
		err := Unmapped("Broker", c.code, c.status, malformed)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%q HTTP %d: %v, want %v %q", c.code, c.status, err, c.want, c.text)
		}
	}
}
