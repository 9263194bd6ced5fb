// Package fake is a local stand-in for Interactive Brokers' Web API as an
// OAuth 1.0a consumer of the self-service portal reaches it, live and paper
// usernames on one loopback listener (base path /v1/api), for tests and for
// running Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It does what the ibkr package relies on, as IBKR's OAuth guide and Web API
// reference describe it (see the ibkr package's doc.go for the sources):
//
//   - POST /oauth/live_session_token, signed RSA-SHA256 over the base string
//     with the hex of the decrypted access token secret in front, carrying a
//     diffie_hellman_challenge: the signature is checked with the user's
//     public signing key, and the answer is {"diffie_hellman_response",
//     "live_session_token_signature", "live_session_token_expiration"}; the
//     token is HMAC-SHA1(K, secret) with K = A^b mod p written as Java's
//     BigInteger does. An unknown or disabled consumer key is 401
//     {"error":"id: …, error: invalid consumer","statusCode":401}.
//   - Every other request signed HMAC-SHA256 with a live session token of
//     the user: the base string holds the oauth_ parameters and the query's
//     (Options.QuerylessSignatures leaves the query out, as ibind signs),
//     the realm must be limited_poa. A request that fails the check is 401.
//     Tokens live Options.LSTLife (24 h).
//   - GET /portfolio/accounts, which each session (each live session token)
//     must call before its other /portfolio calls (else 400); GET
//     /portfolio/{accountId}/ledger (per currency and BASE, numbers as JSON
//     numbers); GET /portfolio/{accountId}/positions/{pageId},
//     Options.PageSize rows a page (100) each naming that pageSize, an empty
//     page past the end; a wrong account is 500 {"error":…}.
//   - POST /iserver/auth/ssodh/init {"publish":true,"compete":…} opens the
//     session's brokerage session ({"authenticated","competing",
//     "connected",…}); Options.Competing plays another session holding it,
//     which compete=false does not take. Without one, /iserver calls are 400
//     {"error":"Bad Request: no bridge","statusCode":400}. GET
//     /iserver/accounts; GET /iserver/account/trades?days=1..7&accountId=,
//     the executions of the last days (the conid a number in some rows, a
//     string in others, as the reference's two examples have it); GET
//     /iserver/contract/{conid}/info.
//   - 50 requests a second per username, then 429 without Retry-After;
//     Options.Pacing adds the one-in-five-seconds limits of
//     /portfolio/accounts and /iserver/account/trades per username.
//
// # Test logins
//
// The values to paste are this package's constants: LiveConsumerKey,
// LiveAccessToken, LiveAccessTokenSecret, LiveSignatureKey,
// LiveEncryptionKey and DHParams for the live username (accounts U1234567,
// U7654321), and the Paper ones for the paper username (DU5240685); Values
// returns them as a form. U1234567 holds 34 positions in USD and EUR
// (stocks, ETFs, an option, a bond, a forex pair, a future, bitcoin) and a
// row closed today; every account has a few executions in the last six
// days (bought, sold, one expired).
package fake

