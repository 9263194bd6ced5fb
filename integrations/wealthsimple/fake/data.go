package fake

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type security struct {
	id, symbol, name, exchange, currency, typ string
	price                                     decimal.Decimal
}

var securities = map[string]security{
	"XEQT": {"sec-s-8f2c1d9a7b3e4f60", "XEQT", "iShares Core Equity ETF Portfolio", "TSX", "CAD", "EXCHANGE_TRADED_FUND", dec("31.42")},
	"VFV":  {"sec-s-2b7e9a1c4d5f6a80", "VFV", "Vanguard S&P 500 Index ETF", "TSX", "CAD", "EXCHANGE_TRADED_FUND", dec("142.05")},
	"RY":   {"sec-s-5c3d8e2f1a9b7c40", "RY", "Royal Bank of Canada", "TSX", "CAD", "EQUITY", dec("168.90")},
	"SHOP": {"sec-s-9a1b2c3d4e5f6070", "SHOP", "Shopify Inc.", "TSX", "CAD", "EQUITY", dec("152.33")},
	"AAPL": {"sec-s-76a7155242e8477880cbb43269235cb6", "AAPL", "Apple Inc.", "NASDAQ", "USD", "EQUITY", dec("212.44")},
	"MSFT": {"sec-s-1f4e8b2a9c7d3e50", "MSFT", "Microsoft Corporation", "NASDAQ", "USD", "EQUITY", dec("431.10")},
}

type position struct {
	sec      security
	quantity decimal.Decimal
	avg      decimal.Decimal
}

type activity struct {
	AccountID     string  `json:"accountId"`
	Amount        string  `json:"amount"`
	AmountSign    string  `json:"amountSign"`
	AssetQuantity *string `json:"assetQuantity"`
	AssetSymbol   *string `json:"assetSymbol"`
	CanonicalID   string  `json:"canonicalId"`
	Currency      string  `json:"currency"`
	OccurredAt    string  `json:"occurredAt"`
	SecurityID    *string `json:"securityId"`
	Status        string  `json:"status"`
	SubType       *string `json:"subType"`
	Type          string  `json:"type"`
	Fees          *string `json:"fees"`
	TypeName      string  `json:"__typename"`
}

type acct struct {
	id, number, currency, unified, typ, nickname string
	cash                                         map[string]decimal.Decimal
	positions                                    []position
	activities                                   []activity // newest first
}

type portfolio struct {
	identity string
	accts    []*acct
}

func (p *portfolio) find(id string) *acct {
	for _, a := range p.accts {
		if a.id == id {
			return a
		}
	}
	return nil
}

func str(s string) *string { return &s }

