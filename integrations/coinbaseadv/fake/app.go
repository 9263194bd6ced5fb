package fake

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Coinbase App v2 side a CDP key with the "view" scope reads: List
// Accounts (GET /v2/accounts) and List Transactions (GET
// /v2/accounts/:account_id/transactions), in the shapes of
// docs.cdp.coinbase.com/coinbase-app/track-apis/accounts and
// .../transactions and .../api-architecture/pagination: {"pagination":
// {...,"next_uri"}, "data": [...]}, newest first, limit 1..100 (default
// 25), starting_after the last id of the page before. Written from those
// pages, not from the coinbaseadv package.

// docsTransactions is the List Transactions example of Coinbase's v2
// reference (a buy and a request still pending, a completed transfer and a
// completed send, all of the account 2bbf394c-…), the BTC wallet's oldest
// rows here.
const docsTransactions = `[
    {
      "id": "4117f7d6-5694-5b36-bc8f-847509850ea4",
      "type": "buy",
      "status": "pending",
      "amount": {"amount": "486.34313725", "currency": "BTC"},
      "native_amount": {"amount": "4863.43", "currency": "USD"},
      "description": null,
      "created_at": "2015-03-26T23:44:08-07:00",
      "updated_at": "2015-03-26T23:44:08-07:00",
      "resource": "transaction",
      "resource_path": "/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/4117f7d6-5694-5b36-bc8f-847509850ea4",
      "details": {"title": "Bought bitcoin", "subtitle": "using Capital One Bank"}
    },
    {
      "id": "005e55d1-f23a-5d1e-80a4-72943682c055",
      "type": "request",
      "status": "pending",
      "amount": {"amount": "0.10000000", "currency": "BTC"},
      "native_amount": {"amount": "1.00", "currency": "USD"},
      "description": "",
      "created_at": "2015-03-24T18:32:35-07:00",
      "updated_at": "2015-01-31T20:49:02Z",
      "resource": "transaction",
      "resource_path": "/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/005e55d1-f23a-5d1e-80a4-72943682c055",
      "to": {"resource": "email", "email": "rb@coinbase.com"},
      "details": {"title": "Requested bitcoin", "subtitle": "from rb@coinbase.com"}
    },
    {
      "id": "ff01bbc6-c4ad-59e1-9601-e87b5b709458",
      "type": "transfer",
      "status": "completed",
      "amount": {"amount": "-5.00000000", "currency": "BTC"},
      "native_amount": {"amount": "-50.00", "currency": "USD"},
      "description": "",
      "created_at": "2015-03-12T15:51:38-07:00",
      "updated_at": "2015-01-31T20:49:02Z",
      "resource": "transaction",
      "resource_path": "/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/ff01bbc6-c4ad-59e1-9601-e87b5b709458",
      "to": {"id": "58542935-67b5-56e1-a3f9-42686e07fa40", "resource": "account", "resource_path": "/v2/accounts/58542935-67b5-56e1-a3f9-42686e07fa40"},
      "details": {"title": "Transferred bitcoin", "subtitle": "to Secondary Account"}
    },
    {
      "id": "57ffb4ae-0c59-5430-bcd3-3f98f797a66c",
      "type": "send",
      "status": "completed",
      "amount": {"amount": "-0.00100000", "currency": "BTC"},
      "native_amount": {"amount": "-0.01", "currency": "USD"},
      "description": null,
      "created_at": "2015-03-11T13:13:35-07:00",
      "updated_at": "2015-03-26T15:55:43-07:00",
      "resource": "transaction",
      "resource_path": "/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/57ffb4ae-0c59-5430-bcd3-3f98f797a66c",
      "network": {"status": "off_blockchain", "name": "bitcoin"},
      "to": {"id": "a6b4c2df-a62c-5d68-822a-dd4e2102e703", "resource": "user", "resource_path": "/v2/users/a6b4c2df-a62c-5d68-822a-dd4e2102e703"},
      "details": {"title": "Send bitcoin", "subtitle": "to User 2"}
    }
]`

// docsBTCWallet is the id of the docs' example account (a BTC wallet).
const docsBTCWallet = "2bbf394c-193b-5b2a-9155-3b4732659ede"

// appTx is one v2 transaction: its wallet's currency, its time, its wire
// form, and whether Latchkey takes it for an activity of its own
// (completed, not an Advanced Trade fill, not the cash leg of a buy or
// sell): what Count counts.
type appTx struct {
	cur     string
	at      time.Time
	wire    map[string]any
	counted bool
}

// appWalletID is a v2 wallet's id: the docs' account for BTC.
func appWalletID(cur string) string {
	if cur == "BTC" {
		return docsBTCWallet
	}
	return uuid("v2-wallet-" + cur)
}

