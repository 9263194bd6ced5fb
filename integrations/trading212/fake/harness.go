package fake

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/trading212"
)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock standing at fakekit.T0.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return rig.Start(t, in, Options{})
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, DemoID}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) { o.Now = now },
	Run: func(in integrations.Integration, clk *fakekit.Clock) integrations.Integration {
		return in.(*trading212.Integration).WithSleep(fakekit.ClockSleep(clk))
	},
	Seen: func(srv *Server, id string) brokertest.Fake {
		if id == DemoID {
			return counted{Server: srv, inst: id, number: DemoNumber}
		}
		return counted{Server: srv, inst: id, number: InvestNumber}
	}}

// Harness is the conformance harness of a Trading 212 variant (a
// brokertest.HarnessFunc). The fake keeps its documented per-endpoint
// limits; the integration sits them out on the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if _, ok := in.(*trading212.Integration); !ok {
		return brokertest.Harness{}, false
	}
	return rig.Harness(in, func(id string) brokertest.Harness {
		key := func(k, sec string) map[string]string {
			v := map[string]string{"api_key": k}
			if sec != "" {
				v["api_secret"] = sec
			}
			return v
		}
		login := func(name, k, sec string) brokertest.LoginScript {
			return brokertest.LoginScript{Name: name, Method: integrations.AuthAPIKey, Values: key(k, sec)}
		}
		failure := func(name, k, sec string) brokertest.FailureScript {
			return brokertest.FailureScript{Name: name, Want: integrations.ErrInvalidCredentials, Script: login("key", k, sec)}
		}
		h := brokertest.Harness{}
		switch id {
		case LiveID:
			h.Logins = []brokertest.LoginScript{login("invest", LiveKey, LiveSecret), login("legacy key", LegacyKey, ""),
				login("isa", ISAKey, ISASecret)}
			h.LoginFailures = []brokertest.FailureScript{failure("wrong secret", LiveKey, "t212-wrong-secret"),
				failure("unknown key", "T212UNKNOWN9999", LiveSecret), failure("practice key on live", DemoKey, DemoSecret),
				failure("no history permission", NoHistKey, NoHistSecret)}
			h.Expect = brokertest.Expect{
				MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
				Currencies: []string{"GBP", "USD", "EUR"},
				ActivityTypes: []integrations.ActivityType{
					integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivitySplit, integrations.ActivityDividend,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityFee,
					integrations.ActivityInterest, integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivityOther,
				},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity},
				FullAccountNumbers: []string{"21400101", "21400202"},
			}
		case DemoID:
			h.Logins = []brokertest.LoginScript{login("practice", DemoKey, DemoSecret)}
			h.LoginFailures = []brokertest.FailureScript{failure("live key on practice", LiveKey, LiveSecret)}
			h.Expect = brokertest.Expect{
				MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
				Currencies:         []string{"GBP", "EUR"},
				FullAccountNumbers: []string{"31400303"},
			}
		}
		return h
	})
}

// counted is the fake seen from one institution, counting what it serves.
type counted struct {
	*Server
	inst   string
	number int64
}

func (c counted) Count(list brokertest.List, acct string) int {
	if list == brokertest.ListAccounts {
		return 1
	}
	if acct != trading212.AccountID(c.inst, c.number) {
		return 0
	}
	p, a := c.Counts(c.number)
	if list == brokertest.ListPositions {
		return p
	}
	return a
}
