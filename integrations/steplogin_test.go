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
