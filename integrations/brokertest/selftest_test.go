package brokertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// TestSuitePassesUnderRecorder makes sure the recorder itself reports a
// clean run as clean, so the failures below are the bugs' doing.
func TestSuitePassesUnderRecorder(t *testing.T) {
	root, failures := record(t, memHarness(bugs{}))
	if root.Failed() || len(failures) > 0 {
		t.Fatalf("the reference integration fails under the recorder:\n%s", strings.Join(failures, "\n"))
	}
}

// TestSuiteCatches runs the suite against deliberately broken variants of
// the reference integration and asserts each is caught, where expected.
func TestSuiteCatches(t *testing.T) {
	cases := []struct {
		name string
		bugs bugs
		edit func(*Harness)
		want []string // substrings of one failure: its subtest path and its message
	}{
		{name: "password in an error", bugs: bugs{leakPassword: true},
			want: []string{"LoginFailure/wrong password", "leak", "the value typed into \"password\""}},
		{name: "401 mapped to the wrong sentinel", bugs: bugs{unauthorizedWrong: true},
			want: []string{"Faults/Unauthorized", "want reauthorisation required"}},
		{name: "duplicate activity ids across pages", bugs: bugs{dupPages: true},
			want: []string{"Data/Activities", "ID repeats"}},
		{name: "duplicate rows against the fake's count", bugs: bugs{dupPages: true},
			want: []string{"Data/Pagination", "the fake serves"}},
		{name: "float artefact in a decimal", bugs: bugs{floatDecimals: true},
			want: []string{"Data/Positions", "float64 artefact"}},
		{name: "unmasked account number", bugs: bugs{unmasked: true},
			want: []string{"Data/Accounts", "is not masked"}},
		{name: "refreshed token used before save", bugs: bugs{useBeforeSave: true},
			want: []string{"Refresh/credentials/SavedBeforeUse", "before SaveFunc was called"}},
		{name: "refreshed token used though save failed", bugs: bugs{useBeforeSave: true},
			want: []string{"Refresh/credentials/SaveFails", "whose save had failed"}},
		{name: "refresh never saved", bugs: bugs{noSave: true},
			want: []string{"Refresh/credentials/SavedBeforeUse", "without calling SaveFunc"}},
		{name: "since ignored", bugs: bugs{ignoreSince: true},
			want: []string{"Data/SinceHonoured", "since is not honoured"}},
		{name: "raw body in an error", bugs: bugs{rawBody: true},
			want: []string{"Faults/ServerError", "raw response body"}},
		{name: "rate limit without Retry-After", bugs: bugs{noRetryAfter: true},
			want: []string{"Faults/RateLimited", "Retry-After"}},
		{name: "hammering a 429", bugs: bugs{hammer: true},
			want: []string{"Faults/RateLimited", "don't hammer"}},
		{name: "unstable fingerprint", bugs: bugs{unstableFingerprint: true},
			want: []string{"Login/credentials", "different fingerprints"}},
		{name: "secret field not marked secret", bugs: bugs{textPassword: true},
			want: []string{"Institution", "named like a secret"}},
		{name: "Env.HTTP bypassed", bugs: bugs{bypassHTTP: true},
			want: []string{"Data", "sent no request through Env.HTTP"}},
		{name: "invalid credentials without the step", bugs: bugs{nilStepOnBadPass: true},
			want: []string{"LoginFailure/wrong password", "without the step to answer again"}},
		{name: "BUY with a positive amount", bugs: bugs{wrongSign: true},
			want: []string{"Data/Activities", "the amount is negative"}},
		{name: "token in the fingerprint", bugs: bugs{secretInString: true},
			want: []string{"Login/credentials", "Fingerprint shows its secret"}},
		{name: "dead refresh token as unavailable", bugs: bugs{mapAllUnavailable: true},
			want: []string{"Refresh/credentials/Revoked", "want ErrReauthRequired"}},
		{name: "partial pages returned as all", bugs: bugs{partialPages: true},
			want: []string{"Faults/MidPagination", "yet Activities returned"}},
		{name: "a failed quote call loses the units", bugs: bugs{priceLosesUnits: true},
			want: []string{"Partial/PriceUnknown", "want the positions with their units"}},
		{name: "a failed quote call passed off as whole", bugs: bugs{priceKeepsValue: true},
			want: []string{"Partial/PriceUnknown", "returned no error"}},
		{name: "a position marked PriceUnknown that keeps a price", bugs: bugs{priceUnknownValued: true},
			want: []string{"Partial/PriceUnknown", "want 0 and 0"}},
		{name: "a price endpoint that is never called", edit: func(h *Harness) { h.PriceEndpoint = "/v1/no-such-prices" },
			want: []string{"Partial/PriceUnknown", "no request reached Harness.PriceEndpoint"}},
		{name: "no script for an auth method", edit: func(h *Harness) { h.Logins = h.Logins[:3] },
			want: []string{"Harness", "no login script for auth method \"oauth\""}},
		{name: "no wrong-key failure script", edit: func(h *Harness) { h.LoginFailures = h.LoginFailures[:3] },
			want: []string{"Harness", "no failure script for \"apikey\""}},
		{name: "failure script wants the wrong sentinel", edit: func(h *Harness) {
			h.LoginFailures[2].Want = integrations.ErrInvalidCredentials
		}, want: []string{"LoginFailure/locked", "want invalid credentials"}},
		{name: "failure script that succeeds", edit: func(h *Harness) {
			h.LoginFailures[0].Script.Values["password"] = memPassword
			h.LoginFailures[0].Script.Values["code"] = memCode
		}, want: []string{"LoginFailure/wrong password", "succeeded"}},
		{name: "undocumented sentinel", edit: func(h *Harness) {
			h.LoginFailures[0].Want = errors.New("nope")
		}, want: []string{"Harness", "not a documented sentinel"}},
		{name: "missing currency", edit: func(h *Harness) { h.Expect.Currencies = append(h.Expect.Currencies, "JPY") },
			want: []string{"Data/Currencies", "JPY appears nowhere"}},
		{name: "missing activity type", edit: func(h *Harness) {
			h.Expect.ActivityTypes = append(h.Expect.ActivityTypes, integrations.ActivitySplit)
		}, want: []string{"Data/Activities", "no activity of type \"SPLIT\""}},
		{name: "too few rows", edit: func(h *Harness) { h.Expect.MinActivities = 1000 },
			want: []string{"Data/Activities", "want at least 1000"}},
		{name: "endpoint left on the internet", edit: func(h *Harness) {
			n := h.New
			h.New = func(t testing.TB) (integrations.Integration, integrations.Env, Fake) {
				in, env, f := n(t)
				env.Endpoints = map[string]string{}
				return in, env, f
			}
		}, want: []string{"Institution", "Env.Endpoints has no \"api\""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := memHarness(tc.bugs)
			if tc.edit != nil {
				tc.edit(&h)
			}
			root, failures := record(t, h)
			if !root.Failed() {
				t.Fatalf("the suite passed a broken integration")
			}
			path, msg := "suite/"+tc.want[0], tc.want[1:]
			var found bool
			for _, f := range failures {
				p, m, _ := strings.Cut(f, ": ")
				if strings.HasPrefix(p, path) && len(matching([]string{m}, msg...)) > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("no failure under %s holding %q; failures:\n%s", path, msg, strings.Join(failures, "\n"))
			}
		})
	}
}
