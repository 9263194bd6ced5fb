package integrations_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

func TestRegistryClientsPerRateScope(t *testing.T) {
	perIP := inst("perip")
	perIP.inst.RateScope = integrations.RateScopeIP
	r, err := integrations.NewRegistry(inst("grant"), perIP)
	if err != nil {
		t.Fatal(err)
	}
	var built atomic.Int32
	r.SetHTTPFactory(func(integrations.Institution) *http.Client {
		built.Add(1)
		return &http.Client{}
	})
	env := func(id, scope string) *http.Client {
		t.Helper()
		e, err := r.EnvFor(id, scope, nil)
		if err != nil {
			t.Fatal(err)
		}
		return e.HTTP
	}
	// Per grant: each connection keeps its own client (and limiter)
	// across syncs; a login gets a new one.
	c1, c2 := env("grant", "conn-1"), env("grant", "conn-2")
	if c1 == c2 {
		t.Error("two connections of a per-grant institution share a client")
	}
	if env("grant", "conn-1") != c1 {
		t.Error("a connection's client changed between syncs")
	}
	if l1, l2 := env("grant", ""), env("grant", ""); l1 == l2 || l1 == c1 {
		t.Error("logins share a client")
	}
	// Per IP: one client for every connection and login.
	p := env("perip", "conn-3")
	if env("perip", "conn-4") != p || env("perip", "") != p {
		t.Error("a per-IP institution has more than one client")
	}
	n := built.Load()
	r.Release("conn-1")
	if env("grant", "conn-1") == c1 || built.Load() != n+1 {
		t.Error("Release kept the connection's client")
	}
	if env("grant", "conn-2") != c2 {
		t.Error("Release dropped another connection's client")
	}
}

