package brokertest

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// checkPartial runs the rules of data sets read only in part.
func (s *suite) checkPartial(t tb, path string) {
	s.run(t, path, "PriceUnknown", s.checkPriceUnknown)
}

// priceFaults is how many price calls fail: all of them, until cleared.
const priceFaults = 1 << 20

// checkPriceUnknown fails every call to the harness's price endpoint and
// reads every account's positions: each must keep its units and come with an
// error matching ErrPartial; a position whose price could not be read is
// marked PriceUnknown with a zero price and value, one whose price came with
// it keeps that price; the other accounts are still read. Once the fault
// clears, the positions are whole again.
func (s *suite) checkPriceUnknown(t tb, _ string) {
	if s.h.PriceEndpoint == "" {
		t.Skip("Harness.PriceEndpoint is empty: positions carry their own prices")
	}
	r := s.newRig(t)
	if !r.inst.Has(integrations.CapHoldings) {
		t.Fatalf("Harness.PriceEndpoint is set for an institution without holdings")
	}
	pi, ok := r.fake.(PathInjector)
	if !ok {
		t.Fatalf("Harness.PriceEndpoint is set but the fake is not a PathInjector (embed brokertest.Injector)")
	}
	c, _, _ := r.client(t, s.h.Logins[0], nil)
	accts, err := r.accounts(t, c)
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	clean := map[string][]integrations.Position{}
	total := 0
	for _, a := range accts {
		pos, err := s.positions(t, c, a.ID)
		if err != nil {
			t.Fatalf("Positions of %s before the fault: %v", a.ID, err)
		}
		clean[a.ID], total = pos, total+len(pos)
	}
	if total == 0 {
		t.Fatalf("no positions to price: the fake must serve some for the rule to prove anything")
	}

	pi.InjectPath(s.h.PriceEndpoint, ServerError, priceFaults)
	n0 := r.rec.n()
	for _, a := range accts {
		pos, err := s.positions(t, c, a.ID)
		want := clean[a.ID]
		switch {
		case len(want) == 0 && err != nil:
			t.Errorf("account %s has no positions, yet reading them failed while prices could not be read: %v", a.ID, err)
			continue
		case len(want) == 0:
			continue
		case err == nil:
			t.Errorf("account %s: the price call failed, yet Positions returned no error: want one matching ErrPartial", a.ID)
		case !errors.Is(err, integrations.ErrPartial):
			t.Errorf("account %s: the price call failed: got %q (code %s); want the positions with their units and an error matching ErrPartial",
				a.ID, err, integrations.Code(err))
			continue
		}
		if got, exp := unitsOf(pos), unitsOf(want); got != exp {
			t.Errorf("account %s: with the call failing, positions are %s; want the units %s", a.ID, got, exp)
		}
		byTicker := map[string]integrations.Position{}
		for _, p := range want {
			byTicker[p.Symbol.Ticker] = p
		}
		for _, p := range pos {
			clean := byTicker[p.Symbol.Ticker]
			switch {
			case p.PriceUnknown && (!p.Price.IsZero() || !p.MarketValue.IsZero()):
				t.Errorf("account %s position %s: PriceUnknown with Price %s and MarketValue %s; want 0 and 0",
					a.ID, p.Symbol.Ticker, p.Price, p.MarketValue)
			case !p.PriceUnknown && (!p.Price.Equal(clean.Price) || !p.MarketValue.Equal(clean.MarketValue)):
				t.Errorf("account %s position %s: Price %s, MarketValue %s without the price call (%s, %s with it): "+
					"a price that could not be read is PriceUnknown", a.ID, p.Symbol.Ticker, p.Price, p.MarketValue, clean.Price, clean.MarketValue)
			}
		}
	}
	if !calledPath(r.rec.since(n0), s.h.PriceEndpoint) {
		t.Errorf("no request reached Harness.PriceEndpoint %q: is it the path of the price call?", s.h.PriceEndpoint)
	}
	pi.InjectPath(s.h.PriceEndpoint, ServerError, 0)

	for _, a := range accts {
		pos, err := s.positions(t, c, a.ID)
		if err != nil {
			t.Errorf("account %s: once prices are back, Positions still fails: %v", a.ID, err)
		}
		for _, p := range pos {
			if p.PriceUnknown {
				t.Errorf("account %s position %s: still PriceUnknown once prices are back", a.ID, p.Symbol.Ticker)
			}
		}
	}
}

// unitsOf lists positions as ticker×units, sorted.
func unitsOf(pos []integrations.Position) string {
	m := map[string]bool{}
	for _, p := range pos {
		m[fmt.Sprintf("%s×%s", p.Symbol.Ticker, p.Units)] = true
	}
	return "[" + keys(m) + "]"
}

// calledPath reports whether a recorded request's path ends with path.
func calledPath(reqs []string, path string) bool {
	for _, req := range reqs {
		f := strings.Fields(firstLine(req))
		if len(f) < 2 {
			continue
		}
		if u, err := url.Parse(f[1]); err == nil && strings.HasSuffix(u.Path, path) {
			return true
		}
	}
	return false
}

// positions reads an account's positions within the call timeout, noting
// the error's text for the leak checks.
func (s *suite) positions(t tb, c integrations.Client, accountID string) ([]integrations.Position, error) {
	t.Helper()
	ctx, cancel := s.ctx(t)
	defer cancel()
	pos, err := c.Positions(ctx, accountID)
	s.noteErr(t, "Positions", err)
	return pos, err
}
