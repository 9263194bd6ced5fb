// Package fake is a SimpleFIN Bridge on loopback, following the protocol's
// documented shapes (simplefin.org/protocol.html) and what the Bridge's
// developer guide and public demo show.
//
//   - GET /simplefin/create shows a new setup token (the base64 of a claim
//     URL), as the Bridge does after "Create a setup token". A token is
//     claimed once; DemoToken ("/simplefin/claim/demo") can be claimed
//     again and again, like the public demo's.
//   - POST /simplefin/claim/{token} answers an access URL with Basic
//     credentials as text, or 403 for a token that does not exist or was
//     claimed.
//   - GET /simplefin/accounts answers the Account Set: with version=2 the
//     connections list, conn_id per account and errlist (the protocol's
//     2.0 shapes); without it (or with Options.Legacy) org per account and
//     errors as strings. start-date and end-date filter transactions by
//     posted; a range over 45 days gets the demo's warning, one over 90
//     days is capped; balances-only=1 leaves the transactions out;
//     account= filters; pending=1 adds pending transactions.
//   - Each access token's requests are counted per rolling day: past
//     Options.Budget (24) the answer warns in errors; past Budget+Leeway
//     the token is disabled and answers 403 ("exceeding limits can disable
//     Access Tokens", the developer guide as SimpleFIN's issue #39 quotes
//     it; the warning's words are Latchkey's, after the fragments Sure
//     matches).
//   - NeedsAttention marks a connection's login as needing the user: a
//     con.auth error (or "Connection to … may need attention"). GET
//     /auth/login lists such connections with a Fix button, as the Bridge's
//     own pages would; POST /auth/fix clears one.
package fake

import (
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Defaults of Options.
const (
	DefaultBudget = 24
	DefaultLeeway = 6
)

// Messages the fake sends, as the Bridge and its demo word them where they
// are known.
const (
	RangeWarning   = "Requested date range exceeds recommended range of 45 days. In the future, this may be capped."
	RangeCapped    = "Requested date range exceeds limit of 90 days and was capped."
	BudgetWarning  = "You are making too many requests: make fewer requests, or this access token may be disabled. Data is only refreshed once every 24 hours."
	AttentionText  = "Authentication required"
	FailedText     = "Failed to get account information. Try again later."
	MissingText    = "Incomplete transaction listing. Try again later."
	legacyAttnText = "Connection to %s may need attention"
)

// Options configure the fake.
type Options struct {
	Addr string
	Now  func() time.Time
	// Legacy answers the first protocol's shapes even to version=2.
	Legacy bool
	// Budget and Leeway are the requests a day per access token before the
	// warning and before the token is disabled.
	Budget, Leeway int
}

// Server is the fake Bridge.
type Server struct {
	fakekit.Base
	opts Options

	mu          sync.Mutex
	conns       []*connection
	tokens      map[string]bool // code → claimed
	access      map[string]*access
	attention   map[string]string // conn id → message
	fixAfter    map[string]int    // conn id → reads that still show the attention
	failed      map[string]string // account id → act.failed message
	missing     map[string]string // account id → act.missingdata message
	general     []string
	claims      int
	lastAccount url.Values
}

type access struct {
	pass     string
	disabled bool
	requests []time.Time
}

// DemoUser and DemoPassword are the demo access URL's credentials
// ("https://demo:demo@beta-bridge.simplefin.org/simplefin").
const (
	DemoUser     = "demo"
	DemoPassword = "demo"
)

// New starts the fake.
func New(opts Options) (*Server, error) {
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if opts.Leeway <= 0 {
		opts.Leeway = DefaultLeeway
	}
	s := &Server{opts: opts, tokens: map[string]bool{}, access: map[string]*access{DemoUser: {pass: DemoPassword}},
		attention: map[string]string{}, fixAfter: map[string]int{}, failed: map[string]string{}, missing: map[string]string{}}
	s.conns = seed(fakekit.Now(opts.Now))
	s.Injector.Write = func(w http.ResponseWriter, r *http.Request, f brokertest.Fault) bool {
		if f != brokertest.Unauthorized {
			return false
		}
		fakekit.WriteText(w, http.StatusForbidden, "Forbidden "+brokertest.BodyCanary)
		return true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /simplefin/info", func(w http.ResponseWriter, _ *http.Request) {
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"versions": []string{"1.0", "2.0"}})
	})
	mux.HandleFunc("GET /simplefin/create", s.create)
	mux.HandleFunc("POST /simplefin/claim/{token}", s.claim)
	mux.Handle("GET /simplefin/accounts", s.Wrap(http.HandlerFunc(s.accounts)))
	mux.HandleFunc("GET /auth/login", s.fixPage)
	mux.HandleFunc("POST /auth/fix", s.fix)
	return s, s.Start("simplefin fake", opts.Addr, opts.Now, mux)
}

