package app_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/internal/apptest"
)

// scriptInst is an in-memory institution whose client's answers a test sets
// between syncs: per account, per data set, a result or an error.
type scriptInst struct {
	mu       sync.Mutex
	accounts []string
	errs     map[string]error // "balances/A1", "positions/A2", "activities/A3", "accounts"
	partial  map[string]bool  // "positions/A2": units without prices, ErrPartial
	price    int64

	// walker: history in windows of one month from walkFrom, at most
	// budget windows per sync (then a long Retry-After).
	walker   bool
	walkFrom time.Time
	windows  int
	budget   int
	calls    int

	renew bool // the budget renews after each refusal, with a 1 ms wait

	minGap time.Duration // Institution.MinSyncInterval

	reach    integrations.Date       // what ActivitiesReach answers ("": no later than since)
	revision int                     // Institution.HistoryRevision
	rows     []integrations.Activity // when set, what Activities answers
	sinces   []time.Time             // the since of each Activities or WalkActivities call
	cursors  []string                // the cursor of each WalkActivities call
	now      func() time.Time
	reads    int // Accounts calls that succeeded
	tries    int // Accounts calls
}

func (s *scriptInst) Institution() integrations.Institution {
	return integrations.Institution{ID: "script", Name: "Script", DisplayName: "Script", Region: "global", Kind: integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{{Kind: integrations.AuthToken, Label: "Token"}},
		Capabilities: []integrations.Capability{integrations.CapHoldings, integrations.CapTransactions},
		Endpoints:    []integrations.Endpoint{{Name: "api", URL: "http://127.0.0.1:1"}}, MinSyncInterval: s.minGap,
		HistoryRevision: s.revision}
}

func (s *scriptInst) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return &doneLogin{integrations.Grant{Method: integrations.AuthToken, Secret: []byte("t"), Fingerprint: integrations.Fingerprint("script", "u")}}, nil
}

func (s *scriptInst) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	if s.walker {
		return &scriptWalker{scriptClient{s}}, nil
	}
	return &scriptClient{s}, nil
}

