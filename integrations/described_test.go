package integrations

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

func TestDescribed(t *testing.T) {
	type raw struct {
		sym   string
		units int64
	}
	keyed := func(r raw) (string, bool) { return r.sym, r.sym != "" }
	build := func(r raw, name string) Position {
		return Position{Symbol: Symbol{Ticker: r.sym, Description: name}, Units: decimal.NewFromInt(r.units)}
	}
	var asked [][]string
	read := func(_ context.Context, keys []string) (map[string]string, error) {
		asked = append(asked, keys)
		return map[string]string{"AAPL": "Apple", "MSFT": "Microsoft"}, nil
	}
	got, err := Described(t.Context(), []raw{{"MSFT", 1}, {"AAPL", 2}, {"", 3}, {"MSFT", 4}, {"X", 5}}, keyed, read, build)
	if err != nil || len(asked) != 1 || !slices.Equal(asked[0], []string{"AAPL", "MSFT", "X"}) {
		t.Fatalf("asked %v (%v), want one call for AAPL, MSFT, X", asked, err)
	}
	names := []string{}
	for _, p := range got {
		names = append(names, p.Symbol.Description)
	}
	if !slices.Equal(names, []string{"Microsoft", "Apple", "", "Microsoft", ""}) || !got[4].Units.Equal(decimal.NewFromInt(5)) {
		t.Errorf("positions %v", names)
	}
	boom := errors.New("boom")
	asked = nil
	got, err = Described(t.Context(), []raw{{"AAPL", 1}}, keyed, func(context.Context, []string) (map[string]string, error) { return nil, boom }, build)
	if !errors.Is(err, boom) || len(got) != 1 || got[0].Symbol.Description != "" {
		t.Errorf("a failed call: %v, %v", got, err)
	}
	if got, err = Described(t.Context(), []raw{{"", 1}}, keyed, read, build); err != nil || len(got) != 1 || asked != nil {
		t.Errorf("nothing to ask: %v, %v, asked %v", got, err, asked)
	}
}
