package app_test

import (
	"testing"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	angelonefake "github.com/latchkey/latchkey/integrations/angelone/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	comdirectfake "github.com/latchkey/latchkey/integrations/comdirect/fake"
	dhanfake "github.com/latchkey/latchkey/integrations/dhan/fake"
	fyersfake "github.com/latchkey/latchkey/integrations/fyers/fake"
	growwfake "github.com/latchkey/latchkey/integrations/groww/fake"
	kotakneofake "github.com/latchkey/latchkey/integrations/kotakneo/fake"
)

// indiaFake is what the journey needs of a broker's fake.
type indiaFake interface {
	Endpoints() map[string]map[string]string
	Inject(brokertest.Fault, int)
	Close() error
}

// indiaJourney is how a user connects one of India's retail brokers to its
// fake.
type indiaJourney struct {
	inst   string
	method integrations.AuthKind
	values map[string]string
	app    *integrations.AppRegistration
	// start runs the broker's fake with its rate limit out of the way.
	start func() (indiaFake, error)
}

func indiaJourneys() []indiaJourney {
	return []indiaJourney{
		{inst: "dhan", method: integrations.AuthToken, values: dhanfake.Values(dhanfake.MainClientID, dhanfake.MainToken),
			start: func() (indiaFake, error) { return dhanfake.New(dhanfake.Options{RateLimit: 1 << 20}) }},
		{inst: "dhan", method: integrations.AuthOAuth2, values: map[string]string{"client_id": dhanfake.MainClientID}, app: &dhanfake.App,
			start: func() (indiaFake, error) { return dhanfake.New(dhanfake.Options{RateLimit: 1 << 20}) }},
		{inst: "angelone", method: integrations.AuthCredentials,
			values: angelonefake.Values(angelonefake.APIKey, angelonefake.MainClient, angelonefake.MainPIN, angelonefake.TOTP),
			start:  func() (indiaFake, error) { return angelonefake.New(angelonefake.Options{RateLimit: 1 << 20}) }},
		{inst: "kotakneo", method: integrations.AuthCredentials,
			values: kotakneofake.Values(kotakneofake.AccessToken, kotakneofake.MainMobile, kotakneofake.MainUCC, kotakneofake.TOTP, kotakneofake.MainMPIN),
			start:  func() (indiaFake, error) { return kotakneofake.New(kotakneofake.Options{RateLimit: 1 << 20}) }},
		{inst: "groww", method: integrations.AuthToken, values: growwfake.TokenValues(growwfake.MainToken),
			start: func() (indiaFake, error) { return growwfake.New(growwfake.Options{RateLimit: 1 << 20}) }},
		{inst: "groww", method: integrations.AuthCredentials, values: growwfake.TOTPValues(growwfake.MainAPIKey, growwfake.TOTP),
			start: func() (indiaFake, error) { return growwfake.New(growwfake.Options{RateLimit: 1 << 20}) }},
		{inst: "fyers", method: integrations.AuthOAuth2, app: &fyersfake.App,
			start: func() (indiaFake, error) { return fyersfake.New(fyersfake.Options{RateLimit: 1 << 20}) }},
		// Not India, but this branch's too (issue 19): the photoTAN push
		// approval, polled every 2 seconds.
		{inst: "comdirect", method: integrations.AuthCredentials, values: comdirectfake.Values(comdirectfake.PushUser),
			start: func() (indiaFake, error) { return comdirectfake.New(comdirectfake.Options{RateLimit: 1 << 20}) }},
	}
}

// TestJourneyIndia is TestJourneyAgainstEveryFake's journey for India's
// retail brokers (Dhan, Fyers, Angel One, Kotak Neo, Groww), each against its own
// fake through the app as the front ends use it: connect, sync, the broker
// refuses the day's token → disabled with the data kept, log in again →
// active with the same connection and accounts.
func TestJourneyIndia(t *testing.T) {
	for _, j := range indiaJourneys() {
		t.Run(j.inst+"/"+string(j.method), func(t *testing.T) {
			f, err := j.start()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = f.Close() })
			a := newJourneyApp(t, journeySetup{endpoints: f.Endpoints(), inst: j.inst, app: j.app})
			playJourney(t, a, journeyPlay{inst: j.inst, fake: f, refused: "the broker refused the token",
				login: journeyLogin(t, j.method, j.values, 10, answerConsent(j.values)),
				connected: func(t *testing.T, c app.Connection) {
					if c.ExpiresAt.IsZero() {
						t.Error("the connection does not know when the day's token ends")
					}
				}})
		})
	}
}
