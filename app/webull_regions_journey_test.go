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
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/webull"
	webullfake "github.com/latchkey/latchkey/integrations/webull/fake"
	"github.com/latchkey/latchkey/vault"
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
			ctx := t.Context()
			dir := t.TempDir()
			v, _, err := vault.Create(ctx, filepath.Join(dir, "vault.db"), []byte("test password"), vault.CreateOptions{InsecureTestKDF: true})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			reg, err := integrations.NewRegistry(variants...)
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
			var values map[string]string
			for _, k := range webullfake.Apps {
				if k.Key == j.key {
					values = webullfake.Keys(k)
				}
			}
			login := func(p *app.Portal) {
				t.Helper()
				step, err := p.Begin(ctx, integrations.AuthAPIKey, values)
				for i := 0; err == nil && i < 10; i++ {
					if _, ok := step.(*integrations.DoneStep); ok {
						return
					}
					ans := integrations.Answer{Values: values}
					if _, ok := step.(*integrations.ApproveStep); ok {
						ans = integrations.Answer{}
					}
					step, err = p.Next(ctx, ans)
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
			if len(accts) != 2 {
				t.Fatalf("%d accounts after the first sync", len(accts))
			}
			f.Inject(brokertest.Unauthorized, 1<<20)
			res, _ = a.Refresh(ctx, []string{c.ID}, nil)
			f.Inject(brokertest.Unauthorized, 0)
			if res[0].Status != app.StatusDisabled || !errors.Is(res[0].Err, integrations.ErrReauthRequired) {
				t.Fatalf("sync after the institution revoked the grant: %s %v", res[0].Status, res[0].Err)
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
