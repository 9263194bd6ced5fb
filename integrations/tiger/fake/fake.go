// Package fake is a stand-in for Tiger Brokers' Open API gateway on
// loopback: one POST endpoint taking the SDK's signed JSON requests
// (tiger_id, method, charset, sign_type, version, timestamp, device_id,
// biz_content, sign), checking each signature (SHA1withRSA over the sorted
// parameters) against the developer's registered public key, and the TBHK
// token in the Authorization header; answering the methods Latchkey calls
// — accounts, prime_assets, positions, order_transactions, transfer_fund,
// fund_details, user_token_refresh — as {"code","message","timestamp",
// "data"} with the SDK's documented shapes (transfer_fund and fund_details
// as Tiger's Java reference in tigerfintech/tigeropen-skill,
// skills/tigeropen-java/references/account.md, documents them). The app runs it as a standalone server (see
// Endpoints); the package's tests and integrations/allfakes run the
// conformance suite against it (Harness).
//
// # Test logins
//
//	Tiger ID 20150129  licence TBSG: a margin account (USD) and a cash account
//	                   (SGD), beside a paper and a global account Latchkey
//	                   leaves out
//	Tiger ID 20150130  licence TBHK: a margin and a cash account (HKD); needs
//	                   a token (NewToken mints one, valid 15 days; DemoToken
//	                   is always accepted)
//
// Both registered the public key of DemoPrivateKey; OtherPrivateKey is
// refused (code 1000, signature).
//
// # Quirks reproduced
//
//   - Every answer is HTTP 200 with a code: 0 success; 1000 for a bad
//     signature, an unknown Tiger ID, or a missing, expired or revoked token;
//     5 with HTTP 429 past Options.RateLimit calls of one method by one
//     Tiger ID in a rolling minute (60, the medium tier).
//   - positions reads one sec_type per call (STK by default); quantities
//     come as position and positionScale beside positionQty.
//   - order_transactions takes start_date and end_date (milliseconds) and a
//     limit, pages by page_token, answers nextPageToken while more follow;
//     transactionTime is in milliseconds.
//   - transfer_fund answers every deposit and withdrawal at once, data a
//     bare list, with or without seg_type (SEC, or none as the Python and
//     Go SDKs ask; the fake keeps no other segment's records) (types 1
//     deposit, 3 withdrawal, 20 withdrawal fee; a
//     deposit still processing has completedStatus false; businessDate as
//     "2024/11/15"; amounts unsigned).
//   - fund_details needs seg_types; fund_type (ALL by default) picks the
//     kind: the fake files the deposits and withdrawals again under
//     DEPOSIT_WITHDRAW, transfer_fund's withdrawal fee again under FEE (not
//     verified: the case that would count it twice), some fills under TRADE and a move between segments
//     under FUNDS_TRANSFER, beside dividends and their tax
//     (CORPORATE_ACTION), fees (FEE, one in the FUT segment), financing
//     interest spelled "Tnterest" as the reference's sample (OTHER) and an
//     award (ACTIVITY_AWARD). start_date and end_date ("yyyy-MM-dd") are
//     inclusive; start is an offset, limit at most 100 (default 50); data
//     is {page, limit, itemCount, pageCount, timestamp, items}, ids
//     strings, amounts signed, newest first.
//   - A TBHK token is base64 of "<made ms>,<expires ms>" and 16 random
//     bytes; user_token_refresh answers a new one valid 15 days.
package fake

import (
	"bytes"
	"cmp"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	ID   = "tiger"
	HKID = "tiger-hk"
)

// TokenLife is how long a TBHK token lasts.
const TokenLife = 15 * 24 * time.Hour

