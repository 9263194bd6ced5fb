package fake

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The settlement account's transactions, GET
// /api/banking/v1/accounts/{accountId}/transactions, as the REST API
// documentation (4.1.3, 4.2.3 AccountTransaction) and the swagger
// (bankingV1GetAccountTransactions, ListResourceAccountTransaction)
// declare them, with what comdirect's clients report of the live API:
//
//   - transactionState BOOKED, NOTBOOKED or BOTH (the default);
//     transactionDirection CREDIT, DEBIT or CREDIT_AND_DEBIT; paging-first.
//   - paging-count (default 20, at most 500), min-bookingDate and
//     max-bookingDate: not in the documentation, reported by
//     mcdax/comdirect-python-library's COMDIRECT_API.md, which also reports
//     that paging-first past 0 needs transactionState=BOOKED (422
//     otherwise) and that without min-bookingDate only about the last six
//     months are answered.
//   - rows newest first (the order comdirect's clients rely on when they
//     stop at a date); a booked row's remittanceInfo in numbered windows of
//     37 characters ("01" and 35 characters, padded), an unbooked row's in
//     plain windows of 35 and its bookingDate null.
//   - a 404 when nothing matches (the swagger's "No transactions found").
//
// The fake pages by at most 20 rows whatever is asked, as it does the
// depot's, so that a read takes several pages.

// cashRow is a settlement-account transaction.
type cashRow struct {
	ref             string
	booked          bool
	booking, valuta time.Time
	amount          decimal.Decimal
	key, text       string   // transactionType
	holder          string   // remitter's holderName, "" for none
	lines           []string // remittanceInfo's lines
	leg             bool     // the cash leg of a depot trade
}

var (
	typeSecurities = [2]string{"SECURITIES", "Securities"}
	typeIncome     = [2]string{"INTEREST_DIVIDENDS", "Interest / Dividends"}
	typeFees       = [2]string{"BANK_FEES", "Bank fees"}
	typeTransfer   = [2]string{"TRANSFER", "Transfer"}
	typeDebit      = [2]string{"DIRECT_DEBIT", "Direct Debit"}
	typeMisc       = [2]string{"MISCELLANEOUS", "Miscellaneous"}
	typeCard       = [2]string{"CARD_TRANSACTION", "Card transaction"}
)

// tradeFee is what the fake's trades cost on top of their value.
var tradeFee = dec("4.90")

