package integrations_test

import (
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

type twin struct{ integrations.Twin }

func (v *twin) Institution() integrations.Institution {
	in := integrations.Broker(v.ID(), "Acme", v.ID(), "US", "", "")
	in.Paper = v.Paper
	return in
}
func (*twin) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.ErrNotSupported
}
func (*twin) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

func TestTwins(t *testing.T) {
	got := integrations.Twins("acme", "acme-paper", func(t integrations.Twin) *twin { return &twin{t} })
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