// DemoToken is a TBHK token every fake accepts, for a person trying the
// fake (latchkey --endpoints): made 2026-01-01, it lasts until 2100 (a real
// one lasts 15 days), and the first sync renews it.
const DemoToken = "MTc2NzIyNTYwMDAwMCw0MTAyNDQ0ODAwMDAwbGF0Y2hrZXktZGVtbyEhIQ=="

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the calls of one method a Tiger ID may make in a
	// rolling minute (default 60).
	RateLimit int
	// HK says which developer Count counts (the TBHK one, else TBSG).
	HK bool
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	// Refused keys (RevokeAll below also drops the TBHK tokens).
	// ExpireAccessTokens is a no-op: a TBHK token is renewed by its age, not
	// refused first (see the client's renewal).
	fakekit.Revocation

	opts Options
	pub  *rsa.PublicKey
	rate *fakekit.Rate

	mu     sync.Mutex
	tokens map[string]time.Time // live TBHK tokens → expiry
	pages  map[string]int       // page_token → offset
	calls  map[string]int       // method → calls served
	bizLog map[string][]map[string]any
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	der, err := base64.StdEncoding.DecodeString(DemoPrivateKey)
	if err != nil {
		return nil, err
	}
	key, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, pub: &key.PublicKey, pages: map[string]int{}, calls: map[string]int{}, bizLog: map[string][]map[string]any{},
		tokens: map[string]time.Time{DemoToken: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 60), Per: time.Minute, Now: opts.Now}
	s.Injector.Write = writeFault
	return s, s.Start("tiger fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns both variants' gateway pointing at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{ID: {"api": s.URL() + "/gateway"}, HKID: {"api": s.URL() + "/gateway"}}
}

// RevokeAll refuses every key and token from now on, as when the user
// removes the public key on the developer page.
func (s *Server) RevokeAll() {
	s.Revocation.RevokeAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]time.Time{}
}

// NewToken mints a TBHK token valid TokenLife from the fake's now, as the
// developer page makes one.
func (s *Server) NewToken() string { return s.mint() }

// Calls says how many calls of method the fake served.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Requests returns the business parameters of the transfer_fund and
// fund_details requests served, in order.
func (s *Server) Requests(method string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.bizLog[method]...)
}

func (s *Server) logRequest(req request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bizLog[req.method] = append(s.bizLog[req.method], req.biz)
}

func (s *Server) mint() string {
	now := s.Now()
	exp := now.Add(TokenLife)
	raw := []byte(strconv.FormatInt(now.UnixMilli(), 10) + "," + strconv.FormatInt(exp.UnixMilli(), 10))
	raw = append(raw, fakekit.Random(8)...)
	tok := base64.StdEncoding.EncodeToString(raw)
	s.mu.Lock()
	s.tokens[tok] = exp
	s.mu.Unlock()
	return tok
}

func (s *Server) developer() string {
	if s.opts.HK {
		return HKTigerID
	}
	return TigerID
}

// Count says how many rows the fake serves the variant's developer
// (brokertest.Counter); account ids are Latchkey's (AccountID).
func (s *Server) Count(list brokertest.List, accountID string) int {
	inst := ID
	if s.opts.HK {
		inst = HKID
	}
	n := 0
	for _, a := range portfolio(s.developer(), s.Day()) {
		if !a.standard() {
			continue
		}
		switch {
		case list == brokertest.ListAccounts:
			n++
		case integrations.AccountHash(inst, a.number) != accountID:
		case list == brokertest.ListPositions:
			return len(a.positions)
		default:
			return len(a.txns) + a.shown()
		}
	}
	return n
}

// Fills says how many fills (order_transactions) the fake serves an
// account, by Latchkey's id.
func (s *Server) Fills(accountID string) int {
	inst := ID
	if s.opts.HK {
		inst = HKID
	}
	for _, a := range portfolio(s.developer(), s.Day()) {
		if a.standard() && integrations.AccountHash(inst, a.number) == accountID {
			return len(a.txns)
		}
	}
	return 0
}

// AccountNumbers returns every full account number of a developer.
func AccountNumbers(tigerID string) []string {
	var out []string
	for _, a := range developers[tigerID].accounts {
		out = append(out, a.number)
	}
	return out
}

// request is a parsed gateway request.
type request struct {
	params  map[string]any
	tigerID string
	method  string
	biz     map[string]any
}

type ctxKey struct{}

// Handler returns the gateway.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	gate := fakekit.Gate{Rate: s.rate,
		Auth: func(r *http.Request) (string, bool) {
			req, msg := s.authenticate(r)
			if msg != "" {
				r.Header.Set("X-Fake-Refusal", msg)
				return "", false
			}
			r.Header.Set("X-Fake-Method", req.method)
			return req.tigerID + "|" + req.method, true
		},
		Deny: func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, http.StatusOK, 1000, r.Header.Get("X-Fake-Refusal"), nil)
		},
		Limited: func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, http.StatusTooManyRequests, 5, fmt.Sprintf("rate limit error(current limiting interface:%s, up to %d times per minute)",
				r.Header.Get("X-Fake-Method"), s.rate.Limit), nil)
		}}
	mux.Handle("POST /gateway", s.Guard(gate, s.serve))
	return mux
}