// Endpoints are the fake's endpoints for --endpoints files.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{"simplefin": {"bridge": s.URL() + "/simplefin"}}
}

// Token returns the setup token of a claim code: the base64 of the claim
// URL.
func (s *Server) Token(code string) string {
	return base64.StdEncoding.EncodeToString([]byte(s.URL() + "/simplefin/claim/" + code))
}

// NewSetupToken issues a setup token that can be claimed once.
func (s *Server) NewSetupToken() string {
	code := strings.ToUpper(fakekit.Random(24))
	s.mu.Lock()
	s.tokens[code] = false
	s.mu.Unlock()
	return s.Token(code)
}

// DemoToken is the demo's setup token: it can be claimed again and again,
// and gives the demo access URL.
func (s *Server) DemoToken() string { return s.Token("demo") }

// AccessURL issues an access URL directly, as one claimed earlier.
func (s *Server) AccessURL() string {
	user, pass := fakekit.Random(8), fakekit.Random(16)
	s.mu.Lock()
	s.access[user] = &access{pass: pass}
	s.mu.Unlock()
	return s.accessURL(user, pass)
}

func (s *Server) accessURL(user, pass string) string {
	u, _ := url.Parse(s.URL() + "/simplefin")
	u.User = url.UserPassword(user, pass)
	return u.String()
}

// Claims counts the successful claims.
func (s *Server) Claims() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.claims
}

// Requests counts the GET /accounts an access URL made in the last day.
func (s *Server) Requests(accessURL string) int {
	u, err := url.Parse(accessURL)
	if err != nil || u.User == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.access[u.User.Username()]
	if a == nil {
		return 0
	}
	return len(a.recent(s.Now()))
}

// LastQuery is the query of the last GET /accounts.
func (s *Server) LastQuery() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastAccount
}

// Disable disables an access URL at the Bridge (the user did, or it ran
// over its budget): it answers 403 from now on.
func (s *Server) Disable(accessURL string) {
	u, err := url.Parse(accessURL)
	if err != nil || u.User == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.access[u.User.Username()]; a != nil {
		a.disabled = true
	}
}

// NeedsAttention makes the Bridge's login to a connection need the user
// (msg "" uses AttentionText); Fixed clears it.
func (s *Server) NeedsAttention(connID, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg == "" {
		msg = AttentionText
	}
	s.attention[connID] = msg
}

// Fixed clears a connection's attention.
func (s *Server) Fixed(connID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.attention, connID)
}

// FixAfterReads lets the attention of a connection show on the next n
// reads of GET /accounts, then clears it: the user fixing it at the
// Bridge while a repair polls.
func (s *Server) FixAfterReads(connID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixAfter[connID] = n
}

// FailAccount makes an account's read fail (act.failed); "" clears it.
func (s *Server) FailAccount(accountID, msg string) { s.mark(s.failed, accountID, msg) }

// MissingData marks an account's transactions incomplete
// (act.missingdata); "" clears it.
func (s *Server) MissingData(accountID, msg string) { s.mark(s.missing, accountID, msg) }

// mark sets an account's message in m (its errors of one kind), or clears
// it when msg is "".
func (s *Server) mark(m map[string]string, accountID, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg == "" {
		delete(m, accountID)
		return
	}
	m[accountID] = msg
}

// Say adds a general message for the user (gen.); Say("") clears them.
func (s *Server) Say(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg == "" {
		s.general = nil
		return
	}
	s.general = append(s.general, msg)
}

// RevokeAll disables every access URL (brokertest.Fake).
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.access {
		a.disabled = true
	}
}

// ExpireAccessTokens does nothing: access URLs do not expire.
func (s *Server) ExpireAccessTokens() {}

