package dhan_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/dhan/fake"
)

var ist = time.FixedZone("IST", 19800)

// The ledger is read from since's date (or five years back) to today, a
// year at most a call, the windows meeting end to end.
func TestLedgerWindows(t *testing.T) {
	in := dhan.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	acct := fake.AccountID(fake.MainClientID)
	today := clk.Now().In(ist)
	floor := today.AddDate(-5, 0, 0)

	for _, tc := range []struct {
		name  string
		since time.Time
		from  string
	}{
		{"a first sync", time.Time{}, floor.Format(time.DateOnly)},
		{"since older than Dhan's reach", floor.AddDate(-1, 0, 0), floor.Format(time.DateOnly)},
		{"since 800 days ago", clk.Now().AddDate(0, 0, -800), clk.Now().AddDate(0, 0, -800).UTC().Format(time.DateOnly)},
		{"since a week ago", clk.Now().AddDate(0, 0, -7), clk.Now().AddDate(0, 0, -7).UTC().Format(time.DateOnly)},
	} {
		before := len(srv.LedgerCalls())
		if _, err := c.Activities(t.Context(), acct, tc.since); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		calls := srv.LedgerCalls()[before:]
		if len(calls) == 0 {
			t.Fatalf("%s: the ledger was not read", tc.name)
		}
		next := tc.from
		for i, span := range calls {
			lo, hi, _ := strings.Cut(span, "..")
			a, err1 := time.Parse(time.DateOnly, lo)
			b, err2 := time.Parse(time.DateOnly, hi)
			if err1 != nil || err2 != nil || b.Before(a) {
				t.Fatalf("%s: call %d asks for %s", tc.name, i, span)
			}
			if lo != next {
				t.Errorf("%s: call %d starts %s, want %s (windows meet end to end)", tc.name, i, lo, next)
			}
			if days := int(b.Sub(a).Hours()/24) + 1; days > 365 {
				t.Errorf("%s: call %d spans %d days (%s)", tc.name, i, days, span)
			}
			next = b.AddDate(0, 0, 1).Format(time.DateOnly)
		}
		if last := calls[len(calls)-1]; !strings.HasSuffix(last, ".."+today.Format(time.DateOnly)) {
			t.Errorf("%s: the last call %s does not end today (%s)", tc.name, last, today.Format(time.DateOnly))
		}
		if tc.since.IsZero() && len(calls) < 5 {
			t.Errorf("%s: five years in %d calls: %v", tc.name, len(calls), calls)
		}
	}
}

// The ledger's bills settle the trades the trade history already lists:
// they are left out, so the activities' amounts add up to the ledger's
// running balance (but for today's fills, which settle tomorrow). Listing
// the bills too would count every trade twice.
func TestLedgerDoesNotCountTradesTwice(t *testing.T) {
	in := dhan.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	acts, err := c.Activities(t.Context(), fake.AccountID(fake.MainClientID), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	today := integrations.Date(clk.Now().In(ist).Format(time.DateOnly))
	sum, kinds := decimal.Zero, map[integrations.ActivityType]int{}
	for _, a := range acts {
		kinds[a.Type]++
		if strings.Contains(strings.ToUpper(a.RawType), "BILL") {
			t.Errorf("a bill is listed: %+v", a)
		}
		if (a.Type == integrations.ActivityBuy || a.Type == integrations.ActivitySell) && a.TradeDate == today {
			continue
		}
		sum = sum.Add(a.Amount)
	}
	if kinds[integrations.ActivityContribution] != 2 || kinds[integrations.ActivityWithdrawal] != 1 || kinds[integrations.ActivityFee] == 0 ||
		kinds[integrations.ActivityInterest] != 1 || kinds[integrations.ActivityOther] != 1 {
		t.Errorf("activity kinds = %v", kinds)
	}

	// The fake's own running balance, read as a user's program would.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL()+"/v2/ledger?from-date=2000-01-01&to-date="+string(today), nil)
	req.Header.Set("access-token", fake.MainToken)
	req.Header.Set("client-id", fake.MainClientID)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rows []struct {
		Voucher string `json:"voucherdesc"`
		RunBal  string `json:"runbal"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil || len(rows) < 2 {
		t.Fatalf("the fake's ledger: %v, %d rows", err, len(rows))
	}
	bills := 0
	for _, r := range rows {
		if r.Voucher == "BILL" {
			bills++
		}
	}
	if bills == 0 {
		t.Fatal("the fake's ledger has no bills to leave out")
	}
	if bal := decimal.RequireFromString(rows[len(rows)-1].RunBal); !sum.Equal(bal) {
		t.Errorf("the activities add up to %s; the ledger's running balance is %s", sum, bal)
	}
}

// Should Dhan answer a window with rows from outside it, each row is still
// read once: only the rows dated inside the window asked for are kept.
func TestLedgerRowsOutsideTheirWindow(t *testing.T) {
	in := dhan.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	acct := fake.AccountID(fake.MainClientID)
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	want, err := c.Activities(t.Context(), acct, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// A proxy that asks the fake for the whole ledger whatever the window.
	api, _ := url.Parse(env.URL("api"))
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(api)
		r.Out.URL.Path = strings.TrimSuffix(api.Path, "/") + strings.TrimPrefix(r.In.URL.Path, "/v2")
		if strings.HasSuffix(r.Out.URL.Path, "/ledger") {
			r.Out.URL.RawQuery = url.Values{"from-date": {"2000-01-01"}, "to-date": {clk.Now().In(ist).Format(time.DateOnly)}}.Encode()
		}
	}}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	wide := env
	wide.Endpoints = maps.Clone(env.Endpoints)
	wide.Endpoints["api"] = srv.URL + "/v2"
	c, _ = in.NewClient(t.Context(), done.Grant, wide, nil)
	got, err := c.Activities(t.Context(), acct, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d activities when every window answers the whole ledger; %d otherwise", len(got), len(want))
	}
	ids := map[string]bool{}
	for _, a := range got {
		if ids[a.ID] {
			t.Errorf("activity %s read twice", a.ID)
		}
		ids[a.ID] = true
	}
}
