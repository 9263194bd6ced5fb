package integrations_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

type stub struct{ inst integrations.Institution }

func (s stub) Institution() integrations.Institution { return s.inst }
func (stub) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.ErrNotSupported
}
func (stub) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

func inst(id string) stub {
	return stub{integrations.Institution{ID: id, Endpoints: []integrations.Endpoint{{Name: "api", URL: "https://api.example.com"}, {Name: "auth", URL: "https://auth.example.com"}}}}
}

func TestRegistry(t *testing.T) {
	if _, err := integrations.NewRegistry(inst("a"), inst("a")); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("duplicate ids: %v", err)
	}
	if _, err := integrations.NewRegistry(inst("")); err == nil {
		t.Fatal("an empty id was accepted")
	}
	r, err := integrations.NewRegistry(inst("b"), inst("a"))
	if err != nil {
		t.Fatal(err)
	}
	if l := r.List(); len(l) != 2 || l[0].Institution().ID != "a" {
		t.Fatalf("List not sorted: %v", l)
	}
	if _, err := r.Get("zzz"); !errors.Is(err, integrations.ErrUnknownInstitution) {
		t.Fatalf("Get unknown: %v", err)
	}
	env, err := r.Env("a", nil)
	if err != nil || env.URL("api") != "https://api.example.com" || env.HTTP == nil {
		t.Fatalf("default env %+v %v", env, err)
	}
	if err := r.SetOverrides(integrations.Overrides{"a": {"api": "http://127.0.0.1:9"}}); err != nil {
		t.Fatal(err)
	}
	env, _ = r.Env("a", &integrations.AppRegistration{ClientID: "c"})
	if env.URL("api") != "http://127.0.0.1:9" || env.URL("auth") != "https://auth.example.com" || env.App.ClientID != "c" {
		t.Fatalf("overridden env %+v", env.Endpoints)
	}
	// HTTP clients per rate-limit scope: see TestRegistryClientsPerRateScope.
	if err := r.SetOverrides(integrations.Overrides{"nope": {"api": "http://x"}}); !errors.Is(err, integrations.ErrUnknownInstitution) {
		t.Errorf("override of an unknown institution: %v", err)
	}
	if err := r.SetOverrides(integrations.Overrides{"a": {"nope": "http://x"}}); err == nil {
		t.Error("override of an unknown endpoint was accepted")
	}
}

