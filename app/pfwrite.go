package app

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// pfUpdate is what one sync or import changed, for the connection's
// portfolio records (see pfSummary). Maps are keyed by the institution's
// account id.
type pfUpdate struct {
	// day is the snapshot's day (today for a sync, the statement's date for
	// an import).
	day int32
	// accounts, when listed is set, is the full list the institution gave.
	accounts []integrations.Account
	listed   bool
	// balances and positions hold only the accounts read this time; a
	// snapshot of day is written for each account in balances.
	balances  map[string][]integrations.Balance
	positions map[string][]integrations.Position
	// months are the activity month chunks written this time: month →
	// its full rows (nil: the month is now empty), by reference.
	months map[string]map[string][]*integrations.Activity
	// history back-fills earlier days (integrations.ValueHistorian).
	history map[string][]integrations.DailyValue
}

// noteMonth records that an account's month chunk now holds rows. The
// slice and the rows it points to are kept until the update is applied: the
// caller does not use them again.
func (u *pfUpdate) noteMonth(acctID, month string, rows []*integrations.Activity) {
	if u.months == nil {
		u.months = map[string]map[string][]*integrations.Activity{}
	}
	if u.months[acctID] == nil {
		u.months[acctID] = map[string][]*integrations.Activity{}
	}
	u.months[acctID][month] = rows
}

// cutoffFor is the first day kept in a summary written on day: 1 January
// of the previous year (so a 1-year view reads no archive).
func cutoffFor(day int32) int32 {
	t := time.Unix(int64(day)*86400, 0).UTC()
	return int32(time.Date(t.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// updatePortfolio applies u to c's portfolio records inside tx.
func (a *App) updatePortfolio(tx *vault.Tx, c *Connection, u pfUpdate) error {
	s, err := readSummary(tx, c.ID, needAll)
	if err != nil {
		return err
	}
	if s == nil {
		s = &pfSummary{Cutoff: cutoffFor(u.day)}
	}
	byID := map[string]*pfAccount{}
	ensure := func(acct integrations.Account) *pfAccount {
		key := accountKey(c.ID, acct.ID)
		pa := s.account(key)
		if pa == nil {
			pa = &pfAccount{Key: key}
			s.Accounts = append(s.Accounts, pa)
		}
		pa.Name, pa.Number, pa.Category, pa.Gone = acct.Name, acct.Number, acct.Category, false
		pa.Currency = strings.ToUpper(acct.Currency)
		byID[acct.ID] = pa
		return pa
	}
	if u.listed {
		for _, pa := range s.Accounts {
			pa.Gone = true
		}
	}
	accts := u.accounts
	if !u.listed || len(accts) == 0 {
		// The cached list names the accounts this update touches.
		var cached []cachedAccount
		if err := txGetJSON(tx, cacheBucket(c.ID), "accounts", &cached); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return err
		}
		for _, ca := range cached {
			if !u.listed || s.account(ca.Key) == nil {
				accts = append(accts, ca.Account)
			}
		}
	}
	for _, acct := range accts {
		ensure(acct)
	}

	// Flows and income: the months written, or every cached month once.
	var cacheKeys []string
	for id, pa := range byID {
		if pa.Built {
			pa.noteMonths(u.months[id])
			continue
		}
		if cacheKeys == nil {
			if cacheKeys, err = tx.List(cacheBucket(c.ID)); err != nil {
				return err
			}
		}
		all, err := readAllMonths(tx, cacheBucket(c.ID), pa.Key, cacheKeys, u.months[id])
		if err != nil {
			return err
		}
		pa.Flows, pa.Income = nil, nil
		pa.noteMonths(all)
		pa.Built = true
	}

	for id, bal := range u.balances {
		if pa := byID[id]; pa != nil {
			pa.Balances = normBalances(bal)
		}
	}
	for id, pos := range u.positions {
		if pa := byID[id]; pa != nil {
			pa.Holdings = holdingsOf(pos)
		}
	}
	for id, hist := range u.history {
		if pa := byID[id]; pa != nil {
			pa.backfill(hist, u.day)
		}
	}
	for id := range u.balances {
		if pa := byID[id]; pa != nil {
			pa.snapshot(u.day)
		}
	}
	for _, pa := range s.Accounts {
		if pa.Gone && len(pa.Balances) > 0 {
			pa.Balances, pa.Holdings = nil, nil
			pa.snapshot(u.day)
		}
	}
	if err := a.archive(tx, c.ID, s, cutoffFor(u.day)); err != nil {
		return err
	}
	return txPutRaw(tx, portfolioBucket(c.ID), keySummary, encodeSummary(s))
}

// readAllMonths reads every cached activity month of an account, taking
// the months in have (those just written: a first import's every month) as
// they are instead of decoding them again.
func readAllMonths(tx *vault.Tx, bucket, key string, keys []string, have map[string][]*integrations.Activity) (map[string][]*integrations.Activity, error) {
	prefix := "activities/" + key + "/"
	out := make(map[string][]*integrations.Activity, len(have))
	for m, rows := range have {
		out[m] = rows
	}
	for _, k := range keys {
		m, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if _, ok := have[m]; ok {
			continue
		}
		var rows []integrations.Activity
		if err := txGetJSON(tx, bucket, k, &rows); err != nil {
			return nil, err
		}
		out[m] = refs(rows)
	}
	return out, nil
}

// refs points at each of rows.
func refs(rows []integrations.Activity) []*integrations.Activity {
	if rows == nil {
		return nil
	}
	out := make([]*integrations.Activity, len(rows))
	for i := range rows {
		out[i] = &rows[i]
	}
	return out
}

func normBalances(in []integrations.Balance) []integrations.Balance {
	out := make([]integrations.Balance, 0, len(in))
	for _, b := range in {
		b.Currency = strings.ToUpper(strings.TrimSpace(b.Currency))
		out = append(out, b)
	}
	return out
}

// snapshot writes the account's rows of day from its balances: one per
// balance currency, a zero row for a currency it no longer holds, and the
// running net contributions of each currency.
func (a *pfAccount) snapshot(day int32) {
	contrib := a.contributions(day)
	seen := map[string]bool{}
	for _, b := range a.Balances {
		if b.Currency == "" || seen[b.Currency] {
			continue
		}
		seen[b.Currency] = true
		a.series(b.Currency).put(day, b.Total, b.Cash, contrib[b.Currency])
	}
	for cur, v := range contrib {
		if !seen[cur] && !v.IsZero() {
			seen[cur] = true
			a.series(cur).put(day, decimal.Decimal{}, decimal.Decimal{}, v)
		}
	}
	for _, s := range a.Series {
		if seen[s.Currency] {
			continue
		}
		if last, ok := s.at(day); ok && (last.Value != 0 || last.Cash != 0 || last.Contrib != 0) {
			s.put(day, decimal.Decimal{}, decimal.Decimal{}, contrib[s.Currency])
		}
	}
}

// backfill writes rows for the days before today an integration reported,
// where the account has none. Net contributions come from the cached
// activities when the account has any (so they agree with today's), else
// from the integration.
func (a *pfAccount) backfill(hist []integrations.DailyValue, today int32) {
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].Date < hist[j].Date })
	ownFlows := len(a.Flows) > 0
	running := map[string]decimal.Decimal{}
	fi := 0
	for _, h := range hist {
		day := epochDay(h.Date)
		if day == 0 || day >= today {
			continue
		}
		for ; fi < len(a.Flows) && a.Flows[fi].Day <= day; fi++ {
			f := a.Flows[fi]
			running[f.Currency] = running[f.Currency].Add(f.Amount)
		}
		cur := strings.ToUpper(h.Currency)
		if cur == "" {
			continue
		}
		s := a.series(cur)
		if r, ok := s.at(day); ok && r.Day == day {
			continue // a real snapshot of that day stands
		}
		contrib := h.NetContributions
		if ownFlows {
			contrib = running[cur]
		}
		s.put(day, h.Value, h.Cash, contrib)
	}
}

