package app_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/tiger"
	tigerfake "github.com/latchkey/latchkey/integrations/tiger/fake"
)

// TestJourneyTiger is TestJourneyAgainstEveryFake's journey for Tiger
// Brokers and Tiger Brokers Hong Kong, which that table leaves out: at
// their documented pace (60 calls a minute per method, paced at one a
// second) a sync takes tens of seconds. Here the limiter is off: connect
// with the Tiger ID and RSA key (Hong Kong with its token, renewed by the
// first sync), sync, the institution refuses the key → disabled with the
// data kept, reconnect → active with the same connection.
func TestJourneyTiger(t *testing.T) {
	f, err := tigerfake.New(tigerfake.Options{RateLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	for _, j := range []struct{ inst, tigerID, token string }{
		{tiger.ID, tigerfake.TigerID, ""},
		{tiger.HKID, tigerfake.HKTigerID, tigerfake.DemoToken},
	} {
		t.Run(j.inst, func(t *testing.T) {
			a := newJourneyApp(t, journeySetup{integrations: tiger.New(), endpoints: f.Endpoints()})
			values := tigerfake.Keys(j.tigerID, tigerfake.DemoPrivateKey, j.token)
			playJourney(t, a, journeyPlay{inst: j.inst, fake: f, accounts: 2, refused: "the institution refused the key",
				login: journeyLogin(t, integrations.AuthAPIKey, values, 5, answerValues(values))})
		})
	}
}
