package indiakit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

func TestSegments(t *testing.T) {
	if uid, seg, ok := SplitSegment(SegmentID("AB-12", SegCommodity)); !ok || uid != "AB-12" || seg != SegCommodity {
		t.Errorf("SplitSegment = %q %q %v", uid, seg, ok)
	}
	for _, id := range []string{"AB12", "-equity", "AB12-mf"} {
		if _, _, ok := SplitSegment(id); ok {
			t.Errorf("SplitSegment(%q) ok", id)
		}
	}
	names := SegmentNames{Name: "Kite", RawEquity: "eq", RawCommodity: "com"}
	if accts := SegmentAccounts("ZX1234", []string{"NSE"}, names, "open"); len(accts) != 1 || accts[0].Name != "Kite Equity" || accts[0].Number != "••••1234" {
		t.Errorf("equity only: %+v", accts)
	}
	accts := SegmentAccounts("ZX1234", []string{"NSE", "mcx", "MCX"}, names, "inactive")
	if len(accts) != 2 || accts[1].ID != "ZX1234-commodity" || accts[1].RawType != "com" || accts[1].Status != "inactive" || accts[1].Currency != Currency {
		t.Errorf("with MCX: %+v", accts)
	}

	noAcct := errors.New("no such account")
	hold := []integrations.Position{{MarketValue: decimal.NewFromInt(100)}, {PriceUnknown: true}}
	uid := "ZX1234"
	s := Segments{UserID: "ZX1234", NoAccount: noAcct, Conn: Conn{API: &httpx.API{Name: "Broker"}},
		Profile:  func(context.Context) (string, []integrations.Account, error) { return uid, accts, nil },
		Holdings: func(context.Context) ([]integrations.Position, error) { return hold, nil },
		Funds: func(_ context.Context, seg string) (decimal.Decimal, decimal.Decimal, error) {
			return decimal.NewFromInt(10), decimal.NewFromInt(15), nil
		},
		Open: func(_ context.Context, seg string) ([]integrations.Position, error) {
			return []integrations.Position{{Symbol: integrations.Symbol{Ticker: seg}}}, nil
		},
	}
	ctx := context.Background()
	if got, err := s.Accounts(ctx); err != nil || len(got) != 2 || got[1].ID != "ZX1234-commodity" {
		t.Errorf("Accounts = %+v, %v", got, err)
	}
	uid = " zx1234"
	if got, err := s.Accounts(ctx); err != nil || len(got) != 2 {
		t.Errorf("Accounts answered for the user in lower case: %+v, %v", got, err)
	}
	uid = "OTHER"
	if _, err := s.Accounts(ctx); !errors.Is(err, integrations.ErrReauthRequired) || !strings.Contains(err.Error(), "Broker answered for another user") {
		t.Errorf("Accounts answered for another user: %v", err)
	}
	failing := s
	failing.Profile = func(context.Context) (string, []integrations.Account, error) {
		return "", nil, integrations.ErrUnavailable
	}
	if _, err := failing.Accounts(ctx); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("Accounts with the profile failing: %v", err)
	}
	if _, err := s.Balances(ctx, "OTHER-equity"); !errors.Is(err, noAcct) {
		t.Errorf("another user's account: %v", err)
	}
	if _, err := s.Positions(ctx, "ZX1234-mf"); !errors.Is(err, noAcct) {
		t.Errorf("an unknown segment: %v", err)
	}
	b, err := s.Balances(ctx, "ZX1234-equity")
	if err != nil || len(b) != 1 || !b[0].Total.Equal(decimal.NewFromInt(110)) || !b[0].BuyingPower.Decimal.Equal(decimal.NewFromInt(15)) {
		t.Errorf("equity balance %+v, %v", b, err)
	}
	if b, err = s.Balances(ctx, "ZX1234-commodity"); err != nil || !b[0].Total.Equal(decimal.NewFromInt(10)) {
		t.Errorf("commodity balance %+v, %v", b, err)
	}
	if p, err := s.Positions(ctx, "ZX1234-equity"); err != nil || len(p) != 3 || p[2].Symbol.Ticker != SegEquity {
		t.Errorf("equity positions %+v, %v", p, err)
	}
	if p, err := s.Positions(ctx, "ZX1234-commodity"); err != nil || len(p) != 1 || p[0].Symbol.Ticker != SegCommodity {
		t.Errorf("commodity positions %+v, %v", p, err)
	}
	fail := errors.New("down")
	s.Funds = func(context.Context, string) (decimal.Decimal, decimal.Decimal, error) {
		return decimal.Zero, decimal.Zero, fail
	}
	s.Open = func(context.Context, string) ([]integrations.Position, error) { return nil, fail }
	if _, err := s.Balances(ctx, "ZX1234-equity"); !errors.Is(err, fail) {
		t.Errorf("funds failing: %v", err)
	}
	if _, err := s.Positions(ctx, "ZX1234-commodity"); !errors.Is(err, fail) {
		t.Errorf("open positions failing: %v", err)
	}
	s.Holdings = func(context.Context) ([]integrations.Position, error) { return nil, fail }
	if _, err := s.Positions(ctx, "ZX1234-equity"); !errors.Is(err, fail) {
		t.Errorf("holdings failing: %v", err)
	}
}

func TestLoginParts(t *testing.T) {
	m := integrations.AuthMethod{Kind: integrations.AuthToken, Label: "Token",
		Fields: []integrations.Field{{Name: "token", Label: "Token", Kind: integrations.FieldSecret}}}
	in := Institution("kitex", "Kite X", "Kite X", "https://example.in", "help", m)
	if in.Region != "IN" || in.Monogram != "kitex" || len(in.AuthMethods) != 1 || in.RateScope != integrations.RateScopeGrant || in.ExpiringWithin != Expiring {
		t.Errorf("Institution %+v", in)
	}
	done := Done("kitex", integrations.AuthToken, "AB1234", []byte("s"), time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Account("kitex", "AB1234", "Kite X"))
	if done.Grant.Fingerprint != integrations.Fingerprint("kitex", "AB1234") || len(done.Accounts) != 1 || done.LoginHint == "AB1234" {
		t.Errorf("Done %+v", done)
	}
	called := false
	l := integrations.MethodLogin(in, integrations.AuthToken, integrations.LoginRequest{Method: integrations.AuthToken},
		func(_ context.Context, _ integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			called = v["token"] == "t0k"
			return done, nil
		})
	if _, err := l.Next(context.Background(), integrations.Answer{}); err != nil {
		t.Fatalf("FormLogin's form: %v", err)
	}
	if st, err := l.Next(context.Background(), integrations.Answer{Values: map[string]string{"token": "t0k"}}); err != nil || st != integrations.Step(done) {
		t.Fatalf("FormLogin = %v, %v", st, err)
	}
	if !called {
		t.Errorf("FormLogin did not validate the form")
	}
}