// cashHistory makes the settlement account's rows for months months before
// now: each depot buy's and sell's cash leg two days after it (value and
// fee), a deposit on the 1st of every month, a withdrawal every fourth
// month and a direct debit every fifth, a dividend of SAP and Allianz each
// May and of the MSCI World ETF each quarter, credit interest and a
// custody fee each quarter, a tax settlement each January, and one card
// payment not booked yet.
func cashHistory(tag string, now time.Time, months int, txs []transaction) []cashRow {
	var out []cashRow
	n := 0
	add := func(r cashRow) {
		if r.booked && r.booking.After(now) {
			return
		}
		n++
		r.ref = fmt.Sprintf("%s2%07d/%d", tag, 1000+n*37, n)
		if r.booked && r.valuta.IsZero() {
			r.valuta = r.booking
		}
		out = append(out, r)
	}
	for _, t := range txs {
		switch t.typ {
		case "BUY":
			add(cashRow{booked: true, booking: t.booking.AddDate(0, 0, 2), amount: t.value.Add(tradeFee).Neg(), key: typeSecurities[0], text: typeSecurities[1],
				lines: []string{"Wertpapierkauf " + t.inst.wkn, t.inst.name, "Stk. " + t.qty.String() + " Kurs " + t.price.String()}, leg: true})
		case "SELL":
			add(cashRow{booked: true, booking: t.booking.AddDate(0, 0, 2), amount: t.value.Sub(tradeFee), key: typeSecurities[0], text: typeSecurities[1],
				lines: []string{"Wertpapierverkauf " + t.inst.wkn, t.inst.name, "Stk. " + t.qty.String() + " Kurs " + t.price.String()}, leg: true})
		}
	}
	start := now.AddDate(0, -months, 0)
	for m, at := 0, time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0); at.Before(now.AddDate(0, 0, -2)); m, at = m+1, at.AddDate(0, 1, 0) {
		add(cashRow{booked: true, booking: at, amount: dec("500"), key: typeTransfer[0], text: typeTransfer[1], holder: "Max Mustermann",
			lines: []string{"Sparrate " + at.Format("01/2006"), "End-to-End-Ref.:", "nicht angegeben"}})
		if m%4 == 3 {
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 9), amount: dec("-350"), key: typeTransfer[0], text: typeTransfer[1], holder: "Max Mustermann",
				lines: []string{"Umbuchung auf Girokonto", "End-to-End-Ref.:", "nicht angegeben"}})
		}
		if m%5 == 4 {
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 3), amount: dec("-42.50"), key: typeDebit[0], text: typeDebit[1], holder: "Stadtwerke Musterstadt",
				lines: []string{"Abschlag Strom " + at.Format("01/2006"), "End-to-End-Ref.:", "SWM" + at.Format("200601"), "CORE / Mandatsref.:", "M-0001", "Gläubiger-ID:", "DE00ZZZ00000000001"}})
		}
		switch at.Month() {
		case time.May:
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 14), amount: dec("40.66"), key: typeIncome[0], text: typeIncome[1],
				lines: []string{"Dividendengutschrift", "SAP SE WKN 716460", "Stk. 25"}})
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 7), amount: dec("100.81"), key: typeIncome[0], text: typeIncome[1],
				lines: []string{"Dividendengutschrift", "Allianz SE WKN 840400", "Stk. 12"}})
		case time.January:
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 11), amount: dec("-18.73"), key: typeMisc[0], text: typeMisc[1],
				lines: []string{"Steuerausgleich " + strconv.Itoa(at.Year()-1), "Kapitalertragsteuer, Solidaritäts-", "zuschlag"}})
		}
		if at.Month()%3 == 0 {
			add(cashRow{booked: true, booking: at.AddDate(0, 0, 20), amount: dec("31.27"), key: typeIncome[0], text: typeIncome[1],
				lines: []string{"Ertragsausschüttung", "iShares Core MSCI World UCITS ETF", "WKN A0RPWH"}})
			end := at.AddDate(0, 1, -1)
			add(cashRow{booked: true, booking: end, amount: dec("2.14"), key: typeIncome[0], text: typeIncome[1],
				lines: []string{"Abschluss Habenzinsen", "bis " + end.Format("02.01.2006")}})
			add(cashRow{booked: true, booking: end, amount: dec("-5.85"), key: typeFees[0], text: typeFees[1],
				lines: []string{"Depotentgelt Quartal", "bis " + end.Format("02.01.2006")}})
		}
	}
	add(cashRow{booked: false, amount: dec("-23.40"), key: typeCard[0], text: typeCard[1], holder: "Buchhandlung am Markt",
		lines: []string{"Buchhandlung am Markt", now.AddDate(0, 0, -1).Format("2006-01-02T15:04:05")}})
	return out
}

// remittanceInfo writes a row's lines as comdirect does: a booked row's
// each as its number ("01", "02", ...) and 35 characters padded with
// spaces, an unbooked row's as 35 characters without numbers.
func remittanceInfo(lines []string, booked bool) string {
	var b strings.Builder
	for i, l := range lines {
		r := []rune(l)
		if len(r) > 35 {
			r = r[:35]
		}
		if booked {
			fmt.Fprintf(&b, "%02d", i+1)
		}
		b.WriteString(string(r) + strings.Repeat(" ", 35-len(r)))
	}
	return b.String()
}

// cashQuery is a request's filters, or the 422 to answer.
type cashQuery struct {
	state, direction string
	from, to         time.Time
	first, count     int
	hasFrom          bool
}

