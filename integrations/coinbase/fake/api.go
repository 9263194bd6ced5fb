package fake

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// writeErrors writes Coinbase's error envelope.
func writeErrors(w http.ResponseWriter, status int, id, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{{"id": id, "message": msg}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

// writeFault writes an injected fault the way Coinbase answers; malformed,
// truncated and maintenance answers are the suite's own.
var writeFault = fakekit.Faults(writeErrors, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "internal_server_error", Message: "Internal server error"},
	brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: "rate_limit_exceeded", Message: "Too many requests", RetryAfter: true},
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "invalid_token", Message: "The access token is invalid"},
})

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func money(d interface{ StringFixed(int32) string }, places int32, cur string) map[string]string {
	return map[string]string{"amount": d.StringFixed(places), "currency": cur}
}

func (s *Server) handleUser(w http.ResponseWriter, _ *http.Request, user string) {
	u := s.dataset(user).user
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"id": u.id, "name": u.name, "username": u.username,
		"profile_location": nil, "profile_bio": nil, "profile_url": "https://coinbase.com/" + u.username,
		"avatar_url": "https://images.coinbase.com/avatar?s=128", "resource": "user", "resource_path": "/v2/user",
		"time_zone": u.timeZone, "native_currency": u.native, "bitcoin_unit": "BTC",
		"country": map[string]string{"code": u.country, "name": u.countryName}, "created_at": rfc3339(u.created),
	}})
}

func accountJSON(wl *wallet) map[string]any {
	ctype := "crypto"
	typ := "wallet"
	if wl.fiat {
		ctype, typ = "fiat", "fiat"
	}
	var created, updated any
	if wl.created != nil {
		created = rfc3339(*wl.created)
		updated = created
		if len(wl.txs) > 0 {
			updated = rfc3339(wl.txs[0].at)
		}
	}
	return map[string]any{
		"id": wl.id, "name": wl.name, "primary": wl.primary, "type": typ,
		"currency": map[string]any{"code": wl.cur.code, "name": wl.cur.name, "color": wl.cur.color,
			"sort_index": 100, "exponent": wl.cur.exponent, "type": ctype},
		"balance":    money(wl.balance, wl.cur.exponent, wl.cur.code),
		"created_at": created, "updated_at": updated, "resource": "account",
		"resource_path": "/v2/accounts/" + wl.id, "allow_deposits": true, "allow_withdrawals": true,
	}
}

// page cuts a list by Coinbase's cursor parameters. ids are in list order;
// it returns the slice bounds and the next_starting_after cursor.
func page(ids []string, q url.Values, max int) (lo, hi int, limit int, next string, bad string) {
	limit, ok := fakekit.IntParam(q.Get("limit"), 25, 1, 100)
	if !ok {
		return 0, 0, 0, "", "limit must be between 1 and 100"
	}
	if max > 0 && limit > max {
		limit = max
	}
	lo, hi = 0, len(ids)
	if after := q.Get("starting_after"); after != "" {
		i := indexOf(ids, after)
		if i < 0 {
			return 0, 0, 0, "", "starting_after is not a valid id"
		}
		lo = i + 1
	}
	if before := q.Get("ending_before"); before != "" {
		i := indexOf(ids, before)
		if i < 0 {
			return 0, 0, 0, "", "ending_before is not a valid id"
		}
		hi = i
		if hi-limit > lo {
			lo = hi - limit
		}
	}
	if hi-lo > limit {
		hi = lo + limit
		next = ids[hi-1]
	}
	return lo, hi, limit, next, ""
}

func indexOf(ids []string, id string) int {
	for i, v := range ids {
		if v == id {
			return i
		}
	}
	return -1
}