// build makes an identity's deterministic accounts and 180 days of activity.
func build(identity string, day time.Time) *portfolio {
	tfsa := &acct{id: "tfsa-zb7tq3uk", number: "HQ8KDF0JB", currency: "CAD", unified: "SELF_DIRECTED_TFSA", typ: "ca_tfsa",
		cash: map[string]decimal.Decimal{"CAD": dec("1250.33")},
		positions: []position{{securities["XEQT"], dec("120"), dec("28.15")}, {securities["VFV"], dec("40"), dec("120.40")},
			{securities["RY"], dec("15"), dec("151.02")}, {securities["SHOP"], dec("10"), dec("98.75")}}}
	nonreg := &acct{id: "non-registered-hf6d91x0", number: "HQ8KDF1XQ", currency: "CAD", unified: "SELF_DIRECTED_NON_REGISTERED", typ: "ca_non_registered",
		nickname: "Long-term", cash: map[string]decimal.Decimal{"CAD": dec("310.00"), "USD": dec("845.12")},
		positions: []position{{securities["AAPL"], dec("12"), dec("171.32")}, {securities["MSFT"], dec("5.5"), dec("402.15")}}}
	cash := &acct{id: "ca-cash-msb-8r1ee8xy", number: "WK3XN7Q2Z", currency: "CAD", unified: "CASH", typ: "ca_cash_msb",
		cash: map[string]decimal.Decimal{"CAD": dec("5000.00")}}
	p := &portfolio{identity: identity, accts: []*acct{tfsa, nonreg, cash}}

	h := fnv.New32a()
	h.Write([]byte(identity))
	base := h.Sum32() % 1000
	seq := 0
	add := func(a *acct, t time.Time, typ, sub, cur, amount string, sym string, qty string, status string) {
		seq++
		x := activity{AccountID: a.id, CanonicalID: fmt.Sprintf("%s-%04d-%s", typeCode(typ), base*100+uint32(seq), t.Format("060102")),
			Currency: cur, OccurredAt: t.Format("2006-01-02T15:04:05.000Z"), Status: status, Type: typ, TypeName: "ActivityFeedItem"}
		d := dec(amount)
		x.Amount, x.AmountSign = d.Abs().StringFixed(2), "positive"
		if d.IsNegative() {
			x.AmountSign = "negative"
		}
		if sub != "" {
			x.SubType = str(sub)
		}
		if sym != "" {
			s := securities[sym]
			x.AssetSymbol, x.SecurityID = str(sym), str(s.id)
		}
		if qty != "" {
			x.AssetQuantity = str(qty)
		}
		if typ == "DIY_BUY" || typ == "DIY_SELL" {
			x.Fees = str("0.00")
		}
		a.activities = append(a.activities, x)
	}
	for i := 0; i < 180; i++ {
		d := day.AddDate(0, 0, -180+i)
		t := d.Add(14*time.Hour + time.Duration(i%7)*17*time.Minute)
		switch d.Day() {
		case 2:
			add(tfsa, t, "DEPOSIT", "E_TRANSFER", "CAD", "500.00", "", "", "completed")
		case 3:
			px := securities["XEQT"].price.Sub(decimal.NewFromInt(int64(i % 5)).Div(decimal.NewFromInt(10)))
			add(tfsa, t, "DIY_BUY", "MARKET_ORDER", "CAD", px.Mul(dec("15")).Neg().StringFixed(2), "XEQT", "15.0000", "filled")
			add(nonreg, t.Add(time.Hour), "DIY_BUY", "LIMIT_ORDER", "USD", securities["AAPL"].price.Neg().StringFixed(2), "AAPL", "1.0000", "filled")
		case 10:
			add(cash, t, "INTEREST", "", "CAD", "12.47", "", "", "")
		}
		if d.Weekday() == time.Monday {
			// A weekly recurring investment.
			px := securities["VFV"].price.Sub(decimal.NewFromInt(int64(i % 9)).Div(decimal.NewFromInt(4)))
			add(tfsa, t.Add(-4*time.Hour), "DIY_BUY", "RECURRING_ORDER", "CAD", px.Mul(dec("0.3521")).Neg().StringFixed(2), "VFV", "0.3521", "filled")
		}
		if d.Day() == 20 && d.Month()%3 == 0 {
			add(tfsa, t, "DIVIDEND", "", "CAD", "16.44", "XEQT", "", "")
			add(tfsa, t, "DIVIDEND", "", "CAD", "21.60", "RY", "", "")
		}
		if d.Day() == 14 && d.Month()%3 == 2 {
			add(nonreg, t, "DIVIDEND", "", "USD", "2.88", "AAPL", "", "")
			add(nonreg, t, "NON_RESIDENT_TAX", "", "USD", "-0.43", "AAPL", "", "")
			add(nonreg, t.Add(time.Hour), "DIVIDEND", "", "USD", "4.57", "MSFT", "", "")
			add(nonreg, t.Add(time.Hour), "NON_RESIDENT_TAX", "", "USD", "-0.69", "MSFT", "", "")
		}
		switch i {
		case 30:
			add(nonreg, t, "INSTITUTIONAL_TRANSFER_INTENT", "TRANSFER_IN", "CAD", "2500.00", "", "", "completed")
		case 45:
			add(tfsa, t, "DIY_SELL", "MARKET_ORDER", "CAD", securities["SHOP"].price.Mul(dec("3")).StringFixed(2), "SHOP", "3.0000", "filled")
		case 60:
			add(tfsa, t, "DIY_BUY", "LIMIT_ORDER", "CAD", "-500.00", "VFV", "3.5000", "rejected")
		case 75:
			add(nonreg, t, "FUNDS_CONVERSION", "", "USD", "500.00", "", "", "completed")
		case 90:
			add(cash, t, "INTERNAL_TRANSFER", "SOURCE", "CAD", "-1000.00", "", "", "completed")
			add(tfsa, t, "INTERNAL_TRANSFER", "DESTINATION", "CAD", "1000.00", "", "", "completed")
		case 120:
			add(tfsa, t, "CORPORATE_ACTION", "SUBDIVISION", "CAD", "0.00", "SHOP", "10.0000", "")
		case 150:
			add(cash, t, "WITHDRAWAL", "E_TRANSFER", "CAD", "-300.00", "", "", "completed")
		}
	}
	for _, a := range p.accts {
		slices.Reverse(a.activities)
	}
	return p
}

