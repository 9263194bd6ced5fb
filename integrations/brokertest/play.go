package brokertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// PlayLogin plays a whole login of in with req against f for a test and
// returns its DoneStep, or the error the login ended with (or "no DoneStep"
// after five steps). Each step is answered by answer, or by AutoAnswer with
// req.Values when answer is nil; an answer that fails fails the test.
func PlayLogin(t testing.TB, in integrations.Integration, req integrations.LoginRequest, f Fake,
	answer func(context.Context, Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	lg, err := in.StartLogin(ctx, req)
	if err != nil {
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	for i := 0; err == nil && i < 5; i++ {
		if done, ok := step.(*integrations.DoneStep); ok {
			return done, nil
		}
		var a integrations.Answer
		if answer != nil {
			a, err = answer(ctx, f, step)
		} else {
			a, err = AutoAnswer(ctx, step, req.Values)
		}
		if err != nil {
			t.Fatal(err)
		}
		step, err = lg.Next(ctx, a)
	}
	if err == nil {
		err = errors.New("no DoneStep")
	}
	return nil, err
}

// LoginOnce starts a login of in with req and answers its first step with
// nothing, which ends a form login whose values ride in req.Values (an API
// key, a token, credentials without a second factor): it returns the
// DoneStep, or the error that step ended with. A login that does not start,
// or goes on to another step, fails t.
func LoginOnce(t testing.TB, in integrations.Integration, req integrations.LoginRequest) (*integrations.DoneStep, error) {
	t.Helper()
	lg, err := in.StartLogin(t.Context(), req)
	if err != nil {
		t.Fatalf("start login: %v", err)
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		return nil, err
	}
	done, ok := step.(*integrations.DoneStep)
	if !ok {
		t.Fatalf("login went on to a %T, want it done", step)
		return nil, errors.New("no DoneStep")
	}
	return done, nil
}

// Connect logs in with LoginOnce and returns a client of its grant (save
// gets the grants the client refreshes; nil for none), failing t when the
// login or the client fails.
func Connect(t testing.TB, in integrations.Integration, req integrations.LoginRequest, save integrations.SaveFunc) integrations.Client {
	t.Helper()
	done, err := LoginOnce(t, in, req)
	if err != nil {
		t.Fatalf("login: %v", err)
		return nil
	}
	c, err := in.NewClient(t.Context(), done.Grant, req.Env, save)
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return c
}

// FirstStep starts a login of in with req, closed when t ends, and returns
// it with its first step (the answer to nothing) and that step's error, for
// a test that plays the login's steps itself. A login that does not start
// fails t.
func FirstStep(t testing.TB, in integrations.Integration, req integrations.LoginRequest) (integrations.Login, integrations.Step, error) {
	t.Helper()
	lg, err := in.StartLogin(t.Context(), req)
	if err != nil {
		t.Fatalf("start login: %v", err)
		return nil, nil, err
	}
	t.Cleanup(func() { _ = lg.Close() })
	step, err := lg.Next(t.Context(), integrations.Answer{})
	return lg, step, err
}
