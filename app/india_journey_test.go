package app_test

import (
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	angelonefake "github.com/latchkey/latchkey/integrations/angelone/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	comdirectfake "github.com/latchkey/latchkey/integrations/comdirect/fake"
	dhanfake "github.com/latchkey/latchkey/integrations/dhan/fake"
	fyersfake "github.com/latchkey/latchkey/integrations/fyers/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
	kotakneofake "github.com/latchkey/latchkey/integrations/kotakneo/fake"
	"github.com/latchkey/latchkey/vault"
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
		{inst: "fyers", method: integrations.AuthOAuth2, app: &fyersfake.App,
			start: func() (indiaFake, error) { return fyersfake.New(fyersfake.Options{RateLimit: 1 << 20}) }},
		// Not India, but this branch's too (issue 19): the photoTAN push
		// approval, polled every 2 seconds.
		{inst: "comdirect", method: integrations.AuthCredentials, values: comdirectfake.Values(comdirectfake.PushUser),
			start: func() (indiaFake, error) { return comdirectfake.New(comdirectfake.Options{RateLimit: 1 << 20}) }},
	}
}

// TestJourneyIndia is TestJourneyAgainstEveryFake's journey for India's
// retail brokers (Dhan, Fyers, Angel One, Kotak Neo), each against its own
// fake through the app as the front ends use it: connect, sync, the broker
// refuses the day's token → disabled with the data kept, log in again →
// active with the same connection and accounts.
func TestJourneyIndia(t *testing.T) {
	for _, j := range indiaJourneys() {
		t.Run(j.inst+"/"+string(j.method), func(t *testing.T) {
			ctx := t.Context()
			f, err := j.start()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = f.Close() })
			dir := t.TempDir()
			v, _, err := vault.Create(ctx, filepath.Join(dir, "vault.db"), []byte("test password"), vault.CreateOptions{InsecureTestKDF: true})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			reg, err := integrations.NewRegistry(all.Integrations(dir)...)
			if err != nil {
				t.Fatal(err)
			}
			reg.SetHTTPFactory(func(inst integrations.Institution) *http.Client {
				return httpx.New(inst, httpx.Options{RPS: -1, MaxTries: 2, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond})
			})
			if err := reg.SetOverrides(f.Endpoints()); err != nil {
				t.Fatal(err)
			}
			a := app.New(app.Options{Vault: v, Registry: reg, DataDir: dir, RetryBase: time.Millisecond, MaxRetries: 2, MaxRetryWait: time.Second})
			if j.app != nil {
				if err := a.SetAppRegistration(ctx, j.inst, j.app); err != nil {
					t.Fatal(err)
				}
			}
			login := func(p *app.Portal) {
				t.Helper()
				step, err := p.Begin(ctx, j.method, j.values)
				for i := 0; err == nil && i < 10; i++ {
					if _, ok := step.(*integrations.DoneStep); ok {
						return
					}
					var ans integrations.Answer
					switch s := step.(type) {
					case *integrations.BrowserStep:
						ans.Redirect, err = approveConsent(ctx, s.URL)
					default:
						ans, err = autoAnswer(step, j.values)
					}
					if err == nil {
						step, err = p.Next(ctx, ans)
					}
				}
				if err != nil {
					t.Fatalf("login: %v", err)
				}
				if _, ok := step.(*integrations.DoneStep); !ok {
					t.Fatalf("login ended at %T", step)
				}
			}
			p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: j.inst})
			if err != nil {
				t.Fatal(err)
			}
			login(p)
			c := *p.Connection()
			if c.ExpiresAt.IsZero() {
				t.Error("the connection does not know when the day's token ends")
			}
			res, _ := a.Refresh(ctx, []string{c.ID}, nil)
			if res[0].Err != nil {
				t.Fatalf("first sync: %v", res[0].Err)
			}
			accts, _ := a.Accounts(ctx, c.ID)
			if len(accts) == 0 {
				t.Fatal("no accounts after the first sync")
			}
			f.Inject(brokertest.Unauthorized, 1<<20)
			res, _ = a.Refresh(ctx, []string{c.ID}, nil)
			f.Inject(brokertest.Unauthorized, 0)
			if res[0].Status != app.StatusDisabled || !errors.Is(res[0].Err, integrations.ErrReauthRequired) {
				t.Fatalf("sync after the broker refused the token: %s %v", res[0].Status, res[0].Err)
			}
			if kept, _ := a.Accounts(ctx, c.ID); len(kept) != len(accts) || !kept[0].Stale {
				t.Fatal("a disabled connection must keep its data, marked stale")
			}
			p, err = a.NewPortal(ctx, app.PortalRequest{ConnectionID: c.ID})
			if err != nil {
				t.Fatal(err)
			}
			login(p)
			res, _ = a.Refresh(ctx, []string{c.ID}, nil)
			if res[0].Err != nil || res[0].Status == app.StatusDisabled || p.Connection().ID != c.ID {
				t.Fatalf("after reconnect: %+v", res[0])
			}
		})
	}
}
