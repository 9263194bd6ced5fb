package integrations_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// stepFlow is a password → choice → code → questions → approval → grant
// login, the longest an institution asks for.
func stepFlow(ends *atomic.Int32, approved chan struct{}) *integrations.StepLogin {
	code := &integrations.CodeStep{Field: integrations.Field{Name: "code", Label: "Code", Length: 6, Digits: true}}
	choice := &integrations.ChoiceStep{Field: integrations.Field{Name: "via", Kind: integrations.FieldChoice,
		Choices: []integrations.Choice{{Value: "sms", Label: "SMS"}, {Value: "email", Label: "E-mail"}}}}
	questions := &integrations.QuestionsStep{Fields: []integrations.Field{{Name: "q1", Label: "First pet?"}}}
	approve := &integrations.ApproveStep{Timeout: time.Minute}
	done := &integrations.DoneStep{Grant: integrations.Grant{Secret: []byte("s")}}
	return &integrations.StepLogin{
		Form: &integrations.FormStep{Fields: []integrations.Field{
			{Name: "username", Label: "Username"}, {Name: "password", Label: "Password", Kind: integrations.FieldSecret}}},
		UntrimmedSecrets: true,
		Submit: func(_ context.Context, v map[string]string) (integrations.Step, error) {
			switch {
			case v["username"] == "locked":
				return nil, integrations.ErrAccountLocked
			case v["password"] != " hunter2":
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "wrong password")
			}
			return choice, nil
		},
		Choose: func(context.Context, *integrations.ChoiceStep, string) (integrations.Step, error) { return code, nil },
		Code: func(_ context.Context, _ *integrations.CodeStep, c string) (integrations.Step, error) {
			if c != "123456" {
				return nil, integrations.ErrInvalidMFACode
			}
			return questions, nil
		},
		Questions: func(_ context.Context, _ *integrations.QuestionsStep, a map[string]string) (integrations.Step, error) {
			if a["q1"] != "Rex" {
				return nil, integrations.ErrInvalidMFACode
			}
			return approve, nil
		},
		Approve: func(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
			return integrations.PollApproval(ctx, st, time.Millisecond, func(context.Context) (integrations.Step, error) {
				select {
				case <-approved:
					return done, nil
				default:
					return nil, nil
				}
			})
		},
		OnEnd: func() { ends.Add(1) },
	}
}

func TestStepLoginWholeFlow(t *testing.T) {
	var ends atomic.Int32
	approved := make(chan struct{})
	l := stepFlow(&ends, approved)
	ctx := t.Context()
	next := func(vals map[string]string) (integrations.Step, error) {
		return l.Next(ctx, integrations.Answer{Values: vals})
	}
	form, err := next(nil)
	if _, ok := form.(*integrations.FormStep); !ok || err != nil {
		t.Fatalf("first step: %T %v", form, err)
	}
	if st, err := next(map[string]string{"username": "al"}); st != form || !errors.Is(err, integrations.ErrInvalidCredentials) ||
		!strings.Contains(err.Error(), "password") {
		t.Fatalf("missing password: %T %v", st, err)
	}
	if st, err := next(map[string]string{"username": " al ", "password": "hunter2"}); st != form || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("a secret was trimmed or a wrong password accepted: %T %v", st, err)
	}
	choice, err := next(map[string]string{"username": "al", "password": " hunter2"})
	if _, ok := choice.(*integrations.ChoiceStep); !ok || err != nil {
		t.Fatalf("after the password: %T %v", choice, err)
	}
	if st, err := next(map[string]string{"via": "pigeon"}); st != choice || !errors.Is(err, integrations.ErrInvalidMFACode) {
		t.Fatalf("a choice not offered: %T %v", st, err)
	}
	code, _ := next(map[string]string{"via": "sms"})
	for _, bad := range []string{"", "12345", "12a456", "654321"} {
		if st, err := next(map[string]string{"code": bad}); st != code || !errors.Is(err, integrations.ErrInvalidMFACode) {
			t.Fatalf("code %q: %T %v", bad, st, err)
		}
	}
	questions, _ := next(map[string]string{"code": " 123456 "})
	if st, err := next(map[string]string{"q1": " "}); st != questions || !errors.Is(err, integrations.ErrInvalidMFACode) {
		t.Fatalf("an unanswered question: %T %v", st, err)
	}
	approve, err := next(map[string]string{"q1": "Rex"})
	if _, ok := approve.(*integrations.ApproveStep); !ok || err != nil {
		t.Fatalf("after the questions: %T %v", approve, err)
	}
	close(approved)
	done, err := next(nil)
	if _, ok := done.(*integrations.DoneStep); !ok || err != nil {
		t.Fatalf("after the approval: %T %v", done, err)
	}
	if _, err := next(nil); !errors.Is(err, integrations.ErrLoginOver) {
		t.Fatalf("after the grant: %v", err)
	}
	_ = l.Close()
	if n := ends.Load(); n != 1 {
		t.Errorf("OnEnd ran %d times; want once", n)
	}
	if err := l.Paste("x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("paste without OnPaste: %v", err)
	}
}

