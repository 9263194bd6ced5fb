// Package fake is a stand-in for the Interactive Brokers Flex Web Service
// (version 3), for tests and for running Latchkey against with --endpoints.
//
// It reproduces what the integration relies on: GET
// /AccountManagement/FlexWebService/SendRequest?t=TOKEN&q=QUERY&v=3
// answering <FlexStatementResponse> with Status Success, a ReferenceCode and
// the Url of GetStatement, or Status Fail with an ErrorCode and ErrorMessage
// (1012 token expired, 1013 IP restriction, 1014 query invalid, 1015 token
// invalid, 1018 too many requests, 1020 invalid request); GET
// .../GetStatement?t=TOKEN&q=REFERENCE&v=3 answering Status Warn with 1019
// "Statement generation in progress. Please try again shortly." for the
// first polls (Options.PendingPolls, 2 by default), then the statement: a
// <FlexQueryResponse> with one <FlexStatement> per account holding
// AccountInformation, EquitySummaryInBase, CashReport, OpenPositions, Trades
// and CashTransactions, every value an attribute, dates yyyyMMdd and times
// yyyyMMdd;HHmmss (the query's default formats). Requests must carry a
// User-Agent of Java or Blackberry (else 1020), and each token may make one
// request a second and ten a minute (else 1018: the limit is per token, as
// the code's text says: "Too many requests have been made from this
// token"). Every answer is HTTP 200. It is built on
// integrations/brokertest/fakekit (listener, clock, faults, rate windows).
//
// # Test logins
//
//	token flex-token-good-0000000000001, query 700001   accounts U1234567 (individual, margin; USD, EUR, CAD) and U7654321 (IRA)
//	token flex-token-good-0000000000001, query 700999   1014 query is invalid
//	token flex-token-expired-000000002                  1012 token has expired
//	token flex-token-iprestricted-0003                  1013 IP restriction
//
// Any other token gets 1015 "Token is invalid."; after RevokeAll, so does the
// good one. The statement covers 2025 (trades, dividends with withholding
// tax, interest received and paid, deposits, a withdrawal, fees, a payment in
// lieu, a commission adjustment), with positions in stocks, an ETF, an
// option, a bond, and EUR and CAD listings.
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the id of the integration the fake serves.
const InstitutionID = "ibkr-flex"

// Test logins (see the package doc).
const (
	Token          = "flex-token-good-0000000000001"
	Query          = "700001"
	BadQuery       = "700999"
	ExpiredToken   = "flex-token-expired-000000002"
	IPLockedToken  = "flex-token-iprestricted-0003"
	Individual     = "U1234567"
	IRA            = "U7654321"
	servicePath    = "/AccountManagement/FlexWebService"
	defaultPending = 2
)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (rate limits); nil means time.Now.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// PendingPolls is how many GetStatement polls answer 1019 before the
	// statement is ready: 0 means 2, negative means none.
	PendingPolls int
}

type reference struct {
	token   string
	pending int
}

// Server is the fake.
type Server struct {
	fakekit.Base
	// RevokeAll makes the good token invalid, as when the user deletes it;
	// ExpireAccessTokens does nothing: a Flex token lives until its own expiry.
	fakekit.Revocation

	pending  int
	accounts []*account
	// The token's windows: one request a second, ten a minute.
	perSecond, perMinute *fakekit.Rate

	mu    sync.Mutex
	refs  map[string]*reference
	polls int
}

// New starts the fake on a loopback port.
func New(opts Options) (*Server, error) {
	s := &Server{pending: opts.PendingPolls, refs: map[string]*reference{},
		perSecond: &fakekit.Rate{Limit: 1, Per: time.Second, Now: opts.Now},
		perMinute: &fakekit.Rate{Limit: 10, Per: time.Minute, Now: opts.Now}}
	switch {
	case s.pending == 0:
		s.pending = defaultPending
	case s.pending < 0:
		s.pending = 0
	}
	s.accounts = []*account{
		buildAccount(Individual, "Main", "Individual", "Margin", []int{0, 1, 2, 3, 4, 5}, 45, 1),
		buildAccount(IRA, "Retirement", "IRA", "Cash", []int{1, 0}, 10, 2),
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+servicePath+"/SendRequest", s.Wrap(http.HandlerFunc(s.sendRequest)))
	mux.Handle("GET "+servicePath+"/GetStatement", s.Wrap(http.HandlerFunc(s.getStatement)))
	if err := s.Start("ibkrflex fake", opts.Addr, opts.Now, mux); err != nil {
		return nil, err
	}
	return s, nil
}

