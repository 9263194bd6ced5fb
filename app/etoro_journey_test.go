package app_test

import (
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etoro"
	etorofake "github.com/latchkey/latchkey/integrations/etoro/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/vault"
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
			ctx := t.Context()
			dir := t.TempDir()
			v, _, err := vault.Create(ctx, filepath.Join(dir, "vault.db"), []byte("test password"), vault.CreateOptions{InsecureTestKDF: true})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			reg, err := integrations.NewRegistry(etoro.New()...)
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
			values := etorofake.Keys(etorofake.DemoAPIKey, j.userKey, "")
			login := func(p *app.Portal) {
				t.Helper()
				step, err := p.Begin(ctx, integrations.AuthAPIKey, values)
				for i := 0; err == nil && i < 5; i++ {
					if _, ok := step.(*integrations.DoneStep); ok {
						return
					}
					step, err = p.Next(ctx, integrations.Answer{Values: values})
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
			res, _ := a.Refresh(ctx, []string{c.ID}, nil)
			if res[0].Err != nil {
				t.Fatalf("first sync: %v", res[0].Err)
			}
			accts, _ := a.Accounts(ctx, c.ID)
			if len(accts) != 1 {
				t.Fatalf("%d accounts after the first sync", len(accts))
			}
			f.Inject(brokertest.Unauthorized, 1<<20)
			res, _ = a.Refresh(ctx, []string{c.ID}, nil)
			f.Inject(brokertest.Unauthorized, 0)
			if res[0].Status != app.StatusDisabled || !errors.Is(res[0].Err, integrations.ErrReauthRequired) {
				t.Fatalf("sync after the institution refused the key: %s %v", res[0].Status, res[0].Err)
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