func TestStepLoginPrefilledAndFailing(t *testing.T) {
	var ends atomic.Int32
	l := stepFlow(&ends, nil)
	l.Values = map[string]string{"username": "locked", "password": "x"}
	if st, err := l.Next(t.Context(), integrations.Answer{}); st != nil || !errors.Is(err, integrations.ErrAccountLocked) {
		t.Fatalf("prefilled locked login: %T %v", st, err)
	}
	if ends.Load() != 1 {
		t.Errorf("a failed login did not end")
	}
	if _, err := l.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrLoginOver) {
		t.Fatalf("after a failure: %v", err)
	}
}

func TestStepLoginCloseCancelsAWait(t *testing.T) {
	var ends atomic.Int32
	l := stepFlow(&ends, nil)
	waiting := make(chan struct{})
	l.Approve = func(ctx context.Context, _ *integrations.ApproveStep) (integrations.Step, error) {
		close(waiting)
		<-ctx.Done() // never approved: only Close ends the wait
		return nil, ctx.Err()
	}
	ctx := t.Context()
	_, _ = l.Next(ctx, integrations.Answer{})
	_, _ = l.Next(ctx, integrations.Answer{Values: map[string]string{"username": "al", "password": " hunter2"}})
	_, _ = l.Next(ctx, integrations.Answer{Values: map[string]string{"via": "email"}})
	_, _ = l.Next(ctx, integrations.Answer{Values: map[string]string{"code": "123456"}})
	if st, err := l.Next(ctx, integrations.Answer{Values: map[string]string{"q1": "Rex"}}); err != nil {
		t.Fatalf("to the approval: %T %v", st, err)
	}
	res := make(chan error, 1)
	go func() {
		_, err := l.Next(ctx, integrations.Answer{})
		res <- err
	}()
	<-waiting
	_ = l.Close()
	if err := <-res; !errors.Is(err, integrations.ErrLoginOver) {
		t.Fatalf("a wait cut by Close: %v", err)
	}
}

func TestStepLoginUnhandledStep(t *testing.T) {
	l := &integrations.StepLogin{
		Form: &integrations.FormStep{Fields: []integrations.Field{{Name: "k", Label: "Key"}}},
		Submit: func(context.Context, map[string]string) (integrations.Step, error) {
			return &integrations.CodeStep{Field: integrations.Field{Name: "c"}}, nil
		},
	}
	_, _ = l.Next(t.Context(), integrations.Answer{})
	_, _ = l.Next(t.Context(), integrations.Answer{Values: map[string]string{"k": "v"}})
	if st, err := l.Next(t.Context(), integrations.Answer{Values: map[string]string{"c": "1"}}); st != nil || !errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("a step without a handler: %T %v", st, err)
	}
}