func typeCode(t string) string {
	switch t {
	case "DIY_BUY", "DIY_SELL":
		return "order"
	case "DEPOSIT", "WITHDRAWAL":
		return "funding"
	default:
		return "activity"
	}
}

func money(d decimal.Decimal, cur string) map[string]any {
	return map[string]any{"amount": d.StringFixed(2), "currency": cur, "__typename": "Money"}
}

type vars map[string]json.RawMessage

func (v vars) str(k string) string {
	var s string
	_ = json.Unmarshal(v[k], &s)
	return s
}

func (v vars) num(k string, def int) int {
	var n int
	if json.Unmarshal(v[k], &n) != nil || n <= 0 {
		return def
	}
	return n
}

func (v vars) list(k string) []string {
	var l []string
	_ = json.Unmarshal(v[k], &l)
	return l
}

func parse(raw json.RawMessage) (vars, string) {
	var v vars
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, "Variables are not an object"
	}
	return v, ""
}

// page cuts a list by first and after.
func page[T any](list []T, v vars, def int) ([]T, map[string]any, string) {
	start, ok := offset(v.str("cursor"))
	if !ok {
		return nil, nil, "Invalid cursor"
	}
	first := v.num("first", def)
	if _, ok := v["pageSize"]; ok {
		first = v.num("pageSize", def)
	}
	rows, end := fakekit.Page(list, start, first)
	info := map[string]any{"hasNextPage": end < len(list), "endCursor": cursor(end), "__typename": "PageInfo"}
	return rows, info, ""
}

func (p *portfolio) accounts(raw json.RawMessage) (any, string) {
	v, e := parse(raw)
	if e != "" {
		return nil, e
	}
	if v.str("identityId") != p.identity {
		return nil, "Not Authorized."
	}
	rows, info, e := page(p.accts, v, 25)
	if e != "" {
		return nil, e
	}
	edges := []any{}
	for _, a := range rows {
		var nick any
		if a.nickname != "" {
			nick = a.nickname
		}
		edges = append(edges, map[string]any{"cursor": a.id, "node": map[string]any{
			"id": a.id, "status": "open", "currency": a.currency, "nickname": nick, "type": a.typ, "unifiedAccountType": a.unified,
			"branch": "WS", "custodianAccounts": []any{map[string]any{"id": a.number, "branch": "WS", "custodian": "SO", "status": "open"}},
			"__typename": "Account"}})
	}
	return map[string]any{"identity": map[string]any{"id": p.identity, "accounts": map[string]any{"pageInfo": info, "edges": edges}}}, ""
}

