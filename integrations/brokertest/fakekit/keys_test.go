package fakekit

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestRevocation(t *testing.T) {
	var r Revocation
	r.ExpireAccessTokens()
	if r.Revoked() {
		t.Fatal("revoked before RevokeAll (or by ExpireAccessTokens)")
	}
	r.RevokeAll()
	if !r.Revoked() {
		t.Fatal("not revoked after RevokeAll")
	}
	var _ interface {
		RevokeAll()
		ExpireAccessTokens()
	} = &r
}

func TestCountOneAndCoins(t *testing.T) {
	for list, want := range map[brokertest.List]int{brokertest.ListAccounts: 1, brokertest.ListPositions: 4, brokertest.ListActivities: 9} {
		if got := CountOne(list, 4, 9); got != want {
			t.Errorf("CountOne(%v) = %d, want %d", list, got, want)
		}
	}
	if n := CountWhere([]int{1, 2, 3, 4}, func(i int) bool { return i%2 == 0 }); n != 2 {
		t.Errorf("CountWhere = %d, want 2", n)
	}
	bal := map[string]decimal.Decimal{"BTC": decimal.RequireFromString("0.5"), "ETH": decimal.Zero, "USD": decimal.NewFromInt(10),
		"EUR": decimal.NewFromInt(3), "SOL": decimal.NewFromInt(-1)}
	if n := Coins(bal, "USD", "EUR"); n != 2 {
		t.Errorf("Coins = %d, want 2 (BTC and SOL)", n)
	}
	if n := Coins(bal); n != 4 {
		t.Errorf("Coins with no fiat = %d, want 4", n)
	}
}

func TestDaily(t *testing.T) {
	builds := 0
	d := Daily[string]{Build: func(env string, day time.Time) string {
		builds++
		return env + "@" + day.Format(time.RFC3339)
	}}
	morning := time.Date(2026, 3, 18, 1, 0, 0, 0, time.FixedZone("CET", 3600)) // 00:00 UTC
	if got := d.Get("live", morning); got != "live@2026-03-18T00:00:00Z" {
		t.Fatalf("Get = %q", got)
	}
	d.Get("live", morning.Add(20*time.Hour))
	if builds != 1 {
		t.Errorf("the same day built %d times", builds)
	}
	d.Get("paper", morning)
	d.Get("live", morning.Add(24*time.Hour))
	if builds != 3 {
		t.Errorf("%d builds, want 3 (another variant, another day)", builds)
	}
	ist := time.FixedZone("IST", 5*3600+1800)
	india := Daily[string]{Build: d.Build, Day: func(t time.Time) time.Time {
		l := t.In(ist)
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, ist)
	}}
	if got := india.Get("u", time.Date(2026, 3, 18, 20, 0, 0, 0, time.UTC)); got != "u@2026-03-19T00:00:00+05:30" {
		t.Errorf("Get with an India day = %q", got)
	}
	b := Base{now: func() time.Time { return morning.Add(5 * time.Hour) }}
	if !b.Day().Equal(time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Base.Day = %v", b.Day())
	}
}

func TestRedirect(t *testing.T) {
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/decide", nil)
	Redirect(rec, r, "http://127.0.0.1:8182/cb?keep=1&x=old", url.Values{"x": {"new"}, "code": {"c1"}}, url.Values{"code": {"c2"}}, nil)
	loc, err := url.Parse(rec.Header().Get("Location"))
	if rec.Code != http.StatusFound || err != nil || loc.Host != "127.0.0.1:8182" || loc.Path != "/cb" {
		t.Fatalf("redirect %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if q := loc.Query(); q.Get("keep") != "1" || q.Get("x") != "new" || q.Get("code") != "c2" {
		t.Errorf("query %v", q)
	}
}
