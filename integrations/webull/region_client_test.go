package webull_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/webull/fake"
)

func regional(t *testing.T, id string, opts fake.Options) (integrations.Integration, integrations.Env, *brokertest.Sent) {
	t.Helper()
	opts.Now = func() time.Time { return t0 }
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := brokertest.Variant(t, webull.New(), id).(*webull.Integration).WithPollInterval(time.Millisecond)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[id], HTTP: hc, Now: func() time.Time { return t0 }}
	return in, env, brokertest.RecordSent(&env)
}

func appKey(key string) fake.App {
	for _, a := range fake.Apps {
		if a.Key == key {
			return a
		}
	}
	panic(key)
}

// connected logs in with the fake's App Key key and returns a client of
// the grant.
func connected(t *testing.T, in integrations.Integration, env integrations.Env, key string) integrations.Client {
	t.Helper()
	done, _, err := login(t, t.Context(), in, env, appKey(key))
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRegionsSignAsTheSDKs: Webull US and Hong Kong sign HMAC-SHA1, Japan
// HMAC-SHA256 (Python SDK common.is_not_upgrade_api_host); Japan's fake
// refuses HMAC-SHA1, so the login proves it.
func TestRegionsSignAsTheSDKs(t *testing.T) {
	for _, c := range []struct{ id, key, alg string }{
		{webull.ID, "wb-app-key-open", webull.SigAlgorithm},
		{webull.IDHongKong, "wb-hk-app-key", webull.SigAlgorithm},
		{webull.IDJapan, "wb-jp-app-key-open", webull.SigAlgorithmSHA256},
	} {
		in, env, rec := regional(t, c.id, fake.Options{})
		done, _, err := login(t, t.Context(), in, env, appKey(c.key))
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		algs := map[string]bool{}
		for _, r := range rec.Requests() {
			algs[r.Header.Get(webull.HeaderSigAlgorithm)] = true
		}
		if len(algs) != 1 || !algs[c.alg] {
			t.Errorf("%s signed with %v, want %s", c.id, algs, c.alg)
		}
		if done.Grant.Fingerprint == "" {
			t.Errorf("%s: no fingerprint", c.id)
		}
	}
}

// TestHongKongNeedsTheToken: Hong Kong always asks for the app-approved
// token (its regulatory rule) and the grant carries the token's 15 days.
func TestHongKongNeedsTheToken(t *testing.T) {
	in, env, _ := regional(t, webull.IDHongKong, fake.Options{})
	done, steps, err := login(t, t.Context(), in, env, appKey("wb-hk-app-key"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := steps[0].(*integrations.ApproveStep); !ok {
		t.Errorf("first step %T, want the approval in the Webull app", steps[0])
	}
	if want := t0.Add(webull.TokenLifetime); !done.Grant.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v", done.Grant.Expiry, want)
	}
	// The same App Key at Webull US is unknown there.
	us, usEnv, _ := regional(t, webull.ID, fake.Options{})
	if _, _, err := login(t, t.Context(), us, usEnv, appKey("wb-hk-app-key")); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("a Hong Kong key at Webull US: %v", err)
	}
}

// TestHongKongMarkets: Hong Kong accounts are HKD; balances come per
// currency; positions and activities keep their market's currency.
func TestHongKongMarkets(t *testing.T) {
	in, env, _ := regional(t, webull.IDHongKong, fake.Options{RateLimit: 1 << 20})
	ctx := t.Context()
	c := connected(t, in, env, "wb-hk-app-key")
	accts, err := c.Accounts(ctx)
	if err != nil || len(accts) != 2 || accts[0].Currency != "HKD" || accts[0].RawType != "MARGIN" {
		t.Fatalf("accounts %+v %v", accts, err)
	}
	bals, err := c.Balances(ctx, accts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	curs := map[string]integrations.Balance{}
	for _, b := range bals {
		curs[b.Currency] = b
	}
	if len(curs) != 3 || curs["HKD"].Cash.String() != "48215.6" || !curs["HKD"].Total.GreaterThan(curs["HKD"].Cash) {
		t.Errorf("balances %+v", bals)
	}
	acts, err := c.Activities(ctx, accts[0].ID, t0.AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range acts {
		seen[a.Symbol+"/"+a.Currency] = true
	}
	for _, want := range []string{"00700/HKD", "600519/CNY", "AAPL/USD"} {
		if !seen[want] {
			t.Errorf("no activity %s in %v", want, seen)
		}
	}
}

// TestJapanBalanceValuesPositions: Webull Japan's balance has no account
// value, so each currency's total is its cash plus its positions' value;
// the positions read for it serve the Positions call of the same sync, and
// they page by last_id across AAPL held in two tax accounts.
func TestJapanBalanceValuesPositions(t *testing.T) {
	in, env, rec := regional(t, webull.IDJapan, fake.Options{PositionsPageSize: 2, RateLimit: 1 << 20})
	ctx := t.Context()
	c := connected(t, in, env, "wb-jp-app-key-open")
	accts, err := c.Accounts(ctx)
	if err != nil || accts[0].Currency != "JPY" {
		t.Fatalf("accounts %+v %v", accts, err)
	}
	bals, err := c.Balances(ctx, accts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	pos, err := c.Positions(ctx, accts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := rec.Count(" /jp/account/positions "); n != 3 {
		t.Errorf("positions read in %d pages, want 3 (5 holdings, 2 a page, read once)", n)
	}
	aapl := 0
	value := map[string]decimal.Decimal{}
	for _, p := range pos {
		value[p.Currency] = value[p.Currency].Add(p.MarketValue)
		if p.Symbol.Ticker == "AAPL" {
			aapl++
		}
	}
	if len(pos) != 5 || aapl != 2 {
		t.Fatalf("positions %d, AAPL %d times: want 5 and 2 (SPECIFIC and GENERAL)", len(pos), aapl)
	}
	for _, b := range bals {
		if want := b.Cash.Add(value[b.Currency]); !b.Total.Equal(want) {
			t.Errorf("%s total %s, want cash %s + positions %s", b.Currency, b.Total, b.Cash, value[b.Currency])
		}
	}
	if len(bals) != 2 {
		t.Errorf("balances %+v", bals)
	}
	// A second Positions call reads again.
	if _, err := c.Positions(ctx, accts[0].ID); err != nil || rec.Count(" /jp/account/positions ") != 6 {
		t.Errorf("second read: %d calls, %v", rec.Count(" /jp/account/positions "), err)
	}
}

// TestJapanOldOrderHistory: where the SDKs' order history path is not
// served (404), Webull Japan's client reads the path its reference page
// names.
func TestJapanOldOrderHistory(t *testing.T) {
	in, env, rec := regional(t, webull.IDJapan, fake.Options{OldOrderHistory: true, RateLimit: 1 << 20})
	ctx := t.Context()
	c := connected(t, in, env, "wb-jp-app-key-open")
	accts, _ := c.Accounts(ctx)
	acts, err := c.Activities(ctx, accts[0].ID, t0.AddDate(-1, 0, 0))
	if err != nil || len(acts) == 0 {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	if rec.Count(" /jp/openapi/account/orders/history ") == 0 {
		t.Errorf("the old path was not read: %d requests", len(rec.Requests()))
	}
}

// TestRegionalRateLimit: Hong Kong and Japan allow 2 balance calls in 2
// seconds per App Key; the third is a RateLimitError with a wait.
func TestRegionalRateLimit(t *testing.T) {
	in, env, _ := regional(t, webull.IDJapan, fake.Options{})
	ctx := t.Context()
	c := connected(t, in, env, "wb-jp-app-key-open")
	accts, _ := c.Accounts(ctx)
	// Balances reads the balance and the positions (one page): two calls.
	if _, err := c.Balances(ctx, accts[1].ID); err != nil {
		t.Fatal(err)
	}
	_, err := c.Balances(ctx, accts[1].ID)
	var rl *integrations.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 {
		t.Fatalf("third call in the window: %v", err)
	}
	if inst := in.Institution(); inst.RatePerSecond != 1 || inst.RateBurst != 1 || inst.RateScope != integrations.RateScopeGrant {
		t.Errorf("documented pace: %v/s burst %d scope %q", inst.RatePerSecond, inst.RateBurst, inst.RateScope)
	}
}

// TestRegionInstitutions: each region is its own institution of Webull,
// with its own help.
func TestRegionInstitutions(t *testing.T) {
	want := map[string]string{webull.ID: "US", webull.IDHongKong: "HK", webull.IDJapan: "JP"}
	for _, in := range webull.New() {
		inst := in.Institution()
		if inst.Name != "Webull" || want[inst.ID] != inst.Region {
			t.Errorf("%s: %s %s", inst.ID, inst.Name, inst.Region)
		}
		delete(want, inst.ID)
		if inst.ID != webull.ID && !strings.Contains(inst.Help+inst.AuthMethods[0].Fields[0].Help, strings.TrimPrefix(inst.Website, "https://www.")) {
			t.Errorf("%s help does not name its site: %s", inst.ID, inst.Help)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing %v", want)
	}
}
