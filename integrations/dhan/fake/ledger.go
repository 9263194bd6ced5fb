package fake

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/indiakit/indiafake"
)

// ledgerRow is one entry of the fake's trading ledger.
type ledgerRow struct {
	at                  time.Time
	narration, exchange string
	voucher             string // voucherdesc
	debit, credit       decimal.Decimal
	settlement          bool // a trade's bill: the trade history has the trade
}

// Narrations and vouchers of the fake's ledger. "FUNDS WITHDRAWAL" with
// PAYBNK on NSE-CAPITAL is the documentation's sample
// (https://dhanhq.co/docs/v2/statements/, Ledger Report); the others are
// the fake's own, in the same shape.
const (
	narrationPayIn    = "FUNDS ADDED VIA UPI"
	narrationPayOut   = "FUNDS WITHDRAWAL"
	narrationDP       = "DP CHARGES FOR SELL TRANSACTION"
	narrationInterest = "INTEREST ON DELAYED PAYMENT"
	narrationOther    = "AUCTION ADJUSTMENT"
	voucherBankIn     = "RECBNK"
	voucherBankOut    = "PAYBNK"
	voucherBill       = "BILL"
	voucherJournal    = "JV"
	ledgerExchange    = "NSE-CAPITAL"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ledgerOf is the ledger of a book up to now, oldest first: a pay-in before
// the first fill, a bill for each fill settled by now (its value with its
// charges, a day after it), DP charges the day after each sell, a second
// pay-in, a withdrawal and, for the main login, interest and an auction
// adjustment.
func ledgerOf(b *indiafake.Book, now time.Time) []ledgerRow {
	trades := b.TradesUntil(now)
	first := now.AddDate(0, -1, 0)
	if len(trades) > 0 {
		first = trades[0].At
	}
	rows := []ledgerRow{
		{at: first.AddDate(0, 0, -2), narration: narrationPayIn, exchange: ledgerExchange, voucher: voucherBankIn, credit: dec("500000.00")},
		{at: now.AddDate(0, 0, -45), narration: narrationPayIn, exchange: ledgerExchange, voucher: voucherBankIn, credit: dec("25000.00")},
		{at: now.AddDate(0, 0, -20), narration: narrationPayOut, exchange: ledgerExchange, voucher: voucherBankOut, debit: dec("20000.00")},
	}
	if len(b.Positions) > 0 { // the main login
		rows = append(rows,
			ledgerRow{at: now.AddDate(0, 0, -75), narration: narrationInterest, exchange: ledgerExchange, voucher: voucherJournal, debit: dec("8.25")},
			ledgerRow{at: now.AddDate(0, 0, -33), narration: narrationOther, exchange: ledgerExchange, voucher: voucherJournal, credit: dec("112.40")})
	}
	for _, t := range trades {
		settled := t.At.AddDate(0, 0, 1)
		if settled.After(now) {
			continue
		}
		bill := ledgerRow{at: settled, exchange: ledgerExchange, voucher: voucherBill, settlement: true,
			narration: fmt.Sprintf("BILL ENTRY FOR %s-%s SETT NO %s", t.Exchange, t.Symbol, t.At.In(fakekit.Kolkata).Format("2006002"))}
		if t.Side == "BUY" {
			bill.debit = t.Value().Add(t.Fee)
		} else {
			bill.credit = t.Value().Sub(t.Fee)
			rows = append(rows, ledgerRow{at: settled, narration: narrationDP, exchange: ledgerExchange, voucher: voucherJournal, debit: dec("15.93")})
		}
		rows = append(rows, bill)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at.Before(rows[j].at) })
	return rows
}

// ledgerListed counts the ledger rows package dhan lists: all but the
// bills, whose trades the trade history gives.
func ledgerListed(rows []ledgerRow) int {
	n := 0
	for _, r := range rows {
		if !r.settlement {
			n++
		}
	}
	return n
}

// ledger serves GET /v2/ledger?from-date=&to-date= (both required,
// YYYY-MM-DD, India dates, inclusive): an opening balance line, then the
// rows of those days with their running balance, each field a string as
// the documentation shows.
func (s *Server) ledger(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	q := r.URL.Query()
	from, err1 := time.ParseInLocation(time.DateOnly, q.Get("from-date"), fakekit.Kolkata)
	to, err2 := time.ParseInLocation(time.DateOnly, q.Get("to-date"), fakekit.Kolkata)
	if err1 != nil || err2 != nil || to.Before(from) {
		writeError(w, http.StatusBadRequest, "Input_Exception", "DH-905", "Missing required fields, bad values for parameters etc.")
		return
	}
	s.mu.Lock()
	s.ledgerCalls = append(s.ledgerCalls, q.Get("from-date")+".."+q.Get("to-date"))
	s.mu.Unlock()
	money := func(d decimal.Decimal) string { return d.StringFixed(2) }
	row := func(at time.Time, narration, voucher, number string, debit, credit, bal decimal.Decimal) map[string]string {
		return map[string]string{"dhanClientId": b.ClientID, "narration": narration, "voucherdate": at.In(fakekit.Kolkata).Format("Jan 02, 2006"),
			"exchange": ledgerExchange, "voucherdesc": voucher, "vouchernumber": number,
			"debit": money(debit), "credit": money(credit), "runbal": money(bal)}
	}
	bal := decimal.Zero
	out := []map[string]string{}
	opened := false
	for i, l := range ledgerOf(b, s.Now()) {
		if l.at.Before(from) {
			bal = bal.Add(l.credit).Sub(l.debit)
			continue
		}
		if !l.at.Before(to.AddDate(0, 0, 1)) {
			break
		}
		if !opened {
			out = append(out, row(from, "Opening Balance", "", "", decimal.Zero, decimal.Zero, bal))
			opened = true
		}
		bal = bal.Add(l.credit).Sub(l.debit)
		out = append(out, row(l.at, l.narration, l.voucher, fmt.Sprintf("%d%08d", l.at.In(fakekit.Kolkata).Year(), 36701+i),
			l.debit, l.credit, bal))
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}

// LedgerCalls are the from-date..to-date spans of the GET /ledger calls
// answered so far.
func (s *Server) LedgerCalls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ledgerCalls...)
}