// addFlows adds the v2 transactions to b: the docs' example rows, and
// deposits, a withdrawal, receives and sends, rewards, a simple buy and
// sell with their cash legs, and the v2 rows of some of the fills (which
// Latchkey skips: it reads the fills themselves). Completed movements
// change the balances.
func (b *book) addFlows() {
	var docs []map[string]any
	if err := json.Unmarshal([]byte(docsTransactions), &docs); err != nil {
		panic(err)
	}
	for _, w := range docs {
		at, _ := time.Parse(time.RFC3339, w["created_at"].(string))
		b.app = append(b.app, appTx{cur: "BTC", at: at, wire: w, counted: w["status"] == "completed"})
	}
	n := 0
	add := func(cur, typ, status string, at time.Time, amount, native, title, subtitle string, counted bool) {
		n++
		id := uuid(fmt.Sprintf("v2-tx-%d", n))
		w := map[string]any{
			"id": id, "type": typ, "status": status,
			"amount":        map[string]string{"amount": amount, "currency": cur},
			"native_amount": map[string]string{"amount": native, "currency": "USD"},
			"description":   nil, "created_at": at.Format(time.RFC3339), "updated_at": at.Format(time.RFC3339),
			"resource": "transaction", "resource_path": "/v2/accounts/" + appWalletID(cur) + "/transactions/" + id,
			"details": map[string]string{"title": title, "subtitle": subtitle},
		}
		b.app = append(b.app, appTx{cur: cur, at: at, wire: w, counted: counted})
		if status == "completed" {
			b.balances.Add(cur, dec(amount))
		}
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 15, 30, 0, 0, time.UTC) }
	add("USD", "fiat_deposit", "completed", time.Date(2024, 12, 20, 9, 0, 0, 0, time.UTC), "2500.00", "2500.00", "Deposited funds", "From Bank of America", true)
	for m := time.January; m <= time.June; m++ {
		add("USD", "fiat_deposit", "completed", day(m, 3), "1000.00", "1000.00", "Deposited funds", "From Bank of America", true)
		add("SOL", "staking_reward", "completed", day(m, 28), "0.0125", "1.78", "Staking reward", "From Solana", true)
		add("USDC", "interest", "completed", day(m, 1), "0.85", "0.85", "USDC reward", "From Coinbase", true)
	}
	add("USD", "fiat_withdrawal", "completed", day(time.May, 20), "-1500.00", "-1500.00", "Withdrew funds", "To Bank of America", true)
	add("USD", "fiat_deposit", "pending", day(time.June, 29), "750.00", "750.00", "Deposited funds", "From Bank of America", false)
	add("BTC", "receive", "completed", day(time.February, 10), "0.05000000", "4861.20", "Received Bitcoin", "From Bitcoin address", true)
	add("BTC", "send", "completed", day(time.April, 3), "-0.02000000", "-1702.40", "Sent Bitcoin", "To Bitcoin address", true)
	add("ETH", "send", "completed", day(time.March, 12), "-0.10000000", "-305.10", "Sent Ethereum", "To Ethereum address", true)
	add("BTC", "buy", "completed", day(time.March, 15), "0.00200000", "130.00", "Bought Bitcoin", "Using USD Wallet", true)
	add("USD", "buy", "completed", day(time.March, 15), "-130.00", "-130.00", "Bought Bitcoin", "Using USD Wallet", false)
	add("ETH", "sell", "completed", day(time.May, 7), "-0.05000000", "160.00", "Sold Ethereum", "To USD Wallet", true)
	add("USD", "sell", "completed", day(time.May, 7), "160.00", "160.00", "Sold Ethereum", "To USD Wallet", false)
	add("USD", "subscription", "completed", day(time.June, 1), "-29.99", "-29.99", "Coinbase One", "Monthly subscription", true)
	for i, f := range b.fills[:10] {
		base, _, _ := strings.Cut(f.wire["product_id"].(string), "-")
		size := f.wire["size"].(string)
		if f.wire["side"] == "SELL" {
			size = "-" + size
		}
		w := map[string]any{
			"id": uuid(fmt.Sprintf("v2-fill-%d", i)), "type": "advanced_trade_fill", "status": "completed",
			"amount": map[string]string{"amount": size, "currency": base}, "created_at": f.at.Format(time.RFC3339),
			"advanced_trade_fill": map[string]any{"fill_price": f.wire["price"], "product_id": f.wire["product_id"],
				"order_id": f.wire["order_id"], "commission": f.wire["commission"], "order_side": strings.ToLower(f.wire["side"].(string))},
		}
		b.app = append(b.app, appTx{cur: base, at: f.at, wire: w})
	}
	slices.SortStableFunc(b.app, func(x, y appTx) int { return y.at.Compare(x.at) }) // newest first
}