import (
	"cmp"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves (the ibkr package's ID and PaperID).
const (
	LiveID  = "ibkr"
	PaperID = "ibkr-paper"
)

// Options configure a fake server.
type Options struct {
	// Now is the server's clock (default time.Now). The data is anchored to
	// its UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is how many requests a second one username may make
	// (default 50, IBKR's limit for a Web API session).
	RateLimit int
	// Pacing enforces the per-endpoint limits of one request in five
	// seconds on /portfolio/accounts and /iserver/account/trades.
	Pacing bool
	// Competing plays a brokerage session held by TWS or the mobile app.
	Competing bool
	// QuerylessSignatures checks signatures without the query parameters
	// in the base string (ibind's way) instead of IBKR's guide's.
	QuerylessSignatures bool
	// LSTLife is how long a live session token lives (default 24 h).
	LSTLife time.Duration
	// PageSize is how many positions a page holds (default 100, the
	// reference's pageSize; its older description gave 30).
	PageSize int
}

// user is one username's registration at the self-service portal.
type user struct {
	inst        string
	consumerKey string
	accessToken string
	secret      []byte
	signing     *rsa.PublicKey
	group       group
	accounts    []string
}

// lstEntry is an issued live session token.
type lstEntry struct {
	consumerKey string
	expires     time.Time
}

// session is what the fake remembers of one live session token.
type session struct {
	primed    bool // /portfolio/accounts was called
	brokerage bool // a brokerage session was opened
}

// Server is a running fake. It implements brokertest.Fake, AfterInjector
// and PathInjector.
type Server struct {
	fakekit.Base
	// Refused keys; RevokeAll below also ends the live session tokens.
	fakekit.Revocation
	opts  Options
	users map[string]*user // by consumer key

	rate *fakekit.Rate

	mu       sync.Mutex
	lsts     map[string]lstEntry  // live session tokens
	sessions map[string]*session  // by live session token
	paced    map[string]time.Time // last paced call, by username and path
	cache    map[string]*Portfolio
	issued   int
}

var _ brokertest.Fake = (*Server)(nil)

func mustUser(inst, ck, tok, secretHex, signingPEM string, accounts ...string) *user {
	sec, err := hex.DecodeString(secretHex)
	if err != nil {
		panic(err)
	}
	k, err := parseKey(signingPEM)
	if err != nil {
		panic(err)
	}
	g, err := parseGroup(DHParams)
	if err != nil {
		panic(err)
	}
	return &user{inst: inst, consumerKey: ck, accessToken: tok, secret: sec, signing: &k.PublicKey, group: g, accounts: accounts}
}

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, lsts: map[string]lstEntry{}, sessions: map[string]*session{}, paced: map[string]time.Time{},
		cache: map[string]*Portfolio{}}
	s.users = map[string]*user{
		LiveConsumerKey:  mustUser(LiveID, LiveConsumerKey, LiveAccessToken, liveSecretHex, LiveSignatureKey, LiveAccount, LiveIRA),
		PaperConsumerKey: mustUser(PaperID, PaperConsumerKey, PaperAccessToken, paperSecretHex, PaperSignatureKey, PaperAccount),
	}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 50), Per: time.Second, Now: opts.Now}
	s.Injector.Write = s.writeFault
	return s, s.Start("ibkr fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints maps each institution id to its endpoints on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	api := s.URL() + "/v1/api"
	return map[string]map[string]string{LiveID: {"api": api}, PaperID: {"api": api}}
}

// RevokeAll disables OAuth access for every username: the live session
// token request is refused and every token issued so far with it.
func (s *Server) RevokeAll() {
	s.Revocation.RevokeAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.lsts)
}

// ExpireAccessTokens expires every live session token issued so far.
func (s *Server) ExpireAccessTokens() {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, e := range s.lsts {
		e.expires = now.Add(-time.Second)
		s.lsts[k] = e
	}
}

// live returns the unexpired live session tokens of a consumer key.
func (s *Server) live(consumerKey string) []string {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k, e := range s.lsts {
		if e.consumerKey == consumerKey && now.Before(e.expires) {
			out = append(out, k)
		}
	}
	return out
}

// Issued returns how many live session tokens the fake has made.
func (s *Server) Issued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// Portfolio returns an account's data for the server clock's day.
func (s *Server) Portfolio(number string) *Portfolio {
	day := fakekit.Day(s.Now())
	key := number + day.Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.cache[key]; p != nil {
		return p
	}
	p := Build(number, s.Now())
	s.cache[key] = p
	return p
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/api/oauth/live_session_token", s.liveSessionToken)
	gate := fakekit.Gate{Auth: s.authenticate, Rate: s.rate,
		Deny: func(w http.ResponseWriter, _ *http.Request) { writeUnauthorized(w, "not authenticated") },
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusTooManyRequests, "Too Many Requests")
		}}
	data := func(h func(w http.ResponseWriter, r *http.Request, u *user, ss *session)) http.Handler {
		return s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
			u, lst, ok := s.verify(r)
			if !ok { // the gate checked it already
				writeUnauthorized(w, "not authenticated")
				return
			}
			s.mu.Lock()
			ss := s.sessions[lst]
			if ss == nil {
				ss = &session{}
				s.sessions[lst] = ss
			}
			s.mu.Unlock()
			h(w, r, u, ss)
		})
	}
	mux.Handle("GET /v1/api/portfolio/accounts", data(s.accounts))
	mux.Handle("GET /v1/api/portfolio/{account}/ledger", data(s.ledger))
	mux.Handle("GET /v1/api/portfolio/{account}/positions/{page}", data(s.positions))
	mux.Handle("POST /v1/api/iserver/auth/ssodh/init", data(s.ssodhInit))
	mux.Handle("GET /v1/api/iserver/accounts", data(s.brokerageAccounts))
	mux.Handle("GET /v1/api/iserver/account/trades", data(s.trades))
	mux.Handle("GET /v1/api/iserver/contract/{conid}/info", data(s.contract))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "Not Found")
	})
	return mux
}

