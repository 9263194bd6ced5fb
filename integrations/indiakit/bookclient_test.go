package indiakit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// bookClient is a client with a BookClient embedded, as the brokers' are.
type bookClient struct {
	BookClient
	built int
}

func TestBookClient(t *testing.T) {
	ctx := t.Context()
	errNo := errors.New("no such account")
	c := &bookClient{}
	c.BookClient = func() Book {
		c.built++
		return Book{AccountID: "a1", NoAccount: errNo,
			Funds: func(context.Context) (func(decimal.Decimal) (integrations.Balance, error), error) {
				return func(v decimal.Decimal) (integrations.Balance, error) {
					return integrations.Balance{Currency: Currency, Total: v}, nil
				}, nil
			},
			Holdings: func(context.Context) ([]integrations.Position, error) {
				return []integrations.Position{{MarketValue: decimal.NewFromInt(7)}}, nil
			},
			Open: func(context.Context) ([]integrations.Position, error) { return []integrations.Position{{}}, nil },
			TradeBook: func(context.Context) ([]integrations.Activity, error) {
				return []integrations.Activity{{ID: "f1", TradeDate: "2025-06-16"}}, nil
			},
		}
	}
	var cl interface {
		Balances(context.Context, string) ([]integrations.Balance, error)
		Positions(context.Context, string) ([]integrations.Position, error)
		Activities(context.Context, string, time.Time) ([]integrations.Activity, error)
	} = c
	if bals, err := cl.Balances(ctx, "a1"); err != nil || len(bals) != 1 || !bals[0].Total.Equal(decimal.NewFromInt(7)) {
		t.Errorf("Balances = %+v, %v", bals, err)
	}
	if ps, err := cl.Positions(ctx, "a1"); err != nil || len(ps) != 2 {
		t.Errorf("Positions = %+v, %v", ps, err)
	}
	if acts, err := cl.Activities(ctx, "a1", time.Time{}); err != nil || len(acts) != 1 || acts[0].ID != "f1" {
		t.Errorf("Activities = %+v, %v", acts, err)
	}
	if _, err := cl.Activities(ctx, "a2", time.Time{}); !errors.Is(err, errNo) {
		t.Errorf("another account: %v", err)
	}
	if c.built != 4 {
		t.Errorf("the book was built %d times, want once a call", c.built)
	}
}