// authenticate reads and checks a request: its JSON, its signature against
// the developer's public key, its token for TBHK. A refusal's message is
// returned instead.
func (s *Server) authenticate(r *http.Request) (request, string) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return request{}, "common param error: unreadable body"
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	var req request
	if json.Unmarshal(body, &req.params) != nil {
		return request{}, "common param error: the request is not standard JSON"
	}
	str := func(k string) string { v, _ := req.params[k].(string); return v }
	req.tigerID, req.method = str("tiger_id"), str("method")
	for _, k := range []string{"tiger_id", "method", "charset", "sign_type", "version", "timestamp", "biz_content", "sign"} {
		if str(k) == "" {
			return request{}, "common param error: " + k + " is empty"
		}
	}
	if _, err := time.Parse("2006-01-02 15:04:05", str("timestamp")); err != nil {
		return request{}, "time parse error, support time format is 'yyyy-MM-dd HH:mm:ss'"
	}
	dev, ok := developers[req.tigerID]
	revoked := s.Revoked()
	if !ok {
		return request{}, "tiger_id is not exist"
	}
	if revoked || !validSignature(s.pub, req.params, str("sign")) {
		return request{}, "failed to verify signature, please make sure you use the correct rsa private key"
	}
	if dev.license == "TBHK" {
		tok := r.Header.Get("Authorization")
		s.mu.Lock()
		exp, ok := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !s.Now().Before(exp) {
			return request{}, "token is invalid or expired"
		}
	}
	if json.Unmarshal([]byte(str("biz_content")), &req.biz) != nil {
		return request{}, "common param error: biz_content is not standard JSON"
	}
	return req, ""
}

func writeAnswer(w http.ResponseWriter, status int, code int, msg string, data any) {
	m := map[string]any{"code": code, "message": msg, "timestamp": time.Now().UnixMilli()}
	if data != nil {
		m["data"] = data
	}
	fakekit.WriteJSON(w, status, m)
}

// writeFault writes the suite's faults Tiger's way where it has one: a
// refused key is a code, not an HTTP status.
func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	if f == brokertest.Unauthorized {
		writeAnswer(w, http.StatusOK, 1000, "failed to verify signature, please make sure you use the correct rsa private key "+brokertest.BodyCanary, nil)
		return true
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	req, _ := s.authenticate(r)
	s.mu.Lock()
	s.calls[req.method]++
	s.mu.Unlock()
	accts := portfolio(req.tigerID, s.Day())
	acct := func() *account {
		n, _ := req.biz["account"].(string)
		for i := range accts {
			if accts[i].number == n {
				return &accts[i]
			}
		}
		writeAnswer(w, http.StatusOK, 1010, "biz param error: account "+n+" is not authorized", nil)
		return nil
	}
	switch req.method {
	case "accounts":
		items := []map[string]string{}
		for _, a := range accts {
			items = append(items, map[string]string{"account": a.number, "capability": a.capability, "status": "Funded", "accountType": a.typ})
		}
		writeAnswer(w, http.StatusOK, 0, "success", map[string]any{"items": items})
	case "prime_assets":
		if a := acct(); a != nil {
			writeAnswer(w, http.StatusOK, 0, "success", map[string]any{"accountId": a.number, "updateTimestamp": s.Now().UnixMilli(), "segments": a.segments})
		}
	case "positions":
		if a := acct(); a != nil {
			st, _ := req.biz["sec_type"].(string)
			st = cmp.Or(st, "STK")
			items := []wirePosition{}
			for _, p := range a.positions {
				if p.SecType == st {
					items = append(items, p)
				}
			}
			writeAnswer(w, http.StatusOK, 0, "success", map[string]any{"items": items})
		}
	case "order_transactions":
		if a := acct(); a != nil {
			s.transactions(w, req, a)
		}
	case "transfer_fund":
		if a := acct(); a != nil {
			s.logRequest(req)
			seg, _ := req.biz["seg_type"].(string)
			rows := []wireFunding{}
			if cmp.Or(seg, "SEC") == "SEC" {
				rows = append(rows, a.funding...)
			}
			writeAnswer(w, http.StatusOK, 0, "success", rows)
		}
	case "fund_details":
		if a := acct(); a != nil {
			s.logRequest(req)
			s.fundDetails(w, req, a)
		}
	case "user_token_refresh":
		if developers[req.tigerID].license != "TBHK" {
			writeAnswer(w, http.StatusOK, 1010, "biz param error: no token for this licence", nil)
			return
		}
		writeAnswer(w, http.StatusOK, 0, "success", map[string]any{"token": s.mint()})
	default:
		writeAnswer(w, http.StatusOK, 1000, "the current requested method does not support", nil)
	}
}