// writeError answers IBKR's way: {"error":…,"statusCode":…}.
func writeError(w http.ResponseWriter, status int, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"error": msg, "statusCode": status})
}

// writeUnauthorized is a protected endpoint's 401 as the reference writes
// it: {"status","error","message"}.
func writeUnauthorized(w http.ResponseWriter, msg string) {
	fakekit.WriteJSON(w, http.StatusUnauthorized, map[string]any{"status": 401, "error": "Unauthorized", "message": msg})
}

// writeFault answers the brokertest faults IBKR's way where it has one: a
// 429 without Retry-After, a 401 with its error body.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.RateLimited:
		writeError(w, http.StatusTooManyRequests, "Too Many Requests "+brokertest.BodyCanary)
		return true
	case brokertest.Unauthorized:
		writeUnauthorized(w, "not authenticated "+brokertest.BodyCanary)
		return true
	}
	return false
}

// verify checks a protected request's OAuth header: a known consumer key
// and access token, HMAC-SHA256 with one of the user's live tokens.
func (s *Server) verify(r *http.Request) (*user, string, bool) {
	h, err := parseHeader(r)
	if err != nil || h["realm"] != "limited_poa" || h["oauth_signature_method"] != "HMAC-SHA256" {
		return nil, "", false
	}
	u := s.users[h["oauth_consumer_key"]]
	if u == nil || h["oauth_token"] != u.accessToken {
		return nil, "", false
	}
	b := base(r, "http", h, "", s.opts.QuerylessSignatures)
	for _, lst := range s.live(u.consumerKey) {
		if hmacValid(lst, b, h["oauth_signature"]) {
			return u, lst, true
		}
	}
	return nil, "", false
}

func (s *Server) authenticate(r *http.Request) (string, bool) {
	u, _, ok := s.verify(r)
	if !ok {
		return "", false
	}
	return u.consumerKey, true
}

// liveSessionToken answers POST /oauth/live_session_token.
func (s *Server) liveSessionToken(w http.ResponseWriter, r *http.Request) {
	h, err := parseHeader(r)
	if err != nil {
		writeError(w, http.StatusUnauthorized, "invalid oauth header")
		return
	}
	revoked := s.Revoked()
	u := s.users[h["oauth_consumer_key"]]
	if u == nil || revoked {
		writeError(w, http.StatusUnauthorized, "id: 3931, error: invalid consumer")
		return
	}
	switch {
	case h["realm"] != "limited_poa", h["oauth_signature_method"] != "RSA-SHA256", h["diffie_hellman_challenge"] == "":
		writeError(w, http.StatusBadRequest, "invalid oauth parameters")
		return
	case h["oauth_token"] != u.accessToken:
		writeError(w, http.StatusUnauthorized, "invalid token")
		return
	case !rsaValid(u.signing, base(r, "http", h, hex.EncodeToString(u.secret), false), h["oauth_signature"]):
		writeError(w, http.StatusUnauthorized, "invalid signature")
		return
	}
	b, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 256))
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	resp, lst, sig, err := u.group.token(h["diffie_hellman_challenge"], b.Add(b, big.NewInt(2)), u.secret, u.consumerKey)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid diffie_hellman_challenge")
		return
	}
	expires := s.Now().Add(cmp.Or(s.opts.LSTLife, 24*time.Hour))
	s.mu.Lock()
	s.lsts[lst] = lstEntry{consumerKey: u.consumerKey, expires: expires}
	s.issued++
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"diffie_hellman_response": resp, "live_session_token_signature": sig,
		"live_session_token_expiration": expires.UnixMilli()})
}

// pace enforces one request in five seconds of a paced path per username.
func (s *Server) pace(w http.ResponseWriter, u *user, path string) bool {
	if !s.opts.Pacing {
		return true
	}
	key := u.consumerKey + " " + path
	now := s.Now()
	s.mu.Lock()
	last, seen := s.paced[key]
	ok := !seen || now.Sub(last) >= 5*time.Second
	if ok {
		s.paced[key] = now
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusTooManyRequests, "Too Many Requests")
	}
	return ok
}

// owned returns the user's account named in the path, or answers 500 as the
// reference has it for a wrong accountId.
func (s *Server) owned(w http.ResponseWriter, u *user, number string) (*Portfolio, bool) {
	for _, a := range u.accounts {
		if a == number {
			return s.Portfolio(a), true
		}
	}
	writeError(w, http.StatusInternalServerError, "Account not found")
	return nil, false
}

