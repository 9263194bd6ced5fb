package fake

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// instrument is a security of the fake's depots.
type instrument struct {
	id, wkn, isin, mnemonic, name, typ string
}

// position is a depot position.
type position struct {
	inst            instrument
	qty, price, avg decimal.Decimal
	unit            string // "XXX" pieces, "EUR" a bond's nominal
	priceDivider    decimal.Decimal
}

// transaction is a depot transaction.
type transaction struct {
	id                string
	inst              instrument
	typ, direction    string
	booking           time.Time
	qty, price, value decimal.Decimal
}

// book is one login's depot, settlement account and history.
type book struct {
	depotID, depotDisplay, settlementID string
	cash, available                     decimal.Decimal
	positions                           []position
	transactions                        []transaction
	account                             []cashRow // the settlement account's transactions
	// second is a second depot of the login, listed after this one, whose
	// defaultSettlementAccountId is this one's (its own account unused).
	second *book
}

// depot is the login's depot id names: the book or its second, else nil.
func (b *book) depot(id string) *book {
	for d := b; d != nil; d = d.second {
		if d.depotID == id {
			return d
		}
	}
	return nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var (
	sap    = instrument{"0B2F3F9A6D1C4E1E9B7A000000716460", "716460", "DE0007164600", "SAP", "SAP SE", "SHARE"}
	alv    = instrument{"0B2F3F9A6D1C4E1E9B7A000000840400", "840400", "DE0008404005", "ALV", "Allianz SE", "SHARE"}
	world  = instrument{"0B2F3F9A6D1C4E1E9B7A000000A0RPWH", "A0RPWH", "IE00B4L5Y983", "EUNL", "iShares Core MSCI World UCITS ETF", "ETF"}
	em     = instrument{"0B2F3F9A6D1C4E1E9B7A000000A111X9", "A111X9", "IE00BKM4GZ66", "IS3N", "iShares Core MSCI EM IMI UCITS ETF", "ETF"}
	fund   = instrument{"0B2F3F9A6D1C4E1E9B7A000000847811", "847811", "DE0008478116", "", "DWS Vermögensbildungsfonds I LD", "FUND"}
	bund   = instrument{"0B2F3F9A6D1C4E1E9B7A000000110251", "110251", "DE0001102515", "", "Bundesrepublik Deutschland 0% 20/30", "BOND"}
	pieces = "XXX"
)

func mainBook(now time.Time) *book {
	b := &book{depotID: "DEPOT0000000000000000000000000A1", depotDisplay: "7654321", settlementID: "ACCT000000000000000000000000000A1",
		cash: dec("3524.18"), available: dec("3524.18")}
	b.positions = []position{
		{sap, dec("25"), dec("231.45"), dec("118.20"), pieces, decimal.Zero},
		{alv, dec("12"), dec("312.80"), dec("205.50"), pieces, decimal.Zero},
		{world, dec("180.5"), dec("101.234"), dec("72.10"), pieces, decimal.Zero},
		{em, dec("95"), dec("33.12"), dec("29.85"), pieces, decimal.Zero},
		{fund, dec("14.732"), dec("278.91"), dec("201.33"), pieces, decimal.Zero},
		{bund, dec("5000"), dec("89.41"), dec("95.20"), "EUR", dec("100")},
	}
	b.transactions = history("A1", now, 24, []instrument{world, sap, em, alv, fund})
	b.account = cashHistory("HA", now, 24, b.transactions)
	return b
}

func smallBook(now time.Time) *book {
	b := &book{depotID: "DEPOT0000000000000000000000000B2", depotDisplay: "8765432", settlementID: "ACCT000000000000000000000000000B2",
		cash: dec("812.40"), available: dec("700.00")}
	b.positions = []position{{world, dec("40"), dec("101.234"), dec("88.00"), pieces, decimal.Zero}}
	b.transactions = history("B2", now, 4, []instrument{world})
	return b
}

// sharedBook is a login with two depots and one Girokonto, the
// settlement account of both: the account's rows hold the cash legs of
// both depots' trades.
func sharedBook(now time.Time) *book {
	b := &book{depotID: "DEPOT0000000000000000000000000C3", depotDisplay: "9876543", settlementID: "ACCT000000000000000000000000000C3",
		cash: dec("1200.00"), available: dec("1200.00")}
	b.positions = []position{{sap, dec("10"), dec("231.45"), dec("150.00"), pieces, decimal.Zero}}
	b.transactions = history("C3", now, 6, []instrument{sap})
	d := &book{depotID: "DEPOT0000000000000000000000000D4", depotDisplay: "9876544", settlementID: b.settlementID}
	d.positions = []position{{world, dec("30"), dec("101.234"), dec("90.00"), pieces, decimal.Zero}}
	d.transactions = history("D4", now, 6, []instrument{world})
	b.account = cashHistory("HC", now, 6, append(append([]transaction{}, b.transactions...), d.transactions...))
	b.second = d
	return b
}

// history makes a transaction about every three weeks for months months
// before now: savings-plan buys in turn, every fifth a sell, every ninth a
// transfer in or out.
func history(tag string, now time.Time, months int, insts []instrument) []transaction {
	var out []transaction
	start := now.AddDate(0, -months, 0)
	for i, at := 0, time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC); at.Before(now.AddDate(0, 0, -2)); i, at = i+1, at.AddDate(0, 0, 21) {
		in := insts[i%len(insts)]
		typ, dir := "BUY", "IN"
		switch {
		case i%9 == 8 && i%2 == 0:
			typ, dir = "TRANSFER_IN", "IN"
		case i%9 == 8:
			typ, dir = "TRANSFER_OUT", "OUT"
		case i%5 == 4:
			typ, dir = "SELL", "OUT"
		}
		qty := decimal.NewFromInt(int64(1 + i%4))
		price := decimal.NewFromInt(int64(50 + i%30)).Add(dec("0.37"))
		value := qty.Mul(price)
		if typ == "TRANSFER_IN" || typ == "TRANSFER_OUT" {
			value = decimal.Zero
		}
		out = append(out, transaction{id: fmt.Sprintf("TX%s%06d", tag, 100+i), inst: in, typ: typ, direction: dir, booking: at,
			qty: qty, price: price, value: value})
	}
	return out
}