// pagination is the pagination object; next_uri is written the way Coinbase
// writes it: "/v2/...?&limit=N&starting_after=ID".
func pagination(path string, q url.Values, limit int, next, order string) map[string]any {
	var nextURI, nextAfter any
	if next != "" {
		u := path + "?&limit=" + strconv.Itoa(limit)
		if q.Get("order") != "" {
			u += "&order=" + url.QueryEscape(order)
		}
		nextURI, nextAfter = u+"&starting_after="+url.QueryEscape(next), next
	}
	var after, before any
	if v := q.Get("starting_after"); v != "" {
		after = v
	}
	if v := q.Get("ending_before"); v != "" {
		before = v
	}
	return map[string]any{
		"ending_before": before, "starting_after": after, "previous_ending_before": nil,
		"next_starting_after": nextAfter, "limit": limit, "order": order,
		"previous_uri": nil, "next_uri": nextURI,
	}
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, user string) {
	d := s.dataset(user)
	ids := make([]string, len(d.wallets))
	for i, wl := range d.wallets {
		ids[i] = wl.id
	}
	q := r.URL.Query()
	lo, hi, limit, next, bad := page(ids, q, s.opts.PageLimit)
	if bad != "" {
		writeErrors(w, http.StatusBadRequest, "invalid_request", bad)
		return
	}
	data := make([]any, 0, hi-lo)
	for _, wl := range d.wallets[lo:hi] {
		data = append(data, accountJSON(wl))
	}
	writeJSON(w, http.StatusOK, map[string]any{"pagination": pagination("/v2/accounts", q, limit, next, "desc"), "data": data})
}

// walletOf is the user's wallet the path's id names (its id, "primary" or
// its currency's code), or nil after a 404.
func (s *Server) walletOf(w http.ResponseWriter, r *http.Request, user string) *wallet {
	id := r.PathValue("id")
	for _, wl := range s.dataset(user).wallets {
		if wl.id == id || (wl.primary && id == "primary") || strings.EqualFold(wl.cur.code, id) {
			return wl
		}
	}
	writeErrors(w, http.StatusNotFound, "not_found", "Not found")
	return nil
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request, wl *wallet) {
	writeJSON(w, http.StatusOK, map[string]any{"data": accountJSON(wl)})
}

func txJSON(wl *wallet, t *tx) map[string]any {
	m := map[string]any{
		"id": t.id, "type": t.typ, "status": t.status,
		"amount":      money(t.amount, wl.cur.exponent, wl.cur.code),
		"description": nil, "created_at": rfc3339(t.at), "updated_at": rfc3339(t.at),
		"resource": "transaction", "resource_path": "/v2/accounts/" + wl.id + "/transactions/" + t.id,
		"instant_exchange": false,
		"details":          map[string]string{"title": t.title, "subtitle": t.subtitle},
	}
	if t.nativeCur != "" {
		m["native_amount"] = money(t.native, 2, t.nativeCur)
	}
	switch t.typ {
	case "buy", "sell":
		m[t.typ] = map[string]string{"id": uuidOf("order/" + t.id), "resource": t.typ,
			"resource_path": "/v2/accounts/" + wl.id + "/" + t.typ + "s/" + uuidOf("order/"+t.id)}
	case "send", "receive":
		m["network"] = map[string]any{"status": "confirmed", "hash": strings.ReplaceAll(uuidOf("hash/"+t.id), "-", "")}
	case "advanced_trade_fill":
		if f := t.fill; f != nil {
			m["advanced_trade_fill"] = map[string]string{
				"fill_price": f.price.String(), "product_id": f.product, "order_id": f.orderID,
				"commission": f.commission.String(), "order_side": f.side,
			}
		}
	}
	return m
}

func (s *Server) handleTransactions(w http.ResponseWriter, r *http.Request, wl *wallet) {
	q := r.URL.Query()
	order := "desc"
	txs := wl.txs
	if q.Get("order") == "asc" {
		order = "asc"
		txs = make([]*tx, len(wl.txs))
		for i, t := range wl.txs {
			txs[len(wl.txs)-1-i] = t
		}
	}
	ids := make([]string, len(txs))
	for i, t := range txs {
		ids[i] = t.id
	}
	lo, hi, limit, next, bad := page(ids, q, s.opts.PageLimit)
	if bad != "" {
		writeErrors(w, http.StatusBadRequest, "invalid_request", bad)
		return
	}
	data := make([]any, 0, hi-lo)
	for _, t := range txs[lo:hi] {
		data = append(data, txJSON(wl, t))
	}
	path := "/v2/accounts/" + wl.id + "/transactions"
	writeJSON(w, http.StatusOK, map[string]any{"pagination": pagination(path, q, limit, next, order), "data": data})
}

// handleSpot is GET /v2/prices/:pair/spot, public.
func (s *Server) handleSpot(w http.ResponseWriter, r *http.Request) {
	base, quote, _ := strings.Cut(strings.ToUpper(r.PathValue("pair")), "-")
	p, ok := spot(base, quote)
	if !ok {
		writeErrors(w, http.StatusNotFound, "not_found", "Invalid currency pair")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]string{"amount": p.String(), "base": base, "currency": quote}})
}
