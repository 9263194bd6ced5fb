package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/webull"
	webullfake "github.com/latchkey/latchkey/integrations/webull/fake"
)

// TestJourneyWebullRegions is TestJourneyAgainstEveryFake's journey for
// Webull Hong Kong and Japan, which that table leaves out: at their documented
// pace (1 request a second) a sync there takes tens of seconds. Here the
// limiter is off, the fake's windows out of the way and the token approved
// at once: connect (Hong Kong through the approval in the app), sync, the
// institution refuses the grant → disabled with the data kept, reconnect →
// active with the same connection.
func TestJourneyWebullRegions(t *testing.T) {
	f, err := webullfake.New(webullfake.Options{RateLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	var variants []integrations.Integration
	for _, in := range webull.New() {
		variants = append(variants, in.(*webull.Integration).WithPollInterval(time.Millisecond))
	}
	for _, j := range []struct{ inst, key string }{{webull.IDHongKong, "wb-hk-app-key"}, {webull.IDJapan, "wb-jp-app-key"}} {
		t.Run(j.inst, func(t *testing.T) {
			a := newJourneyApp(t, journeySetup{integrations: variants, endpoints: f.Endpoints()})
			var values map[string]string
			for _, k := range webullfake.Apps {
				if k.Key == j.key {
					values = webullfake.Keys(k)
				}
			}
			answer := func(_ context.Context, step integrations.Step) (integrations.Answer, error) {
				if _, ok := step.(*integrations.ApproveStep); ok {
					return integrations.Answer{}, nil
				}
				return integrations.Answer{Values: values}, nil
			}
			playJourney(t, a, journeyPlay{inst: j.inst, fake: f, accounts: 2, refused: "the institution revoked the grant",
				login: journeyLogin(t, integrations.AuthAPIKey, values, 10, answer)})
		})
	}
}
