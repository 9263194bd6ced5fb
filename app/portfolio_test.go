package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/ecb"
	ecbfake "github.com/latchkey/latchkey/integrations/ecb/fake"
)

// pfEnv is newEnv with the ECB's rates served by its fake, and a clock.
type pfEnv struct {
	*testEnv
	rates *ecbfake.Server
	clk   *fakekit.Clock
}

func newPortfolioEnv(t *testing.T) *pfEnv {
	t.Helper()
	clk := fakekit.NewClock(time.Now().UTC())
	rates, err := ecbfake.New(ecbfake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rates.Close() })
	e := newEnv(t, func(o *app.Options) { o.Now = clk.Now })
	if err := e.reg.AddService(ecb.New()); err != nil {
		t.Fatal(err)
	}
	over := integrations.Overrides{demo.ID: {"api": e.srv.URL()}, demo.CryptoID: {"api": e.srv.URL()}}
	for id, eps := range rates.Endpoints() {
		over[id] = eps
	}
	if err := e.reg.SetOverrides(over); err != nil {
		t.Fatal(err)
	}
	if err := e.a.SetPreferences(e.ctx, app.Preferences{AutoLockMinutes: 15, BaseCurrency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	return &pfEnv{testEnv: e, rates: rates, clk: clk}
}

func (e *pfEnv) connectCrypto() app.Connection {
	e.t.Helper()
	p, err := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.CryptoID})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := drive(e.ctx, p, integrations.AuthAPIKey, loginValues("")); err != nil {
		e.t.Fatalf("connect the crypto exchange: %v", err)
	}
	return *p.Connection()
}

func (e *pfEnv) overview(p app.Period) app.Overview {
	e.t.Helper()
	ov, err := e.a.Overview(e.ctx, app.OverviewOptions{Period: p, Top: -1})
	if err != nil {
		e.t.Fatal(err)
	}
	return ov
}

func sumSlices(s []app.Slice) decimal.Decimal {
	var t decimal.Decimal
	for _, x := range s {
		t = t.Add(x.Value.Base)
	}
	return t
}

