package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// ErrOlderStatement: the file's data is older than what the connection
// already holds. Import it as a backfill (ImportOptions.Backfill) to add its
// activities; its holdings never replace newer ones.
var ErrOlderStatement = errors.New("this statement is older than the data already imported")

// ImportOptions tune ImportData.
type ImportOptions struct {
	// Backfill accepts a statement older than the connection's data: its
	// activities are merged, its holdings and balances are not used.
	Backfill bool
}

// ImportResult says what an import changed.
type ImportResult struct {
	NewActivities   int       `json:"new_activities"`
	KnownActivities int       `json:"known_activities"` // already imported, left as they were
	Accounts        int       `json:"accounts"`
	HoldingsAsOf    time.Time `json:"holdings_as_of,omitzero"` // zero when the holdings were not replaced
}

// FedByData reports whether a connection is fed by data handed to it
// (statement imports) rather than read by a client: syncing it reads
// nothing.
func (c Connection) FedByData() bool { return c.Method == integrations.AuthImport }

// ImportData merges a parsed statement into an import connection: accounts
// are added or updated (a file may cover only some of them), activities are
// merged by id (the same file twice changes nothing; overlapping files
// merge), and balances and holdings are replaced only by a statement at
// least as new as the connection's. Everything is written in one
// transaction.
func (a *App) ImportData(ctx context.Context, connID string, ds *integrations.Dataset, opts ImportOptions) (ImportResult, error) {
	if ds == nil {
		return ImportResult{}, errors.New("nothing to import")
	}
	c, err := a.Connection(ctx, connID)
	if err != nil {
		return ImportResult{}, err
	}
	m := a.connLock(c.ID)
	m.Lock()
	defer m.Unlock()
	if !c.DataAsOf.IsZero() && ds.AsOf.Before(c.DataAsOf) && !opts.Backfill {
		return ImportResult{}, fmt.Errorf("%w (statement of %s, data of %s)", ErrOlderStatement,
			ds.AsOf.Format(time.DateOnly), c.DataAsOf.Format(time.DateOnly))
	}
	var res ImportResult
	_, err = a.updateConnection(ctx, c.ID, func(tx *vault.Tx, c *Connection) error {
		r, err := a.putDataset(tx, c, ds)
		res = r
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	return res, nil
}

// putDataset writes ds into c's cache inside tx and updates c (accounts,
// sync states, DataAsOf). Holdings are replaced only when ds is at least as
// new as what c holds.
func (a *App) putDataset(tx *vault.Tx, c *Connection, ds *integrations.Dataset) (ImportResult, error) {
	bucket := cacheBucket(c.ID)
	now := a.Now()
	newer := c.DataAsOf.IsZero() || !ds.AsOf.Before(c.DataAsOf)
	var res ImportResult

	var accts []cachedAccount
	if err := txGetJSON(tx, bucket, "accounts", &accts); err != nil && !errors.Is(err, vault.ErrNotFound) {
		return res, err
	}
	// The portfolio records follow: a snapshot of the statement's day for
	// the balances it brings, flows and income of the months it touched.
	u := pfUpdate{day: epochDay(integrations.DateOf(ds.AsOf.UTC())), accounts: ds.Accounts,
		balances: map[string][]integrations.Balance{}, positions: map[string][]integrations.Position{}}
	for _, acct := range ds.Accounts {
		key := accountKey(c.ID, acct.ID)
		i := slices.IndexFunc(accts, func(x cachedAccount) bool { return x.Key == key })
		switch {
		case i < 0:
			accts = append(accts, cachedAccount{Account: acct, Key: key})
			if !slices.Contains(c.AccountIDs, acct.ID) {
				// A new connection lists its login's accounts already.
				c.AccountIDs = append(c.AccountIDs, acct.ID)
			}
		case newer:
			accts[i].Account = acct
		}
		res.Accounts++
		if newer {
			if bal, ok := ds.Balances[acct.ID]; ok {
				if err := txPutJSON(tx, bucket, "balances/"+key, bal); err != nil {
					return res, err
				}
				u.balances[acct.ID] = bal
			}
			if pos, ok := ds.Positions[acct.ID]; ok {
				if err := txPutJSON(tx, bucket, "positions/"+key, pos); err != nil {
					return res, err
				}
				u.positions[acct.ID] = pos
			}
		}
		note := func(m string, rows []*integrations.Activity) { u.noteMonth(acct.ID, m, rows) }
		n, known, err := countAndUpsert(tx, bucket, key, ds.Activities[acct.ID], note)
		if err != nil {
			return res, err
		}
		res.NewActivities += n
		res.KnownActivities += known
	}
	if err := txPutJSON(tx, bucket, "accounts", accts); err != nil {
		return res, err
	}
	if err := a.updatePortfolio(tx, c, u); err != nil {
		return res, err
	}
	if c.Sync == nil {
		c.Sync = map[string]SyncState{}
	}
	for _, name := range []string{DataHoldings, DataTransactions} {
		s := c.Sync[name]
		if name == DataHoldings && !newer {
			continue
		}
		s.LastAttempt, s.LastSuccess, s.LastError, s.LastErrorText, s.Partial = now, now, "", "", ""
		c.Sync[name] = s
	}
	if newer {
		c.DataAsOf = ds.AsOf.UTC()
		res.HoldingsAsOf = c.DataAsOf
	}
	return res, nil
}

// statementAge says how old an import connection's newest statement is, in
// words for its status line ("statement is 40 days old").
func statementAge(now, asOf time.Time) string {
	days := int(now.Sub(asOf).Hours() / 24)
	switch {
	case days <= 0:
		return "statement is from today"
	case days == 1:
		return "statement is 1 day old"
	default:
		return fmt.Sprintf("statement is %d days old", days)
	}
}

// StatusNote is a short line about the connection's data for its row:
// "Imported 3 days ago" / "statement is 40 days old" for an import
// connection, what a partial sync missed otherwise; "" when nothing to say.
func (a *App) StatusNote(c Connection) string {
	now := a.Now()
	if c.FedByData() {
		if c.DataAsOf.IsZero() {
			return "Nothing imported yet"
		}
		if a.Status(c) == StatusExpiring {
			return strings.ToUpper(statementAge(now, c.DataAsOf)[:1]) + statementAge(now, c.DataAsOf)[1:] + ": import a newer statement"
		}
		last := c.Sync[DataHoldings].LastSuccess
		if last.IsZero() {
			last = c.DataAsOf
		}
		return "Imported " + integrations.HumanAgo(now.Sub(last))
	}
	var parts []string
	for _, name := range []string{DataHoldings, DataTransactions} {
		if p := c.Sync[name].Partial; p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) > 0 {
		return "Partly synced: " + strings.Join(parts, "; ")
	}
	return ""
}

// staleAfter is the institution's statement staleness window.
func (a *App) staleAfter(institutionID string) time.Duration {
	if in, err := a.reg.Get(institutionID); err == nil {
		if w := in.Institution().StaleAfter; w > 0 {
			return w
		}
	}
	return integrations.DefaultStaleAfter
}
