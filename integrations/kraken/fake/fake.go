// Package fake is a Kraken spot REST server for tests and for running
// Latchkey against with --endpoints: the private Balance and Ledgers calls
// signed with API-Key / API-Sign exactly as Kraken checks them (HMAC-SHA512
// over the path and SHA256(nonce ‖ form body), a nonce that must increase per
// key), the public AssetPairs, Ticker and Time, Kraken's {"error":[],"result":…}
// envelope with its error strings, X/Z-prefixed asset codes and staked
// (.S) balances, and the ledger paged 50 entries at a time with ofs.
//
// # Test logins
//
// Every key below has the private key DemoSecret
// ("a3Jha2VuLWRlbW8tc2VjcmV0LWZvci1sYXRjaGtleS10ZXN0cw==").
//
//	DemoKey       "LKdemoKrakenKey0000000000000000000000000000000000000000" logs in
//	SecondKey     "LKdemoKrakenKey2222222222222222222222222222222222222222" a second key of the same account
//	NoLedgerKey   "LKdemoKrakenNoLedgerPermission00000000000000000000000000" lacks Query Ledger Entries:
//	              "EGeneral:Permission denied"
//	LockedKey     "LKdemoKrakenLockedKey000000000000000000000000000000000000" "EGeneral:Temporary lockout"
//
// Any other key is "EAPI:Invalid key"; a wrong private key gives
// "EAPI:Invalid signature"; a nonce not above the key's last one gives
// "EAPI:Invalid nonce". RevokeAll deletes every key (as a user deleting
// them on kraken.com); ExpireAccessTokens does nothing (keys do not expire).
//
// # Data
//
// One spot account with USD and EUR cash, BTC, ETH, SOL, DOT (partly
// staked as DOT.S), ADA and DOGE, and a ledger of about 90 entries from
// January to June 2025: cash deposits and a withdrawal, trades in USD and
// EUR, crypto deposits and withdrawals, moves to staking and weekly staking
// rewards. Prices are fixed.
package fake

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/kraken"
)

// Test keys (see the package doc).
const (
	DemoKey     = "LKdemoKrakenKey0000000000000000000000000000000000000000"
	SecondKey   = "LKdemoKrakenKey2222222222222222222222222222222222222222"
	NoLedgerKey = "LKdemoKrakenNoLedgerPermission00000000000000000000000000"
	LockedKey   = "LKdemoKrakenLockedKey000000000000000000000000000000000000"
	DemoSecret  = "a3Jha2VuLWRlbW8tc2VjcmV0LWZvci1sYXRjaGtleS10ZXN0cw=="
)

// LedgerPageSize is how many ledger entries one Ledgers call returns.
const LedgerPageSize = 50

// Options configure the server.
type Options struct {
	// Now is the server's clock (Time); nil means time.Now.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
}

// Server is a fake Kraken. It implements brokertest.Fake.
type Server struct {
	brokertest.Injector
	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string
	data *book

	mu      sync.Mutex
	revoked bool
	nonces  map[string]uint64
}

// New starts a server on loopback.
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("kraken fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), data: buildBook(), nonces: map[string]uint64{}}
	s.Injector.Write = s.writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL returns the server's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.hs.Shutdown(ctx); err != nil {
		return s.hs.Close()
	}
	return nil
}

// Endpoints returns the --endpoints overrides that point Latchkey here.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{kraken.ID: {"api": s.url}}
}

// RevokeAll deletes every key: from now on they are "EAPI:Invalid key".
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// ExpireAccessTokens does nothing: API keys do not expire.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		return s.data.positions()
	default:
		return len(s.data.entries) - s.data.trades
	}
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /0/private/Balance", s.Wrap(s.private(s.balance)))
	mux.Handle("POST /0/private/Ledgers", s.Wrap(s.private(s.ledgers)))
	mux.Handle("POST /0/private/{method}", s.private(func(http.ResponseWriter, *http.Request, url.Values) (any, string) {
		return nil, "EGeneral:Unknown method"
	}))
	mux.Handle("GET /0/public/AssetPairs", s.Wrap(http.HandlerFunc(s.assetPairs)))
	mux.Handle("GET /0/public/Ticker", s.Wrap(http.HandlerFunc(s.ticker)))
	mux.HandleFunc("GET /0/public/Time", func(w http.ResponseWriter, _ *http.Request) {
		now := s.now().UTC()
		reply(w, map[string]any{"unixtime": now.Unix(), "rfc1123": now.Format(time.RFC1123)}, "")
	})
	return mux
}

