package snaptrade_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	"github.com/latchkey/latchkey/integrations/snaptrade/fake"
)

func (r *rig) client(t *testing.T, authID string) integrations.Client {
	t.Helper()
	c, err := r.in.NewClient(t.Context(), grant(authID), r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBalancesAndPositions: each currency's total is its cash plus its
// positions' value, the money-market fund SnapTrade counts in cash only
// once; the positions read for the balances serve the positions call.
func TestBalancesAndPositions(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	c := r.client(t, fake.WebullAuthID)
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 2 {
		t.Fatalf("%+v %v", accts, err)
	}
	margin := accts[1]
	if margin.Name != "Webull Margin" || margin.Number != "••••7615" || margin.Currency != "USD" || margin.RawType != "Margin" {
		t.Errorf("account %+v", margin)
	}
	bals, err := c.Balances(t.Context(), margin.ID)
	if err != nil || len(bals) != 1 {
		t.Fatalf("%+v %v", bals, err)
	}
	// 820.15 cash + 15 × 212.50 + 3.5 × 512.34 + 1 × 14.35 × 100; SPAXX is in the cash.
	want := decimal.RequireFromString("820.15").Add(decimal.RequireFromString("3187.5")).Add(decimal.RequireFromString("1793.19")).
		Add(decimal.RequireFromString("1435"))
	if b := bals[0]; !b.Total.Equal(want) || !b.Cash.Equal(decimal.RequireFromString("820.15")) || !b.BuyingPower.Decimal.Equal(decimal.RequireFromString("1640.3")) {
		t.Errorf("balance %+v, want total %s", b, want)
	}
	pos, err := c.Positions(t.Context(), margin.ID)
	if err != nil || len(pos) != 4 {
		t.Fatalf("%+v %v", pos, err)
	}
	if n := r.rec.Count("/positions/all "); n != 1 {
		t.Errorf("%d positions requests for one account's balances and positions", n)
	}
	if pos[3].Symbol.Type != integrations.SecurityCash || pos[2].Symbol.Type != integrations.SecurityOption {
		t.Errorf("positions %+v", pos)
	}
	// The next sync reads them again.
	if _, err := c.Positions(t.Context(), margin.ID); err != nil || r.rec.Count("/positions/all ") != 2 {
		t.Errorf("the positions were served twice from one read (%v)", err)
	}
	// An account of another connection of the same key is not this client's.
	other := r.client(t, fake.FidelityAuthID)
	fid, err := other.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if fid[1].Category != integrations.CategoryRetirement {
		t.Errorf("Roth IRA %+v", fid[1])
	}
	if _, err := c.Balances(t.Context(), fid[0].ID); err == nil {
		t.Error("a client read an account of another connection")
	}
}

// TestActivitiesPagedSince: pages of 25 until pagination.total, from the
// since date on, oldest first.
func TestActivitiesPagedSince(t *testing.T) {
	r := newRig(t, snaptrade.Options{PageSize: 40}, fake.Options{})
	c := r.client(t, fake.WebullAuthID)
	accts, _ := c.Accounts(t.Context())
	all, err := c.Activities(t.Context(), accts[0].ID, time.Time{})
	if err != nil || len(all) != 70 {
		t.Fatalf("%d activities, %v", len(all), err)
	}
	if n := r.rec.Count("/activities "); n != 3 {
		t.Errorf("%d pages for 70 activities at 25 a page", n)
	}
	for i := 1; i < len(all); i++ {
		if all[i].TradeDate < all[i-1].TradeDate {
			t.Fatal("not oldest first")
		}
	}
	since := fakekit.T0.AddDate(0, 0, -60)
	recent, err := c.Activities(t.Context(), accts[0].ID, since)
	if err != nil || len(recent) != 8 {
		t.Fatalf("%d activities since %s, %v", len(recent), since.Format(time.DateOnly), err)
	}
	reqs := r.rec.Requests()
	last := reqs[len(reqs)-1].URL.Query()
	if last.Get("startDate") != since.Format(time.DateOnly) || last.Get("limit") != "40" {
		t.Errorf("query %v", last)
	}
}

// TestAccountRateLimit: a Personal key's 10 requests a minute per account;
// the wait comes from X-RateLimit-Account-Reset.
func TestAccountRateLimit(t *testing.T) {
	in := snaptrade.NewWith(snaptrade.Options{})
	env, _, clk := fake.Start(t, in, fake.Options{})
	_ = env
	// fake.Start lifts the limits; start one with them.
	srv, err := fake.New(fake.Options{Now: clk.Now, AccountRateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	env.Endpoints = map[string]string{"api": srv.URL()}
	c, _ := in.NewClient(t.Context(), grant(fake.FidelityAuthID), env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	clk.Set(clk.Now().Truncate(time.Minute).Add(45 * time.Second))
	if _, err := c.Balances(t.Context(), accts[0].ID); err != nil { // balances + positions: 2
		t.Fatal(err)
	}
	_, err = c.Activities(t.Context(), accts[0].ID, time.Time{})
	d, ok := integrations.RetryAfter(err)
	if !ok || d != 16*time.Second {
		t.Errorf("third call of the minute: %v (wait %s)", err, d)
	}
	if _, err := c.Activities(t.Context(), accts[1].ID, time.Time{}); err != nil {
		t.Errorf("another account has its own window: %v", err)
	}
}

// TestRefreshAction: SnapTrade's manual refresh, for a connection it reads
// once a day; refused for a realtime one and a disabled one; throttled.
func TestRefreshAction(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	acts := r.in.ExtraActions()
	if len(acts) != 1 || acts[0].ID != snaptrade.ActionRefresh || acts[0].Label != "Refresh at SnapTrade" {
		t.Fatalf("actions %+v", acts)
	}
	run := func(auth string) error {
		return r.in.RunAction(t.Context(), snaptrade.ActionRefresh, grant(auth), r.env)
	}
	if err := run(fake.FidelityAuthID); err != nil {
		t.Fatal(err)
	}
	if a, _ := r.srv.Connection(fakekit.TestApp.ClientID, fake.FidelityAuthID); a.Refreshes != 1 {
		t.Errorf("%d refreshes", a.Refreshes)
	}
	if err := run(fake.FidelityAuthID); !errors.Is(err, integrations.ErrRateLimited) {
		t.Errorf("a second refresh at once: %v", err)
	}
	before := r.rec.Count("/refresh ")
	if err := run(fake.WebullAuthID); !errors.Is(err, integrations.ErrNotSupported) || r.rec.Count("/refresh ") != before {
		t.Errorf("refresh of a realtime connection: %v", err)
	}
	if err := run(fake.VanguardAuthID); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("refresh of a disabled connection: %v", err)
	}
	if err := r.in.RunAction(t.Context(), "revoke", grant(fake.FidelityAuthID), r.env); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("unknown action: %v", err)
	}
}

// TestRemove: DELETE /connection/{id}; a connection already gone counts as
// removed.
func TestRemove(t *testing.T) {
	r := newRig(t, snaptrade.Options{}, fake.Options{})
	if err := r.in.Remove(t.Context(), grant(fake.FidelityAuthID), r.env); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.srv.Connection(fakekit.TestApp.ClientID, fake.FidelityAuthID); ok {
		t.Error("the connection is still there")
	}
	if r.rec.Count("/connection/"+fake.FidelityAuthID+" ") != 1 {
		t.Error("not DELETE /connection/{id}")
	}
	if err := r.in.Remove(t.Context(), grant(fake.FidelityAuthID), r.env); err != nil {
		t.Errorf("removing it again: %v", err)
	}
	if _, err := r.client(t, fake.FidelityAuthID).Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a removed connection: %v", err)
	}
	if len(r.srv.Connections(fakekit.TestApp.ClientID)) != 2 {
		t.Error("the others went too")
	}
}
