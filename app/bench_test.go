package app_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/internal/benchgen"
)

// benchApp is an app over a fresh vault with n connections to a fake
// institution whose server answers every request after latency.
func benchApp(b *testing.B, n int, latency time.Duration, activities int) (*app.App, []string) {
	b.Helper()
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency) // the simulated institution's answer time
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	b.Cleanup(srv.Close)
	inst := &fakeInst{id: "fake", activities: activities}
	a := app.New(app.Options{Vault: apptest.Vault(b, ""), Registry: fastRegistry(b, []integrations.Integration{inst}, integrations.Overrides{"fake": {"api": srv.URL}})})
	var ids []string
	for i := range n {
		p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "fake"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Begin(ctx, integrations.AuthToken, map[string]string{"user": string(rune('a'+i%26)) + string(rune('a'+i/26))}); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.Connection().ID)
	}
	return a, ids
}

// The refresh benchmarks run the production HTTP plumbing (app.NewRegistry:
// httpx's default rate limits, per the scope of each institution's limit)
// against rateServer, whose institutions answer after 200 ms and enforce
// their documented limit per scope.
const (
	benchLatency = 200 * time.Millisecond
	// benchLimit is the fake institutions' documented limit: requests in
	// any rolling second, per token (per grant) or per client address.
	benchLimit = 10
)

// rateServer plays several institutions behind one address: the first
// path segment names the institution. It answers 429 past benchLimit
// requests in a rolling second per scope: the bearer token for a per-grant
// institution, the client address for a per-IP one.
type rateServer struct {
	*httptest.Server
	perIP map[string]bool
	mu    sync.Mutex
	seen  map[string][]time.Time
	over  atomic.Int32
}