// writeFault writes the faults Kraken's own way: API errors come with HTTP
// 200 and the error list.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.Unauthorized:
		replyErr(w, "EAPI:Invalid key")
	case brokertest.RateLimited:
		replyErr(w, "EAPI:Rate limit exceeded")
	case brokertest.Maintenance:
		replyErr(w, "EService:Unavailable")
	default:
		return false
	}
	return true
}

// reply writes the envelope: result, or the one error e.
func reply(w http.ResponseWriter, result any, e string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	body := map[string]any{"error": []string{}}
	if e != "" {
		body["error"] = []string{e}
	} else {
		body["result"] = result
	}
	_ = json.NewEncoder(w).Encode(body)
}

// replyErr writes an error envelope carrying the suite's canary as a warning.
func replyErr(w http.ResponseWriter, e string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"error": []string{e, "WGeneral:" + brokertest.BodyCanary}})
}

// private authenticates a private call the way Kraken does, then runs h.
func (s *Server) private(h func(http.ResponseWriter, *http.Request, url.Values) (any, string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(r)
		if err != nil {
			reply(w, nil, "EGeneral:Invalid arguments")
			return
		}
		form, err := url.ParseQuery(body)
		if err != nil {
			reply(w, nil, "EGeneral:Invalid arguments")
			return
		}
		if e := s.authenticate(r, body, form); e != "" {
			reply(w, nil, e)
			return
		}
		res, e := h(w, r, form)
		reply(w, res, e)
	})
}