func TestOverridesPlainHTTPOnlyForLoopback(t *testing.T) {
	r, err := integrations.NewRegistry(inst("alpaca"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://127.9.8.7/x", "http://[::1]:9/", "http://localhost:1", "http://LOCALHOST./", "https://api.example.com", "https://10.0.0.1:8443"} {
		if err := r.SetOverrides(integrations.Overrides{"alpaca": {"api": ok}}); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	if err := r.SetOverrides(nil); err != nil || r.Overridden("alpaca") {
		t.Fatal("overrides not cleared")
	}
	for _, bad := range []string{"http://api.example.com", "http://10.0.0.1:8080", "http://[::2]/", "http://localhost.evil.test/", "http://127.0.0.1.evil.test/", "http://user:pa55word@api.example.com/", "http://0.0.0.0:80/", "http://[::ffff:10.0.0.1]/"} {
		err := r.SetOverrides(integrations.Overrides{"alpaca": {"api": bad}})
		if !errors.Is(err, integrations.ErrInsecureEndpoint) {
			t.Errorf("%s: %v", bad, err)
			continue
		}
		if !strings.Contains(err.Error(), "alpaca.api") || strings.Contains(err.Error(), "pa55word") || strings.Contains(err.Error(), "user") {
			t.Errorf("%s: error %q must name alpaca.api and not the user info", bad, err)
		}
	}
	if r.Overridden("alpaca") {
		t.Error("a refused override is active")
	}

	// The same rule for a file (--endpoints, LATCHKEY_ENDPOINTS).
	p := filepath.Join(t.TempDir(), "eps.json")
	os.WriteFile(p, []byte(`{"alpaca":{"api":"http://key:secret@paper-api.alpaca.markets"}}`), 0o600)
	if _, err := integrations.LoadOverrides(p); !errors.Is(err, integrations.ErrInsecureEndpoint) || strings.Contains(err.Error(), "secret") {
		t.Errorf("file: %v", err)
	}
}

func TestOverridesFileBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		start := time.Now()
		_, err := integrations.LoadOverrides("/dev/zero")
		if !errors.Is(err, integrations.ErrOverridesTooLarge) {
			t.Errorf("/dev/zero: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("/dev/zero took %v", d) // unbounded reading grows for ever
		}
	}
	p := filepath.Join(t.TempDir(), "big.json")
	big := `{"a":{"api":"https://x.test/` + strings.Repeat("a", integrations.MaxOverridesSize) + `"}}`
	os.WriteFile(p, []byte(big), 0o600)
	if _, err := integrations.LoadOverrides(p); !errors.Is(err, integrations.ErrOverridesTooLarge) {
		t.Errorf("2 MiB file: %v", err)
	}
	os.WriteFile(p, []byte(`{"a":{"api":"https://x.test/"}}`+strings.Repeat(" ", integrations.MaxOverridesSize-40)), 0o600)
	if _, err := integrations.LoadOverrides(p); err != nil {
		t.Errorf("a file under the bound: %v", err)
	}
}

func TestRegistryShowsOverrides(t *testing.T) {
	r, err := integrations.NewRegistry(inst("a"), inst("b"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Overridden("a") {
		t.Error("overridden before any override")
	}
	if err := r.SetOverrides(integrations.Overrides{"a": {"auth": "https://tok:s3cret@sandbox.example.com/oauth"}}); err != nil {
		t.Fatal(err)
	}
	if !r.Overridden("a") || r.Overridden("b") {
		t.Error("Overridden")
	}
	eps, err := r.Endpoints("a")
	if err != nil || len(eps) != 2 {
		t.Fatalf("%v %v", eps, err)
	}
	if eps[0] != (integrations.EndpointStatus{Name: "api", URL: "https://api.example.com"}) {
		t.Errorf("api: %+v", eps[0])
	}
	if eps[1].Name != "auth" || !eps[1].Overridden || eps[1].URL != "https://sandbox.example.com/oauth" {
		t.Errorf("auth: %+v", eps[1])
	}
	if _, err := r.Endpoints("zzz"); !errors.Is(err, integrations.ErrUnknownInstitution) {
		t.Errorf("unknown: %v", err)
	}
}

// rates is a stub rate service.
type rates struct{ id string }

func (r rates) Info() integrations.Institution {
	return integrations.Institution{ID: r.id, Endpoints: []integrations.Endpoint{{Name: "data", URL: "https://rates.example.com"}}}
}
func (rates) LatestRates(context.Context, integrations.Env) (integrations.RateTable, error) {
	return integrations.RateTable{}, nil
}
func (rates) RateHistory(context.Context, integrations.Env, integrations.Date) ([]integrations.RateTable, error) {
	return nil, nil
}

// demoRates is a stub rate service marked demo.
type demoRates struct{ rates }

func (d demoRates) Info() integrations.Institution {
	in := d.rates.Info()
	in.Demo = true
	return in
}

// plain is a service that publishes no rates.
type plain struct{}

func (plain) Info() integrations.Institution { return integrations.Institution{ID: "aaa-plain"} }

func TestRegistryServices(t *testing.T) {
	r, err := integrations.NewRegistry(inst("a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.RateSource(); ok {
		t.Fatal("a registry without services has a rate source")
	}
	if err := r.AddService(rates{"a"}); err == nil {
		t.Error("a service took an integration's id")
	}
	if err := r.AddService(rates{""}); err == nil {
		t.Error("a service with an empty id was accepted")
	}
	if err := r.AddService(plain{}, rates{"ecb"}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddService(rates{"ecb"}); err == nil {
		t.Error("a duplicate service id was accepted")
	}
	rs, ok := r.RateSource()
	if !ok || rs.Info().ID != "ecb" {
		t.Fatalf("rate source %v, %v", rs, ok)
	}
	if _, ok := r.DemoRateSource(); ok {
		t.Error("a demo rate source without one")
	}
	if err := r.AddService(demoRates{rates{"aaa-demo"}}); err != nil {
		t.Fatal(err)
	}
	if rs, _ := r.RateSource(); rs.Info().ID != "ecb" {
		t.Error("the demo's rates became the real rate source")
	}
	if rs, ok := r.DemoRateSource(); !ok || rs.Info().ID != "aaa-demo" {
		t.Errorf("demo rate source %v", rs)
	}
	// Overrides reach services by id and endpoint name.
	if err := r.SetOverrides(integrations.Overrides{"ecb": {"nope": "http://127.0.0.1:9"}}); err == nil {
		t.Error("an override of an unknown service endpoint was accepted")
	}
	if err := r.SetOverrides(integrations.Overrides{"ecb": {"data": "http://127.0.0.1:9"}}); err != nil {
		t.Fatal(err)
	}
	env, err := r.ServiceEnv("ecb")
	if err != nil {
		t.Fatal(err)
	}
	if env.URL("data") != "http://127.0.0.1:9" || env.HTTP == nil {
		t.Errorf("service env %v", env.Endpoints)
	}
	if eps, err := r.Endpoints("ecb"); err != nil || len(eps) != 1 || !eps[0].Overridden {
		t.Errorf("service endpoints %v, %v", eps, err)
	}
	if _, err := r.ServiceEnv("nope"); !errors.Is(err, integrations.ErrUnknownInstitution) {
		t.Errorf("unknown service: %v", err)
	}
}
