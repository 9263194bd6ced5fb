package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Phase is a step of one connection's sync, for progress bars.
type Phase string

// Sync phases, in order; a sync ends in PhaseDone or PhaseFailed.
const (
	PhaseQueued         Phase = "queued"
	PhaseAuthenticating Phase = "authenticating"
	PhaseAccounts       Phase = "accounts"
	PhaseBalances       Phase = "balances"
	PhasePositions      Phase = "positions"
	PhaseActivities     Phase = "activities"
	PhaseDone           Phase = "done"
	PhaseFailed         Phase = "failed"
)

// Progress reports one connection's sync. For PhasePositions and
// PhaseActivities, Done and Total count accounts.
type Progress struct {
	ConnectionID string
	Phase        Phase
	Done, Total  int
	Err          error // with PhaseFailed
}

// Fraction is how far the sync is, from 0 to 1, for a progress bar.
func (p Progress) Fraction() float64 {
	base := map[Phase]float64{PhaseQueued: 0, PhaseAuthenticating: 0.05, PhaseAccounts: 0.1, PhaseBalances: 0.2,
		PhasePositions: 0.3, PhaseActivities: 0.6, PhaseDone: 1, PhaseFailed: 1}[p.Phase]
	span := map[Phase]float64{PhasePositions: 0.3, PhaseActivities: 0.4}[p.Phase]
	if p.Total > 0 && span > 0 {
		base += span * float64(p.Done) / float64(p.Total)
	}
	return base
}

// SyncResult is how one connection's sync ended.
type SyncResult struct {
	ConnectionID string
	Status       Status
	Err          error  // nil on success
	Code         string // ErrorCode(Err)
	// Partial, on success, says what could not be read this time (its last
	// known data is kept); empty when everything was read.
	Partial string
	// NextAllowed is set when the sync was skipped because the institution's
	// request budget allows no sync yet (Institution.MinSyncInterval): the
	// cached data stands, and this is when the next sync may run.
	NextAllowed time.Time
}

// Refresh syncs the given connections (all when ids is empty) concurrently,
// at most Options.Parallel at once, and returns one result per connection in
// the order of ids (or of Connections). progress, when not nil, is called
// from the syncing goroutines.
//
// Per connection the results are written in one vault transaction (with
// the day's snapshot of each account read); a data set that fails keeps its
// cached data. The exchange rates are refreshed after (App.RefreshRates). Reauthorisation required disables the
// connection (and notifies); other failures leave it in error.
func (a *App) Refresh(ctx context.Context, ids []string, progress func(Progress)) ([]SyncResult, error) {
	var conns []Connection
	if len(ids) == 0 {
		all, err := a.Connections(ctx)
		if err != nil {
			return nil, err
		}
		conns = all
	} else {
		for _, id := range ids {
			c, err := a.Connection(ctx, id)
			if err != nil {
				return nil, err
			}
			conns = append(conns, c)
		}
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	for _, c := range conns {
		progress(Progress{ConnectionID: c.ID, Phase: PhaseQueued})
	}
	results := make([]SyncResult, len(conns))
	sem := make(chan struct{}, a.opts.Parallel)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] = SyncResult{ConnectionID: c.ID, Err: ctx.Err(), Code: ErrorCode(ctx.Err())}
				return
			}
			defer func() { <-sem }()
			results[i] = a.syncOne(ctx, c.ID, progress)
		}()
	}
	wg.Wait()
	// Exchange rates come with the sync, at most once a day (RatesEvery);
	// a failure leaves the kept rates in use and fails no connection.
	if ctx.Err() == nil {
		_, _ = a.RefreshRates(ctx, false)
	}
	return results, nil
}

