package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

type acctSpec struct {
	number, nickname, typeName, marginOrCash string
	seed                                     int
}

var users = map[string][]acctSpec{
	User: {
		{number: "5WT00001", nickname: "Individual", typeName: "Individual", marginOrCash: "Margin", seed: 1},
		{number: "5WT00002", nickname: "Roth IRA", typeName: "Roth IRA", marginOrCash: "Cash", seed: 2},
	},
	OtherUser: {
		{number: "5WT00077", nickname: "Individual", typeName: "Individual", marginOrCash: "Cash", seed: 3},
	},
}

// AccountID is the id Latchkey's client gives an account: a hash of its
// number, so the number itself is never an id.
func AccountID(number string) string {
	h := sha256.Sum256([]byte("tastytrade-account\x00" + number))
	return "tt-" + hex.EncodeToString(h[:10])
}

type account struct {
	acctSpec
	cash      decimal.Decimal
	positions []map[string]any
	txns      []map[string]any
	dates     []time.Time
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type holding struct {
	symbol, typ, underlying string
	qty                     string // signed
	close, avg              string
	multiplier              int64
}

var holdings = map[int][]holding{
	1: {
		{"AAPL", "Equity", "AAPL", "100", "189.25", "150.10", 1},
		{"SPY", "Equity", "SPY", "10", "512.34", "440.00", 1},
		{"AAPL  270115C00200000", "Equity Option", "AAPL", "2", "5.35", "4.10", 100},
		{"TSLA", "Equity", "TSLA", "-5", "201.10", "230.00", 1},
		{"BTC/USD", "Cryptocurrency", "BTC/USD", "0.05", "64210.55", "52000.00", 1},
		{"/ESH7", "Future", "/ES", "1", "5321.25", "5290.00", 50},
	},
	2: {
		{"VTI", "Equity", "VTI", "20", "265.40", "201.77", 1},
		{"SPY   270115P00450000", "Equity Option", "SPY", "-1", "7.80", "9.20", 100},
	},
	3: {
		{"KO", "Equity", "KO", "30", "61.20", "58.35", 1},
	},
}

func accountsOf(user string, day time.Time) []account {
	var out []account
	for _, spec := range users[user] {
		a := account{acctSpec: spec, cash: dec("15234.87")}
		for _, h := range holdings[spec.seed] {
			qty := dec(h.qty)
			dir := "Long"
			if qty.IsNegative() {
				dir = "Short"
			}
			var quantity any = json.Number(qty.Abs().String())
			a.positions = append(a.positions, map[string]any{
				"account-number": spec.number, "symbol": h.symbol, "instrument-type": h.typ, "underlying-symbol": h.underlying,
				"quantity": quantity, "quantity-direction": dir, "close-price": h.close, "average-open-price": h.avg,
				"average-yearly-market-close-price": h.avg, "average-daily-market-close-price": h.close,
				"multiplier": h.multiplier, "cost-effect": map[bool]string{true: "Debit", false: "Credit"}[dir == "Long"],
				"is-suppressed": false, "is-frozen": false, "restricted-quantity": json.Number("0"),
				"realized-day-gain": "0.0", "realized-day-gain-effect": "None", "realized-today": "0.0", "realized-today-effect": "None",
				"created-at": day.AddDate(0, -2, 0).Format("2006-01-02T15:04:05.000-07:00"),
				"updated-at": day.Add(14 * time.Hour).Format("2006-01-02T15:04:05.000-07:00"),
			})
		}
		a.txns, a.dates = history(spec, day)
		out = append(out, a)
	}
	return out
}

func effect(d decimal.Decimal) (string, string) {
	switch {
	case d.IsNegative():
		return d.Abs().StringFixed(2), "Debit"
	case d.IsPositive():
		return d.StringFixed(2), "Credit"
	}
	return "0.0", "None"
}

// history builds about 40 transactions over 190 days, oldest first.
func history(spec acctSpec, day time.Time) ([]map[string]any, []time.Time) {
	var rows []map[string]any
	var dates []time.Time
	seq := 0
	add := func(daysAgo int, typ, sub, desc, symbol, instrument, action string, qty, price, net, fees decimal.Decimal) {
		seq++
		at := day.AddDate(0, 0, -daysAgo).Add(14*time.Hour + time.Duration(seq)*time.Minute)
		value := net.Add(fees) // before fees
		v, ve := effect(value)
		n, ne := effect(net)
		row := map[string]any{
			"id": json.Number(strconv.Itoa(260000000 + spec.seed*10000 + seq)), "account-number": spec.number,
			"transaction-type": typ, "transaction-sub-type": sub, "description": desc,
			"executed-at": at.Format("2006-01-02T15:04:05.000-07:00"), "transaction-date": at.Format("2006-01-02"),
			"value": v, "value-effect": ve, "net-value": n, "net-value-effect": ne, "is-estimated-fee": false,
		}
		if symbol != "" {
			row["symbol"], row["underlying-symbol"], row["instrument-type"] = symbol, symbol, instrument
		}
		if action != "" {
			row["action"], row["quantity"], row["price"] = action, qty.String(), price.String()
			row["commission"], row["commission-effect"] = fees.Sub(dec("0.14")).StringFixed(2), "Debit"
			row["clearing-fees"], row["clearing-fees-effect"] = "0.10", "Debit"
			row["regulatory-fees"], row["regulatory-fees-effect"] = "0.04", "Debit"
			row["order-id"] = json.Number(strconv.Itoa(310000000 + spec.seed*1000 + seq))
		}
		rows = append(rows, row)
		dates = append(dates, at)
	}
	zero := decimal.Zero
	hs := holdings[spec.seed]
	for m := 5; m >= 0; m-- {
		base := 3 + m*31
		h := hs[m%len(hs)]
		if h.typ != "Equity" {
			h = hs[0]
		}
		dep := dec("750.00").Add(decimal.NewFromInt(int64(m * 5)))
		add(base+25, "Money Movement", "Deposit", "ACH DEPOSIT", "", "", "", zero, zero, dep, zero)
		qty := decimal.NewFromInt(int64(1 + m))
		price := dec(h.close).Sub(decimal.NewFromInt(int64(m)))
		fees := dec("1.14")
		add(base+20, "Trade", "Buy to Open", "Bought "+qty.String()+" "+h.symbol+" @ "+price.String(), h.symbol, h.typ, "Buy to Open",
			qty, price, qty.Mul(price).Add(fees).Neg(), fees)
		div := dec("8.45").Add(decimal.NewFromInt(int64(m)))
		add(base+12, "Money Movement", "Dividend", h.symbol+" DIVIDEND", h.symbol, h.typ, "", zero, zero, div, zero)
		add(base+12, "Money Movement", "Withholding", h.symbol+" BACKUP WITHHOLDING", h.symbol, h.typ, "", zero, zero, div.Mul(dec("-0.24")).Round(2), zero)
		add(base+2, "Money Movement", "Credit Interest", "INTEREST ON CREDIT BALANCE", "", "", "", zero, zero, dec("0.83"), zero)
		if m%2 == 0 {
			sp := dec(h.close).Add(dec("3.00"))
			add(base+6, "Trade", "Sell to Close", "Sold 1 "+h.symbol+" @ "+sp.String(), h.symbol, h.typ, "Sell to Close",
				decimal.NewFromInt(1), sp, sp.Sub(fees), fees)
		}
	}
	add(160, "Money Movement", "Withdrawal", "ACH WITHDRAWAL", "", "", "", zero, zero, dec("-400.00"), zero)
	add(130, "Money Movement", "Fee", "INTL WIRE FEE", "", "", "", zero, zero, dec("-45.00"), zero)
	add(100, "Receive Deliver", "Forward Split", "Forward split "+hs[0].symbol, hs[0].symbol, hs[0].typ, "", zero, zero, zero, zero)
	add(70, "Receive Deliver", "Expiration", "Removal of option due to expiration", "", "", "", zero, zero, zero, zero)
	add(40, "Money Movement", "Transfer", "Transfer from linked account", "", "", "", zero, zero, dec("250.00"), zero)
	add(20, "Money Movement", "Balance Adjustment", "Regulatory fee adjustment", "", "", "", zero, zero, dec("0.01"), zero)
	return rows, dates
}

func (s *Server) accountOf(w http.ResponseWriter, r *http.Request, user string) *account {
	for _, a := range accountsOf(user, s.Day()) {
		if a.number == r.PathValue("number") {
			return &a
		}
	}
	writeError(w, http.StatusForbidden, "not_permitted", "User not permitted access")
	return nil
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, user string) {
	items := []any{}
	for _, a := range accountsOf(user, s.Day()) {
		items = append(items, map[string]any{"authority-level": "owner", "account": map[string]any{
			"account-number": a.number, "external-id": "A" + a.number, "opened-at": "2021-06-01T14:00:00.000+00:00",
			"nickname": a.nickname, "account-type-name": a.typeName, "day-trader-status": false, "is-closed": false,
			"is-firm-error": false, "is-firm-proprietary": false, "is-futures-approved": a.seed == 1, "is-test-drive": false,
			"margin-or-cash": a.marginOrCash, "is-foreign": false, "funding-date": "2021-06-03",
			"investment-objective": "SPECULATION", "suitable-options-level": "No Restrictions",
			"created-at": "2021-06-01T14:00:00.000+00:00"}})
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"items": items}, "context": r.URL.Path})
}

