package app_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/etoro"
	etorofake "github.com/latchkey/latchkey/integrations/etoro/fake"
)

// TestJourneyEToro is TestJourneyAgainstEveryFake's journey for eToro, real
// and virtual, which that table leaves out: at its documented pace (the
// shared 60 requests a minute, paced at one a second) a sync takes seconds
// each. Here the limiter is off: connect with the public API key and the
// environment's user key, sync, the institution refuses the key → disabled
// with the data kept, reconnect → active with the same connection.
func TestJourneyEToro(t *testing.T) {
	f, err := etorofake.New(etorofake.Options{RateLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	for _, j := range []struct{ inst, userKey string }{
		{etoro.ID, etorofake.RealUserKey},
		{etoro.DemoID, etorofake.DemoUserKey},
	} {
		t.Run(j.inst, func(t *testing.T) {
			a := newJourneyApp(t, journeySetup{integrations: etoro.New(), endpoints: f.Endpoints()})
			values := etorofake.Keys(etorofake.DemoAPIKey, j.userKey, "")
			playJourney(t, a, journeyPlay{inst: j.inst, fake: f, accounts: 1, refused: "the institution refused the key",
				login: journeyLogin(t, integrations.AuthAPIKey, values, 5, answerValues(values))})
		})
	}
}