func TestLoadOverrides(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, fmt.Sprint(len(s))+".json")
		os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	o, err := integrations.LoadOverrides(write(`{"a":{"api":"http://127.0.0.1:8080"}}`))
	if err != nil || o["a"]["api"] != "http://127.0.0.1:8080" {
		t.Fatalf("%v %v", o, err)
	}
	for _, bad := range []string{`[1]`, `{"a":{"api":"ftp://x"}}`, `{"a":{"api":"/relative"}}`, `{"a":`} {
		if _, err := integrations.LoadOverrides(write(bad)); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
	if _, err := integrations.LoadOverrides(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestGrantNeverPrintsItsSecret(t *testing.T) {
	g := integrations.Grant{Method: integrations.AuthToken, Secret: []byte("tok-SECRET-123"), Fingerprint: "fp"}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("grant", "g", g)
	js, _ := json.Marshal(g)
	for _, s := range []string{g.String(), fmt.Sprintf("%v %+v %#v %s", g, g, g, &g), logged.String(), string(js)} {
		if strings.Contains(s, "SECRET") {
			t.Errorf("secret printed: %s", s)
		}
	}
	a := integrations.AppRegistration{ClientID: "id", ClientSecret: "CLIENT-SECRET"}
	js, _ = json.Marshal(a)
	if s := fmt.Sprintf("%v %+v %#v", a, a, a) + string(js); strings.Contains(s, "CLIENT-SECRET") {
		t.Errorf("client secret printed: %s", s)
	}
}

func TestFingerprint(t *testing.T) {
	a := integrations.Fingerprint("x", "1", "2")
	if a != integrations.Fingerprint("x", "2", "1") {
		t.Error("order of ids changes the fingerprint")
	}
	if a == integrations.Fingerprint("y", "1", "2") || a == integrations.Fingerprint("x", "1") || a == integrations.Fingerprint("x", "12") {
		t.Error("different logins share a fingerprint")
	}
	if strings.Contains(a, "1") && len(a) != 32 {
		t.Errorf("fingerprint %q", a)
	}
}

func TestErrorsAndUserMessages(t *testing.T) {
	rl := fmt.Errorf("positions: %w", &integrations.RateLimitError{RetryAfter: 90 * time.Second})
	if !errors.Is(rl, integrations.ErrRateLimited) || !integrations.Transient(rl) {
		t.Fatal("RateLimitError must match ErrRateLimited and be transient")
	}
	if d, ok := integrations.RetryAfter(rl); !ok || d != 90*time.Second {
		t.Fatalf("RetryAfter %s %v", d, ok)
	}
	if m := integrations.UserMessage(rl); !strings.Contains(m, "2 minutes") {
		t.Errorf("rate-limit message %q", m)
	}
	for _, tc := range []struct {
		err  error
		code string
	}{
		{integrations.ErrReauthRequired, "REAUTH_REQUIRED"},
		{integrations.Wrap(integrations.ErrUnavailable, "503"), "UNAVAILABLE"},
		{integrations.ErrInvalidCredentials, "INVALID_CREDENTIALS"},
		{integrations.ErrInvalidMFACode, "INVALID_MFA"},
		{integrations.ErrAccountLocked, "ACCOUNT_LOCKED"},
		{integrations.ErrDifferentLogin, "DIFFERENT_LOGIN"},
		{integrations.ErrNotSupported, "NOT_SUPPORTED"},
		{integrations.ErrApprovalDenied, "APPROVAL_DENIED"},
		{integrations.ErrLoginTimeout, "TIMEOUT"},
		{context.Canceled, "CANCELLED"},
		{errors.New(`upstream said {"token":"abc"}`), "UNKNOWN"},
	} {
		wrapped := fmt.Errorf("sync acct: %w", tc.err)
		if got := integrations.Code(wrapped); got != tc.code {
			t.Errorf("Code(%v) = %s, want %s", tc.err, got, tc.code)
		}
		m := integrations.UserMessage(wrapped)
		if m == "" || strings.Contains(m, "abc") || strings.Contains(m, "503") {
			t.Errorf("UserMessage(%v) = %q", tc.err, m)
		}
	}
	if integrations.Transient(integrations.ErrReauthRequired) || integrations.Transient(integrations.ErrInvalidCredentials) {
		t.Error("permanent errors reported as transient")
	}
}

func TestDates(t *testing.T) {
	d, err := integrations.ParseDate("2026-02-28")
	if err != nil || d.Time() != time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("%v %v", d, err)
	}
	for _, bad := range []string{"2026-02-30", "28/02/2026", "", "2026-2-1"} {
		if _, err := integrations.ParseDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if integrations.DateOf(time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)) >= integrations.Date("2026-01-01") {
		t.Error("dates must compare as strings")
	}
	if !integrations.Date("").Time().IsZero() {
		t.Error("the empty date must be the zero time")
	}
	for _, ty := range integrations.ActivityTypes {
		if !ty.Valid() {
			t.Errorf("%s invalid", ty)
		}
	}
	if integrations.ActivityType("BOUGHT").Valid() {
		t.Error("an unknown type is valid")
	}
}

func TestFormLogin(t *testing.T) {
	form := &integrations.FormStep{Fields: []integrations.Field{{Name: "key", Label: "API key"}, {Name: "note", Label: "Note", Optional: true}}}
	var calls int
	newLogin := func(prefill map[string]string) *integrations.FormLogin {
		return &integrations.FormLogin{Form: form, Values: prefill, Validate: func(_ context.Context, v map[string]string) (*integrations.DoneStep, error) {
			calls++
			switch v["key"] {
			case "good":
				return &integrations.DoneStep{Grant: integrations.Grant{Secret: []byte(v["key"])}}, nil
			case "down":
				return nil, integrations.ErrUnavailable
			}
			return nil, integrations.ErrInvalidCredentials
		}}
	}
	ctx := t.Context()
	// Prefilled: validated at once, trimmed.
	if step, err := newLogin(map[string]string{"key": " good "}).Next(ctx, integrations.Answer{}); err != nil || step.(*integrations.DoneStep) == nil {
		t.Fatalf("prefilled: %T %v", step, err)
	}
	l := newLogin(nil)
	if step, err := l.Next(ctx, integrations.Answer{}); err != nil || step != form {
		t.Fatalf("first step %T %v", step, err)
	}
	if step, err := l.Next(ctx, integrations.Answer{Values: map[string]string{"key": "  "}}); step != form || !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "api key") {
		t.Fatalf("empty key: %T %v", step, err)
	}
	before := calls
	if step, err := l.Next(ctx, integrations.Answer{Values: map[string]string{"key": "bad"}}); step != form || !errors.Is(err, integrations.ErrInvalidCredentials) || calls != before+1 {
		t.Fatalf("wrong key: %T %v", step, err)
	}
	if step, err := l.Next(ctx, integrations.Answer{Values: map[string]string{"key": "down"}}); step != nil || !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("institution down: %T %v", step, err)
	}
	if _, err := l.Next(ctx, integrations.Answer{Values: map[string]string{"key": "good"}}); !errors.Is(err, integrations.ErrLoginOver) {
		t.Fatalf("after the end: %v", err)
	}
	if err := l.Paste("x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("paste: %v", err)
	}
}