func (s *Server) create(w http.ResponseWriter, _ *http.Request) {
	tok := s.NewSetupToken()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><body><h1>Setup token</h1><p>Copy this token into your app. It can be used once.</p>`+
		`<textarea readonly rows="4" cols="80">%s</textarea></body></html>`, html.EscapeString(tok))
}

func (s *Server) claim(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("token")
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "demo" {
		s.claims++
		fakekit.WriteText(w, http.StatusOK, s.accessURL(DemoUser, DemoPassword))
		return
	}
	claimed, ok := s.tokens[code]
	if !ok || claimed {
		fakekit.WriteText(w, http.StatusForbidden, "Forbidden")
		return
	}
	s.tokens[code] = true
	s.claims++
	user, pass := fakekit.Random(8), fakekit.Random(16)
	s.access[user] = &access{pass: pass}
	fakekit.WriteText(w, http.StatusOK, s.accessURL(user, pass))
}

func (a *access) recent(now time.Time) []time.Time {
	var out []time.Time
	for _, t := range a.requests {
		if now.Sub(t) < 24*time.Hour {
			out = append(out, t)
		}
	}
	a.requests = out
	return out
}

// accounts answers GET /accounts.
func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.access[user]
	if !ok || a == nil || a.disabled || a.pass != pass {
		fakekit.WriteText(w, http.StatusForbidden, "Forbidden")
		return
	}
	now := s.Now()
	a.requests = append(a.recent(now), now)
	n := len(a.requests)
	if n > s.opts.Budget+s.opts.Leeway {
		a.disabled = true
		fakekit.WriteText(w, http.StatusForbidden, "Forbidden")
		return
	}
	q := r.URL.Query()
	s.lastAccount = q
	var warnings []string
	if n > s.opts.Budget {
		warnings = append(warnings, BudgetWarning)
	}
	end := now
	if v := q.Get("end-date"); v != "" {
		end = unix(v, now)
	}
	start := end.AddDate(0, 0, -30)
	if v := q.Get("start-date"); v != "" {
		start = unix(v, start)
	}
	var devNotes []string
	switch d := end.Sub(start); {
	case d > 90*24*time.Hour:
		start = end.Add(-90 * 24 * time.Hour)
		devNotes = append(devNotes, RangeCapped)
	case d > 45*24*time.Hour:
		devNotes = append(devNotes, RangeWarning)
	}
	v2 := q.Get("version") == "2" && !s.opts.Legacy
	only := map[string]bool{}
	for _, id := range q["account"] {
		only[id] = true
	}
	balancesOnly, pending := q.Get("balances-only") == "1", q.Has("pending")

	type wireTxn struct {
		ID           string  `json:"id"`
		Posted       int64   `json:"posted"`
		Amount       string  `json:"amount"`
		Description  string  `json:"description"`
		Payee        string  `json:"payee,omitempty"`
		Memo         string  `json:"memo,omitempty"`
		TransactedAt int64   `json:"transacted_at,omitempty"`
		MCC          *string `json:"mcc"`
		Pending      bool    `json:"pending,omitempty"`
	}
	type wireHolding struct {
		ID            string `json:"id"`
		Created       int64  `json:"created"`
		CostBasis     string `json:"cost_basis"`
		Currency      string `json:"currency"`
		Description   string `json:"description"`
		MarketValue   string `json:"market_value"`
		PurchasePrice string `json:"purchase_price"`
		Shares        string `json:"shares"`
		Symbol        string `json:"symbol"`
	}
	var accts []map[string]any
	var conns []map[string]any
	var errlist []map[string]any
	var errs []string
	for _, c := range s.conns {
		listed := false
		for _, acct := range c.Accounts {
			if len(only) > 0 && !only[acct.ID] {
				continue
			}
			listed = true
			txns := []wireTxn{}
			if !balancesOnly {
				for _, t := range acct.Txns {
					if t.Pending {
						if pending {
							txns = append(txns, wireTxn{ID: t.ID, Amount: t.Amount, Description: t.Description, Payee: t.Payee, Pending: true})
						}
						continue
					}
					if t.Posted.Before(start) || !t.Posted.Before(end) {
						continue
					}
					x := wireTxn{ID: t.ID, Posted: t.Posted.Unix(), Amount: t.Amount, Description: t.Description, Payee: t.Payee,
						Memo: t.Memo, TransactedAt: t.Posted.Unix()}
					if t.MCC != "" {
						mcc := t.MCC
						x.MCC = &mcc
					}
					txns = append(txns, x)
				}
			}
			holdings := []wireHolding{}
			for _, h := range acct.Holdings {
				holdings = append(holdings, wireHolding{ID: h.ID, Created: h.Created, CostBasis: h.CostBasis, Currency: acct.Currency,
					Description: h.Description, MarketValue: h.MarketValue, PurchasePrice: h.Purchase, Shares: h.Shares, Symbol: h.Symbol})
			}
			x := map[string]any{"id": acct.ID, "name": acct.Name, "currency": acct.Currency, "balance": acct.Balance,
				"balance-date": now.Unix(), "transactions": txns, "holdings": holdings}
			if acct.Available != "" {
				x["available-balance"] = acct.Available
			}
			if v2 {
				x["conn_id"] = c.ID
			} else {
				x["org"] = map[string]any{"domain": c.Domain, "name": c.Name, "sfin-url": s.URL() + "/simplefin", "url": c.OrgURL, "id": c.OrgID}
			}
			accts = append(accts, x)
			if msg, bad := s.failed[acct.ID]; bad {
				errlist = append(errlist, map[string]any{"code": "act.failed", "msg": msg, "account_id": acct.ID})
				errs = append(errs, msg)
			}
			if msg, bad := s.missing[acct.ID]; bad {
				errlist = append(errlist, map[string]any{"code": "act.missingdata", "msg": msg, "account_id": acct.ID})
				errs = append(errs, msg)
			}
		}
		if !listed && len(only) > 0 {
			continue
		}
		conns = append(conns, map[string]any{"conn_id": c.ID, "name": c.Name, "org_id": c.OrgID, "org_name": c.OrgName,
			"org_url": c.OrgURL, "sfin_url": s.URL() + "/simplefin"})
		if n, ok := s.fixAfter[c.ID]; ok {
			if n <= 0 {
				delete(s.attention, c.ID)
				delete(s.fixAfter, c.ID)
			} else {
				s.fixAfter[c.ID] = n - 1
			}
		}
		if msg, bad := s.attention[c.ID]; bad {
			errlist = append(errlist, map[string]any{"code": "con.auth", "msg": msg, "conn_id": c.ID})
			errs = append(errs, fmt.Sprintf(legacyAttnText, c.Name))
		}
	}
	for _, g := range s.general {
		errlist = append(errlist, map[string]any{"code": "gen.", "msg": g})
		errs = append(errs, g)
	}
	for _, d := range devNotes {
		errlist = append(errlist, map[string]any{"code": "gen.api", "msg": d})
		errs = append(errs, d)
	}
	if accts == nil {
		accts = []map[string]any{}
	}
	body := map[string]any{"accounts": accts}
	if v2 {
		if errlist == nil {
			errlist = []map[string]any{}
		}
		if conns == nil {
			conns = []map[string]any{}
		}
		body["errlist"], body["connections"] = errlist, conns
		// The budget warning comes in the deprecated list too (issue #39:
		// the guide says rate-limit warnings appear in "errors").
		body["errors"] = append([]string{}, warnings...)
	} else {
		body["errors"] = append(append([]string{}, warnings...), errs...)
	}
	if v2 {
		for _, wmsg := range warnings {
			body["errlist"] = append(body["errlist"].([]map[string]any), map[string]any{"code": "gen.", "msg": wmsg})
		}
	}
	fakekit.WriteJSON(w, http.StatusOK, body)
}

func unix(v string, def time.Time) time.Time {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return def
	}
	return time.Unix(n, 0).UTC()
}

// fixPage is the Bridge's page where the user fixes connections that need
// attention: one Fix button each.
func (s *Server) fixPage(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	var ids []string
	for id := range s.attention {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	sort.Strings(ids)
	var b strings.Builder
	b.WriteString(`<!doctype html><html><body><h1>Connections that need attention</h1>`)
	for _, id := range ids {
		fmt.Fprintf(&b, `<form method="post" action="/auth/fix"><input type="hidden" name="conn" value="%s">`+
			`<button type="submit" name="decision" value="fix">Fix %s</button></form>`, html.EscapeString(id), html.EscapeString(id))
	}
	b.WriteString(`</body></html>`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

func (s *Server) fix(w http.ResponseWriter, r *http.Request) {
	form, ok := fakekit.PageForm(w, r)
	if !ok {
		return
	}
	s.Fixed(form.Get("conn"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(`<!doctype html><html><body><p>Fixed. You can close this window.</p></body></html>`))
}
