package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// fakeInst is a minimal integration for benchmarks: its login ends at once,
// and its client either calls an HTTP server (one request per method) or
// serves activities from memory.
type fakeInst struct {
	id         string
	activities int // in-memory activities per account; 0: ask the server
}

func (f *fakeInst) Institution() integrations.Institution {
	return integrations.Institution{ID: f.id, Name: "Fake", DisplayName: "Fake " + f.id, Region: "global", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthToken, Label: "Token"}},
		Capabilities: []integrations.Capability{integrations.CapHoldings, integrations.CapTransactions},
		Endpoints:    []integrations.Endpoint{{Name: "api", URL: "http://127.0.0.1:1"}}}
}

type doneLogin struct{ g integrations.Grant }

func (l *doneLogin) Next(context.Context, integrations.Answer) (integrations.Step, error) {
	return &integrations.DoneStep{Grant: l.g}, nil
}
func (l *doneLogin) Paste(string) error { return nil }
func (l *doneLogin) Close() error       { return nil }

func (f *fakeInst) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return &doneLogin{integrations.Grant{Method: integrations.AuthToken, Secret: []byte("t"), Fingerprint: integrations.Fingerprint(f.id, req.Values["user"])}}, nil
}

func (f *fakeInst) NewClient(_ context.Context, _ integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	return &fakeClient{f: f, env: env}, nil
}

type fakeClient struct {
	f   *fakeInst
	env integrations.Env
}

func (c *fakeClient) get(ctx context.Context, path string, out any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.env.URL("api")+path, nil)
	resp, err := c.env.Client().Do(req)
	if err != nil {
		return integrations.Wrap(integrations.ErrUnavailable, "request failed")
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

func (c *fakeClient) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if c.f.activities == 0 {
		var x any
		if err := c.get(ctx, "/accounts", &x); err != nil {
			return nil, err
		}
	}
	return []integrations.Account{{ID: "A1", Number: "••••0001", Name: "Main", Category: integrations.CategoryInvestment, Currency: "USD", Status: "open"}}, nil
}

func (c *fakeClient) Balances(ctx context.Context, _ string) ([]integrations.Balance, error) {
	if c.f.activities == 0 {
		var x any
		if err := c.get(ctx, "/balances", &x); err != nil {
			return nil, err
		}
	}
	return []integrations.Balance{{Currency: "USD", Cash: decimal.NewFromInt(100), Total: decimal.NewFromInt(100)}}, nil
}

func (c *fakeClient) Positions(ctx context.Context, _ string) ([]integrations.Position, error) {
	if c.f.activities == 0 {
		var x any
		if err := c.get(ctx, "/positions", &x); err != nil {
			return nil, err
		}
	}
	return []integrations.Position{{Symbol: integrations.Symbol{Ticker: "VTI", Type: integrations.SecurityETF, Currency: "USD"},
		Units: decimal.NewFromInt(1), Price: decimal.NewFromInt(250), MarketValue: decimal.NewFromInt(250), Currency: "USD"}}, nil
}

func (c *fakeClient) Activities(ctx context.Context, _ string, since time.Time) ([]integrations.Activity, error) {
	if c.f.activities == 0 {
		var x any
		return nil, c.get(ctx, "/activities", &x)
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]integrations.Activity, 0, c.f.activities)
	for i := range c.f.activities {
		d := start.Add(time.Duration(i) * 30 * time.Minute)
		if d.Before(since) {
			continue
		}
		out = append(out, integrations.Activity{ID: fmt.Sprintf("act-%07d", i), Type: integrations.ActivityBuy, RawType: "BUY",
			TradeDate: integrations.DateOf(d), Symbol: "VTI", Units: decimal.NewFromInt(1), Price: decimal.RequireFromString("250.13"),
			Amount: decimal.RequireFromString("-250.13"), Currency: "USD", Description: "Bought 1 VTI"})
	}
	return out, nil
}
