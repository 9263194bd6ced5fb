package fakekit_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestStartFor(t *testing.T) {
	var got stubOptions
	rig := fakekit.Rig[stubOptions, stubServer]{IDs: []string{"stub"},
		New: func(o stubOptions) (stubServer, error) {
			got = o
			return stubServer{now: o.Now, closed: new(bool)}, nil
		},
		Prepare: func(o *stubOptions, now func() time.Time, _ string) { o.Now = now }}
	r := fakekit.StartFor(t, stubIntegration{}, rig.Start, stubOptions{Name: "kept"})
	if _, ok := r.In.(stubIntegration); !ok || got.Name != "kept" || r.Env.URL("api") == "" {
		t.Fatalf("started %T with %+v, env %v", r.In, got, r.Env.Endpoints)
	}
	r.Clk.Add(time.Minute)
	if !r.Fake.now().Equal(fakekit.T0.Add(time.Minute)) || !r.Env.Time().Equal(r.Fake.now()) {
		t.Errorf("the fake, the env and the clock do not share one time: %v, %v", r.Fake.now(), r.Env.Time())
	}
}
