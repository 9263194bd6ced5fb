// Package fake is a Gemini REST server for tests and for running Latchkey
// against with --endpoints. It listens twice on loopback: as Gemini and as
// the Gemini sandbox.
//
// Private calls are POSTs with an empty body, checked as Gemini does: the
// X-GEMINI-APIKEY, X-GEMINI-PAYLOAD (base64 JSON whose "request" must be the
// path and whose "nonce" must increase per key, and for a key with a
// time-based nonce be within 30 seconds of the clock) and X-GEMINI-SIGNATURE
// (hex HMAC-SHA384 of the payload) headers. It serves /v1/account,
// /v1/balances, /v1/notionalbalances/usd, /v1/mytrades (symbol,
// limit_trades ≤ 500, timestamp: trades on or after it, newest first) and
// /v1/transfers (limit_transfers ≤ 50, timestamp), and the public
// GET /v1/symbols. Errors are {"result":"error","reason":"...","message":"..."}.
//
// # Test logins
//
// Every key below has the secret DemoSecret ("LKdemoGeminiSecret0000000000").
//
//	DemoKey     "account-LKdemoGeminiKey0000" an Auditor key with a time-based nonce (seconds,
//	            within 30 s of the server's clock)
//	SecondKey   "account-LKdemoGeminiKey2222" another Auditor key of the same account whose
//	            nonce must increase from call to call
//	NoRoleKey   "account-LKdemoGeminiNoRole0" a key without a role able to read: MissingRole
//	FrozenKey   "account-LKdemoGeminiFrozen0" a key of a frozen account: AccountFrozen
//
// Any other key, or a wrong secret, is InvalidSignature. RevokeAll deletes
// every key; ExpireAccessTokens does nothing (keys do not expire).
//
// # Data
//
// One exchange account per site: USD cash, BTC, ETH, SOL, LINK and DOGE, about
// 25 trades from January to June 2025, USD and crypto deposits and
// withdrawals and twice-weekly staking rewards (more than one page of
// transfers). Prices are fixed.
package fake

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/gemini"
)

// Test keys (see the package doc).
const (
	DemoKey    = "account-LKdemoGeminiKey0000"
	SecondKey  = "account-LKdemoGeminiKey2222"
	NoRoleKey  = "account-LKdemoGeminiNoRole0"
	FrozenKey  = "account-LKdemoGeminiFrozen0"
	DemoSecret = "LKdemoGeminiSecret0000000000"
	// MemoCode is the account's memo reference code.
	MemoCode = "GEMLKDEMO"
)

// Options configure the server.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
}

// Server is a fake Gemini with its sandbox. It implements brokertest.Fake.
type Server struct {
	brokertest.Injector
	opts  Options
	sites []*site
	book  *book

	mu      sync.Mutex
	revoked bool
	nonces  map[string]int64
}

type site struct {
	id  string
	ln  net.Listener
	hs  *http.Server
	url string
}

// New starts both sites on loopback.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, book: buildBook(), nonces: map[string]int64{}}
	s.Injector.Write = writeFault
	for _, id := range []string{gemini.ID, gemini.SandboxID} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("gemini fake: %w", err)
		}
		st := &site{id: id, ln: ln, url: "http://" + ln.Addr().String()}
		st.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go st.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
		s.sites = append(s.sites, st)
	}
	return s, nil
}

// URL returns the production site's base URL.
func (s *Server) URL() string { return s.sites[0].url }

// Close stops both sites.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, st := range s.sites {
		if err := st.hs.Shutdown(ctx); err != nil {
			_ = st.hs.Close()
		}
	}
	return nil
}

// Endpoints returns the --endpoints overrides for both institutions.
func (s *Server) Endpoints() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, st := range s.sites {
		out[st.id] = map[string]string{"api": st.url}
	}
	return out
}