// TestStepLoginStart: a login whose first step only a call makes (the
// authorize page of a request token) opens on what Start returns; a
// refusal Start returns with a step stays there, one without a step ends
// the login, as does any other error.
func TestStepLoginStart(t *testing.T) {
	page := &integrations.BrowserStep{URL: "https://example.com/authorize", CanPaste: true}
	done := &integrations.DoneStep{}
	browse := func(_ context.Context, _ *integrations.BrowserStep, pasted string) (integrations.Step, error) {
		if pasted != "ok" {
			return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "paste the code")
		}
		return done, nil
	}
	var starts int
	l := &integrations.StepLogin{
		Form:   &integrations.FormStep{Fields: []integrations.Field{{Name: "k", Label: "Key"}}},
		Values: map[string]string{"k": "unused"},
		Start: func(context.Context) (integrations.Step, error) {
			starts++
			return page, nil
		},
		Browse: browse,
	}
	ctx := t.Context()
	if st, err := l.Next(ctx, integrations.Answer{}); st != page || err != nil || starts != 1 {
		t.Fatalf("first step: %T %v after %d starts; want Start's step, not the form", st, err, starts)
	}
	if st, err := l.Next(ctx, integrations.Answer{Redirect: "wrong"}); st != page || !errors.Is(err, integrations.ErrInvalidMFACode) {
		t.Fatalf("a wrong paste: %T %v", st, err)
	}
	if st, err := l.Next(ctx, integrations.Answer{Redirect: "ok"}); st != done || err != nil || starts != 1 {
		t.Fatalf("the right paste: %T %v (%d starts)", st, err, starts)
	}

	for _, c := range []struct {
		name     string
		step     integrations.Step
		err      error
		wantStep integrations.Step
	}{
		{"a refusal with the step to answer", page, integrations.ErrInvalidCredentials, page},
		{"a refusal without a step", nil, integrations.ErrInvalidCredentials, nil},
		{"another error", nil, integrations.ErrNeedsApp, nil},
	} {
		var ends atomic.Int32
		l := &integrations.StepLogin{
			Start:  func(context.Context) (integrations.Step, error) { return c.step, c.err },
			Browse: browse,
			OnEnd:  func() { ends.Add(1) },
		}
		st, err := l.Next(ctx, integrations.Answer{})
		if st != c.wantStep || !errors.Is(err, c.err) {
			t.Errorf("%s: %T %v; want %T and the error", c.name, st, err, c.wantStep)
		}
		if over := ends.Load() == 1; over != (c.wantStep == nil) {
			t.Errorf("%s: the login ended: %v", c.name, over)
		}
		if c.wantStep != nil {
			if st, err := l.Next(ctx, integrations.Answer{Redirect: "ok"}); st != done || err != nil {
				t.Errorf("%s: then answered: %T %v", c.name, st, err)
			}
		}
	}
}

// TestStepLoginRefusalMoves: a refusal a handler returns with a step moves
// the login there: a key refused at the approval hands the form back, and
// the form answered again goes on.
func TestStepLoginRefusalMoves(t *testing.T) {
	form := &integrations.FormStep{Fields: []integrations.Field{{Name: "key", Label: "Key"}}}
	approve := &integrations.ApproveStep{}
	done := &integrations.DoneStep{}
	refuse := true
	l := &integrations.StepLogin{
		Form:   form,
		Submit: func(context.Context, map[string]string) (integrations.Step, error) { return approve, nil },
		Approve: func(context.Context, *integrations.ApproveStep) (integrations.Step, error) {
			if refuse {
				refuse = false
				return form, integrations.Wrap(integrations.ErrInvalidCredentials, "the key was refused")
			}
			return done, nil
		},
	}
	ctx := t.Context()
	key := integrations.Answer{Values: map[string]string{"key": "k"}}
	_, _ = l.Next(ctx, integrations.Answer{})
	if st, err := l.Next(ctx, key); st != approve || err != nil {
		t.Fatalf("the form: %T %v", st, err)
	}
	if st, err := l.Next(ctx, integrations.Answer{}); st != form || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("refused at the approval: %T %v; want the form back", st, err)
	}
	if st, err := l.Next(ctx, integrations.Answer{}); st != form || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("the login is not on the form: %T %v", st, err)
	}
	if st, err := l.Next(ctx, key); st != approve || err != nil {
		t.Fatalf("the form again: %T %v", st, err)
	}
	if st, err := l.Next(ctx, integrations.Answer{}); st != done || err != nil {
		t.Fatalf("approved: %T %v", st, err)
	}
}

// TestStepLoginMissing: a login's own message for a required field left
// empty.
func TestStepLoginMissing(t *testing.T) {
	l := &integrations.StepLogin{
		Form: &integrations.FormStep{Fields: []integrations.Field{{Name: "key", Label: "App Key"}, {Name: "secret", Label: "App Secret"}}},
		Submit: func(context.Context, map[string]string) (integrations.Step, error) {
			return &integrations.DoneStep{}, nil
		},
	}
	_, _ = l.Next(t.Context(), integrations.Answer{})
	if _, err := l.Next(t.Context(), integrations.Answer{Values: map[string]string{"key": "k"}}); !errors.Is(err, integrations.ErrInvalidCredentials) ||
		!strings.Contains(err.Error(), "enter the app secret") {
		t.Errorf("the default message: %v", err)
	}
	l.Missing = "enter the App Key and the App Secret"
	_, err := l.Next(t.Context(), integrations.Answer{Values: map[string]string{"secret": "s"}})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), l.Missing) {
		t.Errorf("the login's message: %v", err)
	}
}

