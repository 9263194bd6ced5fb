package brokertest

import (
	"errors"
	"net/url"
	"reflect"
	"regexp"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

var (
	slugRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	regionRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

var authKinds = []integrations.AuthKind{
	integrations.AuthOAuth2, integrations.AuthOAuth1, integrations.AuthCredentials,
	integrations.AuthAPIKey, integrations.AuthToken, integrations.AuthImport, integrations.AuthBridge,
}

func validAuthKind(k integrations.AuthKind) bool {
	for _, v := range authKinds {
		if v == k {
			return true
		}
	}
	return false
}

// checkInstitution checks the institution's metadata and that the harness's
// Env keeps every endpoint on loopback.
func (s *suite) checkInstitution(t tb, _ string) {
	r := s.newRig(t)
	in := r.inst
	if !reflect.DeepEqual(in, r.in.Institution()) {
		t.Errorf("institution: Institution() returns different metadata on a second call")
	}
	if !slugRE.MatchString(in.ID) {
		t.Errorf("institution: ID %q is not a lower-case slug like \"alpaca-paper\"", in.ID)
	}
	if in.Name == "" || in.DisplayName == "" {
		t.Errorf("institution %s: Name %q and DisplayName %q must both be set", in.ID, in.Name, in.DisplayName)
	}
	if in.Region != "global" && !regionRE.MatchString(in.Region) {
		t.Errorf("institution %s: Region %q is neither an ISO country code nor \"global\"", in.ID, in.Region)
	}
	if in.Kind != integrations.KindBroker && in.Kind != integrations.KindCryptoExchange {
		t.Errorf("institution %s: Kind %q is not a documented kind", in.ID, in.Kind)
	}
	if in.Help == "" {
		t.Errorf("institution %s: Help is empty: tell the user where to find keys or how to register an app", in.ID)
	}
	checkURL(t, "institution Website", in.Website)
	if len(in.Capabilities) == 0 {
		t.Errorf("institution %s: no capabilities", in.ID)
	}
	seenCap := map[integrations.Capability]bool{}
	for _, c := range in.Capabilities {
		switch c {
		case integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions:
		default:
			t.Errorf("institution %s: capability %q is not documented", in.ID, c)
		}
		if seenCap[c] {
			t.Errorf("institution %s: capability %q listed twice", in.ID, c)
		}
		seenCap[c] = true
	}
	if len(in.AuthMethods) == 0 {
		t.Errorf("institution %s: no auth methods", in.ID)
	}
	seenKind := map[integrations.AuthKind]bool{}
	for _, m := range in.AuthMethods {
		where := "auth method " + string(m.Kind)
		if !validAuthKind(m.Kind) {
			t.Errorf("%s: not a documented auth kind", where)
		}
		if seenKind[m.Kind] {
			t.Errorf("%s: offered twice", where)
		}
		seenKind[m.Kind] = true
		if m.Label == "" {
			t.Errorf("%s: Label is empty", where)
		}
		checkURL(t, where+" HelpURL", m.HelpURL)
		if m.NeedsApp && m.AppHelp == "" {
			t.Errorf("%s: NeedsApp without AppHelp telling the user how to register the app", where)
		}
		switch m.Kind {
		case integrations.AuthCredentials, integrations.AuthAPIKey, integrations.AuthToken:
			if len(m.Fields) == 0 {
				t.Errorf("%s: no Fields to fill", where)
			}
		}
		checkFields(t, where, m.Fields)
	}
	seenEP := map[string]bool{}
	for _, e := range in.Endpoints {
		if e.Name == "" || seenEP[e.Name] {
			t.Errorf("institution %s: endpoint name %q is empty or repeated", in.ID, e.Name)
		}
		seenEP[e.Name] = true
		checkURL(t, "endpoint "+e.Name, e.URL)
		u, ok := r.env.Endpoints[e.Name]
		if !ok {
			t.Errorf("harness: Env.Endpoints has no %q: every endpoint must point at the fake", e.Name)
			continue
		}
		if err := loopbackURL(u); err != nil {
			t.Errorf("harness: Env endpoint %q: %v", e.Name, err)
		}
	}
	for name, u := range r.env.Endpoints {
		if err := loopbackURL(u); err != nil {
			t.Errorf("harness: Env endpoint %q: %v", name, err)
		}
	}
}

func checkURL(t tb, what, raw string) {
	t.Helper()
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf("%s: %q is not an absolute http(s) URL", what, raw)
	}
}

// checkFields checks fields a front end renders.
func checkFields(t tb, where string, fields []integrations.Field) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range fields {
		checkField(t, where, f)
		if seen[f.Name] {
			t.Errorf("%s: field name %q repeated", where, f.Name)
		}
		seen[f.Name] = true
	}
}