func (s *scriptInst) set(f func(s *scriptInst)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

type scriptClient struct{ s *scriptInst }

func (c *scriptClient) err(key string) error {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.s.errs[key]
}

func (c *scriptClient) Accounts(context.Context) ([]integrations.Account, error) {
	c.s.set(func(s *scriptInst) { s.tries++ })
	if err := c.err("accounts"); err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.reads++
	var out []integrations.Account
	for _, id := range c.s.accounts {
		out = append(out, integrations.Account{ID: id, Number: "••••" + id, Name: id, Category: integrations.CategoryInvestment, Currency: "USD", Status: "open"})
	}
	return out, nil
}

func (c *scriptClient) Balances(_ context.Context, id string) ([]integrations.Balance, error) {
	if err := c.err("balances/" + id); err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return []integrations.Balance{{Currency: "USD", Cash: decimal.NewFromInt(c.s.price), Total: decimal.NewFromInt(c.s.price)}}, nil
}

func (c *scriptClient) Positions(_ context.Context, id string) ([]integrations.Position, error) {
	if err := c.err("positions/" + id); err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	p := integrations.Position{Symbol: integrations.Symbol{Ticker: "VTI", Type: integrations.SecurityETF, Currency: "USD"},
		Units: decimal.NewFromInt(3), Price: decimal.NewFromInt(c.s.price), MarketValue: decimal.NewFromInt(3 * c.s.price), Currency: "USD"}
	if c.s.partial["positions/"+id] {
		p.Price, p.MarketValue, p.PriceUnknown = decimal.Zero, decimal.Zero, true
		return []integrations.Position{p}, integrations.Wrap(integrations.ErrPartial, "quotes could not be read")
	}
	return []integrations.Position{p}, nil
}

func (c *scriptClient) Activities(_ context.Context, id string, since time.Time) ([]integrations.Activity, error) {
	if err := c.err("activities/" + id); err != nil {
		return nil, err
	}
	c.s.mu.Lock()
	partial := c.s.partial["activities/"+id]
	c.s.sinces = append(c.s.sinces, since)
	rows := c.s.rows
	c.s.mu.Unlock()
	if partial {
		// An incomplete listing (a bridge's act.missingdata): one new row,
		// the old one missing.
		return []integrations.Activity{{ID: "p-" + id, Type: integrations.ActivityInterest, TradeDate: "2026-01-06", Amount: decimal.NewFromInt(2), Currency: "USD"}},
			integrations.Wrap(integrations.ErrPartial, "the bridge says the listing is incomplete")
	}
	if rows != nil {
		return rows, nil
	}
	return []integrations.Activity{{ID: "d-" + id, Type: integrations.ActivityDividend, TradeDate: "2026-01-05", Amount: decimal.NewFromInt(1), Currency: "USD"}}, nil
}

// ActivitiesReach is the day the script's answers reach back to.
func (c *scriptClient) ActivitiesReach(time.Time) integrations.Date {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.s.reach
}

type scriptWalker struct{ scriptClient }

// WalkActivities serves one window per month from walkFrom; the cursor is
// the window's index. Past the sync's budget it answers like Binance: a
// rate limit whose wait is longer than a sync waits.
func (w *scriptWalker) WalkActivities(ctx context.Context, id string, since time.Time, cursor string, page func([]integrations.Activity, string) error) error {
	i := 0
	if cursor != "" {
		fmt.Sscan(cursor, &i)
	}
	w.s.set(func(s *scriptInst) { s.sinces, s.cursors = append(s.sinces, since), append(s.cursors, cursor) })
	for ; i < w.s.windows; i++ {
		w.s.mu.Lock()
		if w.s.calls >= w.s.budget {
			if w.s.renew {
				w.s.calls = 0
				w.s.mu.Unlock()
				return &integrations.RateLimitError{RetryAfter: time.Millisecond}
			}
			w.s.mu.Unlock()
			return &integrations.RateLimitError{RetryAfter: time.Hour}
		}
		w.s.calls++
		w.s.mu.Unlock()
		day := w.s.walkFrom.AddDate(0, i, 0)
		acts := []integrations.Activity{{ID: fmt.Sprintf("w-%s-%03d", id, i), Type: integrations.ActivityContribution, TradeDate: integrations.DateOf(day),
			Amount: decimal.NewFromInt(10), Currency: "USD"}}
		next := ""
		if i+1 < w.s.windows {
			next = fmt.Sprint(i + 1)
		}
		if err := page(acts, next); err != nil {
			return err
		}
	}
	return nil
}

func newScriptApp(t *testing.T, s *scriptInst) (*app.App, app.Connection) {
	t.Helper()
	ctx := t.Context()
	a := app.New(app.Options{Vault: apptest.Vault(t, ""), Registry: fastRegistry(t, []integrations.Integration{s}, nil), RetryBase: time.Millisecond, MaxRetries: 1, MaxRetryWait: time.Millisecond, Now: s.now})
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "script"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(ctx, integrations.AuthToken, nil); err != nil {
		t.Fatal(err)
	}
	return a, *p.Connection()
}

func syncOnce(t *testing.T, a *app.App, id string) app.SyncResult {
	t.Helper()
	res, err := a.Refresh(t.Context(), []string{id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res[0]
}

func positionsByAccount(t *testing.T, a *app.App, connID string) map[string]integrations.Position {
	t.Helper()
	accts, err := a.Accounts(t.Context(), connID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]integrations.Position{}
	for _, acct := range accts {
		pos, err := a.Positions(t.Context(), acct.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(pos) == 1 {
			out[acct.ID] = pos[0].Position
		}
	}
	return out
}

// TestSyncOneFailingCallCostsOnlyItself: a failing quote call keeps the
// units (price unknown), a failing account keeps its cached holdings, the
// other accounts sync, and the data set says "partial" with the reason.
func TestSyncOneFailingCallCostsOnlyItself(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1", "A2", "A3"}, price: 100}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil || r.Partial != "" {
		t.Fatalf("first sync: %v %q", r.Err, r.Partial)
	}
	s.set(func(s *scriptInst) {
		s.price = 120
		s.partial = map[string]bool{"positions/A2": true}
		s.errs = map[string]error{"positions/A3": integrations.Wrap(integrations.ErrUnavailable, "server answered 500")}
	})
	r := syncOnce(t, a, c.ID)
	if r.Err != nil {
		t.Fatalf("a partial sync is not a failed sync: %v", r.Err)
	}
	if !strings.Contains(r.Partial, "prices could not be read") || !strings.Contains(r.Partial, "••••A3") {
		t.Fatalf("partial reason %q", r.Partial)
	}
	got := positionsByAccount(t, a, c.ID)
	if p := got["A1"]; !p.Price.Equal(decimal.NewFromInt(120)) {
		t.Errorf("A1 not updated: %v", p.Price)
	}
	if p := got["A2"]; !p.PriceUnknown || !p.Units.Equal(decimal.NewFromInt(3)) {
		t.Errorf("A2 should keep its units with the price unknown: %+v", p)
	}
	if p := got["A3"]; !p.Price.Equal(decimal.NewFromInt(100)) {
		t.Errorf("A3 should keep its cached holdings: %v", p.Price)
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	if st := cc.Sync[app.DataHoldings]; st.Partial == "" || st.Failed() {
		t.Errorf("holdings state %+v", st)
	}
	if st := a.Status(cc); st != app.StatusActive {
		t.Errorf("status %s", st)
	}

	// Every account failing is a failure, not "partial".
	s.set(func(s *scriptInst) {
		s.partial = nil
		s.errs = map[string]error{}
		for _, id := range []string{"A1", "A2", "A3"} {
			s.errs["positions/"+id] = integrations.ErrUnavailable
			s.errs["balances/"+id] = integrations.ErrUnavailable
		}
	})
	if r := syncOnce(t, a, c.ID); r.Code != "UNAVAILABLE" {
		t.Fatalf("all accounts failing: code %q", r.Code)
	}
}

// TestSyncNoAccountsKeepsTheCache: a sync that suddenly finds no accounts is
// a failed sync with its own code, never "everything is gone".
func TestSyncNoAccountsKeepsTheCache(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1", "A2"}, price: 100}
	a, c := newScriptApp(t, s)
	syncOnce(t, a, c.ID)
	before, _ := a.Accounts(t.Context(), c.ID)
	s.set(func(s *scriptInst) { s.accounts = nil })
	r := syncOnce(t, a, c.ID)
	if !errors.Is(r.Err, integrations.ErrNoAccounts) || r.Code != "NO_ACCOUNTS" {
		t.Fatalf("got %v (%s)", r.Err, r.Code)
	}
	after, _ := a.Accounts(t.Context(), c.ID)
	if len(after) != len(before) || len(positionsByAccount(t, a, c.ID)) != 2 {
		t.Fatalf("cache changed: %d accounts before, %d after", len(before), len(after))
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	if st := a.Status(cc); st != app.StatusError {
		t.Errorf("status %s, want error", st)
	}
}

// TestWindowedHistoryWalkFinishes: a first sync walking 40 windows with a
// budget of 10 calls per sync completes in four syncs, each resuming where
// the last stopped (a retried data set used to restart from the beginning
// and never finish).
func TestWindowedHistoryWalkFinishes(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1"}, price: 100, walker: true, windows: 40, budget: 10,
		walkFrom: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)}
	a, c := newScriptApp(t, s)
	for i := 1; i <= 3; i++ {
		r := syncOnce(t, a, c.ID)
		if r.Code != "RATE_LIMITED" {
			t.Fatalf("sync %d: code %q, want RATE_LIMITED", i, r.Code)
		}
		acts, err := a.Activities(t.Context(), app.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) != 10*i {
			t.Fatalf("after sync %d: %d activities kept, want %d", i, len(acts), 10*i)
		}
		s.set(func(s *scriptInst) { s.calls = 0 }) // the budget renews
	}
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatalf("fourth sync: %v", r.Err)
	}
	acts, _ := a.Activities(t.Context(), app.ActivityFilter{})
	if len(acts) != 40 {
		t.Fatalf("%d activities after the walk, want 40", len(acts))
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	if cc.Sync[app.DataTransactions].LastSuccess.IsZero() {
		t.Fatal("the completed walk is not recorded as a success")
	}
	// The next sync starts a new walk from the last success (overlap), not
	// from 2017.
	s.set(func(s *scriptInst) { s.calls = 0 })
	syncOnce(t, a, c.ID)
	if acts2, _ := a.Activities(t.Context(), app.ActivityFilter{}); len(acts2) != 40 {
		t.Fatalf("re-walk duplicated rows: %d", len(acts2))
	}
}

// TestSyncHonoursRequestBudget: an institution whose budget allows a sync
// every 6 hours (SimpleFIN's ~24 requests a day shared by its connections)
// is not asked again sooner: the sync is skipped, says when the next one is
// allowed, and leaves the connection as it was.
func TestSyncHonoursRequestBudget(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	s := &scriptInst{accounts: []string{"A1"}, price: 100, minGap: 6 * time.Hour, now: clk.Now}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil || !r.NextAllowed.IsZero() {
		t.Fatalf("first sync: %+v", r)
	}
	clk.Add(time.Hour)
	r := syncOnce(t, a, c.ID)
	if r.Err != nil || !r.NextAllowed.Equal(time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)) || r.Status != app.StatusActive {
		t.Fatalf("early sync: %+v", r)
	}
	if s.reads != 1 {
		t.Fatalf("the institution was asked %d times", s.reads)
	}
	// Front ends say when, between syncs too.
	cur, _ := a.Connection(t.Context(), c.ID)
	if got := a.NextAllowed(cur); !got.Equal(time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("NextAllowed %v", got)
	}
	clk.Add(5 * time.Hour)
	if got := a.NextAllowed(cur); !got.IsZero() {
		t.Errorf("NextAllowed after the gap: %v", got)
	}
	if r := syncOnce(t, a, c.ID); !r.NextAllowed.IsZero() || s.reads != 2 {
		t.Fatalf("sync after the gap: %+v, %d reads", r, s.reads)
	}
}

// TestDisabledReasonKeepsTheInstitutionsWords: a bridge's own reason for a
// dead authorization reaches the connection's row.
func TestDisabledReasonKeepsTheInstitutionsWords(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1"}, price: 100}
	a, c := newScriptApp(t, s)
	syncOnce(t, a, c.ID)
	s.set(func(s *scriptInst) {
		s.errs = map[string]error{"accounts": fmt.Errorf("accounts: %w",
			integrations.Wrap(integrations.ErrReauthRequired, "SnapTrade marked the Vanguard US connection disabled on 2 Dec"))}
	})
	if r := syncOnce(t, a, c.ID); r.Status != app.StatusDisabled {
		t.Fatalf("status %s", r.Status)
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	if !strings.Contains(cc.DisabledReason, "Repair the connection") || !strings.Contains(cc.DisabledReason, "disabled on 2 Dec") {
		t.Fatalf("reason %q", cc.DisabledReason)
	}
}

// TestWalkFinishesInOneSyncWhenWaitsAreAffordable: a walk refused by a short
// rate limit every few windows resumes within the same sync while it keeps
// moving on.
func TestWalkFinishesInOneSyncWhenWaitsAreAffordable(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1"}, price: 100, walker: true, windows: 40, budget: 3,
		walkFrom: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), renew: true}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatalf("sync: %v", r.Err)
	}
	if acts, _ := a.Activities(t.Context(), app.ActivityFilter{}); len(acts) != 40 {
		t.Fatalf("%d activities", len(acts))
	}
}