// RevokeAll deletes every key.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// ExpireAccessTokens does nothing: API keys do not expire.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows a site serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		n := 0
		for c, amt := range s.book.balances {
			if c != "USD" && !amt.IsZero() {
				n++
			}
		}
		return n
	}
	n := len(s.book.trades)
	for _, t := range s.book.transfers {
		if t.Status == "Complete" || t.Status == "Advanced" {
			n++
		}
	}
	return n
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.RateLimited:
		w.Header().Set("Retry-After", "1")
		writeErr(w, http.StatusTooManyRequests, "RateLimited", "Requests were made too frequently. "+brokertest.BodyCanary)
	case brokertest.Maintenance:
		writeErr(w, http.StatusServiceUnavailable, "Maintenance", "The exchange is down for maintenance. "+brokertest.BodyCanary)
	case brokertest.Unauthorized:
		writeErr(w, http.StatusForbidden, "InvalidSignature", "InvalidSignature "+brokertest.BodyCanary)
	default:
		return false
	}
	return true
}

func writeErr(w http.ResponseWriter, status int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"result": "error", "reason": reason, "message": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

type apiErr struct {
	status      int
	reason, msg string
}

// Handler returns the routes (both sites serve the same account).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	private := func(path string, h func(p map[string]any) (any, *apiErr)) {
		mux.Handle("POST "+path, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, e := s.authenticate(r)
			if e == nil {
				var v any
				if v, e = h(p); e == nil {
					writeJSON(w, v)
					return
				}
			}
			writeErr(w, e.status, e.reason, e.msg)
		})))
	}
	private("/v1/account", s.account)
	private("/v1/balances", s.balances)
	private("/v1/notionalbalances/usd", s.notional)
	private("/v1/mytrades", s.myTrades)
	private("/v1/transfers", s.transfers)
	mux.Handle("GET /v1/symbols", s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, []string{"btcusd", "ethbtc", "ethusd", "solusd", "linkusd", "dogeusd", "btcgusd", "zecusd", "ltcusd"})
	})))
	return mux
}

var invalidSig = &apiErr{http.StatusBadRequest, "InvalidSignature", "InvalidSignature"}

func (s *Server) authenticate(r *http.Request) (map[string]any, *apiErr) {
	key, b64, sig := r.Header.Get("X-GEMINI-APIKEY"), r.Header.Get("X-GEMINI-PAYLOAD"), r.Header.Get("X-GEMINI-SIGNATURE")
	switch {
	case key == "":
		return nil, &apiErr{http.StatusBadRequest, "MissingApikeyHeader", "Missing API key header"}
	case b64 == "":
		return nil, &apiErr{http.StatusBadRequest, "MissingPayloadHeader", "Missing payload header"}
	case sig == "":
		return nil, &apiErr{http.StatusBadRequest, "MissingSignatureHeader", "Missing signature header"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch key {
	case DemoKey, SecondKey, NoRoleKey, FrozenKey:
	default:
		return nil, invalidSig
	}
	if s.revoked {
		return nil, invalidSig
	}
	if _, want := gemini.Sign(DemoSecret, mustB64(b64)); !hmac.Equal([]byte(sig), []byte(want)) {
		return nil, invalidSig
	}
	var p map[string]any
	d := json.NewDecoder(strings.NewReader(string(mustB64(b64))))
	d.UseNumber()
	if err := d.Decode(&p); err != nil {
		return nil, &apiErr{http.StatusBadRequest, "InvalidJson", "Could not parse the payload as JSON"}
	}
	if p["request"] != r.URL.Path {
		return nil, &apiErr{http.StatusBadRequest, "InvalidRequest", "The request field does not match the path"}
	}
	n, err := strconv.ParseInt(fmt.Sprint(p["nonce"]), 10, 64)
	if err != nil {
		return nil, &apiErr{http.StatusBadRequest, "MissingNonce", "Missing or malformed nonce"}
	}
	if key == DemoKey { // a time-based nonce, in seconds
		if now := s.now().Unix(); n < now-30 || n > now+30 {
			return nil, &apiErr{http.StatusBadRequest, "InvalidNonce", fmt.Sprintf("Nonce '%d' is not within 30 seconds of server time '%d'", n, now)}
		}
	}
	if key != DemoKey && n <= s.nonces[key] {
		return nil, &apiErr{http.StatusBadRequest, "InvalidNonce", fmt.Sprintf("Nonce '%d' has not increased since your last call to the Gemini API.", n)}
	}
	s.nonces[key] = n
	switch key {
	case NoRoleKey:
		return nil, &apiErr{http.StatusForbidden, "MissingRole", "To access this endpoint, you need to log in to the website and go to the settings page to assign one of these roles [Auditor, Trader, FundManager] to API key " + key}
	case FrozenKey:
		return nil, &apiErr{http.StatusForbidden, "AccountFrozen", "This account is frozen"}
	}
	return p, nil
}

// mustB64 decodes base64, or returns the text as is (the signature then
// fails).
func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return []byte(s)
	}
	return b
}

