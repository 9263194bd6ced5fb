package httpx_test

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestRow(t *testing.T) {
	bad := errors.New("malformed")
	type profile struct{ ID, Name string }
	valid := func(p profile) bool { return p.ID != "" }
	if p, err := httpx.Row([]byte(`{"ID":"a1","Name":"A"}`), bad, valid); err != nil || p.ID != "a1" || p.Name != "A" {
		t.Errorf("Row = %+v, %v", p, err)
	}
	for _, b := range []string{`{"Name":"A"}`, `[{"ID":"a1"}]`, `not json`, ``} {
		if p, err := httpx.Row([]byte(b), bad, valid); err != bad || p != (profile{}) {
			t.Errorf("Row(%q) = %+v, %v, want the malformed error and nothing", b, p, err)
		}
	}
}
