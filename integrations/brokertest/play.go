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
