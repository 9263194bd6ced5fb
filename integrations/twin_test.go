package integrations_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// twin is a variant (its StartLogin and NewClient) told by its Twin.
type twin struct {
	integrations.Twin
	variant
}

func (v *twin) Institution() integrations.Institution {
	in := integrations.Broker(v.ID(), "Acme", v.ID(), "US", "", "")
	in.Paper = v.Paper
	return in
}

func TestTwins(t *testing.T) {
	got := integrations.Twins("acme", "acme-paper", func(t integrations.Twin) *twin { return &twin{Twin: t} })
	if len(got) != 2 {
		t.Fatalf("Twins = %v", got)
	}
	for i, want := range []struct {
		id    string
		paper bool
	}{{"acme", false}, {"acme-paper", true}} {
		if in := got[i].Institution(); in.ID != want.id || in.Paper != want.paper {
			t.Errorf("variant %d: %s paper=%v, want %s paper=%v", i, in.ID, in.Paper, want.id, want.paper)
		}
	}
}
