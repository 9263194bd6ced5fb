// Package fake serves the European Central Bank's reference rate files in
// their documented shapes (see package ecb's doc) from loopback, for tests
// and for running Latchkey with --endpoints without touching the network:
//
//	GET /eurofxref-daily.xml      the newest published day
//	GET /eurofxref-hist-90d.xml   the published days of the last 90 days, newest first
//	GET /eurofxref-hist.xml       every published day from Options.From, newest first
//	GET /eurofxref-hist.zip       the same as eurofxref-hist.csv in a zip
//
// A day is published at 15:00 UTC (16:00 CET) on working days: weekends and
// the fixed TARGET closing days (1 January, 1 May, 25 and 26 December) have
// none. The rates are deterministic: each currency's rate on the example
// day of testdata/eurofxref-daily.xml (2024-06-28), moved by a slow yearly
// swing and a small daily wiggle (integer arithmetic, so every platform
// serves the same files), written with the decimals the ECB uses for it.
// BGN is not published (Bulgaria adopted the euro in 2026). Faults are
// injected as with every fake (brokertest.Injector).
package fake

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/ecb"
)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock; nil means time.Now.
	Now func() time.Time
	// From is the first day of the full time series; zero means six years
	// before Now.
	From time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
}

// Server is the fake.
type Server struct {
	fakekit.Base
	opts Options

	mu       sync.Mutex
	requests map[string]int
}

// New starts the fake.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, requests: map[string]int{}}
	mux := http.NewServeMux()
	mux.Handle("GET "+ecb.DailyFile, s.Wrap(http.HandlerFunc(s.daily)))
	mux.Handle("GET "+ecb.Hist90File, s.Wrap(http.HandlerFunc(s.hist90)))
	mux.Handle("GET /eurofxref-hist.xml", s.Wrap(http.HandlerFunc(s.histXML)))
	mux.Handle("GET "+ecb.HistZipFile, s.Wrap(http.HandlerFunc(s.histZip)))
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
	return s, s.Start("ecb fake", opts.Addr, opts.Now, count)
}

// Endpoints are the service's endpoint overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{ecb.ID: {"data": s.URL()}}
}

// Requests counts the requests for a path ("/eurofxref-daily.xml"), faults
// included.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// RevokeAll does nothing: the files are public.
func (s *Server) RevokeAll() {}

// ExpireAccessTokens does nothing: there are no tokens.
func (s *Server) ExpireAccessTokens() {}

func (s *Server) daily(w http.ResponseWriter, _ *http.Request) {
	days := Published(s.from(), s.Now())
	writeXML(w, days[len(days)-1:])
}

func (s *Server) hist90(w http.ResponseWriter, _ *http.Request) {
	now := s.Now()
	writeXML(w, Published(now.AddDate(0, 0, -90), now))
}

func (s *Server) histXML(w http.ResponseWriter, _ *http.Request) {
	writeXML(w, Published(s.from(), s.Now()))
}

func (s *Server) histZip(w http.ResponseWriter, _ *http.Request) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create(ecb.HistCSVName)
	_, _ = f.Write(CSV(Published(s.from(), s.Now())))
	_ = zw.Close()
	w.Header().Set("Content-Type", "application/zip")
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) from() time.Time {
	if !s.opts.From.IsZero() {
		return s.opts.From
	}
	return s.Now().AddDate(-6, 0, 0)
}

func writeXML(w http.ResponseWriter, days []Day) {
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(XML(days))
}

// XML writes days (oldest first) as a reference rate file, newest first.
func XML(days []Day) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
		"<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n" +
		"\t<gesmes:subject>Reference rates</gesmes:subject>\n\t<gesmes:Sender>\n\t\t<gesmes:name>European Central Bank</gesmes:name>\n\t</gesmes:Sender>\n\t<Cube>\n")
	for i := len(days) - 1; i >= 0; i-- {
		d := days[i]
		fmt.Fprintf(&b, "\t\t<Cube time='%s'>\n", d.Date)
		for _, r := range d.Rates {
			fmt.Fprintf(&b, "\t\t\t<Cube currency='%s' rate='%s'/>\n", r.Currency, r.Rate)
		}
		b.WriteString("\t\t</Cube>\n")
	}
	b.WriteString("\t</Cube>\n</gesmes:Envelope>\n")
	return []byte(b.String())
}

// CSV writes days (oldest first) as eurofxref-hist.csv, newest first.
func CSV(days []Day) []byte {
	var b strings.Builder
	b.WriteString("Date")
	for _, c := range currencies {
		b.WriteString("," + c.code)
	}
	b.WriteString(",\n")
	for i := len(days) - 1; i >= 0; i-- {
		b.WriteString(string(days[i].Date))
		for _, r := range days[i].Rates {
			b.WriteString("," + r.Rate)
		}
		b.WriteString(",\n")
	}
	return []byte(b.String())
}
