package brokertest

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Sent records what an integration sends, for a test that checks its
// requests: each request (a clone, its body left to the transport) and
// the status it was answered with.
type Sent struct {
	next http.RoundTripper

	mu     sync.Mutex
	reqs   []*http.Request
	status []int // 0: no answer
}

// Intercept puts the round tripper wrap makes under the client of env (a
// copy of it: a client env shared before is left as it was), given the
// transport env's requests took (http.DefaultTransport when its client
// named none): a test's way to record, count or rewrite what an integration
// sends and what it is answered.
func Intercept(env *integrations.Env, wrap func(next http.RoundTripper) http.RoundTripper) {
	hc := *env.Client()
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = wrap(next)
	env.HTTP = &hc
}

// RecordSent puts a Sent under the client of env (through Intercept) and
// returns it.
func RecordSent(env *integrations.Env) *Sent {
	s := &Sent{}
	Intercept(env, func(next http.RoundTripper) http.RoundTripper { s.next = next; return s })
	return s
}

// RoundTrip records req and its answer's status.
func (s *Sent) RoundTrip(req *http.Request) (*http.Response, error) {
	clone := req.Clone(req.Context())
	resp, err := s.next.RoundTrip(req)
	status := 0
	if err == nil {
		status = resp.StatusCode
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, clone)
	s.status = append(s.status, status)
	s.mu.Unlock()
	return resp, err
}

// Requests returns the requests sent so far, in order.
func (s *Sent) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

// Count returns how many requests sent so far hold substr in their line
// "METHOD /path STATUS" (" 401", "/portfolio/accounts 200", "/positions ");
// STATUS is "error" for a request that got no answer.
func (s *Sent) Count(substr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for i, r := range s.reqs {
		st := "error"
		if s.status[i] != 0 {
			st = strconv.Itoa(s.status[i])
		}
		if strings.Contains(r.Method+" "+r.URL.Path+" "+st, substr) {
			n++
		}
	}
	return n
}

// RoundTripFunc is an http.RoundTripper written as a function: what a test
// puts under a client with Intercept to answer some requests itself.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// JSONAnswer is an answer to r with status and the JSON body.
func JSONAnswer(r *http.Request, status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}
}

// ServeSamples puts under env's client (through Intercept) a round tripper
// that answers a request for each path of samples with the package's
// fixture it names (Fixture: testdata/<name>, 200, JSON) and passes every
// other request on: a test's way to put the documentation's own samples
// through the integration's whole client.
func ServeSamples(t testing.TB, env *integrations.Env, samples map[string]string) {
	t.Helper()
	bodies := map[string]string{}
	for path, name := range samples {
		bodies[path] = string(Fixture(t, name))
	}
	Intercept(env, func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			if body, ok := bodies[r.URL.Path]; ok {
				return JSONAnswer(r, http.StatusOK, body), nil
			}
			return next.RoundTrip(r)
		})
	})
}

// Units adds up the units of ps's positions in ticker, and says in how many
// rows they were.
func Units(ps []integrations.Position, ticker string) (decimal.Decimal, int) {
	units, rows := decimal.Zero, 0
	for _, p := range ps {
		if p.Symbol.Ticker == ticker {
			units, rows = units.Add(p.Units), rows+1
		}
	}
	return units, rows
}