func amount(d decimal.Decimal, unit string) map[string]string {
	return map[string]string{"value": d.String(), "unit": unit}
}

func instrumentJSON(in instrument) map[string]any {
	return map[string]any{"instrumentId": in.id, "wkn": in.wkn, "isin": in.isin, "mnemonic": in.mnemonic, "name": in.name,
		"shortName": in.name, "staticData": map[string]any{"notation": "wkn", "currency": "EUR", "instrumentType": in.typ,
			"priipsRelevant": false, "kidAvailable": false, "shippingWaiverRequired": false, "fundRedemptionLimited": false}}
}

func depotJSON(b *book) map[string]any {
	return map[string]any{"depotId": b.depotID, "depotDisplayId": b.depotDisplay, "clientId": "CLIENT" + b.depotDisplay,
		"defaultSettlementAccountId": b.settlementID, "settlementAccountIds": []string{b.settlementID}}
}

func (s *Server) depots(w http.ResponseWriter, _ *http.Request, b *book) {
	var rows []any
	for d := b; d != nil; d = d.second {
		rows = append(rows, depotJSON(d))
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"paging": map[string]int{"index": 0, "matches": len(rows)}, "values": rows})
}

func (p position) value() decimal.Decimal {
	v := p.qty.Mul(p.price)
	if p.priceDivider.IsPositive() {
		v = v.Div(p.priceDivider)
	}
	return v.Round(2)
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, b *book) {
	if b = b.depot(r.PathValue("depot")); b == nil {
		apiError(w, http.StatusNotFound, "not.found", "depot.unknown", "Depot nicht gefunden.")
		return
	}
	withInst := r.URL.Query().Get("with-attr") == "instrument"
	rows := []any{}
	total, cost := decimal.Zero, decimal.Zero
	for i, p := range b.positions {
		v := p.value()
		pv := p.qty.Mul(p.avg)
		if p.priceDivider.IsPositive() {
			pv = pv.Div(p.priceDivider)
		}
		total, cost = total.Add(v), cost.Add(pv.Round(2))
		row := map[string]any{"depotId": b.depotID, "positionId": fmt.Sprintf("POS%03d", i+1), "wkn": p.inst.wkn, "custodyType": "CAR",
			"quantity": amount(p.qty, p.unit), "availableQuantity": amount(p.qty, p.unit),
			"currentPrice":  map[string]any{"price": amount(p.price, "EUR"), "priceDateTime": s.Now().UTC().Format("2006-01-02T15:04:05+00:00")},
			"purchasePrice": amount(p.avg, "EUR"), "prevDayPrice": map[string]any{"price": amount(p.price, "EUR")},
			"currentValue": amount(v, "EUR"), "purchaseValue": amount(pv.Round(2), "EUR"), "version": "1"}
		if withInst {
			row["instrument"] = instrumentJSON(p.inst)
		}
		rows = append(rows, row)
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"paging": map[string]int{"index": 0, "matches": len(rows)},
		"aggregated": map[string]any{"depot": depotJSON(b), "depotId": b.depotID, "currentValue": amount(total, "EUR"),
			"purchaseValue": amount(cost, "EUR"), "prevDayValue": amount(total, "EUR")},
		"values": rows})
}

