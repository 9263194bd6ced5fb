// Package fake is a Kraken spot REST server for tests and for running
// Latchkey against with --endpoints: the private Balance and Ledgers calls
// signed with API-Key / API-Sign exactly as Kraken checks them (HMAC-SHA512
// over the path and SHA256(nonce ‖ form body), a nonce that must increase per
// key), the public AssetPairs, Ticker and Time, Kraken's {"error":[],"result":…}
// envelope with its error strings, X/Z-prefixed asset codes and staked
// (.S) balances, the ledger paged 50 entries at a time with ofs below an
// inclusive end, newest first, and each API key's call counter (Spot REST
// Rate Limits: Ledgers adds 2, other private calls 1, the counter decays;
// past its maximum a call is refused with "EAPI:Rate limit exceeded").
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
// EUR (each trade's two legs at the same instant), crypto deposits and
// withdrawals, moves to staking and weekly staking rewards. Prices are
// fixed. Options.Entries adds later deposits for long walks.
package fake

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
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

// Tier is a verification tier's call counter: its maximum and its decay per
// second (Spot REST Rate Limits).
type Tier struct{ Max, Decay float64 }

// Kraken's tiers.
var (
	Starter      = Tier{Max: 15, Decay: 0.33}
	Intermediate = Tier{Max: 20, Decay: 0.5}
	Pro          = Tier{Max: 20, Decay: 1}
	// Unmetered never refuses: for the conformance suite, whose clock
	// stands still.
	Unmetered = Tier{Max: 1e12, Decay: 1}
)

// Options configure the server.
type Options struct {
	// Now is the server's clock (Time, the counter's decay); nil means
	// time.Now.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
	// Tier is the account's counter (default Pro).
	Tier *Tier
	// Entries adds that many deposits of $10 after the regular ledger (a
	// long history to walk), six hours apart from July 2025.
	Entries int
}

// Server is a fake Kraken. It implements brokertest.Fake, AfterInjector,
// PathInjector and Counter.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every key: from now on they are "EAPI:Invalid key";
	// ExpireAccessTokens does nothing: API keys do not expire.
	fakekit.Revocation
	data *book
	tier Tier

	mu       sync.Mutex
	nonces   map[string]uint64
	counters map[string]*counter
	refused  int
}

// counter is one key's call counter.
type counter struct {
	level float64
	at    time.Time
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a server on loopback.
func New(opts Options) (*Server, error) {
	s := &Server{data: buildBook(opts.Entries), tier: Pro, nonces: map[string]uint64{}, counters: map[string]*counter{}}
	if opts.Tier != nil {
		s.tier = *opts.Tier
	}
	s.Injector.Write = s.writeFault
	return s, s.Start("kraken fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the --endpoints overrides that point Latchkey here.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{kraken.ID: {"api": s.URL()}}
}

// Refused is how many calls the counter has refused so far.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	return fakekit.CountOne(list, s.data.positions(), len(s.data.entries)-s.data.trades)
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /0/private/Balance", s.Wrap(s.private(1, s.balance)))
	mux.Handle("POST /0/private/Ledgers", s.Wrap(s.private(2, s.ledgers)))
	mux.Handle("POST /0/private/{method}", s.private(1, func(url.Values) (any, string) {
		return nil, "EGeneral:Unknown method"
	}))
	mux.Handle("GET /0/public/AssetPairs", s.Wrap(http.HandlerFunc(s.assetPairs)))
	mux.Handle("GET /0/public/Ticker", s.Wrap(http.HandlerFunc(s.ticker)))
	mux.HandleFunc("GET /0/public/Time", func(w http.ResponseWriter, _ *http.Request) {
		now := s.Now().UTC()
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
	body := map[string]any{"error": []string{}}
	if e != "" {
		body["error"] = []string{e}
	} else {
		body["result"] = result
	}
	fakekit.WriteJSON(w, http.StatusOK, body)
}

// replyErr writes an error envelope carrying the suite's canary as a warning.
func replyErr(w http.ResponseWriter, e string) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"error": []string{e, "WGeneral:" + brokertest.BodyCanary}})
}

// private authenticates a private call of the given counter cost the way
// Kraken does, then runs h.
func (s *Server) private(cost float64, h func(url.Values) (any, string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			reply(w, nil, "EGeneral:Invalid arguments")
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			reply(w, nil, "EGeneral:Invalid arguments")
			return
		}
		if e := s.authenticate(r, string(body), form, cost); e != "" {
			reply(w, nil, e)
			return
		}
		res, e := h(form)
		reply(w, res, e)
	})
}

var demoSecret, _ = base64.StdEncoding.DecodeString(DemoSecret)

func (s *Server) authenticate(r *http.Request, body string, form url.Values, cost float64) string {
	key := r.Header.Get("API-Key")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch key {
	case DemoKey, SecondKey, NoLedgerKey, LockedKey:
	default:
		return "EAPI:Invalid key"
	}
	if s.Revoked() {
		return "EAPI:Invalid key"
	}
	nonce := form.Get("nonce")
	n, err := strconv.ParseUint(nonce, 10, 64)
	if err != nil {
		return "EAPI:Invalid nonce"
	}
	if !validSignature(demoSecret, r.URL.Path, nonce, body, r.Header.Get("API-Sign")) {
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
	// The key's counter: decayed since its last call, refused past the
	// tier's maximum (a refused call adds nothing).
	c := s.counters[key]
	if c == nil {
		c = &counter{at: s.Now()}
		s.counters[key] = c
	}
	now := s.Now()
	c.level = max(c.level-max(now.Sub(c.at).Seconds(), 0)*s.tier.Decay, 0)
	c.at = now
	if c.level+cost > s.tier.Max {
		s.refused++
		return "EAPI:Rate limit exceeded"
	}
	c.level += cost
	return ""
}

func (s *Server) balance(url.Values) (any, string) {
	out := map[string]string{}
	for asset, amt := range s.data.balances {
		out[asset] = amt.StringFixed(places(asset))
	}
	return out, ""
}

// ledgers serves Ledgers: newest first, 50 a page from ofs, filtered by
// start (unix seconds, exclusive), end (inclusive), asset and type.
func (s *Server) ledgers(form url.Values) (any, string) {
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
	ofs, ok := fakekit.IntParam(form.Get("ofs"), 0, 0, math.MaxInt)
	if !ok {
		return nil, "EGeneral:Invalid arguments:ofs"
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
		if form.Get("end") != "" && t.GreaterThan(end) {
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

func (s *Server) assetPairs(w http.ResponseWriter, _ *http.Request) {
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