// TestStepLoginOptionalChoice: an Optional choice is Choose's to check: an
// empty answer (its default) and a value the choices do not list reach it.
func TestStepLoginOptionalChoice(t *testing.T) {
	choice := &integrations.ChoiceStep{Field: integrations.Field{Name: "via", Kind: integrations.FieldChoice, Optional: true,
		Choices: []integrations.Choice{{Value: "any", Label: "Any"}}}}
	var got []string
	l := &integrations.StepLogin{
		Form:   &integrations.FormStep{},
		Submit: func(context.Context, map[string]string) (integrations.Step, error) { return choice, nil },
		Choose: func(_ context.Context, _ *integrations.ChoiceStep, v string) (integrations.Step, error) {
			got = append(got, v)
			return nil, integrations.ErrInvalidMFACode
		},
	}
	_, _ = l.Next(t.Context(), integrations.Answer{})
	_, _ = l.Next(t.Context(), integrations.Answer{})
	for _, v := range []string{" ", "other", " any "} {
		if st, err := l.Next(t.Context(), integrations.Answer{Values: map[string]string{"via": v}}); st != choice || !errors.Is(err, integrations.ErrInvalidMFACode) {
			t.Fatalf("%q: %T %v", v, st, err)
		}
	}
	if !slices.Equal(got, []string{"", "other", "any"}) {
		t.Errorf("Choose got %q; want every answer, trimmed", got)
	}
}

func TestPollApprovalTimesOut(t *testing.T) {
	st := &integrations.ApproveStep{Timeout: 20 * time.Millisecond}
	var polls int
	_, err := integrations.PollApproval(t.Context(), st, time.Millisecond, func(context.Context) (integrations.Step, error) {
		polls++
		return nil, nil
	})
	if !errors.Is(err, integrations.ErrLoginTimeout) || polls == 0 {
		t.Fatalf("got %v after %d polls; want ErrLoginTimeout after polling", err, polls)
	}
	denied := func(context.Context) (integrations.Step, error) { return nil, integrations.ErrApprovalDenied }
	if _, err := integrations.PollApproval(t.Context(), &integrations.ApproveStep{}, time.Millisecond, denied); !errors.Is(err, integrations.ErrApprovalDenied) {
		t.Fatalf("denied: %v", err)
	}
}

func TestOAuthHelpers(t *testing.T) {
	env := integrations.Env{Endpoints: map[string]string{"auth": "http://127.0.0.1:9/x", "live": "https://example.com"}}
	if _, err := integrations.NeedApp(env); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Errorf("no app: %v", err)
	}
	if p := integrations.RedirectPort(env, "auth", 53171); p != 0 {
		t.Errorf("a loopback authorize server: port %d; want any (0)", p)
	}
	if p := integrations.RedirectPort(env, "live", 53171); p != 53171 {
		t.Errorf("a real authorize server: port %d; want the registered default", p)
	}
	env.App = &integrations.AppRegistration{ClientID: "id", RedirectPort: 8123}
	if app, err := integrations.NeedApp(env); err != nil || app.ClientID != "id" || integrations.RedirectPort(env, "live", 1) != 8123 {
		t.Errorf("with an app: %v %v", app, err)
	}
	if integrations.Loopback("http://[::1]:80/") != true || integrations.Loopback("http://10.0.0.1/") {
		t.Error("Loopback")
	}
}

func TestPricesUnknown(t *testing.T) {
	pos := []integrations.Position{{Symbol: integrations.Symbol{Ticker: "A"}, Units: decimal.NewFromInt(3),
		Price: decimal.NewFromInt(2), MarketValue: decimal.NewFromInt(6)}}
	got, err := integrations.PricesUnknown(pos, integrations.Wrap(integrations.ErrUnavailable, "quotes answered HTTP 500"))
	if !errors.Is(err, integrations.ErrPartial) || integrations.Transient(err) || len(got) != 1 ||
		!got[0].PriceUnknown || !got[0].Price.IsZero() || !got[0].MarketValue.IsZero() || !got[0].Units.Equal(decimal.NewFromInt(3)) {
		t.Fatalf("a failed price call: %+v %v", got, err)
	}
	if got, err := integrations.PricesUnknown(pos, integrations.ErrReauthRequired); got != nil || !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("a dead grant: %+v %v", got, err)
	}
	pos[0].Price, pos[0].PriceUnknown = decimal.NewFromInt(2), false // marked in place above
	if got, err := integrations.PricesUnknown(pos, nil); err != nil || len(got) != 1 || got[0].PriceUnknown || !got[0].Price.Equal(decimal.NewFromInt(2)) {
		t.Fatalf("the prices read: %+v %v", got, err)
	}
}