// TestOverviewOnTheDemo is the "done when": on the demo brokerage
// (and its crypto exchange), the overview shows net worth in the base
// currency with the rates' date, changes over a year of back-filled
// snapshots, allocation, merged holdings, TWR, XIRR and monthly income.
func TestOverviewOnTheDemo(t *testing.T) {
	e := newPortfolioEnv(t)
	broker := e.connect("user_good")
	crypto := e.connectCrypto()
	for _, r := range e.sync() {
		if r.Err != nil {
			t.Fatalf("sync %s: %v", r.ConnectionID, r.Err)
		}
	}
	ov := e.overview(app.Period1Y)
	if ov.Currency != "EUR" || ov.NetWorth.Base.Sign() <= 0 || !ov.NetWorth.Converted() {
		t.Fatalf("net worth %s %+v", ov.Currency, ov.NetWorth)
	}
	if ov.Rates.Source != "ECB" || ov.Rates.Date == "" || len(ov.Rates.Missing) != 0 {
		t.Errorf("rates %+v", ov.Rates)
	}
	if strings.Join(ov.Rates.Institution, ",") != "CAD" {
		t.Errorf("the margin account's CAD cash should use the brokerage's own rate: %v", ov.Rates.Institution)
	}
	// Per connection and per account totals add up to net worth.
	var byConn, byAcct decimal.Decimal
	for _, c := range ov.Connections {
		byConn = byConn.Add(c.Value.Base)
	}
	for _, a := range ov.Accounts {
		byAcct = byAcct.Add(a.Value.Base)
	}
	for what, v := range map[string]decimal.Decimal{"connections": byConn, "accounts": byAcct,
		"by type": sumSlices(ov.Allocation.ByType), "by account": sumSlices(ov.Allocation.ByAccount),
		"by institution": sumSlices(ov.Allocation.ByInstitution), "by currency": sumSlices(ov.Allocation.ByCurrency)} {
		if v.Sub(ov.NetWorth.Base).Abs().GreaterThan(decimal.RequireFromString("0.10")) {
			t.Errorf("%s add up to %s, net worth %s", what, v, ov.NetWorth.Base)
		}
	}
	types := map[string]bool{}
	for _, s := range ov.Allocation.ByType {
		types[s.Key] = true
		if s.Value.Base.Sign() < 0 {
			t.Errorf("allocation %s is negative: %s", s.Key, s.Value.Base)
		}
	}
	for _, want := range []string{app.AssetEquity, app.AssetETF, app.AssetFund, app.AssetCrypto, app.AssetCash, app.AssetOption} {
		if !types[want] {
			t.Errorf("allocation by type has no %s: %v", want, types)
		}
	}
	if n := len(ov.Allocation.ByInstitution); n != 2 {
		t.Errorf("%d institutions, want 2", n)
	}
	cur := map[string]bool{}
	for _, s := range ov.Allocation.ByCurrency {
		cur[s.Key] = true
	}
	if !cur["USD"] || !cur["CAD"] {
		t.Errorf("allocation by currency %v", cur)
	}
	// BTC is held at both: merged, with where.
	var btc *app.MergedHolding
	for i, h := range ov.TopHoldings {
		if h.Symbol.Ticker == "BTC" {
			btc = &ov.TopHoldings[i]
		}
		if h.Symbol.Ticker == "AAPL" && h.Key != "isin:US0378331005" {
			t.Errorf("AAPL merged by %s, want its ISIN", h.Key)
		}
	}
	if btc == nil || len(btc.HeldIn) != 2 || btc.HeldIn[0].ConnectionID == btc.HeldIn[1].ConnectionID {
		t.Fatalf("BTC merged %+v", btc)
	}
	if !btc.Units.Equal(btc.HeldIn[0].Units.Add(btc.HeldIn[1].Units)) {
		t.Errorf("BTC units %s", btc.Units)
	}
	// A year of back-filled history from the brokerage: changes and series.
	for _, ch := range ov.Changes {
		if !ch.Available {
			t.Errorf("change %s not available", ch.Period)
		}
	}
	// The crypto exchange's wallet arrived today (no history): the day's
	// change is the brokerage's alone, not the wallet's whole value.
	var arrived decimal.Decimal
	for _, ct := range ov.Connections {
		if ct.ConnectionID == crypto.ID {
			arrived = ct.Value.Base
		}
	}
	if n := len(ov.History.Points); n > 1 && arrived.IsPositive() {
		want := ov.History.Points[n-1].Value.Sub(arrived).Sub(ov.History.Points[n-2].Value).Round(2)
		rel := want.DivRound(ov.History.Points[n-2].Value, 6)
		// The change sums amounts each rounded to the cent per account, the
		// check rounds the whole: the two may differ by a cent on some days.
		if day := ov.Changes[0]; day.Period != app.Period1D || day.Amount.Sub(want).Abs().GreaterThan(decimal.New(1, -2)) || !day.Relative.Valid || day.Relative.Decimal.Sub(rel).Abs().GreaterThan(decimal.New(1, -5)) {
			t.Errorf("the 1D change is %s (%v), want %s (today's %s less the wallet's arrival %s, less yesterday's %s)",
				day.Amount, day.Relative, want, ov.History.Points[n-1].Value, arrived, ov.History.Points[n-2].Value)
		}
	} else {
		t.Errorf("no wallet value (%s) or history (%d points)", arrived, n)
	}
	if n := len(ov.History.Points); n < 360 || ov.History.Points[n-1].Date != integrations.DateOf(e.clk.Now()) {
		t.Fatalf("history: %d points ending %v", n, ov.History.Points[len(ov.History.Points)-1].Date)
	}
	if !ov.Performance.Total.TWR.Valid || !ov.Performance.Total.XIRR.Valid {
		t.Errorf("total performance %+v", ov.Performance.Total)
	}
	if len(ov.Performance.Accounts) != 4 {
		t.Errorf("%d account returns, want 4", len(ov.Performance.Accounts))
	}
	for _, r := range ov.Performance.Accounts {
		// The crypto exchange tells no history: one day so far.
		if r.Name == "Spot Wallet" {
			if r.TWR.Valid || r.Note == "" {
				t.Errorf("%s: TWR %v from one day, note %q", r.Name, r.TWR, r.Note)
			}
			continue
		}
		if !r.TWR.Valid || !r.XIRR.Valid {
			t.Errorf("%s: TWR %v XIRR %v (%s)", r.Name, r.TWR, r.XIRR, r.Note)
		}
	}
	if len(ov.Income.Months) != 12 || ov.Income.Total.Sign() <= 0 {
		t.Errorf("income %+v", ov.Income)
	}
	// The home rows' totals agree with the overview's.
	totals, err := e.a.ConnectionTotals(e.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if totals[broker.ID].Accounts != 3 || totals[crypto.ID].Accounts != 1 {
		t.Errorf("connection totals %+v", totals)
	}
	for _, ct := range ov.Connections {
		if !totals[ct.ConnectionID].Value.Base.Equal(ct.Value.Base) {
			t.Errorf("%s: %s in the overview, %s on its row", ct.ConnectionID, ct.Value.Base, totals[ct.ConnectionID].Value.Base)
		}
	}
}

// TestRatesOncePerDayAndOffline: rates come with the sync at most once a
// day, are kept in the vault, and serve when the ECB cannot be reached.
func TestRatesOncePerDayAndOffline(t *testing.T) {
	e := newPortfolioEnv(t)
	c := e.connect("user_good")
	e.sync(c.ID)
	e.sync(c.ID)
	if n := e.rates.Requests(ecb.DailyFile); n != 1 {
		t.Fatalf("two syncs fetched the daily rates %d times, want 1", n)
	}
	if e.rates.Requests(ecb.HistZipFile) != 1 {
		t.Errorf("the history was read %d times from the zip, want once", e.rates.Requests(ecb.HistZipFile))
	}
	kept, err := e.a.Rates(e.ctx)
	if err != nil || kept.Date == "" || len(kept.PerEUR) < 20 {
		t.Fatalf("kept rates %+v, %v", kept, err)
	}
	e.clk.Add(25 * time.Hour)
	e.rates.Inject(brokertest.ServerError, 1000)
	e.sync(c.ID)
	if n := e.rates.Requests(ecb.DailyFile); n < 2 {
		t.Fatalf("a day later the rates were not fetched again (%d)", n)
	}
	if _, err := e.a.RefreshRates(e.ctx, true); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a failing ECB: %v", err)
	}
	again, _ := e.a.Rates(e.ctx)
	if again.Date != kept.Date {
		t.Errorf("a failed fetch replaced the kept rates: %s", again.Date)
	}
	ov := e.overview(app.Period1M)
	if !ov.NetWorth.Converted() || ov.Rates.Date != kept.Date {
		t.Errorf("offline overview %+v with rates of %s", ov.NetWorth, ov.Rates.Date)
	}
	curs, _ := e.a.Currencies(e.ctx)
	if len(curs) < 20 || curs[0] != "AUD" {
		t.Errorf("currencies %v", curs)
	}
}