func readBody(r *http.Request) (string, error) {
	var b strings.Builder
	buf := make([]byte, 4096)
	for b.Len() < 1<<16 {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String(), nil
}

var demoSecret, _ = base64.StdEncoding.DecodeString(DemoSecret)

func (s *Server) authenticate(r *http.Request, body string, form url.Values) string {
	key := r.Header.Get("API-Key")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch key {
	case DemoKey, SecondKey, NoLedgerKey, LockedKey:
	default:
		return "EAPI:Invalid key"
	}
	if s.revoked {
		return "EAPI:Invalid key"
	}
	nonce := form.Get("nonce")
	n, err := strconv.ParseUint(nonce, 10, 64)
	if err != nil {
		return "EAPI:Invalid nonce"
	}
	want := kraken.Sign(demoSecret, r.URL.Path, nonce, body)
	if r.Header.Get("API-Sign") != want {
		return "EAPI:Invalid signature"
	}
	if n <= s.nonces[key] {
		return "EAPI:Invalid nonce"
	}
	s.nonces[key] = n
	if key == LockedKey {
		return "EGeneral:Temporary lockout"
	}
	if key == NoLedgerKey && strings.HasSuffix(r.URL.Path, "/Ledgers") {
		return "EGeneral:Permission denied"
	}
	return ""
}

func (s *Server) balance(http.ResponseWriter, *http.Request, url.Values) (any, string) {
	out := map[string]string{}
	for asset, amt := range s.data.balances {
		out[asset] = amt.StringFixed(places(asset))
	}
	return out, ""
}

// ledgers serves Ledgers: newest first, 50 a page from ofs, filtered by
// start and end (unix seconds, exclusive), asset and type.
func (s *Server) ledgers(_ http.ResponseWriter, _ *http.Request, form url.Values) (any, string) {
	var start, end decimal.Decimal
	var err error
	if v := form.Get("start"); v != "" {
		if start, err = decimal.NewFromString(v); err != nil {
			return nil, "EGeneral:Invalid arguments:start"
		}
	}
	if v := form.Get("end"); v != "" {
		if end, err = decimal.NewFromString(v); err != nil {
			return nil, "EGeneral:Invalid arguments:end"
		}
	}
	ofs := 0
	if v := form.Get("ofs"); v != "" {
		if ofs, err = strconv.Atoi(v); err != nil || ofs < 0 {
			return nil, "EGeneral:Invalid arguments:ofs"
		}
	}
	typ := form.Get("type")
	if typ == "" {
		typ = "all"
	}
	assets := map[string]bool{}
	if v := form.Get("asset"); v != "" && v != "all" {
		for _, a := range strings.Split(v, ",") {
			assets[a] = true
		}
	}
	var match []entry
	for i := len(s.data.entries) - 1; i >= 0; i-- {
		e := s.data.entries[i]
		t := decimal.RequireFromString(e.Time)
		if form.Get("start") != "" && !t.GreaterThan(start) {
			continue
		}
		if form.Get("end") != "" && !t.LessThan(end) {
			continue
		}
		if typ != "all" && e.Type != typ {
			continue
		}
		if len(assets) > 0 && !assets[e.Asset] {
			continue
		}
		match = append(match, e)
	}
	page := map[string]json.RawMessage{}
	for i := ofs; i < len(match) && i < ofs+LedgerPageSize; i++ {
		page[match[i].ID] = match[i].wire()
	}
	return map[string]any{"ledger": page, "count": len(match)}, ""
}

func (s *Server) assetPairs(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{}
	for _, p := range pairs {
		out[p.name] = map[string]any{
			"altname": p.alt, "wsname": p.ws, "aclass_base": "currency", "base": p.base,
			"aclass_quote": "currency", "quote": p.quote, "lot": "unit", "cost_decimals": 5,
			"pair_decimals": 2, "lot_decimals": 8, "lot_multiplier": 1, "fee_volume_currency": "ZUSD",
			"margin_call": 80, "margin_stop": 40, "ordermin": "0.0001", "costmin": "0.5", "tick_size": "0.01", "status": "online",
		}
	}
	reply(w, out, "")
}

// ticker serves Ticker for a comma-separated list of pair names or
// altnames, keyed by pair name.
func (s *Server) ticker(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{}
	for _, want := range strings.Split(r.URL.Query().Get("pair"), ",") {
		found := false
		for _, p := range pairs {
			if p.name != want && p.alt != want {
				continue
			}
			found = true
			px := p.price
			out[p.name] = map[string]any{
				"a": []string{px, "1", "1.000"}, "b": []string{px, "1", "1.000"}, "c": []string{px, "0.00067643"},
				"v": []string{"4083.67001100", "4412.73601799"}, "p": []string{px, px}, "t": []int{34619, 38907},
				"l": []string{px, px}, "h": []string{px, px}, "o": px,
			}
		}
		if !found {
			reply(w, nil, "EQuery:Unknown asset pair")
			return
		}
	}
	reply(w, out, "")
}

// --- Data ---------------------------------------------------------------------

// pair is a tradable pair and its fixed last price.
type pair struct{ name, alt, ws, base, quote, price string }

var pairs = []pair{
	{"XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", "64250.10000"},
	{"XXBTZEUR", "XBTEUR", "XBT/EUR", "XXBT", "ZEUR", "59120.40000"},
	{"XETHZUSD", "ETHUSD", "ETH/USD", "XETH", "ZUSD", "3120.55000"},
	{"XETHZEUR", "ETHEUR", "ETH/EUR", "XETH", "ZEUR", "2871.10000"},
	{"SOLUSD", "SOLUSD", "SOL/USD", "SOL", "ZUSD", "142.3100"},
	{"DOTUSD", "DOTUSD", "DOT/USD", "DOT", "ZUSD", "6.4120"},
	{"ADAUSD", "ADAUSD", "ADA/USD", "ADA", "ZUSD", "0.452100"},
	{"XDGUSD", "XDGUSD", "XDG/USD", "XXDG", "ZUSD", "0.1623400"},
	{"XETHXXBT", "ETHXBT", "ETH/XBT", "XETH", "XXBT", "0.048560"},
}

// places is how many decimals Kraken shows for an asset.
func places(asset string) int32 {
	if strings.HasPrefix(asset, "Z") {
		return 4
	}
	return 10
}

// entry is one ledger entry.
type entry struct {
	ID, RefID, Time, Type, Subtype, Asset string
	Amount, Fee, Balance                  decimal.Decimal
}

func (e entry) wire() json.RawMessage {
	p := places(e.Asset)
	b, _ := json.Marshal(map[string]any{
		"refid": e.RefID, "time": json.Number(e.Time), "type": e.Type, "subtype": e.Subtype, "aclass": "currency",
		"asset": e.Asset, "amount": e.Amount.StringFixed(p), "fee": e.Fee.StringFixed(p), "balance": e.Balance.StringFixed(p),
	})
	return b
}

// book is the account: its ledger, oldest first, and the balances it adds
// up to.
type book struct {
	entries  []entry
	trades   int // trades, each two entries
	balances map[string]decimal.Decimal
	seq      int
}

func (b *book) positions() int {
	held := map[string]bool{}
	for a, amt := range b.balances {
		if !strings.HasPrefix(a, "Z") && !amt.IsZero() {
			held[strings.TrimSuffix(a, ".S")] = true
		}
	}
	return len(held)
}

// krakenID makes a Kraken-style id ("L4UESK-KG3EQ-UFO4T5") from a seed.
func krakenID(prefix string, seed int) string {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	h := sha256.Sum256([]byte(fmt.Sprintf("latchkey-kraken-%s-%d", prefix, seed)))
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; b.Len() < 18; i++ {
		if b.Len() == 6 || b.Len() == 12 {
			b.WriteByte('-')
			continue
		}
		b.WriteByte(alpha[int(h[i])%len(alpha)])
	}
	return b.String()
}

var t0 = time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)

