package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
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
	v, _, err := vault.Create(ctx, filepath.Join(b.TempDir(), "vault.db"), []byte("bench password"), vault.CreateOptions{InsecureTestKDF: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	inst := &fakeInst{id: "fake", activities: activities}
	reg, err := app.NewRegistryWith([]integrations.Integration{inst}, "", fastHTTP)
	if err != nil {
		b.Fatal(err)
	}
	_ = reg.SetOverrides(integrations.Overrides{"fake": {"api": srv.URL}})
	a := app.New(app.Options{Vault: v, Registry: reg})
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

func benchRefresh(b *testing.B, n int) {
	a, ids := benchApp(b, n, 200*time.Millisecond, 0)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		res, err := a.Refresh(ctx, ids, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}

// BenchmarkRefresh1 and BenchmarkRefresh30: refreshing 30 connections whose
// server answers each request after 200 ms should take at most 1.25 × the
// time of refreshing one.
func BenchmarkRefresh1(b *testing.B)  { benchRefresh(b, 1) }
func BenchmarkRefresh30(b *testing.B) { benchRefresh(b, 30) }

// BenchmarkSync100kActivities syncs one connection holding 100,000
// activities into an empty cache; it reports the peak heap in use.
func BenchmarkSync100kActivities(b *testing.B) {
	ctx := context.Background()
	var peak atomic.Uint64
	for b.Loop() {
		b.StopTimer()
		a, ids := benchApp(b, 1, 0, 100_000)
		runtime.GC()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		res, err := a.Refresh(ctx, ids, nil)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res[0].Err)
		}
		acts, _ := a.Activities(ctx, app.ActivityFilter{})
		if len(acts) != 100_000 {
			b.Fatalf("%d activities cached", len(acts))
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