// appCount is how many of the v2 rows Latchkey reads as activities.
func (b *book) appCount() int {
	n := 0
	for _, t := range b.app {
		if t.counted {
			n++
		}
	}
	return n
}

// appWallet is a v2 Account resource for one currency of the book.
func (s *Server) appWallet(cur string) map[string]any {
	fiat := cur == "USD"
	typ, ctype := "wallet", "crypto"
	if fiat {
		typ, ctype = "fiat", "fiat"
	}
	id := appWalletID(cur)
	return map[string]any{
		"id": id, "name": cur + " Wallet", "primary": cur == "BTC", "type": typ,
		"currency":   map[string]any{"code": cur, "name": cur, "color": "#0066cf", "exponent": 8, "type": ctype},
		"balance":    map[string]string{"amount": s.book.balances[cur].String(), "currency": cur},
		"created_at": "2024-12-01T10:00:00Z", "updated_at": "2025-06-30T10:00:00Z",
		"resource": "account", "resource_path": "/v2/accounts/" + id, "allow_deposits": true, "allow_withdrawals": true,
	}
}

// appWallets are the v2 wallets: one per currency of the book, and one
// the user never used (XLM: no created_at, nothing in it), as the v2 list
// shows for every supported asset.
func (s *Server) appWallets() []map[string]any {
	var out []map[string]any
	for _, c := range slices.Sorted(maps.Keys(s.book.balances)) {
		out = append(out, s.appWallet(c))
	}
	return append(out, map[string]any{
		"id": "XLM", "name": "XLM Wallet", "primary": false, "type": "wallet",
		"currency":   map[string]any{"code": "XLM", "name": "Stellar Lumens", "exponent": 7, "type": "crypto"},
		"balance":    map[string]string{"amount": "0.0000000", "currency": "XLM"},
		"created_at": nil, "updated_at": nil, "resource": "account", "resource_path": "/v2/accounts/XLM",
	})
}

// appPage answers one page of a v2 list of rows (newest first) with the
// documented pagination object: limit 1..100 (25 when not given, and at
// most s.AppPageMax), the page after starting_after's id.
func (s *Server) appPage(r *http.Request, path string, rows []map[string]any) (any, int) {
	q := r.URL.Query()
	limit := 25
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 100 {
			return appError("invalid_request", "limit must be between 1 and 100"), http.StatusBadRequest
		}
		limit = n
	}
	if m := int(s.appPageMax.Load()); m > 0 {
		limit = min(limit, m)
	}
	start := 0
	if after := q.Get("starting_after"); after != "" {
		i := slices.IndexFunc(rows, func(w map[string]any) bool { return w["id"] == after })
		if i < 0 {
			return appError("invalid_request", "starting_after is not a resource of this list"), http.StatusBadRequest
		}
		start = i + 1
	}
	end := min(start+limit, len(rows))
	page := rows[start:end]
	var nextAfter, nextURI any
	if end < len(rows) {
		last := page[len(page)-1]["id"].(string)
		nextAfter = last
		nextURI = path + "?&limit=" + strconv.Itoa(limit) + "&starting_after=" + url.QueryEscape(last)
	}
	var after any
	if a := q.Get("starting_after"); a != "" {
		after = a
	}
	if page == nil {
		page = []map[string]any{}
	}
	return map[string]any{
		"pagination": map[string]any{"ending_before": nil, "starting_after": after, "previous_ending_before": nil,
			"next_starting_after": nextAfter, "limit": limit, "order": "desc", "previous_uri": nil, "next_uri": nextURI},
		"data": page,
	}, 0
}

// appError is the v2 error envelope: {"errors": [{"id", "message"}]}.
func appError(id, msg string) map[string]any {
	return map[string]any{"errors": []map[string]string{{"id": id, "message": msg}}}
}

func (s *Server) appAccounts(r *http.Request, _ string) (any, int) {
	return s.appPage(r, "/v2/accounts", s.appWallets())
}

func (s *Server) appTransactions(r *http.Request, _ string) (any, int) {
	id := r.PathValue("account_id")
	cur := ""
	for c := range s.book.balances {
		if appWalletID(c) == id || c == id {
			cur = c
		}
	}
	if cur == "" && id != "XLM" {
		return appError("not_found", "Not found"), http.StatusNotFound
	}
	rows := []map[string]any{}
	for _, t := range s.book.app {
		if t.cur == cur {
			rows = append(rows, t.wire)
		}
	}
	return s.appPage(r, "/v2/accounts/"+id+"/transactions", rows)
}
