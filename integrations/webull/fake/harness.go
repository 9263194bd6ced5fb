package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/webull"
)

// view is the fake as one region's login sees it: its counts are that
// App Key's user's.
type view struct {
	*Server
	app App
}

func (v view) Count(list brokertest.List, accountID string) int {
	return v.CountFor(v.app, list, accountID)
}

// Keys are the App Key form's values.
func Keys(app App) map[string]string {
	return map[string]string{"key_id": app.Key, "app_secret": app.Secret}
}

func app(key string) App {
	for _, a := range Apps {
		if a.Key == key {
			return a
		}
	}
	return App{}
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{webull.ID, webull.IDHongKong, webull.IDJapan}, New: New,
	Prepare: func(o *Options, now func() time.Time, id string) {
		o.Now = now
		if id == webull.IDJapan {
			o.PositionsPageSize = cmp.Or(o.PositionsPageSize, 2)
		}
	},
	Suite: Options{RateLimit: 1 << 20},
	Polls: true,
	Seen:  func(srv *Server, id string) brokertest.Fake { return view{Server: srv, app: mainApp(id)} }}

// mainApp is the App Key the suite logs in with in the variant id.
func mainApp(id string) App {
	switch id {
	case webull.IDHongKong:
		return app("wb-hk-app-key")
	case webull.IDJapan:
		return app("wb-jp-app-key")
	}
	return Apps[0]
}

// Harness is the conformance harness of Webull US, Hong Kong and Japan (a
// brokertest.HarnessFunc). The integration polls a pending token every
// millisecond (the fake approves at once); the fake's rate windows are out
// of the way. Japan's fake serves positions two a page, so they page by
// last_id across a holding of the same instrument in two tax accounts.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		key := integrations.AuthAPIKey
		fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
			return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: key, Values: values}}
		}
		wrong := func(a App) map[string]string {
			return map[string]string{"key_id": a.Key, "app_secret": a.Secret + "-wrong"}
		}
		h := brokertest.Harness{Expect: brokertest.Expect{Paginated: true, Since: fakekit.T0.AddDate(-1, 0, 0),
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell}}}
		main := mainApp(id)
		switch id {
		case webull.ID:
			h.Logins = []brokertest.LoginScript{
				{Name: "approved in the app", Method: key, Values: Keys(Apps[0])},
				{Name: "2FA off", Method: key, Values: Keys(Apps[1])},
			}
			h.LoginFailures = []brokertest.FailureScript{
				fail("wrong secret", integrations.ErrInvalidCredentials, wrong(Apps[0])),
				fail("unknown key", integrations.ErrInvalidCredentials, map[string]string{"key_id": "someone-else", "app_secret": Apps[0].Secret}),
				fail("never verified", integrations.ErrLoginTimeout, Keys(Apps[2])),
				fail("token invalid", integrations.ErrApprovalDenied, Keys(Apps[3])),
			}
			h.Expect.MinAccounts, h.Expect.MinPositions, h.Expect.MinActivities = 2, 8, 45
			h.Expect.Currencies = []string{"USD"}
			h.Expect.SecurityTypes = []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityOption}
		case webull.IDHongKong:
			h.Logins = []brokertest.LoginScript{{Name: "approved in the app", Method: key, Values: Keys(main)}}
			h.LoginFailures = []brokertest.FailureScript{
				fail("wrong secret", integrations.ErrInvalidCredentials, wrong(main)),
				fail("a Webull US key", integrations.ErrInvalidCredentials, Keys(Apps[1])),
				fail("never verified", integrations.ErrLoginTimeout, Keys(app("wb-hk-app-key-late"))),
				fail("token invalid", integrations.ErrApprovalDenied, Keys(app("wb-hk-app-key-void"))),
			}
			h.Expect.MinAccounts, h.Expect.MinPositions, h.Expect.MinActivities = 2, 7, 80
			h.Expect.Currencies = []string{"HKD", "USD", "CNY"}
			h.Expect.SecurityTypes = []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF}
		case webull.IDJapan:
			h.Logins = []brokertest.LoginScript{
				{Name: "approved in the app", Method: key, Values: Keys(main)},
				{Name: "2FA off", Method: key, Values: Keys(app("wb-jp-app-key-open"))},
			}
			h.LoginFailures = []brokertest.FailureScript{
				fail("wrong secret", integrations.ErrInvalidCredentials, wrong(main)),
				fail("a Webull Hong Kong key", integrations.ErrInvalidCredentials, Keys(app("wb-hk-app-key"))),
			}
			h.Expect.MinAccounts, h.Expect.MinPositions, h.Expect.MinActivities = 2, 7, 60
			h.Expect.Currencies = []string{"JPY", "USD"}
			h.Expect.SecurityTypes = []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF}
		}
		h.Expect.FullAccountNumbers = FullAccountNumbersOf(main)
		return h
	})
}