func (s *Server) accounts(w http.ResponseWriter, _ *http.Request, u *user, ss *session) {
	if !s.pace(w, u, "accounts") {
		return
	}
	s.mu.Lock()
	ss.primed = true
	s.mu.Unlock()
	out := make([]Account, 0, len(u.accounts))
	for _, a := range u.accounts {
		out = append(out, s.Portfolio(a).Account)
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}

// portfolio is the account a /portfolio/{account} call names: 400 for a
// session that did not call /portfolio/accounts first, then owned's answer.
func (s *Server) portfolio(w http.ResponseWriter, r *http.Request, u *user, ss *session) (*Portfolio, bool) {
	if !s.has(w, &ss.primed, "Bad Request: call /portfolio/accounts first") {
		return nil, false
	}
	return s.owned(w, u, r.PathValue("account"))
}

// has reads a session's flag under the lock, answering 400 msg when it is
// not set.
func (s *Server) has(w http.ResponseWriter, flag *bool, msg string) bool {
	s.mu.Lock()
	ok := *flag
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusBadRequest, msg)
	}
	return ok
}

func (s *Server) ledger(w http.ResponseWriter, r *http.Request, u *user, ss *session) {
	p, ok := s.portfolio(w, r, u, ss)
	if !ok {
		return
	}
	out := map[string]any{}
	for k, v := range p.Ledger {
		out[k] = v
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, u *user, ss *session) {
	p, ok := s.portfolio(w, r, u, ss)
	if !ok {
		return
	}
	page, ok := fakekit.IntParam(r.PathValue("page"), 0, 0, math.MaxInt)
	if !ok {
		writeError(w, http.StatusBadRequest, "invalid pageId")
		return
	}
	size := cmp.Or(s.opts.PageSize, defaultPageSize)
	rows, _ := fakekit.Page(p.Positions, page*size, size)
	rows = append([]Position{}, rows...) // a copy: PageSize is set in each row
	for i := range rows {
		rows[i].PageSize = size
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

// status is the brokerage session's state, as ssodh/init and
// /iserver/auth/status answer it.
func status(connected, competing bool) map[string]any {
	return map[string]any{"authenticated": connected, "competing": competing, "connected": true, "message": "",
		"MAC": "98:F2:B3:23:CF:10", "serverInfo": map[string]string{"serverName": "JifZ15004", "serverVersion": "Build 10.28.0d"}}
}

func (s *Server) ssodhInit(w http.ResponseWriter, r *http.Request, _ *user, ss *session) {
	var body struct {
		Publish *bool `json:"publish"`
		Compete *bool `json:"compete"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Publish == nil || !*body.Publish || body.Compete == nil {
		writeError(w, http.StatusBadRequest, "publish and compete are required")
		return
	}
	if s.opts.Competing && !*body.Compete {
		fakekit.WriteJSON(w, http.StatusOK, status(false, true))
		return
	}
	s.mu.Lock()
	ss.brokerage = true
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, status(true, false))
}

// bridged answers 400 "no bridge" for an /iserver call without a
// brokerage session.
func (s *Server) bridged(w http.ResponseWriter, ss *session) bool {
	return s.has(w, &ss.brokerage, "Bad Request: no bridge")
}

func (s *Server) brokerageAccounts(w http.ResponseWriter, _ *http.Request, u *user, ss *session) {
	if !s.bridged(w, ss) {
		return
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"accounts": u.accounts, "aliases": map[string]string{},
		"selectedAccount": u.accounts[0], "isPaper": u.inst == PaperID})
}

func (s *Server) trades(w http.ResponseWriter, r *http.Request, u *user, ss *session) {
	if !s.bridged(w, ss) || !s.pace(w, u, "trades") {
		return
	}
	days, ok := fakekit.IntParam(r.URL.Query().Get("days"), 0, 1, 7)
	if !ok {
		writeError(w, http.StatusBadRequest, "days must be 1 to 7")
		return
	}
	from := s.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -days)
	accounts := u.accounts
	if a := r.URL.Query().Get("accountId"); a != "" {
		p, ok := s.owned(w, u, a)
		if !ok {
			return
		}
		accounts = []string{p.Account.ID}
	}
	out := []Trade{}
	for _, a := range accounts {
		for _, t := range s.Portfolio(a).Trades {
			if fakekit.Within(t.at, from, s.Now()) {
				out = append(out, t)
			}
		}
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) contract(w http.ResponseWriter, r *http.Request, _ *user, ss *session) {
	if !s.bridged(w, ss) {
		return
	}
	c, ok := contracts[r.PathValue("conid")]
	if !ok {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("no contract %q", strings.TrimSpace(r.PathValue("conid"))))
		return
	}
	fakekit.WriteJSON(w, http.StatusOK, c)
}