func newRateServer(b *testing.B, perIP map[string]bool) *rateServer {
	s := &rateServer{perIP: perIP, seen: map[string][]time.Time{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inst, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		scope := inst + " " + r.Header.Get("Authorization")
		if s.perIP[inst] {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			scope = inst + " " + host
		}
		if !s.allow(scope) {
			s.over.Add(1)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		time.Sleep(benchLatency) // the simulated institution's answer time
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	b.Cleanup(s.Close)
	return s
}

func (s *rateServer) allow(scope string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	kept := s.seen[scope][:0]
	for _, t := range s.seen[scope] {
		if now.Sub(t) < time.Second {
			kept = append(kept, t)
		}
	}
	if len(kept) >= benchLimit {
		s.seen[scope] = kept
		return false
	}
	s.seen[scope] = append(kept, now)
	return true
}

// grantInst is a fake institution whose client sends the grant's token as
// a bearer token, one request per data set.
type grantInst struct {
	fakeInst
	scope integrations.RateScope
}

func (g *grantInst) Institution() integrations.Institution {
	in := g.fakeInst.Institution()
	in.RateScope = g.scope
	return in
}

func (g *grantInst) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	user := req.Values["user"]
	return &doneLogin{integrations.Grant{Method: integrations.AuthToken, Secret: []byte("tok-" + g.id + "-" + user),
		Fingerprint: integrations.Fingerprint(g.id, user)}}, nil
}

func (g *grantInst) NewClient(ctx context.Context, gr integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	env.HTTP = &http.Client{Transport: bearer{token: string(gr.Secret), next: env.Client().Transport}, CheckRedirect: env.Client().CheckRedirect}
	return &fakeClient{f: &g.fakeInst, env: env}, nil
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (t bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.next.RoundTrip(r)
}

// refreshApp is an app over a fresh vault with the production HTTP
// plumbing and connections to rateServer's institutions: counts maps an
// institution id to its number of connections; perIP marks the
// institutions limited per client address. It returns the connection ids
// by institution.
func refreshApp(b *testing.B, counts map[string]int, perIP map[string]bool) (*app.App, map[string][]string, *rateServer) {
	b.Helper()
	ctx := context.Background()
	srv := newRateServer(b, perIP)
	v := apptest.Vault(b, "")
	var list []integrations.Integration
	over := integrations.Overrides{}
	for id := range counts {
		scope := integrations.RateScopeGrant
		if perIP[id] {
			scope = integrations.RateScopeIP
		}
		list = append(list, &grantInst{fakeInst: fakeInst{id: id}, scope: scope})
		over[id] = map[string]string{"api": srv.URL + "/" + id}
	}
	reg, err := app.NewRegistry(list, "") // production limits
	if err != nil {
		b.Fatal(err)
	}
	if err := reg.SetOverrides(over); err != nil {
		b.Fatal(err)
	}
	a := app.New(app.Options{Vault: v, Registry: reg})
	ids := map[string][]string{}
	for id, n := range counts {
		for i := range n {
			p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: id})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Begin(ctx, integrations.AuthToken, map[string]string{"user": fmt.Sprintf("user%02d", i)}); err != nil {
				b.Fatal(err)
			}
			ids[id] = append(ids[id], p.Connection().ID)
		}
	}
	return a, ids, srv
}

func refresh(b *testing.B, a *app.App, ids []string) time.Duration {
	start := time.Now()
	res, err := a.Refresh(context.Background(), ids, nil)
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	return d
}

// thirty is the mix of issue 18's goal: 30 connections, 10 of them at one
// institution (limited per grant), 2 at an institution limited per client
// address, and 18 at institutions of their own.
func thirty() (map[string]int, map[string]bool) {
	counts := map[string]int{"big": 10, "perip": 2}
	for i := range 18 {
		counts[fmt.Sprintf("solo%02d", i)] = 1
	}
	return counts, map[string]bool{"perip": true}
}

// BenchmarkRefresh1 refreshes one connection of the institution with ten.
func BenchmarkRefresh1(b *testing.B) {
	counts, perIP := thirty()
	a, ids, srv := refreshApp(b, counts, perIP)
	one := ids["big"][:1]
	for b.Loop() {
		refresh(b, a, one)
	}
	if n := srv.over.Load(); n > 0 {
		b.Fatalf("%d requests over the institutions' limits", n)
	}
}

// BenchmarkRefresh30 refreshes the 30 connections of thirty() with the
// production rate limits, the server answering after 200 ms. It reports
// ratio: the time of all thirty ÷ the time of the slowest single
// connection refreshed alone (one of each institution kind, measured in
// each round, untimed). Issue 18's goal: ratio ≤ 1.25.
func BenchmarkRefresh30(b *testing.B) {
	counts, perIP := thirty()
	a, ids, srv := refreshApp(b, counts, perIP)
	var all []string
	for _, l := range ids {
		all = append(all, l...)
	}
	singles := [][]string{ids["big"][:1], ids["perip"][:1], ids["solo00"]}
	var sumAll, sumSlowest time.Duration
	for b.Loop() {
		sumAll += refresh(b, a, all)
		b.StopTimer()
		var slowest time.Duration
		for _, one := range singles {
			slowest = max(slowest, refresh(b, a, one))
		}
		sumSlowest += slowest
		b.StartTimer()
	}
	if n := srv.over.Load(); n > 0 {
		b.Fatalf("%d requests over the institutions' limits", n)
	}
	b.ReportMetric(float64(sumAll)/float64(sumSlowest), "ratio")
	b.ReportMetric(float64(sumSlowest.Milliseconds())/float64(b.N), "slowest-single-ms")
}

// BenchmarkSync100kActivities syncs one connection holding 100,000
// activities into an empty cache; it reports the peak heap in use and the
// process's CPU time per sync (on a shared machine the wall time also
// counts the waits for a core). Issue 18's goal: 0.25 s and 80 MiB.
func BenchmarkSync100kActivities(b *testing.B) {
	ctx := context.Background()
	var g benchgen.Gauge
	for b.Loop() {
		b.StopTimer()
		a, ids := benchApp(b, 1, 0, 100_000)
		g.Start(b)
		res, err := a.Refresh(ctx, ids, nil)
		g.Stop(b)
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res[0].Err)
		}
		acts, _ := a.Activities(ctx, app.ActivityFilter{})
		if len(acts) != 100_000 {
			b.Fatalf("%d activities cached", len(acts))
		}
		b.StartTimer()
	}
	g.Report(b, "peak-heap-MiB")
}
