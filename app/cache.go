package app

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// AccountView is a cached account with its connection and balances.
type AccountView struct {
	// Ref is Latchkey's local id of the account: stable, and free of the
	// institution's account number.
	Ref          string `json:"id"`
	ConnectionID string `json:"connection"`
	integrations.Account
	Balances []integrations.Balance `json:"balances"`
	// Stale is true when the connection's data may be out of date.
	Stale bool `json:"stale"`
	// AsOf is when the holdings were last synced.
	AsOf time.Time `json:"as_of,omitzero"`
}

// PositionView is a cached position with its account.
type PositionView struct {
	AccountRef string `json:"account"`
	integrations.Position
}

// ActivityView is a cached activity with its account.
type ActivityView struct {
	AccountRef string `json:"account"`
	integrations.Activity
}

// StaleAfter is how old a successful sync may be before its data is shown as
// stale.
const StaleAfter = 24 * time.Hour

// Accounts returns the cached accounts of one connection ("" = all), with
// balances. It works offline and for disabled connections.
func (a *App) Accounts(ctx context.Context, connectionID string) ([]AccountView, error) {
	conns, err := a.selectConnections(ctx, connectionID)
	if err != nil {
		return nil, err
	}
	var out []AccountView
	now := a.Now()
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		for _, c := range conns {
			var accts []cachedAccount
			if err := txGetJSON(tx, cacheBucket(c.ID), "accounts", &accts); err != nil {
				if errors.Is(err, vault.ErrNotFound) {
					continue
				}
				return err
			}
			for _, acct := range accts {
				v := AccountView{Ref: acct.Key, ConnectionID: c.ID, Account: acct.Account,
					Stale: a.stale(c, now), AsOf: c.Sync[DataHoldings].LastSuccess}
				if err := txGetJSON(tx, cacheBucket(c.ID), "balances/"+acct.Key, &v.Balances); err != nil && !errors.Is(err, vault.ErrNotFound) {
					return err
				}
				out = append(out, v)
			}
		}
		return nil
	})
	return out, err
}

func (a *App) selectConnections(ctx context.Context, id string) ([]Connection, error) {
	if id == "" {
		return a.Connections(ctx)
	}
	c, err := a.Connection(ctx, id)
	if err != nil {
		return nil, err
	}
	return []Connection{c}, nil
}

// findAccount returns the cached account with the given ref (or an
// unambiguous prefix of it).
func (a *App) findAccount(ctx context.Context, ref string) (AccountView, error) {
	all, err := a.Accounts(ctx, "")
	if err != nil {
		return AccountView{}, err
	}
	var match []AccountView
	for _, v := range all {
		if v.Ref == ref {
			return v, nil
		}
		if strings.HasPrefix(v.Ref, ref) {
			match = append(match, v)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return AccountView{}, errors.New("no account with id " + ref)
}

// accountsFor returns the accounts a query covers: one (ref) or all.
func (a *App) accountsFor(ctx context.Context, ref string) ([]AccountView, error) {
	if ref == "" {
		return a.Accounts(ctx, "")
	}
	v, err := a.findAccount(ctx, ref)
	if err != nil {
		return nil, err
	}
	return []AccountView{v}, nil
}

// Positions returns cached positions of one account (ref "" = all).
func (a *App) Positions(ctx context.Context, accountRef string) ([]PositionView, error) {
	accts, err := a.accountsFor(ctx, accountRef)
	if err != nil {
		return nil, err
	}
	var out []PositionView
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		for _, acct := range accts {
			var pos []integrations.Position
			if err := txGetJSON(tx, cacheBucket(acct.ConnectionID), "positions/"+acct.Ref, &pos); err != nil {
				if errors.Is(err, vault.ErrNotFound) {
					continue
				}
				return err
			}
			for _, p := range pos {
				out = append(out, PositionView{AccountRef: acct.Ref, Position: p})
			}
		}
		return nil
	})
	return out, err
}

// ActivityFilter selects cached activities.
type ActivityFilter struct {
	AccountRef string
	Since      integrations.Date // inclusive, "" = no bound
	Until      integrations.Date // inclusive, "" = no bound
	Type       integrations.ActivityType
	Symbol     string
}

// Activities returns cached activities matching f, oldest first.
func (a *App) Activities(ctx context.Context, f ActivityFilter) ([]ActivityView, error) {
	accts, err := a.accountsFor(ctx, f.AccountRef)
	if err != nil {
		return nil, err
	}
	var out []ActivityView
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		for _, acct := range accts {
			bucket := cacheBucket(acct.ConnectionID)
			keys, err := tx.List(bucket)
			if err != nil {
				return err
			}
			prefix := "activities/" + acct.Ref + "/"
			for _, k := range keys {
				if !strings.HasPrefix(k, prefix) {
					continue
				}
				month := strings.TrimPrefix(k, prefix)
				if f.Since != "" && month < monthOf(f.Since) || f.Until != "" && month > monthOf(f.Until) {
					continue
				}
				var acts []integrations.Activity
				if err := txGetJSON(tx, bucket, k, &acts); err != nil {
					return err
				}
				for _, x := range acts {
					if f.matches(x) {
						out = append(out, ActivityView{AccountRef: acct.Ref, Activity: x})
					}
				}
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate < out[j].TradeDate })
	return out, err
}

func (f ActivityFilter) matches(x integrations.Activity) bool {
	switch {
	case f.Since != "" && x.TradeDate < f.Since:
		return false
	case f.Until != "" && x.TradeDate > f.Until:
		return false
	case f.Type != "" && x.Type != f.Type:
		return false
	case f.Symbol != "" && !strings.EqualFold(x.Symbol, f.Symbol):
		return false
	}
	return true
}