func checkField(t tb, where string, f integrations.Field) {
	t.Helper()
	w := where + " field " + f.Name
	if f.Name == "" {
		t.Errorf("%s: a field has no Name (label %q)", where, f.Label)
	}
	if f.Label == "" {
		t.Errorf("%s: Label is empty", w)
	}
	switch f.Kind {
	case integrations.FieldText, integrations.FieldSecret:
	case integrations.FieldFile:
		for _, ext := range f.Accept {
			if !strings.HasPrefix(ext, ".") || len(ext) < 2 {
				t.Errorf("%s: Accept %q is not a file name extension like \".csv\"", w, ext)
			}
		}
	case integrations.FieldChoice:
		if len(f.Choices) == 0 {
			t.Errorf("%s: a choice field without Choices", w)
		}
		for _, c := range f.Choices {
			if c.Value == "" || c.Label == "" {
				t.Errorf("%s: choice %+v needs a Value and a Label", w, c)
			}
		}
	default:
		t.Errorf("%s: Kind %q is not a documented field kind", w, f.Kind)
	}
	if secretName(f.Name) && f.Kind != integrations.FieldSecret {
		t.Errorf("%s: named like a secret but its Kind is %q, not %q", w, f.Kind, integrations.FieldSecret)
	}
	checkURL(t, w+" HelpURL", f.HelpURL)
}

var sentinels = []error{
	integrations.ErrReauthRequired, integrations.ErrInvalidCredentials, integrations.ErrInvalidMFACode,
	integrations.ErrApprovalDenied, integrations.ErrLoginTimeout, integrations.ErrAccountLocked,
	integrations.ErrRateLimited, integrations.ErrUnavailable, integrations.ErrNotSupported,
	integrations.ErrDifferentLogin,
}

// checkHarness checks the harness covers the institution: a login script
// for every auth method, none for a method it lacks, documented sentinels.
func (s *suite) checkHarness(t tb, _ string) {
	r := s.newRig(t)
	have := map[integrations.AuthKind]bool{}
	for _, sc := range s.h.Logins {
		have[sc.Method] = true
		if _, ok := r.inst.Method(sc.Method); !ok {
			t.Errorf("harness: login script %s uses method %q, which %s does not offer", scriptName(sc), sc.Method, r.inst.ID)
		}
	}
	for _, m := range r.inst.AuthMethods {
		if m.Kind == integrations.AuthImport {
			continue // the import section (RunImport) covers it with files
		}
		if !have[m.Kind] {
			t.Errorf("harness: no login script for auth method %q", m.Kind)
		}
	}
	// A method the user types into must prove a refusal maps to
	// ErrInvalidCredentials.
	refused := map[integrations.AuthKind]bool{}
	for _, f := range s.h.LoginFailures {
		if f.Want != nil && errors.Is(f.Want, integrations.ErrInvalidCredentials) {
			refused[f.Script.Method] = true
		}
	}
	for _, m := range r.inst.AuthMethods {
		switch m.Kind {
		case integrations.AuthCredentials, integrations.AuthAPIKey, integrations.AuthToken:
			if !refused[m.Kind] {
				t.Errorf("harness: no failure script for %q wanting ErrInvalidCredentials (a wrong password, key or token)", m.Kind)
			}
		}
	}
	for _, f := range s.h.LoginFailures {
		if f.Want == nil {
			t.Errorf("harness: failure script %q has no Want", f.Name)
			continue
		}
		documented := false
		for _, e := range sentinels {
			if errors.Is(f.Want, e) {
				documented = true
			}
		}
		if !documented {
			t.Errorf("harness: failure script %q wants %v, which is not a documented sentinel", f.Name, f.Want)
		}
	}
	for _, f := range s.exp.Faults {
		known := false
		for _, k := range AllFaults {
			known = known || k == f
		}
		if !known {
			t.Errorf("harness: Expect.Faults lists unknown fault %q", f)
		}
	}
}