// fetched is what one sync got from the institution.
type fetched struct {
	holdingsOK bool // the accounts were read, and at least part of the holdings
	accounts   []integrations.Account
	// balances and positions hold only the accounts read this time; the
	// others keep their cached records.
	balances        map[string][]integrations.Balance
	positions       map[string][]integrations.Position
	holdingErr      error
	holdingsPartial []string // user-safe reasons

	activitiesOK bool
	since        time.Time
	holdFrom     time.Time // the oldest since an activities read used (a resumed walk's own)
	// revision is the integration's HistoryRevision the activities were
	// read under; revisionRead, that every account's were (revisionTried:
	// read, but in part).
	revision      int
	revisionRead  bool
	revisionTried bool
	// replaceFrom is, by account, the day from which the stored activities
	// give way to the ones read (see replaceFrom).
	replaceFrom map[string]time.Time
	// history is what a ValueHistorian reported of the days before today
	// that have no snapshot yet, by account id.
	history    map[string][]integrations.DailyValue
	activities map[string][]integrations.Activity
	// activitiesKept are the rows of a read the institution called
	// incomplete (ErrPartial): added to the cached rows, never taken as
	// the whole window (rows missing from them are not gone).
	activitiesKept    map[string][]integrations.Activity
	activityErr       error
	activitiesPartial []string
}

func (a *App) syncOne(ctx context.Context, id string, progress func(Progress)) SyncResult {
	m := a.connLock(id)
	m.Lock()
	defer m.Unlock()
	a.mu.Lock()
	a.syncing[id] = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.syncing, id)
		a.mu.Unlock()
	}()

	res := SyncResult{ConnectionID: id}
	fail := func(err error) SyncResult {
		res.Err, res.Code = err, ErrorCode(err)
		progress(Progress{ConnectionID: id, Phase: PhaseFailed, Err: err})
		return res
	}
	c, err := a.Connection(ctx, id)
	if err != nil {
		return fail(err)
	}
	if c.FedByData() {
		// Nothing to read: its data comes from the files the user imports.
		res.Status = a.statusOf(c, false)
		progress(Progress{ConnectionID: id, Phase: PhaseDone})
		return res
	}
	if next := a.nextAllowed(c); a.Now().Before(next) {
		// The institution's request budget allows no sync yet: coalesce.
		res.Status, res.NextAllowed = a.statusOf(c, false), next
		progress(Progress{ConnectionID: id, Phase: PhaseDone})
		return res
	}
	if a.budgeted(c) {
		// Every request counts against the institution's daily budget:
		// the sync tries once, and the next sync is the retry.
		ctx = withoutRetries(ctx)
	}
	started := a.Now()
	progress(Progress{ConnectionID: id, Phase: PhaseAuthenticating})
	client, err := a.client(ctx, c)
	var f fetched
	if err != nil {
		f.holdingErr, f.activityErr = err, err
	} else {
		f = a.fetch(ctx, c, client, progress)
	}
	c, err = a.store(ctx, c, started, f)
	if err != nil {
		return fail(fmt.Errorf("save sync results: %w", err))
	}
	res.Status = a.statusOf(c, false)
	if e := errors.Join(f.holdingErr, f.activityErr); e != nil {
		// Report the most telling error: reauthorisation first.
		if errors.Is(f.activityErr, integrations.ErrReauthRequired) && !errors.Is(f.holdingErr, integrations.ErrReauthRequired) {
			return fail(f.activityErr)
		}
		if f.holdingErr != nil {
			return fail(f.holdingErr)
		}
		return fail(f.activityErr)
	}
	res.Partial = strings.Join(append(f.holdingsPartial, f.activitiesPartial...), "; ")
	progress(Progress{ConnectionID: id, Phase: PhaseDone})
	return res
}

// NextAllowed is when the institution's request budget
// (Institution.MinSyncInterval, SimpleFIN's about 24 requests a day) allows
// the next sync of c; zero when a sync may run now.
func (a *App) NextAllowed(c Connection) time.Time {
	if next := a.nextAllowed(c); a.Now().Before(next) {
		return next
	}
	return time.Time{}
}