func (s *Server) handleBalances(w http.ResponseWriter, r *http.Request, a *account) {
	long, short := decimal.Zero, decimal.Zero
	for _, p := range a.positions {
		qty := dec(string(p["quantity"].(json.Number)))
		v := qty.Mul(dec(p["close-price"].(string))).Mul(decimal.NewFromInt(p["multiplier"].(int64)))
		if p["instrument-type"] == "Future" {
			continue // futures carry no market value, only margin
		}
		if p["quantity-direction"] == "Short" {
			short = short.Add(v)
		} else {
			long = long.Add(v)
		}
	}
	nlv := a.cash.Add(long).Sub(short)
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"account-number": a.number, "cash-balance": a.cash.StringFixed(2), "long-equity-value": long.StringFixed(2),
		"short-equity-value": short.StringFixed(2), "long-derivative-value": "0.0", "short-derivative-value": "0.0",
		"margin-equity": nlv.StringFixed(2), "equity-buying-power": a.cash.Mul(dec("2")).StringFixed(2),
		"derivative-buying-power": a.cash.StringFixed(2), "day-trading-buying-power": "0.0",
		"available-trading-funds": "0.0", "maintenance-requirement": "0.0", "net-liquidating-value": nlv.StringFixed(2),
		"cash-available-to-withdraw": a.cash.StringFixed(2), "pending-cash": "0.0", "pending-cash-effect": "None",
		"currency": "USD", "snapshot-date": s.Day().Format("2006-01-02"),
		"updated-at": s.Now().UTC().Format("2006-01-02T15:04:05.000+00:00"),
	}, "context": r.URL.Path})
}

