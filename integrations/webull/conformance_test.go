package webull_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/webull/fake"
)

var t0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

func clock() func() time.Time { return func() time.Time { return t0 } }

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	f, err := fake.New(fake.Options{Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := webull.NewPolling(time.Millisecond)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[webull.ID], HTTP: hc, Now: clock()}
	return in, env, f
}

func keys(app fake.App) map[string]string {
	return map[string]string{"key_id": app.Key, "app_secret": app.Secret}
}

func TestConformance(t *testing.T) {
	key := integrations.AuthAPIKey
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			in, env, f := newRig(t)
			return in, env, f
		},
		Logins: []brokertest.LoginScript{
			{Name: "approved in the app", Method: key, Values: keys(fake.Apps[0])},
			{Name: "2FA off", Method: key, Values: keys(fake.Apps[1])},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong secret", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: key, Values: map[string]string{"key_id": fake.Apps[0].Key, "app_secret": "wb-app-secret-wrong"}}},
			{Name: "unknown key", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: key, Values: map[string]string{"key_id": "someone-else", "app_secret": fake.Apps[0].Secret}}},
			{Name: "never verified", Want: integrations.ErrLoginTimeout, Script: brokertest.LoginScript{
				Method: key, Values: keys(fake.Apps[2])}},
			{Name: "token invalid", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{
				Method: key, Values: keys(fake.Apps[3])}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 8, MinActivities: 45, Paginated: true,
			Currencies:         []string{"USD"},
			ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityOption},
			FullAccountNumbers: fake.FullAccountNumbers(fake.Apps[0].UserID),
			Since:              t0.AddDate(-1, 0, 0),
		},
	})
}

// TestConformanceRegions runs the suite for Webull Hong Kong and Webull
// Japan with the harness their fake exports (Webull US runs above and in
// integrations/allfakes' table).
func TestConformanceRegions(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, webull.New()[1:]...)
}