// nextAllowed is when c may sync next under its institution's request
// budget (zero: any time). Only attempts that reached the institution count,
// and none made before the connection's last repair: a repaired connection
// syncs at once.
func (a *App) nextAllowed(c Connection) time.Time {
	gap := a.minSyncInterval(c)
	if gap <= 0 {
		return time.Time{}
	}
	var last time.Time
	for _, s := range c.Sync {
		if s.LastAttempt.After(last) {
			last = s.LastAttempt
		}
	}
	if last.IsZero() || !last.After(c.RepairedAt) {
		return time.Time{}
	}
	return last.Add(gap)
}

// heldRuns is how many syncs in a row a read left partial holds the start
// of the next read at its own start before the start moves on as usual.
const heldRuns = 3

// holdSince records an activities read from since that succeeded: a read
// left partial (a part the institution could not give, or limited, this
// time) holds the next reads' start at the oldest such since, so what it
// missed is asked for again instead of slipping behind the overlap window,
// for heldRuns syncs in a row at most (a part refused for good must not make
// every sync read further back); a complete read releases it.
func holdSince(s SyncState, since time.Time, partial bool) SyncState {
	switch {
	case !partial || s.HeldRuns >= heldRuns:
		s.HeldSince, s.HeldRuns = time.Time{}, 0
	case s.HeldRuns == 0 || since.Before(s.HeldSince):
		s.HeldSince, s.HeldRuns = since, s.HeldRuns+1
	default:
		s.HeldRuns++
	}
	return s
}

// revisionTries is how many whole-history reads under a new
// HistoryRevision that ended partial a connection makes before the revision
// counts as read.
const revisionTries = 3

// replaceFrom is the day from which an account's stored activities give way
// to those just read: since, or later where the client's answers reach back
// less far ([integrations.ActivitiesReacher]: a day's trade book); in a
// catch-up (a new HistoryRevision, since zero) the oldest day read, so that
// rows the institution no longer reaches stay and rows it lists anew or no
// longer lists are rewritten. Older rows just read are added to the stored
// ones by id.
func replaceFrom(cl integrations.Client, since time.Time, keepOlder bool, acts []integrations.Activity) time.Time {
	from := since
	if keepOlder {
		from = time.Time{}.AddDate(9998, 0, 0) // nothing dated read: nothing replaced
		for _, x := range acts {
			if t := x.TradeDate.Time(); !t.IsZero() && t.Before(from) {
				from = t
			}
		}
	}
	if r, ok := cl.(integrations.ActivitiesReacher); ok {
		if reach := r.ActivitiesReach(since).Time(); reach.After(from) {
			from = reach
		}
	}
	return from
}

// historyRevision is c's integration's HistoryRevision (0 when unknown).
func (a *App) historyRevision(c Connection) int {
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return 0
	}
	return in.Institution().HistoryRevision
}

func (a *App) minSyncInterval(c Connection) time.Duration {
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return 0
	}
	return in.Institution().MinSyncInterval
}

// budgeted reports whether c's institution counts requests against a
// budget (Institution.MinSyncInterval): its syncs are never retried.
func (a *App) budgeted(c Connection) bool { return a.minSyncInterval(c) > 0 }

type noRetryKey struct{}

// withoutRetries marks a sync whose reads are tried once (see retry).
func withoutRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetryKey{}, true)
}

func retriesOff(ctx context.Context) bool {
	v, _ := ctx.Value(noRetryKey{}).(bool)
	return v
}

// NextSyncAllowed is when the connection may sync next under its
// institution's request budget; zero when any time.
func (a *App) NextSyncAllowed(c Connection) time.Time { return a.nextAllowed(c) }