func TestKeepPartial(t *testing.T) {
	got := []string{"a", "b"}
	for _, c := range []struct {
		name string
		err  error
		want []string
		is   error // what the error matches; nil: no error
	}{
		{"the call read", nil, got, nil},
		{"the call failed", integrations.Wrap(integrations.ErrUnavailable, "symbols answered HTTP 500"), got, integrations.ErrPartial},
		{"a dead grant", integrations.ErrReauthRequired, nil, integrations.ErrReauthRequired},
		{"an ended context", context.Canceled, nil, context.Canceled},
	} {
		kept, err := integrations.KeepPartial("the symbols' details", got, c.err)
		if !slices.Equal(kept, c.want) || (kept == nil) != (c.want == nil) || (c.is == nil) != (err == nil) || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("%s: %v %v; want %v and an error matching %v", c.name, kept, err, c.want, c.is)
		}
		if c.is == integrations.ErrPartial && (integrations.Transient(err) || !strings.Contains(err.Error(), "the symbols' details could not be read")) {
			t.Errorf("%s: %q; want a partial read naming what could not be read", c.name, err)
		}
	}
}

func TestMethodForm(t *testing.T) {
	inst := integrations.Institution{DisplayName: "Acme Paper", AuthMethods: []integrations.AuthMethod{
		{Kind: integrations.AuthAPIKey, Help: "Make a key.", Fields: []integrations.Field{{Name: "key"}}}}}
	f := integrations.MethodForm(inst, integrations.AuthAPIKey)
	if f.Title != "Connect Acme Paper" || f.Message != "Make a key." || len(f.Fields) != 1 {
		t.Errorf("%+v", f)
	}
}

func TestStartFormLogin(t *testing.T) {
	inst := integrations.Institution{DisplayName: "Acme Paper", AuthMethods: []integrations.AuthMethod{
		{Kind: integrations.AuthAPIKey, Help: "Make a key.", Fields: []integrations.Field{{Name: "key"}}}}}
	env := integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:1"}}
	validate := func(_ context.Context, e integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
		if e.URL("api") != "http://127.0.0.1:1" || v["key"] != "k1" {
			return nil, integrations.ErrInvalidCredentials
		}
		return &integrations.DoneStep{}, nil
	}
	if _, err := integrations.StartFormLogin(inst, "Acme", integrations.AuthAPIKey,
		integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}, validate); !errors.Is(err, integrations.ErrNotSupported) || !strings.Contains(err.Error(), "Acme") {
		t.Fatalf("another method: %v", err)
	}
	lg, err := integrations.StartFormLogin(inst, "Acme", integrations.AuthAPIKey,
		integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: map[string]string{"key": "k1"}}, validate)
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	if step, err := lg.Next(t.Context(), integrations.Answer{}); err != nil {
		t.Fatalf("pre-filled: %v", err)
	} else if _, ok := step.(*integrations.DoneStep); !ok {
		t.Fatalf("pre-filled: %T", step)
	}
}

func TestMethodLogin(t *testing.T) {
	inst := integrations.Institution{DisplayName: "Acme", AuthMethods: []integrations.AuthMethod{
		{Kind: integrations.AuthToken, Help: "Paste a token.", Fields: []integrations.Field{{Name: "token"}}}}}
	env := integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:2"}}
	var got string
	lg := integrations.MethodLogin(inst, integrations.AuthToken, integrations.LoginRequest{Method: integrations.AuthToken, Env: env},
		func(_ context.Context, e integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			got = e.URL("api") + " " + v["token"]
			return &integrations.DoneStep{}, nil
		})
	defer lg.Close()
	if lg.Form.Title != "Connect Acme" || lg.Form.Message != "Paste a token." || len(lg.Form.Fields) != 1 {
		t.Fatalf("form %+v", lg.Form)
	}
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if _, ok := step.(*integrations.FormStep); err != nil || !ok {
		t.Fatalf("first step: %T %v", step, err)
	}
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"token": "t1"}})
	if _, ok := step.(*integrations.DoneStep); err != nil || !ok || got != "http://127.0.0.1:2 t1" {
		t.Fatalf("answered: %T %v (validated %q)", step, err, got)
	}
}