// add appends one entry at day d (after t0) and updates the balance.
func (b *book) add(d int, refid, typ, sub, asset string, amount, fee decimal.Decimal) {
	b.seq++
	at := t0.AddDate(0, 0, d).Add(time.Duration(b.seq) * time.Minute)
	bal := b.balances[asset].Add(amount).Sub(fee)
	b.balances[asset] = bal
	b.entries = append(b.entries, entry{
		ID: krakenID("L", b.seq), RefID: refid, Time: fmt.Sprintf("%d.%04d", at.Unix(), (b.seq*7919)%10000),
		Type: typ, Subtype: sub, Asset: asset, Amount: amount, Fee: fee, Balance: bal,
	})
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// trade adds the two legs of a trade: units of asset for cash at price.
func (b *book) trade(d int, asset, cash string, units, price decimal.Decimal) {
	cost := units.Mul(price).Round(4)
	fee := cost.Abs().Mul(dec("0.0026")).Round(4)
	ref := krakenID("T", b.seq+1)
	b.add(d, ref, "trade", "", asset, units, decimal.Zero)
	b.add(d, ref, "trade", "", cash, cost.Neg(), fee)
	b.trades++
}

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	b.add(0, krakenID("Q", 1), "deposit", "", "ZUSD", dec("40000"), decimal.Zero)
	b.add(1, krakenID("Q", 2), "deposit", "", "ZEUR", dec("8000"), dec("0.0000"))
	type buy struct {
		asset, cash string
		units       string
		price       string
	}
	week := []buy{
		{"XXBT", "ZUSD", "0.0500000000", "61000.0"}, {"XETH", "ZUSD", "0.8000000000", "3050.00"},
		{"SOL", "ZUSD", "12.0000000000", "139.50"}, {"DOT", "ZUSD", "150.0000000000", "6.20"},
		{"ADA", "ZUSD", "900.0000000000", "0.4400"}, {"XXDG", "ZUSD", "2500.0000000000", "0.1580"},
		{"XXBT", "ZEUR", "0.0300000000", "57500.0"}, {"XETH", "ZEUR", "0.5000000000", "2800.00"},
	}
	for w := 0; w < 24; w++ {
		x := week[w%len(week)]
		units := dec(x.units)
		if w%5 == 4 { // sell half of last week's buy
			x = week[(w-1)%len(week)]
			units = dec(x.units).Div(decimal.NewFromInt(2)).Neg()
		}
		// Prices drift by a few percent from week to week.
		drift := decimal.NewFromInt(int64(1000 + (w*37)%90 - 45)).Div(decimal.NewFromInt(1000))
		px := dec(x.price).Mul(drift).Round(2)
		b.trade(w*7+2, x.asset, x.cash, units, px)
		if w%4 == 1 {
			b.add(w*7+5, krakenID("S", w), "staking", "", "DOT.S", dec("0.4125000000").Add(decimal.New(int64(w), -4)), decimal.Zero)
		}
	}
	// Move DOT to staking: two entries sharing a refid.
	ref := krakenID("R", 1)
	b.add(30, ref, "transfer", "spottostaking", "DOT", dec("-60"), decimal.Zero)
	b.add(30, ref, "transfer", "stakingfromspot", "DOT.S", dec("60"), decimal.Zero)
	b.add(40, krakenID("Q", 3), "deposit", "", "XXBT", dec("0.1000000000"), decimal.Zero)
	b.add(75, krakenID("Q", 4), "withdrawal", "", "XETH", dec("-0.2500000000"), dec("0.0035000000"))
	b.add(90, krakenID("Q", 5), "withdrawal", "", "ZUSD", dec("-1500"), dec("5.0000"))
	b.add(120, krakenID("Q", 6), "deposit", "", "ZEUR", dec("2500"), decimal.Zero)
	b.add(150, krakenID("Q", 7), "transfer", "", "ADA", dec("12.5000000000"), decimal.Zero) // an airdrop
	b.add(170, krakenID("E", 1), "adjustment", "", "ZUSD", dec("0.4200"), decimal.Zero)
	sort.SliceStable(b.entries, func(i, j int) bool { return b.entries[i].Time < b.entries[j].Time })
	// The running balances, in time order.
	run := map[string]decimal.Decimal{}
	for i := range b.entries {
		e := &b.entries[i]
		run[e.Asset] = run[e.Asset].Add(e.Amount).Sub(e.Fee)
		if run[e.Asset].IsNegative() {
			panic("kraken fake: negative balance of " + e.Asset)
		}
		e.Balance = run[e.Asset]
	}
	return b
}