func (p *portfolio) balances(raw json.RawMessage) (any, string) {
	v, e := parse(raw)
	if e != "" {
		return nil, e
	}
	if v.str("type") != "TRADING" {
		return nil, "Variable \"$type\" of required type \"BalanceType!\" was not provided."
	}
	out := []any{}
	for _, id := range v.list("ids") {
		a := p.find(id)
		if a == nil {
			continue
		}
		bal := []any{}
		for _, cur := range []string{"CAD", "USD"} {
			if q, ok := a.cash[cur]; ok {
				bal = append(bal, map[string]any{"quantity": q.StringFixed(2), "securityId": "sec-c-" + map[string]string{"CAD": "cad", "USD": "usd"}[cur]})
			}
		}
		for _, pos := range a.positions {
			bal = append(bal, map[string]any{"quantity": pos.quantity.String(), "securityId": pos.sec.id})
		}
		out = append(out, map[string]any{"id": a.id, "custodianAccounts": []any{map[string]any{"id": a.number,
			"financials": map[string]any{"balance": bal, "__typename": "CustodianAccountFinancialsSo"}}}})
	}
	return map[string]any{"accounts": out}, ""
}

func (p *portfolio) positions(raw json.RawMessage) (any, string) {
	v, e := parse(raw)
	if e != "" {
		return nil, e
	}
	if v.str("identityId") != p.identity || v.str("currency") == "" {
		return nil, "Not Authorized."
	}
	var all []position
	for _, id := range v.list("accountIds") {
		if a := p.find(id); a != nil {
			all = append(all, a.positions...)
		}
	}
	rows, info, e := page(all, v, 50)
	if e != "" {
		return nil, e
	}
	edges := []any{}
	for _, pos := range rows {
		s := pos.sec
		edges = append(edges, map[string]any{"node": map[string]any{
			"id": "position-" + s.id, "quantity": pos.quantity.String(), "positionDirection": "LONG",
			"bookValue": money(pos.quantity.Mul(pos.avg), s.currency), "averagePrice": money(pos.avg, s.currency),
			"totalValue": money(pos.quantity.Mul(s.price), s.currency),
			"security": map[string]any{"id": s.id, "currency": s.currency, "securityType": s.typ,
				"stock":   map[string]any{"name": s.name, "symbol": s.symbol, "primaryExchange": s.exchange},
				"quoteV2": map[string]any{"price": s.price.StringFixed(2), "currency": s.currency, "__typename": "EquityQuote"}},
			"__typename": "PositionV2"}})
	}
	return map[string]any{"identity": map[string]any{"id": p.identity, "financials": map[string]any{"current": map[string]any{
		"id": "current", "positions": map[string]any{"edges": edges, "pageInfo": info, "totalCount": len(all)}}}}}, ""
}

func (p *portfolio) activities(raw json.RawMessage) (any, string) {
	v, e := parse(raw)
	if e != "" {
		return nil, e
	}
	var cond struct {
		StartDate  *string  `json:"startDate"`
		EndDate    *string  `json:"endDate"`
		AccountIDs []string `json:"accountIds"`
	}
	if err := json.Unmarshal(v["condition"], &cond); err != nil {
		return nil, "Invalid condition"
	}
	var all []activity
	for _, id := range cond.AccountIDs {
		a := p.find(id)
		if a == nil {
			continue
		}
		for _, x := range a.activities {
			d := x.OccurredAt[:10]
			if cond.StartDate != nil && d < *cond.StartDate || cond.EndDate != nil && d > *cond.EndDate {
				continue
			}
			all = append(all, x)
		}
	}
	rows, info, e := page(all, v, 50)
	if e != "" {
		return nil, e
	}
	edges := []any{}
	for _, x := range rows {
		edges = append(edges, map[string]any{"node": x, "__typename": "ActivityFeedItemEdge"})
	}
	return map[string]any{"activityFeedItems": map[string]any{"edges": edges, "pageInfo": info}}, ""
}