// TestCurrencyWithoutRateIsFlaggedNotDropped: with no rates at all, every
// amount outside the base currency is kept apart, never counted as zero.
func TestCurrencyWithoutRateIsFlaggedNotDropped(t *testing.T) {
	e := newEnv(t) // no rate service
	c := e.connect("user_good")
	e.sync(c.ID)
	ov, err := e.a.Overview(e.ctx, app.OverviewOptions{Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if !ov.NetWorth.Base.IsZero() || ov.NetWorth.Converted() {
		t.Fatalf("net worth %+v", ov.NetWorth)
	}
	accts, _ := e.a.Accounts(e.ctx, c.ID)
	want := map[string]decimal.Decimal{}
	for _, a := range accts {
		for _, b := range a.Balances {
			want[b.Currency] = want[b.Currency].Add(b.Total)
		}
	}
	got := map[string]decimal.Decimal{}
	for _, m := range ov.NetWorth.Unconverted {
		got[m.Currency] = m.Amount
	}
	if len(got) != len(want) {
		t.Fatalf("unconverted %v, want %v", got, want)
	}
	for c, v := range want {
		if !got[c].Equal(v) {
			t.Errorf("%s: %s unconverted, want %s", c, got[c], v)
		}
	}
	if strings.Join(ov.Rates.Missing, ",") != "CAD,USD" {
		t.Errorf("missing %v", ov.Rates.Missing)
	}
	// In USD, the CAD cash of the USD account converts by the brokerage's
	// own rate; the CAD account stays flagged.
	ov, _ = e.a.Overview(e.ctx, app.OverviewOptions{Currency: "USD"})
	if ov.NetWorth.Base.Sign() <= 0 || len(ov.NetWorth.Unconverted) != 1 || ov.NetWorth.Unconverted[0].Currency != "CAD" {
		t.Errorf("in USD: %+v", ov.NetWorth)
	}
}

// TestSnapshotsLifecycle: snapshots are written by the sync, survive a
// rename, a repair, another connection's removal and a key rotation, and
// go with their connection.
func TestSnapshotsLifecycle(t *testing.T) {
	e := newPortfolioEnv(t)
	c := e.connect("user_good")
	other := e.connectCrypto()
	e.sync()
	accts, _ := e.a.Accounts(e.ctx, c.ID)
	ref := accts[0].Ref
	count := func() int {
		t.Helper()
		s, err := e.a.Snapshots(e.ctx, ref, "", "")
		if err != nil {
			t.Fatal(err)
		}
		return len(s)
	}
	n := count()
	if n < 365 {
		t.Fatalf("%d snapshots after the first sync, want a back-filled year", n)
	}
	today := integrations.DateOf(e.clk.Now())
	s, _ := e.a.Snapshots(e.ctx, ref, today, today)
	if len(s) != len(accts[0].Balances) {
		t.Fatalf("today's snapshots %+v for balances %+v", s, accts[0].Balances)
	}
	for _, b := range accts[0].Balances {
		found := false
		for _, x := range s {
			found = found || x.Currency == b.Currency && x.Value.Equal(b.Total) && x.Cash.Equal(b.Cash)
		}
		if !found {
			t.Errorf("no snapshot of today holds the %s balance %+v: %+v", b.Currency, b, s)
		}
	}
	if _, err := e.a.Rename(e.ctx, c.ID, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if count() != n {
		t.Fatal("rename changed the snapshots")
	}
	if _, err := e.a.RunAction(e.ctx, c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	e.sync(c.ID)
	p, _ := e.a.NewPortal(e.ctx, app.PortalRequest{ConnectionID: c.ID})
	if _, err := drive(e.ctx, p, "", loginValues("user_good")); err != nil {
		t.Fatalf("repair: %v", err)
	}
	if count() != n {
		t.Fatal("the repair changed the snapshots")
	}
	if err := e.a.Disconnect(e.ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if count() != n {
		t.Fatal("removing another connection changed the snapshots")
	}
	if _, err := e.v.RotateKey(e.ctx); err != nil {
		t.Fatal(err)
	}
	if count() != n {
		t.Fatal("the key rotation changed the snapshots")
	}
	// The next day's sync adds a day.
	e.clk.Add(24 * time.Hour)
	e.sync(c.ID)
	if count() <= n {
		t.Error("a sync the next day added no snapshot")
	}
	if err := e.a.Disconnect(e.ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Snapshots(e.ctx, ref, "", ""); err == nil {
		t.Error("the snapshots outlived their connection")
	}
	if !strings.Contains(app.DisconnectText, "value history") {
		t.Error("the disconnect text does not say the value history goes")
	}
}

// TestDemoOnlyVaultUsesDemoRates: a vault of demo connections only is
// converted with the demo's made-up rates, so trying the demo reaches no
// network.
func TestDemoOnlyVaultUsesDemoRates(t *testing.T) {
	e := newPortfolioEnv(t)
	if err := e.reg.AddService(demo.Rates()); err != nil {
		t.Fatal(err)
	}
	c := e.connect("user_good")
	e.sync(c.ID)
	if n := e.rates.Requests(ecb.DailyFile) + e.rates.Requests(ecb.HistZipFile) + e.rates.Requests(ecb.Hist90File); n != 0 {
		t.Fatalf("a demo-only vault asked the ECB %d times", n)
	}
	ov := e.overview(app.Period1Y)
	if ov.Rates.Source != "Demo" || !ov.NetWorth.Converted() || ov.NetWorth.Base.Sign() <= 0 {
		t.Fatalf("demo rates: %+v, %+v", ov.Rates, ov.NetWorth)
	}
	if n := len(ov.History.Points); n < 360 || ov.History.Points[0].Partial {
		t.Errorf("history with demo rates: %d points", n)
	}
}
