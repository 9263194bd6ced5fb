package fake

import (
	"net/http"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/shopspring/decimal"
)

func kiteTime(t time.Time) string { return t.In(fakekit.Kolkata).Format(time.DateTime) }

func (s *Server) handleProfile(w http.ResponseWriter, _ *http.Request, user string) {
	success(w, profileOf(user))
}

func (s *Server) handleMargins(w http.ResponseWriter, r *http.Request, user string) {
	d := s.dataset(user)
	seg := r.PathValue("segment")
	if seg == "" {
		out := map[string]any{}
		for k, v := range d.margins {
			out[k] = v
		}
		success(w, out)
		return
	}
	m, ok := d.margins[seg]
	if !ok {
		if seg != "equity" && seg != "commodity" {
			writeError(w, http.StatusBadRequest, "InputException", "Invalid segment.")
			return
		}
		m = map[string]any{"enabled": false, "net": 0, "available": map[string]any{"cash": 0, "live_balance": 0}, "utilised": map[string]any{}}
	}
	success(w, m)
}

func (s *Server) handleHoldings(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	rows := make([]any, 0, len(d.holdings))
	for _, h := range d.holdings {
		q := decimal.NewFromInt(h.qty + h.t1)
		pnl := q.Mul(h.last.Sub(h.avg)).Round(2)
		rows = append(rows, map[string]any{
			"tradingsymbol": h.symbol, "exchange": h.exchange, "instrument_token": h.token, "isin": h.isin,
			"product": "CNC", "price": 0, "quantity": h.qty, "used_quantity": 0, "t1_quantity": h.t1,
			"realised_quantity": h.qty, "authorised_quantity": 0, "authorised_date": "2021-06-08 00:00:00",
			"opening_quantity": h.qty + h.t1, "collateral_quantity": 0, "collateral_type": "", "discrepancy": false,
			"average_price": n(h.avg), "last_price": n(h.last), "close_price": n(h.close), "pnl": n(pnl),
			"day_change": n(h.last.Sub(h.close)), "day_change_percentage": 0,
		})
	}
	success(w, rows)
}

func (s *Server) handleMFHoldings(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	rows := make([]any, 0, len(d.mfHoldings))
	for _, h := range d.mfHoldings {
		rows = append(rows, map[string]any{
			"folio": h.folio, "fund": h.fund, "tradingsymbol": h.isin, "average_price": n(h.avg),
			"last_price": n(h.last), "last_price_date": h.lastDate, "pnl": n(h.qty.Mul(h.last.Sub(h.avg)).Round(2)),
			"quantity": n(h.qty), "pledged_quantity": 0,
		})
	}
	success(w, rows)
}

func positionJSON(p position) map[string]any {
	q := decimal.NewFromInt(p.qty)
	val := q.Mul(p.avg).Mul(p.mult).Neg().Round(2)
	pnl := q.Mul(p.last.Sub(p.avg)).Mul(p.mult).Round(2)
	buyQty, sellQty := p.qty, int64(0)
	if p.qty < 0 {
		buyQty, sellQty = 0, -p.qty
	}
	return map[string]any{
		"tradingsymbol": p.symbol, "exchange": p.exchange, "instrument_token": p.token, "product": p.product,
		"quantity": p.qty, "overnight_quantity": 0, "multiplier": n(p.mult), "average_price": n(p.avg),
		"close_price": n(p.close), "last_price": n(p.last), "value": n(val), "pnl": n(pnl), "m2m": n(pnl),
		"unrealised": n(pnl), "realised": 0, "buy_quantity": buyQty, "buy_price": n(p.avg),
		"buy_value": n(decimal.NewFromInt(buyQty).Mul(p.avg).Mul(p.mult)), "buy_m2m": n(pnl),
		"sell_quantity": sellQty, "sell_price": 0, "sell_value": 0, "sell_m2m": 0,
		"day_buy_quantity": buyQty, "day_buy_price": n(p.avg), "day_buy_value": n(decimal.NewFromInt(buyQty).Mul(p.avg).Mul(p.mult)),
		"day_sell_quantity": 0, "day_sell_price": 0, "day_sell_value": 0,
	}
}

func (s *Server) handlePositions(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	net := make([]any, 0, len(d.positions))
	for _, p := range d.positions {
		net = append(net, positionJSON(p))
	}
	success(w, map[string]any{"net": net, "day": net})
}

// handleTrades serves today's fills, those executed by now.
func (s *Server) handleTrades(w http.ResponseWriter, _ *http.Request, user string) {
	d := s.dataset(user)
	now := s.Now()
	rows := []any{}
	for _, t := range d.trades {
		if t.at.After(now) {
			continue
		}
		rows = append(rows, map[string]any{
			"trade_id": t.id, "order_id": t.orderID, "exchange": t.exchange, "tradingsymbol": t.symbol,
			"instrument_token": t.token, "product": t.product, "average_price": n(t.price), "quantity": t.qty,
			"exchange_order_id": "1100000" + t.orderID[4:], "transaction_type": t.side,
			"fill_timestamp": kiteTime(t.at), "order_timestamp": kiteTime(t.at.Add(-2 * time.Second)),
			"exchange_timestamp": kiteTime(t.at),
		})
	}
	success(w, rows)
}

// handleMFOrders serves the fund orders placed in the last seven days, or
// between ?from= and ?to= (dates, inclusive).
func (s *Server) handleMFOrders(w http.ResponseWriter, r *http.Request, user string) {
	q := r.URL.Query()
	today := s.Now().In(fakekit.Kolkata)
	from := today.AddDate(0, 0, -7).Format(time.DateOnly)
	to := today.Format(time.DateOnly)
	if q.Get("from") != "" || q.Get("to") != "" {
		f, e1 := time.Parse(time.DateOnly, q.Get("from"))
		t, e2 := time.Parse(time.DateOnly, q.Get("to"))
		if e1 != nil || e2 != nil || t.Before(f) {
			writeError(w, http.StatusBadRequest, "InputException", "Invalid `from` or `to` date.")
			return
		}
		from, to = f.Format(time.DateOnly), t.Format(time.DateOnly)
	}
	rows := []any{}
	for _, o := range s.dataset(user).mfOrders {
		placed := o.placed.In(fakekit.Kolkata).Format(time.DateOnly)
		if placed < from || placed > to {
			continue
		}
		var folio, exch, msg, ptype any
		if o.folio != "" && o.status == "COMPLETE" {
			folio = o.folio
		}
		if o.exchangeDate != "" {
			exch = o.exchangeDate
		}
		if o.statusMessage != "" {
			msg = o.statusMessage
		}
		if o.purchaseType != "" {
			ptype = o.purchaseType
		}
		rows = append(rows, map[string]any{
			"status": o.status, "purchase_type": ptype, "folio": folio, "order_timestamp": kiteTime(o.placed),
			"average_price": n(o.avg), "exchange_order_id": nil, "last_price": n(o.last), "tradingsymbol": o.isin,
			"settlement_id": nil, "transaction_type": o.side, "order_id": o.id, "amount": n(o.amount), "tag": nil,
			"placed_by": user, "exchange_timestamp": exch, "variety": o.variety, "last_price_date": to,
			"status_message": msg, "fund": o.fund, "quantity": n(o.qty),
		})
	}
	success(w, rows)
}
