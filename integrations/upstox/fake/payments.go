package fake

import (
	"net/http"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Payment is a pay-in (fund deposit) or a pay-out (fund withdrawal) of
// GET /v2/user/payments/payin and /v2/user/payments/payout.
type Payment struct {
	Payout bool
	// ID is the transaction_id; empty leaves the field out.
	ID, Mode, Bank string
	// Status is Upstox's word: for a pay-in PENDING, SUCCESS, FAILED or
	// CANCELLED; for a pay-out RECEIVED, VALIDATING, APPROVED,
	// TRANSFER_IN_PROGRESS, COMPLETED, REJECTED, REVERSED or DEEMED_SUCCESS.
	Status  string
	Reason  string
	Amount  decimal.Decimal
	Charges decimal.Decimal
	At      time.Time // created_at (or last_updated_at), India time
}

// paymentsListed is how many transactions a list answers: "the most recent
// 20 transactions" (Get Payins, Get Payouts).
const paymentsListed = 20

// moved are the statuses whose money has moved: what package upstox reads
// as CONTRIBUTION and WITHDRAWAL (Count).
var moved = map[string]bool{"SUCCESS": true, "COMPLETED": true, "DEEMED_SUCCESS": true}

// AddPayment adds p to user's lists, for tests.
func (s *Server) AddPayment(user string, p Payment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.added == nil {
		s.added = map[string][]Payment{}
	}
	s.added[user] = append(s.added[user], p)
}

// RefusePayments makes the payment lists refuse user as the fake refuses a
// request it does not serve (404 UDAPI10000): an account for which Upstox
// offers no payment history.
func (s *Server) RefusePayments(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[user] = true
}

// served is user's pay-in (payout false) or pay-out list as answered: the
// 20 most recent, newest first.
func (s *Server) served(user string, payout bool) []Payment {
	s.mu.Lock()
	all := append([]Payment(nil), s.added[user]...)
	s.mu.Unlock()
	all = append(all, s.dataset(user).payments...)
	var out []Payment
	for _, p := range all {
		if p.Payout == payout {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > paymentsListed {
		out = out[:paymentsListed]
	}
	return out
}

// The two field sets Upstox's Get Payins and Get Payouts pages have shown:
// the launch's (May 2026: last_updated_at, reason, total_charges,
// charges_category) and the later one (currency, created_at, and eta for a
// pay-out). 7JD3KQ is answered in the later one, 5XY9PL in the launch's.
const payTime = "2006-01-02 15:04:05"

func payRow(p Payment, launch bool) map[string]any {
	at := p.At.In(fakekit.Kolkata)
	var m map[string]any
	if launch {
		m = map[string]any{"amount": n(p.Amount), "mode": p.Mode, "status": p.Status, "last_updated_at": at.Format(payTime),
			"bank_name": p.Bank, "reason": p.Reason, "total_charges": n(p.Charges), "charges_category": "BASIC"}
	} else {
		m = map[string]any{"amount": n(p.Amount), "mode": p.Mode, "status": p.Status, "currency": "INR",
			"bank_name": p.Bank, "created_at": at.Format(payTime)}
		if p.Payout {
			m["eta"] = at.Add(5 * time.Minute).Format(payTime)
		}
	}
	if p.ID != "" {
		m["transaction_id"] = p.ID
	}
	return m
}

func (s *Server) handlePayments(payout bool) func(w http.ResponseWriter, r *http.Request, user string) {
	return func(w http.ResponseWriter, _ *http.Request, user string) {
		s.mu.Lock()
		refused := s.refused[user]
		s.mu.Unlock()
		if refused {
			writeError(w, http.StatusNotFound, "UDAPI10000", "This request is not supported by Upstox API")
			return
		}
		launch := user == UserSecond
		rows := make([]any, 0, paymentsListed)
		for _, p := range s.served(user, payout) {
			rows = append(rows, payRow(p, launch))
		}
		success(w, rows)
	}
}

// payments are a user's pay-ins and pay-outs for the India date anchor:
// fewer than 20 of each, so each list is whole.
func payments(user string, anchor time.Time) []Payment {
	at := func(d, h, m int) time.Time {
		return time.Date(anchor.Year(), anchor.Month(), anchor.Day()-d, h, m, 7, 0, fakekit.Kolkata)
	}
	if user == UserSecond {
		return []Payment{
			{ID: "qws_0426_5XY0001", Mode: "NEFT", Bank: "AXIS BANK", Status: "SUCCESS", Amount: dec("16995.00"), Charges: dec("23.60"), At: at(210, 16, 35)},
			{ID: "upi_0426_5XY0002", Mode: "UPI", Bank: "HDFC BANK", Status: "FAILED", Reason: "Payment declined by bank", Amount: dec("5000.00"), At: at(40, 12, 30)},
			{ID: "order_5XY0003", Mode: "UPI", Bank: "HDFC BANK", Status: "SUCCESS", Amount: dec("1500"), At: at(31, 9, 5)},
			{Payout: true, ID: "qws_0426_5XY0101", Mode: "NEFT", Bank: "AXIS BANK", Status: "COMPLETED", Amount: dec("2000.00"), Charges: dec("0.00"), At: at(100, 13, 25)},
			{Payout: true, ID: "imps_0426_5XY0102", Mode: "IMPS", Bank: "ICICI BANK", Status: "DEEMED_SUCCESS", Reason: "Confirmation awaited from the bank", Amount: dec("1000.00"), Charges: dec("23.60"), At: at(20, 12, 30)},
			{Payout: true, ID: "imps_0426_5XY0103", Mode: "IMPS", Bank: "ICICI BANK", Status: "APPROVED", Amount: dec("300.00"), At: at(0, 11, 0)},
		}
	}
	var out []Payment
	modes := []string{"NEFT", "UPI", "NET_BANKING", "UPI"}
	i := 0
	for d := 400; d >= 10; d -= 30 {
		out = append(out, Payment{ID: "order_7JD" + decimalInt(int64(1000+i)).String(), Mode: modes[i%len(modes)], Bank: "AXIS BANK",
			Status: "SUCCESS", Amount: dec("25000").Add(decimalInt(int64(i * 500))), At: at(d, 10+i%8, 15)})
		i++
	}
	return append(out,
		Payment{ID: "order_7JD2001", Mode: "UPI", Bank: "AXIS BANK", Status: "FAILED", Amount: dec("10000"), At: at(95, 18, 2)},
		Payment{ID: "order_7JD2002", Mode: "NET_BANKING", Bank: "AXIS BANK", Status: "CANCELLED", Amount: dec("7500"), At: at(61, 21, 40)},
		Payment{ID: "qws_7JD2003", Mode: "NEFT", Bank: "AXIS BANK", Status: "PENDING", Amount: dec("12000"), At: at(0, 17, 45)},
		Payment{Payout: true, ID: "qws_7JD3001", Mode: "NEFT", Bank: "AXIS BANK", Status: "COMPLETED", Amount: dec("15000.00"), At: at(200, 13, 25)},
		Payment{Payout: true, ID: "imps_7JD3002", Mode: "IMPS", Bank: "AXIS BANK", Status: "COMPLETED", Amount: dec("4000.00"), At: at(90, 12, 30)},
		Payment{Payout: true, ID: "imps_7JD3003", Mode: "IMPS", Bank: "AXIS BANK", Status: "REJECTED", Amount: dec("90000.00"), At: at(45, 11, 10)},
		Payment{Payout: true, ID: "qws_7JD3004", Mode: "NEFT", Bank: "AXIS BANK", Status: "REVERSED", Amount: dec("3000.00"), At: at(120, 14, 0)},
		Payment{Payout: true, ID: "imps_7JD3005", Mode: "IMPS", Bank: "AXIS BANK", Status: "TRANSFER_IN_PROGRESS", Amount: dec("2500.00"), At: at(1, 12, 0)},
	)
}
