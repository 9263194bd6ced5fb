package fake

import (
	"net/http"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// writeFault writes an injected fault the way Upstox answers; malformed,
// truncated and maintenance answers are the suite's own.
var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "UDAPI100500", Message: "Something went wrong... please contact us"},
	brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: "UDAPI10005", Message: "Too Many Request Sent", RetryAfter: true},
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "UDAPI100050", Message: "Invalid token used to access API"},
})

func success(w http.ResponseWriter, data any) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "data": data})
}

func (s *Server) handleProfile(w http.ResponseWriter, _ *http.Request, user string) {
	success(w, profileOf(user))
}

func (s *Server) handleFunds(w http.ResponseWriter, r *http.Request, user string) {
	d := s.dataset(user)
	out := map[string]any{}
	for seg, f := range d.funds {
		switch r.URL.Query().Get("segment") {
		case "SEC":
			if seg != "equity" {
				continue
			}
		case "COM":
			if seg != "commodity" {
				continue
			}
		case "":
		default:
			writeError(w, http.StatusBadRequest, "UDAPI100036", "Invalid Input")
			return
		}
		m := map[string]any{}
		for k, v := range f {
			m[k] = n(v)
		}
		out[seg] = m
	}
	success(w, out)
}

func (s *Server) handleHoldings(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	rows := make([]any, 0, len(d.holdings))
	for _, h := range d.holdings {
		pnl := h.qty.Mul(h.ins.last.Sub(h.avg)).Round(2)
		rows = append(rows, map[string]any{
			"isin": h.ins.isin, "cnc_used_quantity": 0, "collateral_type": "WC", "company_name": h.ins.name,
			"haircut": n(dec("0.2")), "product": "D", "quantity": n(h.qty), "trading_symbol": h.ins.symbol,
			"tradingsymbol": h.ins.symbol, "last_price": n(h.ins.last), "close_price": n(h.ins.close), "pnl": n(pnl),
			"day_change": n(h.ins.last.Sub(h.ins.close)), "day_change_percentage": 0,
			"instrument_token": h.ins.exchange + "_EQ|" + h.ins.isin, "average_price": n(h.avg),
			"collateral_quantity": 0, "collateral_update_quantity": 0, "t1_quantity": 0, "exchange": h.ins.exchange,
		})
	}
	success(w, rows)
}

func (s *Server) handlePositions(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	rows := make([]any, 0, len(d.positions))
	for _, p := range d.positions {
		q := decimalInt(p.qty)
		var avg any
		val := q.Mul(p.last).Mul(p.mult).Round(2)
		unreal := val
		if p.avg != nil {
			avg = n(*p.avg)
			unreal = q.Mul(p.last.Sub(*p.avg)).Mul(p.mult).Round(2)
		}
		rows = append(rows, map[string]any{
			"exchange": p.exchange, "multiplier": n(p.mult), "value": n(val), "pnl": n(unreal), "product": p.product,
			"instrument_token": p.token, "average_price": avg, "buy_value": n(val), "overnight_quantity": p.qty,
			"day_buy_value": 0, "day_buy_price": 0, "overnight_buy_amount": n(val), "overnight_buy_quantity": p.qty,
			"day_buy_quantity": 0, "day_sell_value": 0, "day_sell_price": 0, "overnight_sell_amount": 0,
			"overnight_sell_quantity": 0, "day_sell_quantity": 0, "quantity": p.qty, "last_price": n(p.last),
			"unrealised": n(unreal), "realised": 0, "sell_value": 0, "trading_symbol": p.symbol,
			"tradingsymbol": p.symbol, "close_price": n(p.close), "buy_price": avg, "sell_price": 0,
		})
	}
	success(w, rows)
}

// earliestTradeDate is the first day of the last three financial years.
func earliestTradeDate(now time.Time) string {
	l := now.In(fakekit.Kolkata)
	fy := l.Year()
	if l.Month() < time.April {
		fy--
	}
	return time.Date(fy-2, time.April, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func (s *Server) handleTrades(w http.ResponseWriter, r *http.Request, user string) {
	q := r.URL.Query()
	start, end := q.Get("start_date"), q.Get("end_date")
	_, e1 := time.Parse(time.DateOnly, start)
	_, e2 := time.Parse(time.DateOnly, end)
	pn, e3 := strconv.Atoi(q.Get("page_number"))
	ps, e4 := strconv.Atoi(q.Get("page_size"))
	if e1 != nil || e2 != nil || e3 != nil || e4 != nil || pn < 1 || ps < 1 || start > end {
		writeError(w, http.StatusBadRequest, "UDAPI100036", "Invalid Input")
		return
	}
	if start < earliestTradeDate(s.Now()) {
		// The code and text of this refusal are the fake's; Upstox documents
		// only that data covers the last three financial years.
		writeError(w, http.StatusBadRequest, "UDAPI1088", "start_date should be within the last 3 financial years")
		return
	}
	seg := q.Get("segment")
	var all []trade
	for _, t := range s.dataset(user).trades {
		if t.date >= start && t.date <= end && (seg == "" || seg == t.segment) {
			all = append(all, t)
		}
	}
	pages := (len(all) + ps - 1) / ps
	page, _ := fakekit.Page(all, (pn-1)*ps, ps)
	rows := make([]any, 0, len(page))
	for _, t := range page {
		rows = append(rows, map[string]any{
			"exchange": t.exchange, "segment": t.segment, "option_type": t.optionType, "quantity": n(t.qty),
			"amount": n(t.amount), "trade_id": t.tradeID, "trade_date": t.date, "transaction_type": t.txType,
			"scrip_name": t.scrip, "strike_price": t.strike, "expiry": t.expiry, "price": n(t.price),
			"isin": t.isin, "symbol": t.symbol, "instrument_token": t.token,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "success", "data": rows, "errors": nil,
		"meta_data": map[string]any{"page": map[string]any{
			"page_number": pn, "page_size": ps, "total_records": len(all), "total_pages": pages,
		}},
	})
}