func (s *Server) transactions(w http.ResponseWriter, r *http.Request, b *book) {
	if b = b.depot(r.PathValue("depot")); b == nil {
		apiError(w, http.StatusNotFound, "not.found", "depot.unknown", "Depot nicht gefunden.")
		return
	}
	q := r.URL.Query()
	since, ok := fakekit.TimeParam(q.Get("min-bookingDate"), time.DateOnly)
	if !ok {
		apiError(w, http.StatusUnprocessableEntity, "request.parameter.invalid", "min-bookingDate", "Ungültiges Datum.")
		return
	}
	first, _ := strconv.Atoi(q.Get("paging-first"))
	count, countOK := fakekit.IntParam(q.Get("paging-count"), 20, 1, math.MaxInt)
	if !countOK || first < 0 {
		apiError(w, http.StatusUnprocessableEntity, "request.parameter.invalid", "paging", "Ungültiges Paging.")
		return
	}
	count = min(count, 20) // the fake pages by at most 20, whatever is asked
	var all []transaction
	for i := len(b.transactions) - 1; i >= 0; i-- {
		if t := b.transactions[i]; fakekit.Within(t.booking, since, s.Now()) {
			all = append(all, t)
		}
	}
	rows := []any{}
	for i := first; i < len(all) && i < first+count; i++ {
		t := all[i]
		rows = append(rows, map[string]any{"transactionId": t.id, "bookingStatus": "BOOKED", "bookingDate": t.booking.Format(time.DateOnly),
			"settlementDate": t.booking.AddDate(0, 0, 2).Format("2006-01-02T00:00:00+01:00"), "businessDate": t.booking.Format(time.DateOnly),
			"quantity": amount(t.qty, pieces), "instrumentId": t.inst.id, "instrument": instrumentJSON(t.inst),
			"executionPrice": amount(t.price, "EUR"), "transactionValue": amount(t.value, "EUR"),
			"transactionDirection": t.direction, "transactionType": t.typ})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"paging": map[string]int{"index": first, "matches": len(all)},
		"aggregated": map[string]any{}, "values": rows})
}

func (s *Server) balances(w http.ResponseWriter, _ *http.Request, b *book) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"paging": map[string]int{"index": 0, "matches": 1}, "aggregated": map[string]any{},
		"values": []any{map[string]any{
			"account": map[string]any{"accountId": b.settlementID, "accountDisplayId": "1234" + b.depotDisplay, "currency": "EUR",
				"clientId": "CLIENT" + b.depotDisplay, "accountType": map[string]string{"key": "CA", "text": "Girokonto"},
				"iban": "DE00200411110" + b.depotDisplay, "creditLimit": amount(decimal.Zero, "EUR")},
			"accountId": b.settlementID, "balance": amount(b.cash, "EUR"), "balanceEUR": amount(b.cash, "EUR"),
			"availableCashAmount": amount(b.available, "EUR"), "availableCashAmountEUR": amount(b.available, "EUR")}}})
}