func TestNumber(t *testing.T) {
	var v struct {
		A, B, C, D, E, F integrations.Number
	}
	err := json.Unmarshal([]byte(`{"A":17798.360000000000000000000,"B":"0.1","C":null,"D":"","E":"NaN","F":"1e-8"}`), &v)
	if err != nil {
		t.Fatal(err)
	}
	if !v.A.Valid || v.A.String() != "17798.36" || v.B.String() != "0.1" || v.F.String() != "0.00000001" {
		t.Fatalf("parsed %v %v %v", v.A, v.B, v.F)
	}
	if v.C.Valid || v.D.Valid || v.E.Valid || !v.C.OrZero().IsZero() || v.C.Null().Valid {
		t.Fatal("null, empty and NaN must be absent")
	}
	for _, bad := range []string{`"1e1000000"`, `"abc"`, `true`, `"` + strings.Repeat("9", 101) + `"`} {
		var n integrations.Number
		if err := json.Unmarshal([]byte(bad), &n); !errors.Is(err, integrations.ErrBadNumber) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	b, _ := json.Marshal(v.B)
	if string(b) != `"0.1"` {
		t.Errorf("marshal %s", b)
	}
}

func TestAccountIndex(t *testing.T) {
	var x integrations.AccountIndex[string]
	reloads := 0
	reload := func(context.Context) error {
		reloads++
		x.Set(map[string]string{"a": "1234"})
		return nil
	}
	if n, ok, err := x.Get(t.Context(), "a", reload); err != nil || !ok || n != "1234" || reloads != 1 {
		t.Fatalf("unknown id: %q %v %v after %d reloads", n, ok, err, reloads)
	}
	if _, ok, _ := x.Get(t.Context(), "a", reload); !ok || reloads != 1 {
		t.Fatal("a known id must not reload")
	}
	if _, ok, err := x.Get(t.Context(), "b", reload); ok || err != nil || reloads != 2 {
		t.Fatalf("an id still unknown after one reload: %v %v (%d reloads)", ok, err, reloads)
	}
	failed := errors.New("down")
	var y integrations.AccountIndex[int]
	if _, _, err := y.Get(t.Context(), "a", func(context.Context) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("reload error: %v", err)
	}
	missing := errors.New("no such account")
	if n, err := x.Lookup(t.Context(), "a", reload, missing); err != nil || n != "1234" {
		t.Fatalf("Lookup of a known id: %q %v", n, err)
	}
	if _, err := x.Lookup(t.Context(), "b", reload, missing); !errors.Is(err, missing) {
		t.Fatalf("Lookup of an unknown id: %v", err)
	}
	if _, err := y.Lookup(t.Context(), "a", func(context.Context) error { return failed }, missing); !errors.Is(err, failed) {
		t.Fatalf("Lookup with a reload error: %v", err)
	}
	type acct struct{ id, number string }
	integrations.SetIndex(&x, []acct{{"c", "42"}, {"d", "43"}}, func(a acct) (string, string) { return a.id, a.number })
	if n, ok, _ := x.Get(t.Context(), "d", reload); !ok || n != "43" {
		t.Fatalf("SetIndex: %q %v", n, ok)
	}
	if _, ok, _ := x.Get(t.Context(), "a", func(context.Context) error { return nil }); ok {
		t.Fatal("SetIndex must replace the index")
	}
}

func TestMaskHelpers(t *testing.T) {
	for in, want := range map[string]string{"12345678": "••••5678", " 12 ": "••••12", "": "••••"} {
		if got := integrations.MaskNumber(in); got != want {
			t.Errorf("MaskNumber(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"jane.doe@example.com": "j•••@example.com", "janedoe": "j•••e", "abc": "•••", "": ""} {
		if got := integrations.MaskLogin(in); got != want {
			t.Errorf("MaskLogin(%q) = %q, want %q", in, got, want)
		}
	}
	if a, b := integrations.AccountHash("x", "1"), integrations.AccountHash("y", "1"); a == b || len(a) != 25 || integrations.AccountHash("x", "1") != a {
		t.Errorf("AccountHash: %q %q", a, b)
	}
}

func TestDetail(t *testing.T) {
	err := fmt.Errorf("positions: %w", integrations.Wrap(integrations.ErrReauthRequired, "token revoked at the bridge"))
	if !errors.Is(err, integrations.ErrReauthRequired) || err.Error() != "positions: reauthorisation required: token revoked at the bridge" {
		t.Fatalf("%v", err)
	}
	if d := integrations.Detail(err, integrations.ErrReauthRequired); d != "token revoked at the bridge" {
		t.Fatalf("detail %q", d)
	}
	if d := integrations.Detail(err, integrations.ErrUnavailable); d != "" {
		t.Fatalf("detail of another kind %q", d)
	}
	if d := integrations.Detail(integrations.ErrReauthRequired, integrations.ErrReauthRequired); d != "" {
		t.Fatalf("bare sentinel detail %q", d)
	}
}