func (s *Server) transactions(w http.ResponseWriter, req request, a *account) {
	ms := func(k string) (int64, bool) {
		f, ok := req.biz[k].(float64)
		return int64(f), ok
	}
	start, ok1 := ms("start_date")
	end, ok2 := ms("end_date")
	if !ok1 || !ok2 || end < start {
		writeAnswer(w, http.StatusOK, 1010, "biz param error: start_date and end_date are required", nil)
		return
	}
	limit := 100
	if l, ok := ms("limit"); ok && l > 0 && l <= 100 {
		limit = int(l)
	}
	var rows []wireTransaction
	for _, t := range a.txns {
		if t.TransactionTime >= start && t.TransactionTime <= end {
			rows = append(rows, t)
		}
	}
	offset := 0
	if tok, _ := req.biz["page_token"].(string); tok != "" {
		s.mu.Lock()
		o, ok := s.pages[tok]
		s.mu.Unlock()
		if !ok {
			writeAnswer(w, http.StatusOK, 1010, "biz param error: page_token is invalid", nil)
			return
		}
		offset = o
	}
	items, endAt := fakekit.Page(rows, offset, limit)
	data := map[string]any{"items": append([]wireTransaction{}, items...)}
	if endAt < len(rows) {
		tok := base64.StdEncoding.EncodeToString([]byte("order_transactions|" + fakekit.Random(8)))
		s.mu.Lock()
		s.pages[tok] = endAt
		s.mu.Unlock()
		data["nextPageToken"] = tok
	}
	writeAnswer(w, http.StatusOK, 0, "success", data)
}

// fundDetails answers fund_details as the Java reference documents it:
// seg_types (required) and fund_type (ALL by default) choose the entries,
// start_date and end_date ("yyyy-MM-dd", both included) bound their
// business dates, start is an offset and limit a page (default 50, at most
// 100); data is {page, limit, itemCount, pageCount, timestamp, items}.
func (s *Server) fundDetails(w http.ResponseWriter, req request, a *account) {
	bad := func(msg string) { writeAnswer(w, http.StatusOK, 1010, "biz param error: "+msg, nil) }
	segs, _ := req.biz["seg_types"].([]any)
	want := map[string]bool{}
	for _, x := range segs {
		if v, ok := x.(string); ok {
			want[v] = true
		}
	}
	if len(want) == 0 {
		bad("seg_types is required")
		return
	}
	kind, _ := req.biz["fund_type"].(string)
	kind = cmp.Or(kind, "ALL")
	day := func(k string) (string, bool) {
		v, ok := req.biz[k].(string)
		if !ok {
			return "", req.biz[k] == nil
		}
		_, err := time.Parse(time.DateOnly, v)
		return v, err == nil
	}
	from, ok1 := day("start_date")
	to, ok2 := day("end_date")
	if !ok1 || !ok2 {
		bad("start_date and end_date are yyyy-MM-dd")
		return
	}
	intParam := func(k string, def int) (int, bool) {
		v, present := req.biz[k]
		if !present {
			return def, true
		}
		f, ok := v.(float64)
		return int(f), ok && f >= 0 && f == float64(int(f))
	}
	start, ok1 := intParam("start", 0)
	limit, ok2 := intParam("limit", 50)
	if !ok1 || !ok2 || limit == 0 || limit > 100 {
		bad("start is an offset and limit at most 100")
		return
	}
	var rows []wireDetail
	for _, d := range a.details {
		if want[d.SegType] && (kind == "ALL" || kind == d.fundType) && (from == "" || d.BusinessDate >= from) && (to == "" || d.BusinessDate <= to) {
			rows = append(rows, d)
		}
	}
	items, _ := fakekit.Page(rows, start, limit)
	writeAnswer(w, http.StatusOK, 0, "success", map[string]any{"page": start/limit + 1, "limit": limit, "itemCount": len(rows),
		"pageCount": (len(rows) + limit - 1) / limit, "timestamp": s.Now().UnixMilli(), "items": append([]wireDetail{}, items...)})
}