func (s *Server) account(map[string]any) (any, *apiErr) {
	return map[string]any{
		"account":             map[string]any{"accountName": "Primary", "shortName": "primary", "type": "exchange", "created": "1498245007981"},
		"users":               []map[string]any{{"name": "Sat Oshi", "lastSignIn": "2025-08-30T12:00:00.000Z", "status": "Active", "countryCode": "US", "isVerified": true}},
		"memo_reference_code": MemoCode,
	}, nil
}

func (s *Server) balances(map[string]any) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range sortedKeys(s.book.balances) {
		a := s.book.balances[c].String()
		out = append(out, map[string]string{"type": "exchange", "currency": c, "amount": a, "available": a, "availableForWithdrawal": a})
	}
	return out, nil
}

func (s *Server) notional(map[string]any) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range sortedKeys(s.book.balances) {
		amt := s.book.balances[c]
		n := amt.Mul(dec(prices[c])).Round(2).String()
		a := amt.String()
		out = append(out, map[string]string{"currency": c, "amount": a, "amountNotional": n, "available": a, "availableNotional": n,
			"availableForWithdrawal": a, "availableForWithdrawalNotional": n})
	}
	return out, nil
}

func intParam(p map[string]any, name string, def, maxV int64) (int64, *apiErr) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	if err != nil || n < 0 || (maxV > 0 && n > maxV) {
		return 0, &apiErr{http.StatusBadRequest, "InvalidParameter", "Invalid " + name}
	}
	return n, nil
}

// window returns the rows at or after timestamp (seconds), oldest first,
// at most limit, then newest first as Gemini sends them.
func window[T any](rows []T, at func(T) int64, ts, limit int64) []T {
	var match []T
	for _, r := range rows {
		if at(r) >= ts*1000 {
			match = append(match, r)
		}
	}
	if int64(len(match)) > limit {
		match = match[:limit]
	}
	out := make([]T, len(match))
	for i, r := range match {
		out[len(match)-1-i] = r
	}
	return out
}

func (s *Server) myTrades(p map[string]any) (any, *apiErr) {
	sym, _ := p["symbol"].(string)
	if sym == "" {
		return nil, &apiErr{http.StatusBadRequest, "MissingSymbol", "Missing symbol"}
	}
	limit, e := intParam(p, "limit_trades", 50, 500)
	if e != nil {
		return nil, e
	}
	ts, e := intParam(p, "timestamp", 0, 0)
	if e != nil {
		return nil, e
	}
	var rows []trade
	for _, t := range s.book.trades {
		if t.Symbol == sym {
			rows = append(rows, t)
		}
	}
	return window(rows, func(t trade) int64 { return t.TimestampMS }, ts, limit), nil
}

func (s *Server) transfers(p map[string]any) (any, *apiErr) {
	limit, e := intParam(p, "limit_transfers", 10, 50)
	if e != nil {
		return nil, e
	}
	ts, e := intParam(p, "timestamp", 0, 0)
	if e != nil {
		return nil, e
	}
	return window(s.book.transfers, func(t transfer) int64 { return t.TimestampMS }, ts, limit), nil
}

// --- Data ---------------------------------------------------------------------

var prices = map[string]string{"USD": "1", "BTC": "64210.55", "ETH": "3118.42", "SOL": "142.27", "LINK": "14.12", "DOGE": "0.1623"}

type trade struct {
	Price       string `json:"price"`
	Amount      string `json:"amount"`
	Timestamp   int64  `json:"timestamp"`
	TimestampMS int64  `json:"timestampms"`
	Type        string `json:"type"`
	Aggressor   bool   `json:"aggressor"`
	FeeCurrency string `json:"fee_currency"`
	FeeAmount   string `json:"fee_amount"`
	TID         int64  `json:"tid"`
	OrderID     string `json:"order_id"`
	Exchange    string `json:"exchange"`
	IsAuction   bool   `json:"is_auction_fill"`
	IsClearing  bool   `json:"is_clearing_fill"`
	Symbol      string `json:"symbol"`
}