// client builds an integration client from the stored grant; rotated grants
// are written to the vault before the client uses them.
func (a *App) client(ctx context.Context, c Connection) (integrations.Client, error) {
	in, err := a.reg.Get(c.InstitutionID)
	if err != nil {
		return nil, err
	}
	g, err := a.Grant(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	env, err := a.connEnv(ctx, c)
	if err != nil {
		return nil, err
	}
	save := func(ctx context.Context, g integrations.Grant) error {
		return a.v.Update(ctx, func(tx *vault.Tx) error {
			if err := txPutJSON(tx, bucketGrants, c.ID, toStored(g)); err != nil {
				return err
			}
			var cur Connection
			if err := txGetJSON(tx, bucketConnections, c.ID, &cur); err != nil {
				return err
			}
			cur.ExpiresAt = g.Expiry.UTC()
			return txPutJSON(tx, bucketConnections, c.ID, cur)
		})
	}
	return in.NewClient(ctx, g, env, save)
}

// retry runs op, retrying transient failures with exponential backoff and
// honouring a rate limit's Retry-After (up to Options.MaxRetryWait).
func retry[T any](ctx context.Context, a *App, op func() (T, error)) (T, error) {
	var last error
	var zero T
	if a.opts.MaxRetries < 0 || retriesOff(ctx) {
		return op()
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = a.opts.RetryBase
	b.MaxInterval = 30 * a.opts.RetryBase
	v, err := backoff.Retry(ctx, func() (T, error) {
		v, err := op()
		last = err
		if err == nil {
			return v, nil
		}
		if d, ok := integrations.RetryAfter(err); ok {
			if d > a.opts.MaxRetryWait {
				return zero, backoff.Permanent(err)
			}
			if d > 0 {
				return zero, errors.Join(err, &backoff.RetryAfterError{Duration: d})
			}
			return zero, err
		}
		if !integrations.Transient(err) || ctx.Err() != nil {
			return zero, backoff.Permanent(err)
		}
		return zero, err
	}, backoff.WithBackOff(b), backoff.WithMaxTries(uint(a.opts.MaxRetries)+1), backoff.WithMaxElapsedTime(5*time.Minute))
	if err != nil {
		if last != nil && ctx.Err() == nil {
			return zero, last
		}
		return zero, err
	}
	return v, nil
}

func (a *App) fetch(ctx context.Context, c Connection, cl integrations.Client, progress func(Progress)) fetched {
	f := fetched{balances: map[string][]integrations.Balance{}, positions: map[string][]integrations.Position{},
		activities: map[string][]integrations.Activity{}, activitiesKept: map[string][]integrations.Activity{},
		replaceFrom: map[string]time.Time{}}
	progress(Progress{ConnectionID: c.ID, Phase: PhaseAccounts})
	accounts, err := retry(ctx, a, func() ([]integrations.Account, error) { return cl.Accounts(ctx) })
	if err == nil && len(accounts) == 0 && len(c.AccountIDs) > 0 {
		// A login that had accounts and now has none is a failed read,
		// never "everything is gone".
		err = integrations.Wrap(integrations.ErrNoAccounts, fmt.Sprintf("it had %d before", len(c.AccountIDs)))
	}
	if err != nil {
		f.holdingErr, f.activityErr = fmt.Errorf("accounts: %w", err), fmt.Errorf("accounts: %w", err)
		return f
	}
	f.accounts = accounts

	// Each account is read on its own: one failing account (or one failing
	// quote call) costs only what it could not read. A dead grant stops
	// everything; a data set that failed for every account is a failure.
	progress(Progress{ConnectionID: c.ID, Phase: PhaseBalances})
	var errs perAccount
	for _, acct := range accounts {
		bal, err := retry(ctx, a, func() ([]integrations.Balance, error) { return cl.Balances(ctx, acct.ID) })
		if errs.note(acct, "balances", err) {
			break
		}
		if err == nil {
			f.balances[acct.ID] = bal
		}
	}
	if !errs.fatal() {
		for i, acct := range accounts {
			progress(Progress{ConnectionID: c.ID, Phase: PhasePositions, Done: i, Total: len(accounts)})
			var partial []integrations.Position
			pos, err := retry(ctx, a, func() ([]integrations.Position, error) {
				pos, err := cl.Positions(ctx, acct.ID)
				if errors.Is(err, integrations.ErrPartial) {
					partial = pos // retrying will not bring the prices
				}
				return pos, err
			})
			if errors.Is(err, integrations.ErrPartial) {
				// Units without prices: keep them, say what is missing.
				f.positions[acct.ID] = partial
			}
			if errs.note(acct, "positions", err) {
				break
			}
			if err == nil {
				f.positions[acct.ID] = pos
			}
		}
	}
	f.holdingErr, f.holdingsPartial = errs.outcome(len(accounts) * 2)
	f.holdingsOK = f.holdingErr == nil
	if errors.Is(f.holdingErr, integrations.ErrReauthRequired) {
		f.activityErr = f.holdingErr
		return f
	}

	st := c.Sync[DataTransactions]
	f.revision = a.historyRevision(c)
	// A connection synced under an older HistoryRevision reads its whole
	// history again, once (catchUp), keeping the rows older than the oldest
	// it reads (replaceFrom).
	catchUp := !st.LastSuccess.IsZero() && st.Revision < f.revision
	if !st.LastSuccess.IsZero() && !catchUp {
		f.since = st.LastSuccess.Add(-a.opts.OverlapWindow).Truncate(24 * time.Hour)
		if st.HeldRuns > 0 && st.HeldSince.Before(f.since) {
			// A read left partial since then: read again from where it began.
			f.since = st.HeldSince
		}
	}
	// A whole-history read of a connection synced before (a catch-up, or a
	// partial one held) keeps what is older than the oldest row it reads.
	keepOlder := catchUp || (f.since.IsZero() && !st.LastSuccess.IsZero())
	f.holdFrom = f.since
	walker, walks := cl.(integrations.HistoryWalker)
	var aerrs perAccount
	for i, acct := range accounts {
		progress(Progress{ConnectionID: c.ID, Phase: PhaseActivities, Done: i, Total: len(accounts)})
		var err error
		if walks {
			// A walk begun under an older revision starts anew (walk).
			var from time.Time
			from, err = a.walkRetrying(ctx, c, walker, acct.ID, f.since, f.revision)
			if err != nil && from.Before(f.holdFrom) {
				f.holdFrom = from
			}
		} else {
			var acts, partial []integrations.Activity
			acts, err = retry(ctx, a, func() ([]integrations.Activity, error) {
				acts, err := cl.Activities(ctx, acct.ID, f.since)
				if errors.Is(err, integrations.ErrPartial) {
					partial = acts // retrying will not complete them
				}
				return acts, err
			})
			switch {
			case err == nil:
				f.activities[acct.ID] = acts
				f.replaceFrom[acct.ID] = replaceFrom(cl, f.since, keepOlder, acts)
			case errors.Is(err, integrations.ErrPartial):
				f.activitiesKept[acct.ID] = partial
			}
		}
		if aerrs.note(acct, "activities", err) {
			break
		}
	}
	f.activityErr, f.activitiesPartial = aerrs.outcome(len(accounts))
	f.activitiesOK = f.activityErr == nil
	// The revision is read once every account's activities were, in full;
	// a read left partial (a part the institution refused, or an account
	// that failed) counts after revisionTries of them, so a part or an
	// account that always fails does not make every sync read the whole
	// history.
	firstRead := st.LastSuccess.IsZero() // a partial first read is held instead (HeldSince)
	f.revisionRead = f.activitiesOK && (len(f.activitiesPartial) == 0 || (firstRead && aerrs.failed == 0) || st.RevisionTries+1 >= revisionTries)
	f.revisionTried = f.activitiesOK && !f.revisionRead
	if vh, ok := cl.(integrations.ValueHistorian); ok && f.holdingsOK {
		f.history = a.backfillHistory(ctx, c, vh, accounts)
	}
	return f
}

// backfillHistory asks a ValueHistorian for the days before today that the
// accounts have no snapshot of: from the day after the newest, or all it
// has for an account without any. It is best effort: an account whose
// history cannot be read gets none this time.
func (a *App) backfillHistory(ctx context.Context, c Connection, vh integrations.ValueHistorian, accounts []integrations.Account) map[string][]integrations.DailyValue {
	last, err := a.lastSnapshotDays(ctx, c.ID)
	if err != nil {
		return nil
	}
	today := epochDay(integrations.DateOf(a.Now()))
	out := map[string][]integrations.DailyValue{}
	for _, acct := range accounts {
		l := last[accountKey(c.ID, acct.ID)]
		if l >= today-1 {
			continue
		}
		var since time.Time
		if l > 0 {
			since = dayDate(l + 1).Time()
		}
		hist, err := retry(ctx, a, func() ([]integrations.DailyValue, error) { return vh.ValueHistory(ctx, acct.ID, since) })
		if err == nil && len(hist) > 0 {
			out[acct.ID] = hist
		}
	}
	return out
}

// perAccount collects the per-account failures of one data set.
type perAccount struct {
	failed  int
	first   error
	reauth  error
	reasons []string
}

// note records err (nil: success) for an account's read of what; it reports
// whether the sync must stop (the grant is dead, or ctx ended).
func (p *perAccount) note(acct integrations.Account, what string, err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		p.reauth = fmt.Errorf("%s: %w", what, err)
		return true
	}
	name := acct.Number
	if name == "" {
		name = acct.Name
	}
	if errors.Is(err, integrations.ErrPartial) {
		// What the integration says is missing; positions' own words are
		// about their prices (integrations.PricesUnknown).
		why := integrations.Detail(err, integrations.ErrPartial)
		if what == "positions" || why == "" {
			why = "prices could not be read"
		}
		p.reasons = append(p.reasons, fmt.Sprintf("%s of %s: %s", what, name, strings.TrimSuffix(why, ".")))
		return false
	}
	p.failed++
	if p.first == nil {
		p.first = fmt.Errorf("%s: %w", what, err)
	}
	p.reasons = append(p.reasons, fmt.Sprintf("%s of %s: %s", what, name, strings.TrimSuffix(integrations.UserMessage(err), ".")))
	return false
}

func (p *perAccount) fatal() bool { return p.reauth != nil }

// outcome is the data set's error (nil when at least part of it was read)
// and the reasons it is partial. reads is how many reads were tried when
// none stopped early.
func (p *perAccount) outcome(reads int) (error, []string) {
	switch {
	case p.reauth != nil:
		return p.reauth, nil
	case p.failed > 0 && p.failed >= reads:
		return p.first, nil
	default:
		return nil, p.reasons
	}
}

// walkRecord is a history walk in progress, kept with the data so the walk
// resumes across retries and syncs; Revision is the HistoryRevision it
// was begun under.
type walkRecord struct {
	Since    time.Time `json:"since,omitzero"`
	Cursor   string    `json:"cursor"`
	Revision int       `json:"revision,omitempty"`
}

func walkKey(acctKey string) string { return "walk/" + acctKey }

// walk reads an account's history through a HistoryWalker, committing each
// window's activities and the cursor after it in one transaction, so a walk
// stopped by a rate limit, an error or a crash resumes where it stopped.
// walkRetrying runs a walk until it completes, retrying a transient failure
// as long as each attempt moved the walk on (a rate-limited walk whose waits
// the sync can afford finishes in one sync); attempts that made no progress
// are bounded like any retry (Options.MaxRetries).
func (a *App) walkRetrying(ctx context.Context, c Connection, w integrations.HistoryWalker, accountID string, since time.Time, revision int) (time.Time, error) {
	stalled := 0
	for {
		pages, from, err := a.walk(ctx, c, w, accountID, since, revision)
		if err == nil || ctx.Err() != nil || a.opts.MaxRetries < 0 || retriesOff(ctx) {
			return from, err
		}
		if pages == 0 {
			stalled++
		} else {
			stalled = 0
		}
		wait, limited := integrations.RetryAfter(err)
		if stalled > a.opts.MaxRetries || !integrations.Transient(err) || wait > a.opts.MaxRetryWait {
			return from, err
		}
		if !limited || wait == 0 {
			wait = a.opts.RetryBase << min(stalled, 5)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return since, ctx.Err()
		case <-t.C:
		}
	}
}

// walk runs one attempt of a walk and returns how many windows it stored.
func (a *App) walk(ctx context.Context, c Connection, w integrations.HistoryWalker, accountID string, since time.Time, revision int) (int, time.Time, error) {
	pages := 0
	bucket, key := cacheBucket(c.ID), accountKey(c.ID, accountID)
	var rec walkRecord
	err := getJSON(ctx, a.v, bucket, walkKey(key), &rec)
	switch {
	case errors.Is(err, vault.ErrNotFound) || err == nil && rec.Revision < revision:
		// No walk under way, or one begun under an older HistoryRevision.
		rec = walkRecord{Since: since, Revision: revision}
	case err != nil:
		return 0, since, err
	}
	err = w.WalkActivities(ctx, accountID, rec.Since, rec.Cursor, func(acts []integrations.Activity, next string) error {
		pages++
		return a.v.Update(ctx, func(tx *vault.Tx) error {
			u := pfUpdate{day: epochDay(integrations.DateOf(a.Now()))}
			note := func(m string, rows []*integrations.Activity) { u.noteMonth(accountID, m, rows) }
			if err := upsertActivities(tx, bucket, key, acts, note); err != nil {
				return err
			}
			if err := a.updatePortfolioOf(tx, c.ID, u); err != nil {
				return err
			}
			if next == "" {
				if err := tx.Delete(bucket, walkKey(key)); err != nil && !errors.Is(err, vault.ErrNotFound) {
					return err
				}
				return nil
			}
			return txPutJSON(tx, bucket, walkKey(key), walkRecord{Since: rec.Since, Cursor: next, Revision: rec.Revision})
		})
	})
	return pages, rec.Since, err
}

// accountKey is the plaintext key under which an account's cache records
// live: a hash, so no account id appears in the vault file.
func accountKey(connID, accountID string) string {
	h := sha256.Sum256([]byte(connID + "\x00" + accountID))
	return hex.EncodeToString(h[:8])
}

// cachedAccount is an account as the cache keeps it.
type cachedAccount struct {
	integrations.Account
	Key string `json:"key"`
}

// store writes one sync's results and the connection's new state in one
// transaction.
func (a *App) store(ctx context.Context, c Connection, started time.Time, f fetched) (Connection, error) {
	now := a.Now()
	var disabledNow bool
	c, err := a.updateConnection(ctx, c.ID, func(tx *vault.Tx, c *Connection) error {
		if c.Sync == nil {
			c.Sync = map[string]SyncState{}
		}
		bucket := cacheBucket(c.ID)
		set := func(name string, ok bool, err error, partial []string) {
			s := c.Sync[name]
			s.LastAttempt = started
			if ok {
				s.LastSuccess, s.LastError, s.LastErrorText = started, "", ""
				s.Partial = strings.Join(partial, "; ")
			} else {
				s.LastError, s.LastErrorText = integrations.Code(err), integrations.UserMessage(err)
			}
			c.Sync[name] = s
		}
		set(DataHoldings, f.holdingsOK, f.holdingErr, f.holdingsPartial)
		set(DataTransactions, f.activitiesOK, f.activityErr, f.activitiesPartial)
		if f.activitiesOK {
			c.Sync[DataTransactions] = holdSince(c.Sync[DataTransactions], f.holdFrom, len(f.activitiesPartial) > 0)
		}
		if s := c.Sync[DataTransactions]; f.revisionRead {
			s.Revision, s.RevisionTries = f.revision, 0
			c.Sync[DataTransactions] = s
		} else if f.revisionTried && s.Revision < f.revision {
			s.RevisionTries++
			c.Sync[DataTransactions] = s
		}

		if f.holdingsOK {
			accts := make([]cachedAccount, 0, len(f.accounts))
			c.AccountIDs = c.AccountIDs[:0]
			for _, acct := range f.accounts {
				key := accountKey(c.ID, acct.ID)
				accts = append(accts, cachedAccount{Account: acct, Key: key})
				c.AccountIDs = append(c.AccountIDs, acct.ID)
				// An account whose balances or positions could not be read
				// this time keeps its cached ones.
				if bal, ok := f.balances[acct.ID]; ok {
					if err := txPutJSON(tx, bucket, "balances/"+key, bal); err != nil {
						return err
					}
				}
				if pos, ok := f.positions[acct.ID]; ok {
					if err := txPutJSON(tx, bucket, "positions/"+key, pos); err != nil {
						return err
					}
				}
			}
			if err := txPutJSON(tx, bucket, "accounts", accts); err != nil {
				return err
			}
		}
		u := pfUpdate{day: epochDay(integrations.DateOf(now)), history: f.history}
		if f.holdingsOK {
			u.accounts, u.listed, u.balances, u.positions = f.accounts, true, f.balances, f.positions
		}
		if f.activitiesOK {
			for acctID, acts := range f.activities {
				note := func(m string, rows []*integrations.Activity) { u.noteMonth(acctID, m, rows) }
				if err := mergeActivities(tx, bucket, accountKey(c.ID, acctID), f.replaceFrom[acctID], acts, note); err != nil {
					return err
				}
			}
			for acctID, acts := range f.activitiesKept {
				note := func(m string, rows []*integrations.Activity) { u.noteMonth(acctID, m, rows) }
				if err := upsertActivities(tx, bucket, accountKey(c.ID, acctID), acts, note); err != nil {
					return err
				}
			}
		}
		if f.holdingsOK || f.activitiesOK {
			if err := a.updatePortfolio(tx, c, u); err != nil {
				return err
			}
		}
		reauth := errors.Is(f.holdingErr, integrations.ErrReauthRequired) || errors.Is(f.activityErr, integrations.ErrReauthRequired)
		switch {
		case reauth && !c.Disabled():
			c.DisabledAt, c.DisabledReason = now, disabledReason(errors.Join(f.holdingErr, f.activityErr))
			disabledNow = true
			return appendEvent(tx, eventsBucket(c.ID), Event{Time: now, Type: EventConnectionDisabled, InstitutionID: c.InstitutionID, Code: "REAUTH_REQUIRED"})
		case !reauth && c.Disabled() && (f.holdingsOK || f.activitiesOK):
			// Fixed elsewhere: the institution accepts the grant again.
			c.DisabledAt, c.DisabledReason = time.Time{}, ""
			return appendEvent(tx, eventsBucket(c.ID), Event{Time: now, Type: EventConnectionRepaired, InstitutionID: c.InstitutionID, Detail: "the institution accepts the login again"})
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	if disabledNow {
		a.notify("Connection needs repair", fmt.Sprintf("%s no longer accepts Latchkey's access. Open Latchkey and choose Repair.", c.Label))
	}
	return c, nil
}

// disabledReason is what a disabled connection's row says: the documented
// words, and the institution's own reason when its integration gave one
// (a bridge: "SnapTrade marked the connection disabled on 2 Dec").
func disabledReason(err error) string {
	msg := integrations.UserMessage(integrations.ErrReauthRequired)
	if d := integrations.Detail(err, integrations.ErrReauthRequired); d != "" {
		msg = strings.TrimSuffix(msg, ".") + " (" + d + ")."
	}
	return msg
}

func monthOf(d integrations.Date) string {
	if len(d) >= 7 {
		return string(d[:7])
	}
	return "0000-00"
}