// archive moves the summary's rows before cutoff into the yearly archive
// records, keeping the last of them in the summary so the value in force
// at the cutoff is known without the archive.
func (a *App) archive(tx *vault.Tx, connID string, s *pfSummary, cutoff int32) error {
	if cutoff < s.Cutoff {
		cutoff = s.Cutoff
	}
	years := map[int]pfArchive{}
	for _, pa := range s.Accounts {
		for _, ser := range pa.Series {
			i := searchRows(ser.Rows, cutoff)
			if i == 0 || i == 1 && s.Cutoff == cutoff {
				continue // nothing before the cutoff, or only the carried row
			}
			old := ser.Rows[:i]
			for _, r := range old {
				y := time.Unix(int64(r.Day)*86400, 0).UTC().Year()
				arc, ok := years[y]
				if !ok {
					var err error
					arc, err = txGetDecoded(tx, portfolioBucket(connID), archiveKey(y), decodeArchive)
					if errors.Is(err, vault.ErrNotFound) {
						arc, err = pfArchive{}, nil
					}
					if err != nil {
						return err
					}
					years[y] = arc
				}
				as := findSeries(arc, pa.Key, ser.Currency)
				as.put(r.Day, unscaled(r.Value, ser.Scale), unscaled(r.Cash, ser.Scale), unscaled(r.Contrib, ser.Scale))
			}
			carry := old[len(old)-1]
			ser.Rows = append([]pfRow{carry}, ser.Rows[i:]...)
		}
	}
	s.Cutoff = cutoff
	for y, arc := range years {
		if err := txPutRaw(tx, portfolioBucket(connID), archiveKey(y), encodeArchive(arc)); err != nil {
			return err
		}
	}
	return nil
}

func findSeries(arc pfArchive, key, cur string) *pfSeries {
	for _, s := range arc[key] {
		if s.Currency == cur {
			return s
		}
	}
	s := &pfSeries{Currency: cur}
	arc[key] = append(arc[key], s)
	return s
}

// updatePortfolioOf is updatePortfolio for a connection read inside tx.
func (a *App) updatePortfolioOf(tx *vault.Tx, connID string, u pfUpdate) error {
	var c Connection
	if err := txGetJSON(tx, bucketConnections, connID, &c); err != nil {
		return err
	}
	return a.updatePortfolio(tx, &c, u)
}

// lastSnapshotDays is, per account key, the day of its newest snapshot.
func (a *App) lastSnapshotDays(ctx context.Context, connID string) (map[string]int32, error) {
	out := map[string]int32{}
	err := a.v.View(ctx, func(tx *vault.Tx) error {
		s, err := readSummary(tx, connID, needSeries)
		if err != nil || s == nil {
			return err
		}
		for _, pa := range s.Accounts {
			for _, ser := range pa.Series {
				if n := len(ser.Rows); n > 0 && ser.Rows[n-1].Day > out[pa.Key] {
					out[pa.Key] = ser.Rows[n-1].Day
				}
			}
		}
		return nil
	})
	return out, err
}