func (s *Server) handlePositions(w http.ResponseWriter, r *http.Request, a *account) {
	items := a.positions
	if r.URL.Query().Get("include-marks") == "true" {
		items = nil
		for _, p := range a.positions {
			m := map[string]any{}
			for k, v := range p {
				m[k] = v
			}
			m["mark"], m["mark-price"] = markOf(p), markOf(p)
			items = append(items, m)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"items": items}, "context": r.URL.Path})
}

// markOf is a position's price today: its previous close moved by 1%.
func markOf(p map[string]any) string {
	return dec(p["close-price"].(string)).Mul(dec("1.01")).Round(2).String()
}

func (s *Server) handleTransactions(w http.ResponseWriter, r *http.Request, a *account) {
	q := r.URL.Query()
	per := fakekit.PositiveParam(q.Get("per-page"), s.opts.PageSize, s.opts.PageSize)
	offset, _ := strconv.Atoi(q.Get("page-offset"))
	offset = max(offset, 0)
	var rows []map[string]any
	for i, t := range a.txns {
		d := a.dates[i].Format("2006-01-02")
		if sd := q.Get("start-date"); sd != "" && d < sd {
			continue
		}
		if ed := q.Get("end-date"); ed != "" && d > ed {
			continue
		}
		rows = append(rows, t)
	}
	if q.Get("sort") != "Asc" { // newest first, as tastytrade's default
		slices.Reverse(rows)
	}
	total := len(rows)
	pages := (total + per - 1) / per
	start := min(offset*per, total)
	end := min(start+per, total)
	items := rows[start:end]
	if items == nil {
		items = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"data": map[string]any{"items": items}, "api-version": "v1", "context": r.URL.Path,
		"pagination": map[string]any{"per-page": per, "page-offset": offset, "item-offset": start, "total-items": total,
			"total-pages": pages, "current-item-count": len(items), "previous-link": nil, "next-link": nil, "paging-link-template": nil},
	})
}
