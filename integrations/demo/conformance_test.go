package demo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// fake is a demo server behind the suite's fault injector.
type fake struct {
	brokertest.Injector
	srv      *Server
	exchange bool
}

func (f *fake) RevokeAll()          { f.srv.RevokeAll() }
func (f *fake) ExpireAccessTokens() { f.srv.ExpireAccessTokens() }

// Count says how many rows the demo serves the suite's first login
// (user_good, or the key demo_key).
func (f *fake) Count(list brokertest.List, accountID string) int {
	sub := userID("user_good")
	if f.exchange {
		sub = cryptoUserID("satoshi")
	}
	p := f.srv.portfolio(sub, f.srv.anchor(), f.exchange)
	if list == brokertest.ListAccounts {
		return len(p.accounts)
	}
	a := p.account(accountID)
	if a == nil {
		return 0
	}
	if list == brokertest.ListPositions {
		return len(a.positions)
	}
	return len(a.activities)
}

// dataPath reports whether a request is a data request (faults apply).
func dataPath(p string) bool {
	return p == "/v1/me" || strings.HasPrefix(p, "/v1/accounts") || strings.HasPrefix(p, "/crypto/v1/")
}

func harnessNew(exchange bool) func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
	return func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
		clk := newClock()
		opts := Options{Now: clk.Now, PollInterval: time.Millisecond, RateLimit: 1000, ApproveAfter: -1}
		f := &fake{srv: newServer(opts, randomBytes(32)), exchange: exchange}
		h := f.srv.Handler()
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if dataPath(r.URL.Path) && f.Serve(w, r) {
				return
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(ts.Close)
		list := New(opts)
		in := list[0]
		if exchange {
			in = list[1]
		}
		// The app's own HTTP client, its waits shrunk.
		hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
		env := integrations.Env{Endpoints: map[string]string{"api": ts.URL}, HTTP: hc, Now: clk.Now}
		return in, env, f
	}
}

// press answers a BrowserStep or an ApproveStep by pressing a button on the
// page the demo serves (the consent page, the approve page).
func press(button string, values map[string]string) func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		switch st := s.(type) {
		case *integrations.BrowserStep:
			_, err := brokertest.SubmitForm(ctx, st.URL, map[string]string{"decision": button})
			return integrations.Answer{}, err
		case *integrations.ApproveStep:
			_, err := brokertest.SubmitForm(ctx, st.ApproveURL, map[string]string{"decision": button})
			return integrations.Answer{}, err
		}
		return brokertest.AutoAnswer(ctx, s, values)
	}
}

func creds(user string, extra ...string) map[string]string {
	v := map[string]string{"username": user, "password": GoodPassword}
	for i := 0; i+1 < len(extra); i += 2 {
		v[extra[i]] = extra[i+1]
	}
	return v
}

func fullNumbers(sub string, exchange bool) []string {
	var out []string
	for _, a := range buildPortfolio(sub, dayOf(t0), exchange).accounts {
		out = append(out, a.wire.Number)
	}
	return out
}

func TestConformanceBrokerage(t *testing.T) {
	cred := integrations.AuthCredentials
	fail := func(name string, want error, sc brokertest.LoginScript) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: sc}
	}
	brokertest.Run(t, brokertest.Harness{
		New: harnessNew(false),
		Logins: []brokertest.LoginScript{
			{Name: "user_good", Method: cred, Values: creds("user_good")},
			{Name: "oauth", Method: integrations.AuthOAuth2, Refreshes: true, Answer: press("approve", nil)},
			{Name: "user_mfa_code", Method: cred, Values: creds("user_mfa_code", "code", MFACode)},
			{Name: "user_mfa_choice", Method: cred, Values: creds("user_mfa_choice", "method", "email", "code", MFACode)},
			{Name: "user_mfa_push", Method: cred, Values: creds("user_mfa_push"), Answer: press("approve", creds("user_mfa_push"))},
			{Name: "user_mfa_questions", Method: cred, Values: creds("user_mfa_questions", "q1", AnswerColour, "q2", AnswerPet)},
			{Name: "user_expiring", Method: cred, Values: creds("user_expiring")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong password", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: cred, Values: map[string]string{"username": "user_good", "password": "pass_wrong"}}),
			fail("wrong code", integrations.ErrInvalidMFACode, brokertest.LoginScript{Method: cred, Values: creds("user_mfa_code", "code", "654321")}),
			fail("wrong answers", integrations.ErrInvalidMFACode, brokertest.LoginScript{Method: cred, Values: creds("user_mfa_questions", "q1", "green", "q2", "fido")}),
			fail("locked", integrations.ErrAccountLocked, brokertest.LoginScript{Method: cred, Values: creds("user_locked")}),
			fail("rate limited", integrations.ErrRateLimited, brokertest.LoginScript{Method: cred, Values: creds("user_rate_limited")}),
			fail("maintenance", integrations.ErrUnavailable, brokertest.LoginScript{Method: cred, Values: creds("user_maintenance")}),
			fail("push denied", integrations.ErrApprovalDenied, brokertest.LoginScript{Method: cred, Values: creds("user_mfa_push"), Answer: press("deny", creds("user_mfa_push"))}),
			fail("oauth denied", integrations.ErrApprovalDenied, brokertest.LoginScript{Method: integrations.AuthOAuth2, Answer: press("deny", nil)}),
		},
		Expect: brokertest.Expect{
			MinAccounts: 3, MinPositions: 22, MinActivities: 400, Paginated: true,
			Currencies:    []string{"USD", "CAD"},
			ActivityTypes: integrations.ActivityTypes,
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityFund,
				integrations.SecurityOption, integrations.SecurityCrypto, integrations.SecurityCash},
			FullAccountNumbers: fullNumbers(userID("user_good"), false),
		},
	})
}

func TestConformanceCrypto(t *testing.T) {
	brokertest.Run(t, brokertest.Harness{
		New: harnessNew(true),
		Logins: []brokertest.LoginScript{
			{Name: "demo_key", Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": CryptoKey, "secret": CryptoSecret}},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong secret", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": CryptoKey, "secret": "demo_secret_wrong"}}},
			{Name: "unknown key", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
				Method: integrations.AuthAPIKey, Values: map[string]string{"key_id": "someone_else", "secret": CryptoSecret}}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 150, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
				integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityCrypto},
			FullAccountNumbers: fullNumbers(cryptoUserID("satoshi"), true),
		},
	})
}