// Endpoints maps the institution id to its "flex" endpoint on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"flex": s.URL() + servicePath}}
}

// Polls returns how many GetStatement requests the fake has answered.
func (s *Server) Polls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.polls
}

// Counts returns how many positions and activities (trades and cash
// transactions) an account's statement holds.
func (s *Server) Counts(accountID string) (positions, activities int) {
	for _, a := range s.accounts {
		if a.stmt.AccountID == accountID {
			return len(a.stmt.OpenPositions), len(a.stmt.Trades) + len(a.stmt.CashTransactions)
		}
	}
	return 0, 0
}

var messages = map[string]string{
	"1012": "Token has expired.",
	"1013": "IP restriction.",
	"1014": "Query is invalid.",
	"1015": "Token is invalid.",
	"1017": "Reference code is invalid.",
	"1018": "Too many requests have been made from this token. Please try again shortly.",
	"1019": "Statement generation in progress. Please try again shortly.",
	"1020": "Invalid request or unable to validate request.",
}

type statementResponse struct {
	XMLName       xml.Name `xml:"FlexStatementResponse"`
	Timestamp     string   `xml:"timestamp,attr"`
	Status        string   `xml:"Status"`
	ReferenceCode string   `xml:"ReferenceCode,omitempty"`
	URL           string   `xml:"Url,omitempty"`
	ErrorCode     string   `xml:"ErrorCode,omitempty"`
	ErrorMessage  string   `xml:"ErrorMessage,omitempty"`
}

func (s *Server) stamp() string {
	return s.Now().In(fakekit.NewYork).Format("02 January, 2006 03:04 PM MST")
}

func (s *Server) write(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write([]byte(xml.Header))
	_ = xml.NewEncoder(w).Encode(v)
}

func (s *Server) fail(w http.ResponseWriter, status, code string) {
	s.write(w, statementResponse{Timestamp: s.stamp(), Status: status, ErrorCode: code, ErrorMessage: messages[code]})
}

// check validates the request's version, User-Agent, token and rate limit,
// and writes the failure when it is not acceptable.
func (s *Server) check(w http.ResponseWriter, r *http.Request) (string, bool) {
	q := r.URL.Query()
	ua := r.Header.Get("User-Agent")
	if q.Get("v") != "3" || (ua != "Java" && ua != "Blackberry") {
		s.fail(w, "Fail", "1020")
		return "", false
	}
	t := q.Get("t")
	revoked := s.Revoked()
	second, minute := s.perSecond.Take(r, t, http.Header{}), s.perMinute.Take(r, t, http.Header{})
	limited := !second || !minute
	switch {
	case t == ExpiredToken:
		s.fail(w, "Fail", "1012")
	case t == IPLockedToken:
		s.fail(w, "Fail", "1013")
	case t != Token || revoked:
		s.fail(w, "Fail", "1015")
	case limited:
		s.fail(w, "Warn", "1018")
	default:
		return t, true
	}
	return "", false
}

func (s *Server) sendRequest(w http.ResponseWriter, r *http.Request) {
	t, ok := s.check(w, r)
	if !ok {
		return
	}
	if r.URL.Query().Get("q") != Query {
		s.fail(w, "Fail", "1014")
		return
	}
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	code := fmt.Sprintf("%d", 1000000000+int64(b[0])<<24|int64(b[1])<<16|int64(b[2])<<8|int64(b[3]))
	code += hex.EncodeToString(b[4:])[:1]
	s.mu.Lock()
	s.refs[code] = &reference{token: t, pending: s.pending}
	s.mu.Unlock()
	s.write(w, statementResponse{Timestamp: s.stamp(), Status: "Success", ReferenceCode: code,
		URL: s.URL() + servicePath + "/GetStatement"})
}

func (s *Server) getStatement(w http.ResponseWriter, r *http.Request) {
	t, ok := s.check(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	s.polls++
	ref := s.refs[r.URL.Query().Get("q")]
	pending := false
	if ref != nil && ref.token == t && ref.pending > 0 {
		ref.pending--
		pending = true
	}
	s.mu.Unlock()
	switch {
	case ref == nil || ref.token != t:
		s.fail(w, "Fail", "1017")
	case pending:
		s.fail(w, "Warn", "1019")
	default:
		resp := flexQueryResponse{QueryName: "Latchkey", Type: "AF", Statements: flexStatements{Count: len(s.accounts)}}
		for _, a := range s.accounts {
			resp.Statements.Statements = append(resp.Statements.Statements, a.stmt)
		}
		s.write(w, resp)
	}
}

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
