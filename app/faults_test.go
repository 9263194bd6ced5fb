package app_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

// TestFaultMatrix proves, per failure kind, the status a sync leaves and that
// the cached data survives it; and that the next good sync recovers.
func TestFaultMatrix(t *testing.T) {
	for _, tc := range []struct {
		name       string
		oauth      bool
		inject     func(e *testEnv, hang *atomic.Bool)
		wantStatus app.Status
		wantCode   string
	}{
		{"http 500", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultServerError, 1000) }, app.StatusError, "UNAVAILABLE"},
		{"429 retry-after", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultRateLimited, 1000) }, app.StatusError, "RATE_LIMITED"},
		{"maintenance 503", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultMaintenance, 1000) }, app.StatusError, "UNAVAILABLE"},
		{"timeout", false, func(e *testEnv, hang *atomic.Bool) { hang.Store(true) }, app.StatusError, "UNAVAILABLE"},
		{"malformed json", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultMalformed, 1000) }, app.StatusError, "UNAVAILABLE"},
		{"truncated body", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultTruncated, 1000) }, app.StatusError, "UNAVAILABLE"},
		{"401", false, func(e *testEnv, _ *atomic.Bool) { e.srv.Inject(demo.FaultUnauthorized, 1000) }, app.StatusDisabled, "REAUTH_REQUIRED"},
		{"invalid_grant", true, func(e *testEnv, _ *atomic.Bool) { e.srv.RevokeAll(); e.srv.ExpireAccessTokens() }, app.StatusDisabled, "REAUTH_REQUIRED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hang atomic.Bool
			e := newEnv(t, func(o *app.Options) { o.MaxRetries = 1; o.MaxRetryWait = time.Millisecond })
			// A proxy in front of the demo that can stop answering.
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hang.Load() {
					<-r.Context().Done()
					return
				}
				e.srv.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(proxy.Close)
			fast := fastHTTP
			fast.Timeout = 300 * time.Millisecond
			reg, err := app.NewRegistryWith(demo.New(demo.Options{DataDir: e.dir, ApproveAfter: -1, RateLimit: 1 << 20}), "", fast)
			if err != nil {
				t.Fatal(err)
			}
			_ = reg.SetOverrides(integrations.Overrides{demo.ID: {"api": proxy.URL}})
			e.a = app.New(app.Options{Vault: e.v, Registry: reg, Notifier: e.notes, DataDir: e.dir, RetryBase: time.Millisecond,
				MaxRetries: 1, MaxRetryWait: time.Millisecond, Browser: &consentBrowser{decision: "approve"}})

			var c app.Connection
			if tc.oauth {
				p, _ := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.ID})
				if _, err := drive(e.ctx, p, integrations.AuthOAuth2, nil); err != nil {
					t.Fatal(err)
				}
				c = *p.Connection()
			} else {
				c = e.connect("user_good")
			}
			if res := e.sync(c.ID); res[0].Err != nil {
				t.Fatalf("first sync: %v", res[0].Err)
			}
			before := e.snapshot(c.ID)

			tc.inject(e, &hang)
			res := e.sync(c.ID)
			if res[0].Status != tc.wantStatus || res[0].Code != tc.wantCode {
				t.Fatalf("status %s code %s (%v); want %s %s", res[0].Status, res[0].Code, res[0].Err, tc.wantStatus, tc.wantCode)
			}
			got := e.conn(c.ID)
			if st := got.Sync[app.DataHoldings]; st.LastError != tc.wantCode || st.LastSuccess.IsZero() {
				t.Errorf("holdings sync state %+v", st)
			}
			if e.snapshot(c.ID) != before {
				t.Fatal("the failed sync changed the cached data")
			}
			if tc.wantStatus == app.StatusDisabled {
				return
			}
			hang.Store(false)
			e.srv.Inject(demo.FaultServerError, 0)
			if res := e.sync(c.ID); res[0].Err != nil || res[0].Status != app.StatusActive {
				t.Fatalf("sync after the fault cleared: %+v", res[0])
			}
		})
	}
}
