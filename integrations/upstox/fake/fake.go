// Package fake is a fake Upstox (API v2) on one loopback listener, for tests
// and for running Latchkey against it with --endpoints.
//
// It reproduces what package upstox relies on: the login dialog
// (GET /v2/login/authorization/dialog, a consent page with Approve and Deny)
// redirecting to the app's redirect_uri with a single-use code and the state;
// the token endpoint (POST /v2/login/authorization/token, form-encoded, whose
// answer is the user's profile plus access_token, without an envelope); the
// day-long access tokens that end at 03:30 India time with no refresh; and
// the data API with Upstox's envelope {"status":"success","data":...}:
// GET /v2/user/profile, /v2/user/get-funds-and-margin?segment=SEC|COM,
// /v2/portfolio/long-term-holdings, /v2/portfolio/short-term-positions (one
// position with "average_price": null, one closed) and
// /v2/charges/historical-trades (start_date, end_date, page_number,
// page_size, segment; meta_data.page with total_pages; only the last three
// financial years). Errors use Upstox's envelope {"status":"error","errors":
// [{"errorCode":"UDAPI100050","message":...,"error_code":...}]}: 401
// UDAPI100050 for an invalid, expired or revoked token, 429 UDAPI10005, 400
// UDAPI100068 for a bad client_id or redirect_uri.
//
// # Test logins
//
// Any API key (client id) is accepted, with any non-empty API secret except
// BadClientSecret ("bad-secret"), which the token endpoint refuses (401
// UDAPI100016). The consent page signs in as:
//
//	7JD3KQ  (the default) equity and commodity (MCX) enabled: seven holdings,
//	        an F&O option, an intraday equity position, an MCX future, and
//	        about 120 trades over 14 months (EQ, FO, MF, COM)
//	5XY9PL  equity only: two holdings and a few trades
//
// Approve redirects with ?code=...&state=...; Deny with error=access_denied
// (a convention of the fake: Upstox's own answer to a cancelled login is not
// documented).
package fake

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "upstox"

// BadClientSecret is the one API secret the token endpoint refuses.
const BadClientSecret = "bad-secret"

// Users of the consent page.
const (
	UserMain   = "7JD3KQ"
	UserSecond = "5XY9PL"
)

// IST is India Standard Time.
var IST = time.FixedZone("IST", 5*3600+1800)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (nil: time.Now). Data is anchored to the
	// India date of Now; tokens end at 03:30 India time by it.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Server is a running fake Upstox.
type Server struct {
	brokertest.Injector

	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string

	mu        sync.Mutex
	codes     map[string]*authCode
	tokens    map[string]*token
	seq       int64
	revokeSeq int64
	data      map[string]*dataset
	dataDay   string
}

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(),
		codes: map[string]*authCode{}, tokens: map[string]*token{}}
	s.Injector.Write = writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ends with ErrServerClosed
	return s, nil
}

// URL returns the fake's base URL (the "api" endpoint).
func (s *Server) URL() string { return s.url }

// Close stops the fake.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.hs.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.hs.Close()
	}
	return err
}

// Endpoints returns institution id → endpoint name → URL, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.url}}
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/login/authorization/dialog", s.handleDialog)
	mux.HandleFunc("POST /v2/login/authorization/dialog", s.handleConsent)
	mux.HandleFunc("POST /v2/login/authorization/token", s.handleToken)
	mux.HandleFunc("DELETE /v2/logout", s.handleLogout)
	data := func(h func(http.ResponseWriter, *http.Request, string)) http.Handler { return s.Wrap(s.authed(h)) }
	mux.Handle("GET /v2/user/profile", data(s.handleProfile))
	mux.Handle("GET /v2/user/get-funds-and-margin", data(s.handleFunds))
	mux.Handle("GET /v2/portfolio/long-term-holdings", data(s.handleHoldings))
	mux.Handle("GET /v2/portfolio/short-term-positions", data(s.handlePositions))
	mux.Handle("GET /v2/charges/historical-trades", data(s.handleTrades))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "UDAPI10000", "This request is not supported by Upstox API")
	})
	return mux
}

// RevokeAll ends every session, as when the user logs out everywhere.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeSeq = s.seq
}

// ExpireAccessTokens does nothing: Upstox tokens do not refresh; they end at
// 03:30 India time by the fake's clock.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the fake serves the default user (7JD3KQ) per
// Latchkey account, as package upstox reads them.
func (s *Server) Count(list brokertest.List, accountID string) int {
	d := s.dataset(UserMain)
	seg := "equity"
	if len(accountID) > 9 && accountID[len(accountID)-9:] == "commodity" {
		seg = "commodity"
	}
	switch list {
	case brokertest.ListAccounts:
		return 2
	case brokertest.ListPositions:
		n := 0
		if seg == "equity" {
			n = len(d.holdings)
		}
		for _, p := range d.positions {
			if p.qty != 0 && (p.exchange == "MCX") == (seg == "commodity") {
				n++
			}
		}
		return n
	default:
		n := 0
		for _, t := range d.trades {
			if (t.segment == "COM") == (seg == "commodity") {
				n++
			}
		}
		return n
	}
}

var _ brokertest.Fake = (*Server)(nil)
var _ brokertest.Counter = (*Server)(nil)