// TestHistoryRevisionReadsTheWholeHistoryOnce: when an integration starts
// reading kinds of activity it did not read before (its HistoryRevision
// rises), a connection synced before reads its whole history once (since
// zero), keeps the rows the institution no longer reaches back to, and then
// goes back to reading from its last success.
func TestHistoryRevisionReadsTheWholeHistoryOnce(t *testing.T) {
	usd := func(id string, typ integrations.ActivityType, day integrations.Date) integrations.Activity {
		return integrations.Activity{ID: id, Type: typ, TradeDate: day, Amount: decimal.NewFromInt(5), Currency: "USD"}
	}
	old, recent := usd("old-buy", integrations.ActivityBuy, "2025-02-03"), usd("recent-buy", integrations.ActivityBuy, "2026-01-05")
	s := &scriptInst{accounts: []string{"A1"}, price: 100, rows: []integrations.Activity{old, recent}}
	a, c := newScriptApp(t, s)
	ids := func() []string {
		acts, err := a.Activities(t.Context(), app.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range acts {
			out = append(out, x.ID)
		}
		slices.Sort(out)
		return out
	}
	lastSince := func() time.Time {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.sinces[len(s.sinces)-1]
	}
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	if r := syncOnce(t, a, c.ID); r.Err != nil || lastSince().IsZero() {
		t.Fatalf("second sync: %v, since %v; want one from the last success", r.Err, lastSince())
	}

	// The integration now reads dividends too, an old one among them, and
	// the institution no longer lists the oldest trade.
	dividend := usd("old-dividend", integrations.ActivityDividend, "2025-06-01")
	s.set(func(s *scriptInst) { s.revision, s.rows = 1, []integrations.Activity{dividend, recent} })
	if r := syncOnce(t, a, c.ID); r.Err != nil || !lastSince().IsZero() {
		t.Fatalf("sync under the new revision: %v, since %v; want the whole history", r.Err, lastSince())
	}
	if got := ids(); !slices.Equal(got, []string{"old-buy", "old-dividend", "recent-buy"}) {
		t.Fatalf("activities %v: want the new kind added and every earlier row kept", got)
	}
	if cc, _ := a.Connection(t.Context(), c.ID); cc.Sync[app.DataTransactions].Revision != 1 {
		t.Fatalf("revision %d recorded, want 1", cc.Sync[app.DataTransactions].Revision)
	}
	if r := syncOnce(t, a, c.ID); r.Err != nil || lastSince().IsZero() {
		t.Fatalf("the next sync: %v, since %v; want one from the last success again", r.Err, lastSince())
	}

	// A failed read keeps the revision: the next sync tries the whole
	// history again.
	s.set(func(s *scriptInst) {
		s.revision = 2
		s.errs = map[string]error{"activities/A1": integrations.Wrap(integrations.ErrUnavailable, "server answered 500")}
	})
	if r := syncOnce(t, a, c.ID); r.Err == nil {
		t.Fatal("want the failed read reported")
	}
	s.set(func(s *scriptInst) { s.errs = nil })
	if r := syncOnce(t, a, c.ID); r.Err != nil || !lastSince().IsZero() {
		t.Fatalf("after a failed catch-up: %v, since %v; want the whole history", r.Err, lastSince())
	}
}

// TestHistoryRevisionStartsTheWalkAnew: a walker's connection under a new
// HistoryRevision drops a walk in progress from its last success and walks
// the whole history; a whole-history walk stopped by a rate limit resumes at
// its cursor instead of starting again.
func TestHistoryRevisionStartsTheWalkAnew(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1"}, price: 100, walker: true, windows: 6, budget: 100,
		walkFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	// An incremental walk stopped after two windows by a long rate limit.
	s.set(func(s *scriptInst) { s.calls, s.budget = 0, 2 })
	if r := syncOnce(t, a, c.ID); r.Code != "RATE_LIMITED" {
		t.Fatalf("code %q, want RATE_LIMITED", r.Code)
	}
	// The new revision: the walk in progress is dropped; the whole-history
	// walk stops after two windows and the next sync resumes it.
	s.set(func(s *scriptInst) { s.calls, s.revision, s.sinces, s.cursors = 0, 1, nil, nil })
	if r := syncOnce(t, a, c.ID); r.Code != "RATE_LIMITED" {
		t.Fatalf("code %q, want RATE_LIMITED", r.Code)
	}
	s.set(func(s *scriptInst) { s.calls, s.budget = 0, 100 })
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.mu.Lock()
	sinces, cursors := s.sinces, s.cursors
	s.mu.Unlock()
	if len(sinces) < 2 || !sinces[0].IsZero() || cursors[0] != "" || !sinces[len(sinces)-1].IsZero() || cursors[len(cursors)-1] != "2" {
		t.Fatalf("walks since %v cursors %q: want a new whole-history walk, then its resumption at window 2", sinces, cursors)
	}
	if cc, _ := a.Connection(t.Context(), c.ID); cc.Sync[app.DataTransactions].Revision != 1 {
		t.Fatalf("revision %d recorded, want 1", cc.Sync[app.DataTransactions].Revision)
	}
}

func activityIDs(t *testing.T, a *app.App) []string {
	t.Helper()
	acts, err := a.Activities(t.Context(), app.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range acts {
		out = append(out, x.ID)
	}
	slices.Sort(out)
	return out
}

func row(id string, typ integrations.ActivityType, day integrations.Date) integrations.Activity {
	return integrations.Activity{ID: id, Type: typ, TradeDate: day, Amount: decimal.NewFromInt(5), Currency: "USD"}
}

// TestDayTradeBookKeepsTheDaysBefore: a client whose answers reach back only
// to today (India's brokers list the day's trade book:
// integrations.ActivitiesReacher) keeps yesterday's fills at today's sync,
// though the sync's since (the last success less the overlap) covers
// yesterday; today's rows are still replaced by what is read.
func TestDayTradeBookKeepsTheDaysBefore(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC))
	s := &scriptInst{accounts: []string{"A1"}, price: 100, now: clk.Now, reach: "2026-12-01",
		rows: []integrations.Activity{row("fill-day1", integrations.ActivityBuy, "2026-12-01"), row("gone-day1", integrations.ActivityBuy, "2026-12-01")}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	// Later the same day the broker no longer lists one fill (it was
	// cancelled): today is replaced.
	s.set(func(s *scriptInst) { s.rows = s.rows[:1] })
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	clk.Add(24 * time.Hour)
	s.set(func(s *scriptInst) {
		s.reach, s.rows = "2026-12-02", []integrations.Activity{row("fill-day2", integrations.ActivitySell, "2026-12-02")}
	})
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := activityIDs(t, a); !slices.Equal(got, []string{"fill-day1", "fill-day2"}) {
		t.Fatalf("activities %v: want yesterday's fill kept and the cancelled one gone", got)
	}
}

// TestCatchUpRewritesWhatItReaches: a whole-history read under a new
// HistoryRevision rewrites the days it reaches — a row the new mapping
// leaves out goes, a row whose date it moves to another month is counted
// once — and keeps the days before the oldest row it read.
func TestCatchUpRewritesWhatItReaches(t *testing.T) {
	ancient := row("ancient", integrations.ActivityBuy, "2019-05-06")
	buy, cancelled := row("buy", integrations.ActivityBuy, "2025-02-03"), row("cancelled", integrations.ActivityContribution, "2025-03-03")
	fee := row("fee", integrations.ActivityFee, "2025-03-31")
	s := &scriptInst{accounts: []string{"A1"}, price: 100, rows: []integrations.Activity{ancient, buy, cancelled, fee}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	moved := row("fee", integrations.ActivityFee, "2025-04-01")
	s.set(func(s *scriptInst) { s.revision, s.rows = 1, []integrations.Activity{buy, moved} })
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := activityIDs(t, a); !slices.Equal(got, []string{"ancient", "buy", "fee"}) {
		t.Fatalf("activities %v: want the cancelled row gone, the fee once and the row older than the read kept", got)
	}
	acts, _ := a.Activities(t.Context(), app.ActivityFilter{})
	for _, x := range acts {
		if x.ID == "fee" && x.TradeDate != "2025-04-01" {
			t.Errorf("the fee kept its old date %s", x.TradeDate)
		}
	}
}

// TestCatchUpRevisionNeedsEveryAccount: the revision is recorded only once
// every account's whole history was read: an account that failed reads it
// at the next sync; a read left partial is tried again, and counts after
// three tries, so a part the institution always refuses does not make every
// sync read everything.
func TestCatchUpRevisionNeedsEveryAccount(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1", "A2"}, price: 100, rows: []integrations.Activity{row("recent", integrations.ActivityBuy, "2026-01-05")}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	revision := func() int {
		cc, _ := a.Connection(t.Context(), c.ID)
		return cc.Sync[app.DataTransactions].Revision
	}
	sinces := func() []time.Time {
		s.mu.Lock()
		defer s.mu.Unlock()
		out := s.sinces
		s.sinces = nil
		return out
	}
	s.set(func(s *scriptInst) {
		s.revision = 1
		s.errs = map[string]error{"activities/A2": integrations.Wrap(integrations.ErrUnavailable, "server answered 500")}
	})
	syncOnce(t, a, c.ID)
	if revision() != 0 {
		t.Fatal("revision recorded while A2's whole history was not read")
	}
	s.set(func(s *scriptInst) { s.errs = nil })
	sinces()
	syncOnce(t, a, c.ID)
	if got := sinces(); len(got) != 2 || !got[0].IsZero() || !got[1].IsZero() {
		t.Fatalf("after the failed catch-up: read since %v, want the whole history for both", got)
	}
	if revision() != 1 {
		t.Fatalf("revision %d after every account read, want 1", revision())
	}

	s.set(func(s *scriptInst) { s.revision, s.partial = 2, map[string]bool{"activities/A1": true} })
	for try := 1; try <= 3; try++ {
		sinces()
		syncOnce(t, a, c.ID)
		if got := sinces(); len(got) != 2 || !got[0].IsZero() {
			t.Fatalf("partial try %d: read since %v, want the whole history", try, got)
		}
		if want := map[bool]int{true: 2, false: 1}[try == 3]; revision() != want {
			t.Fatalf("after partial try %d: revision %d, want %d", try, revision(), want)
		}
	}
	// The last partial read is read again once (HeldSince), then the reads
	// start from the last success.
	s.set(func(s *scriptInst) { s.partial = nil })
	syncOnce(t, a, c.ID)
	if got := sinces(); len(got) != 2 || !got[0].IsZero() {
		t.Fatalf("after the last partial read: read since %v, want it read again", got)
	}
	syncOnce(t, a, c.ID)
	if got := sinces(); len(got) != 2 || got[0].IsZero() {
		t.Fatalf("after the revision counted: read since %v, want from the last success", got)
	}
}

// TestPartialReadIsReadAgain: an activities read left partial (a ledger or
// a deposits list limited this time) holds the start of the next reads at
// its own, so what it missed is asked for again instead of slipping behind
// the overlap window; a complete read releases it, and a part missing every
// time holds it for three syncs at most.
func TestPartialReadIsReadAgain(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC))
	s := &scriptInst{accounts: []string{"A1"}, price: 100, now: clk.Now}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil { // Dec 1: the whole history
		t.Fatal(r.Err)
	}
	lastSince := func() time.Time {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.sinces[len(s.sinces)-1]
	}
	clk.Add(19 * 24 * time.Hour) // Dec 20: read from Nov 24, a part missing
	s.set(func(s *scriptInst) { s.partial = map[string]bool{"activities/A1": true} })
	syncOnce(t, a, c.ID)
	held := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	if got := lastSince(); !got.Equal(held) {
		t.Fatalf("Dec 20 read since %v, want %v", got, held)
	}
	clk.Add(24 * time.Hour) // Dec 21: everything answers
	s.set(func(s *scriptInst) { s.partial = nil })
	syncOnce(t, a, c.ID)
	if got := lastSince(); !got.Equal(held) {
		t.Fatalf("Dec 21 read since %v after a partial read from %v: want it read again", got, held)
	}
	clk.Add(24 * time.Hour) // Dec 22: released
	syncOnce(t, a, c.ID)
	if got, want := lastSince(), time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("Dec 22 read since %v, want %v (from the last success)", got, want)
	}

	// Missing every time: held for three syncs, then the start moves on.
	s.set(func(s *scriptInst) { s.partial = map[string]bool{"activities/A1": true} })
	var got []time.Time
	for range 5 {
		clk.Add(24 * time.Hour)
		syncOnce(t, a, c.ID)
		got = append(got, lastSince())
	}
	first := got[0]
	for i, g := range got[1:4] {
		if !g.Equal(first) {
			t.Fatalf("partial sync %d read since %v, want it held at %v", i+2, g, first)
		}
	}
	if !got[4].After(first) {
		t.Fatalf("the fifth partial sync read since %v: want the start moved on after three held syncs", got[4])
	}
}

// TestCatchUpKeepsWhatTheReachDoesNotCover: a catch-up whose answer mixes
// sources of different reach (Upstox: trades three financial years back,
// deposits as old as the list goes) rewrites only from the client's reach:
// a stored trade older than the trades' reach, yet younger than the oldest
// deposit read, stays.
func TestCatchUpKeepsWhatTheReachDoesNotCover(t *testing.T) {
	trade2023, trade2025 := row("trade-2023", integrations.ActivityBuy, "2023-06-01"), row("trade-2025", integrations.ActivityBuy, "2025-06-01")
	s := &scriptInst{accounts: []string{"A1"}, price: 100, rows: []integrations.Activity{trade2023, trade2025}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.set(func(s *scriptInst) {
		s.revision, s.reach = 1, "2024-04-01"
		s.rows = []integrations.Activity{row("payin-2022", integrations.ActivityContribution, "2022-05-02"), trade2025}
	})
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := activityIDs(t, a); !slices.Equal(got, []string{"payin-2022", "trade-2023", "trade-2025"}) {
		t.Fatalf("activities %v: want the 2023 trade kept", got)
	}
}