type transfer struct {
	Type        string `json:"type"`
	Status      string `json:"status"`
	TimestampMS int64  `json:"timestampms"`
	EID         int64  `json:"eid"`
	Currency    string `json:"currency"`
	Amount      string `json:"amount"`
	Method      string `json:"method,omitempty"`
	TxHash      string `json:"txHash,omitempty"`
	Destination string `json:"destination,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
}

type book struct {
	trades    []trade
	transfers []transfer
	balances  map[string]decimal.Decimal
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var t0 = time.Date(2025, 1, 2, 15, 0, 0, 0, time.UTC)

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	add := func(c string, amt decimal.Decimal) {
		b.balances[c] = b.balances[c].Add(amt)
		if b.balances[c].IsNegative() {
			panic("gemini fake: negative " + c)
		}
	}
	eid := int64(320013281)
	xfer := func(day int, hour int, typ, status, c, amount, method string) {
		ms := t0.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour).UnixMilli()
		eid += 7
		b.transfers = append(b.transfers, transfer{Type: typ, Status: status, TimestampMS: ms, EID: eid, Currency: c, Amount: amount, Method: method})
		if status != "Complete" && status != "Advanced" {
			return
		}
		if typ == "Withdrawal" {
			add(c, dec(amount).Neg())
		} else {
			add(c, dec(amount))
		}
	}
	tid := int64(107317526)
	tr := func(day int, sym, base, typ, amount, price string) {
		at := t0.AddDate(0, 0, day).Add(2 * time.Hour)
		p, n := dec(price), dec(amount)
		cost := p.Mul(n)
		fee := cost.Mul(dec("0.004")).Round(2)
		tid += 13
		b.trades = append(b.trades, trade{Price: p.String(), Amount: n.String(), Timestamp: at.Unix(), TimestampMS: at.UnixMilli(),
			Type: typ, Aggressor: true, FeeCurrency: "USD", FeeAmount: fee.String(), TID: tid, OrderID: strconv.FormatInt(tid-5, 10),
			Exchange: "gemini", Symbol: sym})
		if typ == "Buy" {
			add(base, n)
			add("USD", cost.Add(fee).Neg())
		} else {
			add(base, n.Neg())
			add("USD", cost.Sub(fee))
		}
	}
	xfer(0, 0, "Deposit", "Complete", "USD", "30000.00", "ACH")
	xfer(10, 0, "Deposit", "Advanced", "USD", "5000.00", "ACH")
	xfer(12, 0, "Deposit", "Pending", "USD", "250.00", "ACH")
	type buy struct{ sym, base, amount, price string }
	week := []buy{{"btcusd", "BTC", "0.05", "61000"}, {"ethusd", "ETH", "0.8", "3050"}, {"solusd", "SOL", "12", "139.5"},
		{"linkusd", "LINK", "40", "13.8"}, {"dogeusd", "DOGE", "2500", "0.158"}}
	for w := 0; w < 24; w++ {
		x, typ, amount := week[w%len(week)], "Buy", week[w%len(week)].amount
		if w%4 == 3 {
			x = week[(w-1)%len(week)]
			typ, amount = "Sell", dec(x.amount).Div(decimal.NewFromInt(2)).String()
		}
		drift := decimal.NewFromInt(int64(1000 + (w*37)%90 - 45)).Div(decimal.NewFromInt(1000))
		tr(w*7+3, x.sym, x.base, typ, amount, dec(x.price).Mul(drift).Round(2).String())
	}
	for d := 5; d < 180; d += 3 { // staking rewards, twice a week or so
		xfer(d, 6, "Reward", "Complete", "ETH", dec("0.000812").Add(decimal.New(int64(d), -6)).String(), "")
	}
	xfer(40, 1, "Deposit", "Complete", "BTC", "0.15", "")
	xfer(80, 1, "Withdrawal", "Complete", "ETH", "0.25", "")
	xfer(120, 1, "Withdrawal", "Complete", "USD", "1200.00", "ACH")
	sort.SliceStable(b.transfers, func(i, j int) bool { return b.transfers[i].TimestampMS < b.transfers[j].TimestampMS })
	sort.SliceStable(b.trades, func(i, j int) bool { return b.trades[i].TimestampMS < b.trades[j].TimestampMS })
	return b
}
