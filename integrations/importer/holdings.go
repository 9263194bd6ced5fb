package importer

import (
	"regexp"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// occOption is an OCC option symbol (root, YYMMDD, C or P, strike × 1000),
// as Webull writes option legs.
var occOption = regexp.MustCompile(`^[A-Z.]{1,6}\d{6}[CP]\d{8}$`)

var hundred = decimal.NewFromInt(100)

// addTrades adds a dataset's buys and sells to the kept trades (by id: a
// trade imported twice counts once) and returns how many were new.
func (s *state) addTrades(ds *integrations.Dataset) int {
	if s.Trades == nil {
		s.Trades = map[string][]trade{}
	}
	added := 0
	for acct, acts := range ds.Activities {
		have := make(map[string]bool, len(s.Trades[acct]))
		for _, t := range s.Trades[acct] {
			have[t.ID] = true
		}
		for _, a := range acts {
			if (a.Type != integrations.ActivityBuy && a.Type != integrations.ActivitySell) || a.Symbol == "" || a.Units.IsZero() || have[a.ID] {
				continue
			}
			have[a.ID] = true
			s.Trades[acct] = append(s.Trades[acct], trade{ID: a.ID, Date: a.TradeDate, Symbol: a.Symbol, Name: a.Description,
				Units: a.Units, Price: a.Price, Currency: a.Currency})
			added++
		}
	}
	return added
}

// Holdings sums trades into positions, in date order: units add up; the
// average cost moves with buys (sales leave it); a position sold to zero
// starts afresh. Each position is priced at its last trade, dated then
// (the files hold no quotes): its market value is that price times the
// units (times 100 for an option contract). Positions with no units left
// are dropped.
func holdings(trades []trade) []integrations.Position {
	ts := append([]trade(nil), trades...)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Date < ts[j].Date })
	type pos struct {
		units, cost, last decimal.Decimal
		date              integrations.Date
		name, currency    string
	}
	book := map[string]*pos{}
	var order []string
	for _, t := range ts {
		key := t.Symbol + "\x00" + t.Currency
		p := book[key]
		if p == nil {
			p = &pos{currency: t.Currency}
			book[key] = p
			order = append(order, key)
		}
		mult := decimal.NewFromInt(1)
		if occOption.MatchString(t.Symbol) {
			mult = hundred
		}
		switch {
		case t.Units.IsPositive() && !p.units.IsNegative():
			p.cost = p.cost.Add(t.Units.Mul(t.Price).Mul(mult))
		case t.Units.IsNegative() && p.units.IsPositive():
			// A sale takes its share of the cost at the average.
			sold := decimal.Min(t.Units.Neg(), p.units)
			p.cost = p.cost.Sub(p.cost.Mul(sold).Div(p.units))
		}
		p.units = p.units.Add(t.Units)
		if p.units.IsZero() {
			p.cost = decimal.Zero
		}
		if !t.Price.IsZero() {
			p.last = t.Price
		}
		p.date = t.Date
		if t.Name != "" {
			p.name = t.Name
		}
	}
	var out []integrations.Position
	for _, key := range order {
		p := book[key]
		if p.units.IsZero() {
			continue
		}
		sym := key[:len(key)-len(p.currency)-1]
		typ, mult := integrations.SecurityEquity, decimal.NewFromInt(1)
		if occOption.MatchString(sym) {
			typ, mult = integrations.SecurityOption, hundred
		}
		pp := integrations.Position{
			Symbol:      integrations.Symbol{Ticker: sym, Description: p.name, Type: typ, Currency: p.currency},
			Units:       p.units,
			Price:       p.last,
			MarketValue: p.units.Mul(p.last).Mul(mult).Round(2),
			Currency:    p.currency,
			AsOf:        p.date.Time(),
		}
		if p.units.IsPositive() {
			pp.CostBasis = decimal.NewNullDecimal(p.cost.Round(2))
			pp.AverageCost = decimal.NewNullDecimal(p.cost.Div(p.units).Div(mult).Round(4))
		}
		out = append(out, pp)
	}
	return out
}
