package degiro_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/degiro"
	"github.com/latchkey/latchkey/integrations/degiro/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestInAppApprovalPollStopsWithContext(t *testing.T) {
	f, err := fake.New(fake.Options{Now: clock, ApproveAfterPolls: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := degiro.NewPolling(time.Millisecond)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1})
	env := integrations.Env{Endpoints: f.Endpoints()[degiro.ID], HTTP: hc, Now: clock}
	lg, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds("dg_app")})
	if err != nil {
		t.Fatal(err)
	}
	ap, ok := st.(*integrations.ApproveStep)
	if !ok || ap.Timeout <= 0 || ap.Message == "" {
		t.Fatalf("status 12 must be an ApproveStep with a timeout, got %#v", st)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := lg.Next(ctx, integrations.Answer{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the poll must end with the context: %v", err)
	}
	if _, err := lg.Next(t.Context(), integrations.Answer{}); err == nil {
		t.Error("a login whose poll ended is over")
	}
}

func TestCodeStepAndSession(t *testing.T) {
	in, env, f := newRig(t)
	lg, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds("dg_totp")})
	if err != nil {
		t.Fatal(err)
	}
	cs, ok := st.(*integrations.CodeStep)
	if !ok || cs.Destination == "" {
		t.Fatalf("status 6 must be a CodeStep, got %#v", st)
	}
	st, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"code": "000000"}})
	if !errors.Is(err, integrations.ErrInvalidMFACode) || st != integrations.Step(cs) {
		t.Fatalf("a wrong code: %v with %T", err, st)
	}
	st, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"code": fake.TOTPCode}})
	if err != nil {
		t.Fatal(err)
	}
	done := st.(*integrations.DoneStep)
	if !done.Grant.Expiry.IsZero() {
		t.Errorf("DEGIRO does not publish a session length: Expiry %s", done.Grant.Expiry)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 1 || accts[0].Currency != "EUR" || accts[0].Number != "••••4891" {
		t.Fatalf("accounts %+v, %v", accts, err)
	}
	bals, err := c.Balances(t.Context(), accts[0].ID)
	if err != nil || len(bals) != 2 {
		t.Fatalf("balances %+v %v", bals, err)
	}
	if bals[0].Currency != "EUR" || bals[0].Cash.String() != "2431.87" || bals[1].Currency != "USD" || bals[1].Cash.String() != "611.2" {
		t.Errorf("balances = %+v", bals)
	}
	if _, err := c.Positions(t.Context(), "dg-someone-else"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("another account: %v", err)
	}
	f.RevokeAll()
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("an ended session: %v", err)
	}
}
