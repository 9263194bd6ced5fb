package cryptokit

import (
	"context"
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestSpot(t *testing.T) {
	ctx := context.Background()
	noAccount := errors.New("no such account")
	bals := []integrations.Balance{{Currency: "USD", Cash: d("10"), Total: d("10")}}
	pos := func() []integrations.Position {
		return []integrations.Position{{Units: d("2"), Price: d("5"), MarketValue: d("10")}}
	}
	read := func(perr, err error) Read {
		return func(context.Context) ([]integrations.Balance, []integrations.Position, error, error) {
			if err != nil {
				return nil, nil, nil, err
			}
			return bals, pos(), perr, nil
		}
	}
	down := integrations.Wrap(integrations.ErrUnavailable, "ticker down")
	dead := integrations.Wrap(integrations.ErrReauthRequired, "key revoked")

	s := Spot{Account: Account("spot", "Exchange spot wallet", "spot", "USD"), NoAccount: noAccount, Read: read(nil, nil)}
	if _, err := s.Balances(ctx, "other"); !errors.Is(err, noAccount) {
		t.Fatalf("other account: %v", err)
	}
	if _, err := s.Positions(ctx, "other"); !errors.Is(err, noAccount) {
		t.Fatalf("other account: %v", err)
	}
	if b, err := s.Balances(ctx, "spot"); err != nil || len(b) != 1 {
		t.Fatalf("balances %v, %v", b, err)
	}
	if p, err := s.Positions(ctx, "spot"); err != nil || len(p) != 1 || p[0].PriceUnknown {
		t.Fatalf("positions %v, %v", p, err)
	}

	s.Read = read(nil, dead)
	if b, err := s.Balances(ctx, "spot"); !errors.Is(err, integrations.ErrReauthRequired) || b != nil {
		t.Fatalf("balances after a dead key %v, %v", b, err)
	}
	if p, err := s.Positions(ctx, "spot"); !errors.Is(err, integrations.ErrReauthRequired) || p != nil {
		t.Fatalf("positions after a dead key %v, %v", p, err)
	}

	// Prices down: positions keep their units, priced unknown.
	s.Read = read(down, nil)
	if p, err := s.Positions(ctx, "spot"); !errors.Is(err, integrations.ErrPartial) || len(p) != 1 || !p[0].PriceUnknown || !p[0].MarketValue.IsZero() {
		t.Fatalf("positions without prices %v, %v", p, err)
	}
	if b, err := s.Balances(ctx, "spot"); !errors.Is(err, integrations.ErrPartial) || b != nil {
		t.Fatalf("balances without prices, not kept: %v, %v", b, err)
	}
	s.KeepBalances = true
	if b, err := s.Balances(ctx, "spot"); !errors.Is(err, integrations.ErrPartial) || len(b) != 1 {
		t.Fatalf("balances without prices, kept: %v, %v", b, err)
	}
	// A dead key while pricing is never partial.
	s.Read = read(dead, nil)
	if b, err := s.Balances(ctx, "spot"); !errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, integrations.ErrPartial) || b != nil {
		t.Fatalf("balances, prices refused for a dead key: %v, %v", b, err)
	}
}

func TestSpotAccounts(t *testing.T) {
	dead := integrations.Wrap(integrations.ErrReauthRequired, "key revoked")
	var checked int
	check := func(context.Context) (int, error) { checked++; return 0, nil }
	s := Spot{Account: Account("spot", "Exchange spot wallet", "SPOT", "USDT"), Check: Checks(check)}
	got, err := s.Accounts(t.Context())
	want := integrations.Account{ID: "spot", Name: "Exchange spot wallet", RawType: "SPOT",
		Category: integrations.CategoryCrypto, Currency: "USDT", Status: "open"}
	if err != nil || len(got) != 1 || got[0] != want || checked != 1 {
		t.Fatalf("Accounts = %+v, %v after %d checks, want [%+v] after one", got, err, checked, want)
	}
	s.Check = Checks(func(context.Context) (int, error) { return 0, dead })
	if got, err := s.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) || got != nil {
		t.Fatalf("Accounts of a revoked key = %v, %v", got, err)
	}
}
