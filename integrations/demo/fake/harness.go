// Package fake runs the demo brokerage for the conformance suite: its real
// server (package demo) behind the suite's fault injector, on fakekit's
// listener and clock. The demo is its own server and ships in the app, so
// this package holds only the harness (Harness, a brokertest.HarnessFunc).
package fake

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/demo"
)

// T0 is the harness's "now": the demo's data is anchored to its day.
var T0 = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// Server is a demo server behind the suite's fault injector.
type Server struct {
	fakekit.Base
	Demo     *demo.Server
	exchange bool
	login    string // the suite's first login, whose rows Count counts
}

// RevokeAll revokes every grant the demo server issued or saw.
func (s *Server) RevokeAll() { s.Demo.RevokeAll() }

// ExpireAccessTokens expires every OAuth access token.
func (s *Server) ExpireAccessTokens() { s.Demo.ExpireAccessTokens() }

// Close stops both listeners.
func (s *Server) Close() error {
	return errors.Join(s.Base.Close(), s.Demo.Close())
}

// Endpoints points both demo institutions at the server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{demo.ID: {"api": s.URL()}, demo.CryptoID: {"api": s.URL()}}
}

// Count says how many rows the demo serves the suite's first login.
func (s *Server) Count(list brokertest.List, accountID string) int {
	accts, pos, acts := s.Demo.Counts(s.login, s.exchange, accountID)
	switch list {
	case brokertest.ListAccounts:
		return accts
	case brokertest.ListPositions:
		return pos
	}
	return acts
}

// dataPath reports whether a request is a data request (faults apply).
func dataPath(p string) bool {
	return p == "/v1/me" || strings.HasPrefix(p, "/v1/accounts") || strings.HasPrefix(p, "/crypto/v1/")
}

// Options are the demo's options for a harness: pushes approved only on
// the approve page, polls every millisecond, a generous rate limit.
func Options(now func() time.Time) demo.Options {
	return demo.Options{Now: now, PollInterval: time.Millisecond, RateLimit: 1000, ApproveAfter: -1}
}

// Start runs a demo server behind the injector for a test: the Env for in
// (one of demo.New(Options(clk.Now)) with the clock Start returns) and the
// server. exchange and login say whose rows Count counts.
func Start(t testing.TB, in integrations.Integration, exchange bool, login string) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		clk.Set(T0)
		d, err := demo.NewServer(Options(clk.Now))
		if err != nil {
			return nil, err
		}
		s := &Server{Demo: d, exchange: exchange, login: login}
		h := d.Handler()
		if err := s.Start("demo harness", "", clk.Now, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if dataPath(r.URL.Path) && s.Serve(w, r) {
				return
			}
			h.ServeHTTP(w, r)
		})); err != nil {
			_ = d.Close()
			return nil, err
		}
		return s, nil
	})
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

// Creds are a username's login values with the demo's password and any
// extra name-value pairs (a code, a choice, answers).
func Creds(user string, extra ...string) map[string]string {
	return fakekit.With(map[string]string{"username": user, "password": demo.GoodPassword}, extra...)
}

// Harness is the conformance harness of the demo's two institutions (a
// brokertest.HarnessFunc): every login kind and scenario of the brokerage,
// and the crypto exchange's signed API key. The integration is a fresh one
// on the harness's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	id := in.Institution().ID
	fail := func(name string, want error, sc brokertest.LoginScript) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: sc}
	}
	variant := func(clk *fakekit.Clock) integrations.Integration {
		for _, v := range demo.New(Options(clk.Now)) {
			if v.Institution().ID == id {
				return v
			}
		}
		return in
	}
	switch id {
	case demo.ID:
		cred := integrations.AuthCredentials
		return brokertest.Harness{
			New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
				env, srv, clk := Start(t, in, false, "user_good")
				return variant(clk), env, srv
			},
			Logins: []brokertest.LoginScript{
				{Name: "user_good", Method: cred, Values: Creds("user_good")},
				{Name: "oauth", Method: integrations.AuthOAuth2, Refreshes: true, Answer: press("approve", nil)},
				{Name: "user_mfa_code", Method: cred, Values: Creds("user_mfa_code", "code", demo.MFACode)},
				{Name: "user_mfa_choice", Method: cred, Values: Creds("user_mfa_choice", "method", "email", "code", demo.MFACode)},
				{Name: "user_mfa_push", Method: cred, Values: Creds("user_mfa_push"), Answer: press("approve", Creds("user_mfa_push"))},
				{Name: "user_mfa_questions", Method: cred, Values: Creds("user_mfa_questions", "q1", demo.AnswerColour, "q2", demo.AnswerPet)},
				{Name: "user_expiring", Method: cred, Values: Creds("user_expiring")},
			},
			LoginFailures: []brokertest.FailureScript{
				fail("wrong password", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: cred, Values: map[string]string{"username": "user_good", "password": "pass_wrong"}}),
				fail("wrong code", integrations.ErrInvalidMFACode, brokertest.LoginScript{Method: cred, Values: Creds("user_mfa_code", "code", "654321")}),
				fail("wrong answers", integrations.ErrInvalidMFACode, brokertest.LoginScript{Method: cred, Values: Creds("user_mfa_questions", "q1", "green", "q2", "fido")}),
				fail("locked", integrations.ErrAccountLocked, brokertest.LoginScript{Method: cred, Values: Creds("user_locked")}),
				fail("rate limited", integrations.ErrRateLimited, brokertest.LoginScript{Method: cred, Values: Creds("user_rate_limited")}),
				fail("maintenance", integrations.ErrUnavailable, brokertest.LoginScript{Method: cred, Values: Creds("user_maintenance")}),
				fail("push denied", integrations.ErrApprovalDenied, brokertest.LoginScript{Method: cred, Values: Creds("user_mfa_push"), Answer: press("deny", Creds("user_mfa_push"))}),
				fail("oauth denied", integrations.ErrApprovalDenied, brokertest.LoginScript{Method: integrations.AuthOAuth2, Answer: press("deny", nil)}),
			},
			Expect: brokertest.Expect{
				MinAccounts: 3, MinPositions: 22, MinActivities: 400, Paginated: true,
				Currencies:    []string{"USD", "CAD"},
				ActivityTypes: integrations.ActivityTypes,
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityFund,
					integrations.SecurityOption, integrations.SecurityCrypto, integrations.SecurityCash},
				FullAccountNumbers: demo.AccountNumbers("user_good", false, T0),
			},
		}, true
	case demo.CryptoID:
		key := func(k, sec string) map[string]string { return map[string]string{"key_id": k, "secret": sec} }
		return brokertest.Harness{
			New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
				env, srv, clk := Start(t, in, true, demo.CryptoKey)
				return variant(clk), env, srv
			},
			Logins: []brokertest.LoginScript{{Name: "demo_key", Method: integrations.AuthAPIKey, Values: key(demo.CryptoKey, demo.CryptoSecret)}},
			LoginFailures: []brokertest.FailureScript{
				fail("wrong secret", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: integrations.AuthAPIKey, Values: key(demo.CryptoKey, "demo_secret_wrong")}),
				fail("unknown key", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: integrations.AuthAPIKey, Values: key("someone_else", demo.CryptoSecret)}),
			},
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 5, MinActivities: 150, Paginated: true,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
					integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
					integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityCrypto},
				FullAccountNumbers: demo.AccountNumbers(demo.CryptoKey, true, T0),
			},
		}, true
	}
	return brokertest.Harness{}, false
}