func readCashQuery(r *http.Request) (cashQuery, string, bool) {
	q := r.URL.Query()
	c := cashQuery{state: q.Get("transactionState"), direction: q.Get("transactionDirection")}
	if c.state == "" {
		c.state = "BOTH"
	}
	if c.direction == "" {
		c.direction = "CREDIT_AND_DEBIT"
	}
	switch {
	case c.state != "BOOKED" && c.state != "NOTBOOKED" && c.state != "BOTH":
		return c, "transactionState", false
	case c.direction != "CREDIT" && c.direction != "DEBIT" && c.direction != "CREDIT_AND_DEBIT":
		return c, "transactionDirection", false
	}
	var ok bool
	if c.from, ok = fakekit.TimeParam(q.Get("min-bookingDate"), time.DateOnly); !ok {
		return c, "min-bookingDate", false
	}
	c.hasFrom = q.Get("min-bookingDate") != ""
	if c.to, ok = fakekit.TimeParam(q.Get("max-bookingDate"), time.DateOnly); !ok {
		return c, "max-bookingDate", false
	}
	if c.first, ok = fakekit.IntParam(q.Get("paging-first"), 0, 0, math.MaxInt32); !ok {
		return c, "paging.invalid", false
	}
	if c.count, ok = fakekit.IntParam(q.Get("paging-count"), 20, 1, 500); !ok {
		return c, "paging.invalid", false
	}
	if c.first > 0 && c.state != "BOOKED" {
		return c, "requestparameter.invalid", false
	}
	return c, "", true
}

func (c cashQuery) keeps(t cashRow, now time.Time) bool {
	switch {
	case c.state == "BOOKED" && !t.booked, c.state == "NOTBOOKED" && t.booked:
		return false
	case c.direction == "CREDIT" && !t.amount.IsPositive(), c.direction == "DEBIT" && !t.amount.IsNegative():
		return false
	case !t.booked:
		return true
	case !c.hasFrom && t.booking.Before(now.AddDate(0, -6, 0)):
		return false // without min-bookingDate, about six months
	}
	return fakekit.Within(t.booking, c.from, c.to)
}

func holder(name string) any {
	if name == "" {
		return nil
	}
	return map[string]any{"holderName": name}
}

func (s *Server) accountTransactions(w http.ResponseWriter, r *http.Request, b *book) {
	if r.PathValue("account") != b.settlementID {
		apiError(w, http.StatusNotFound, "not.found", "account.unknown", "Konto nicht gefunden.")
		return
	}
	c, bad, ok := readCashQuery(r)
	if !ok {
		apiError(w, http.StatusUnprocessableEntity, "request.query.invalid", bad, "Ungültige Anfrage.")
		return
	}
	now := s.Now()
	var all []cashRow
	for _, t := range b.account { // unbooked first, then by booking date, newest first
		if !t.booked && c.keeps(t, now) {
			all = append(all, t)
		}
	}
	var booked []cashRow
	for _, t := range b.account {
		if t.booked && c.keeps(t, now) {
			booked = append(booked, t)
		}
	}
	sortNewest(booked)
	all = append(all, booked...)
	if len(all) == 0 {
		apiError(w, http.StatusNotFound, "not.found", "transactions.not.found", "Keine Umsätze gefunden.")
		return
	}
	rows := []any{}
	for i := c.first; i < len(all) && i < c.first+min(c.count, 20); i++ {
		t := all[i]
		row := map[string]any{"reference": t.ref, "bookingStatus": "NOTBOOKED", "bookingDate": nil,
			"amount": amount(t.amount, "EUR"), "remitter": holder(t.holder), "deptor": nil, "creditor": nil,
			"valutaDate": nil, "directDebitCreditorId": nil, "directDebitMandateId": nil, "endToEndReference": nil,
			"newTransaction": !t.booked, "remittanceInfo": remittanceInfo(t.lines, t.booked),
			"transactionType": map[string]string{"key": t.key, "text": t.text}}
		if t.booked {
			row["bookingStatus"], row["bookingDate"], row["valutaDate"] = "BOOKED", t.booking.Format(time.DateOnly), t.valuta.Format(time.DateOnly)
		}
		rows = append(rows, row)
	}
	latest := all[0]
	agg := map[string]any{"account": nil, "accountId": b.settlementID, "referenceLatestTransaction": latest.ref,
		"latestTransactionIncluded": c.first == 0, "pagingTimestamp": now.UTC().Format("2006-01-02T15:04:05+00")}
	if len(booked) > 0 {
		agg["bookingDateLatestTransaction"] = booked[0].booking.Format(time.DateOnly)
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"paging": map[string]int{"index": c.first, "matches": len(all)},
		"aggregated": agg, "values": rows})
}

// sortNewest orders booked rows by booking date, newest first (rows of
// one day keep their order).
func sortNewest(rows []cashRow) {
	slices.SortStableFunc(rows, func(a, b cashRow) int { return b.booking.Compare(a.booking) })
}
