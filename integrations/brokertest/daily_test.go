package brokertest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// dailyStub is an institution whose sessions end at end: its client
// refuses by its own clock, its "server" by the clock Set moves (unless
// lenient, when the server never refuses).
type dailyStub struct {
	end     time.Time
	within  time.Duration
	server  time.Time
	lenient bool
}

func (d *dailyStub) Institution() integrations.Institution {
	return integrations.Institution{ID: "stub", ExpiringWithin: d.within}
}

func (d *dailyStub) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.ErrNotSupported
}

func (d *dailyStub) NewClient(_ context.Context, _ integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	return dailyClient{d, env}, nil
}

type dailyClient struct {
	d   *dailyStub
	env integrations.Env
}

func (c dailyClient) Accounts(context.Context) ([]integrations.Account, error) {
	if !c.env.Time().Before(c.d.end) || (!c.d.lenient && !c.d.server.Before(c.d.end)) {
		return nil, integrations.ErrReauthRequired
	}
	return []integrations.Account{{ID: "a"}}, nil
}

func (dailyClient) Balances(context.Context, string) ([]integrations.Balance, error) {
	return nil, errors.New("not used")
}

func (dailyClient) Positions(context.Context, string) ([]integrations.Position, error) {
	return nil, errors.New("not used")
}

func (dailyClient) Activities(context.Context, string, time.Time) ([]integrations.Activity, error) {
	return nil, errors.New("not used")
}

func TestWantDailyEnd(t *testing.T) {
	in, end := time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC), time.Date(2025, 6, 17, 0, 30, 0, 0, time.UTC)
	run := func(d *dailyStub, expiry, by time.Time) []string {
		d.server = in
		env := integrations.Env{Now: func() time.Time { return d.server }}
		f := &failures{TB: t}
		WantDailyEnd(f, DailyEnd{In: d, Env: env, Set: func(at time.Time) { d.server = at },
			Done: &integrations.DoneStep{Grant: integrations.Grant{Expiry: expiry}}, LoggedIn: in, End: end, ExpiringBy: by,
			Before: time.Minute})
		return f.msgs
	}
	if msgs := run(&dailyStub{end: end, within: 3 * time.Hour}, end, end.Add(-2*time.Hour)); len(msgs) != 0 {
		t.Fatalf("a session that ends as said passes: %q", msgs)
	}
	msgs := run(&dailyStub{end: end, within: 12 * time.Hour, lenient: true}, end.Add(time.Hour), end.Add(-2*time.Hour))
	if len(msgs) != 3 {
		t.Fatalf("another expiry, an ExpiringWithin that flags the new login, a server that does not refuse: %q", msgs)
	}
}
