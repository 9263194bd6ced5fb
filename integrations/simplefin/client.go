package simplefin

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// client reads one SimpleFIN connection: the accounts of one institution
// login at the server, out of GET /accounts of the access URL.
type client struct {
	in  *Integration
	api *api
	sec secret
	now func() time.Time

	mu   sync.Mutex
	snap *snapshot
}

var _ integrations.Client = (*client)(nil)

// load reads GET /accounts for the last Options.Window, or takes the read
// another connection of the same access URL made a moment ago.
func (c *client) load(ctx context.Context) (*snapshot, error) {
	e := c.in.cache.entry(c.sec.AccessURL)
	if err := e.lock(ctx); err != nil {
		return nil, err
	}
	defer e.unlock()
	now := c.now()
	c.mu.Lock()
	mine := c.snap
	c.mu.Unlock()
	if s := e.snap; s != nil && s != mine && !now.Before(s.at) && now.Sub(s.at) < c.in.opts.ShareFor {
		c.keep(s)
		return s, nil
	}
	e.snap = nil
	start := now.Add(-c.in.opts.Window)
	b, err := c.api.accounts(ctx, query(start, time.Time{}, false))
	if err != nil {
		return nil, err
	}
	set, err := decodeSet(b)
	if err != nil {
		return nil, c.api.http.Malformed()
	}
	s := &snapshot{at: now, start: start, set: set}
	e.snap = s
	c.keep(s)
	return s, nil
}

func (c *client) keep(s *snapshot) {
	c.mu.Lock()
	c.snap = s
	c.mu.Unlock()
}

// current is the snapshot Accounts read, or a new read.
func (c *client) current(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	s := c.snap
	c.mu.Unlock()
	if s != nil {
		return s, nil
	}
	return c.load(ctx)
}

// name is what the connection reaches, for messages.
func (c *client) name() string { return firstOf(c.sec.Name, "this institution") }

// check turns what the server says about the whole access URL or this
// connection into the connection's error: gen.auth, con.auth (or the
// deprecated "Connection to … may need attention"), or the connection
// missing from the set.
func (c *client) check(s *snapshot) (issues, error) {
	conns := s.set.connections()
	is := s.set.issues(conns)
	who := c.api.name
	if is.genAuth != "" {
		return is, integrations.Wrap(integrations.ErrReauthRequired,
			who+" refused Latchkey's access: \""+is.genAuth+"\". Repair with a new setup token")
	}
	if msg, ok := is.connAuth[c.sec.Conn]; ok {
		return is, integrations.Wrap(integrations.ErrReauthRequired,
			who+" says its login to "+c.name()+" needs your attention: \""+msg+"\". Fix it at the Bridge; Repair opens its page")
	}
	for _, x := range conns {
		if x.Key == c.sec.Conn {
			return is, nil
		}
	}
	return is, integrations.Wrap(integrations.ErrReauthRequired,
		who+" no longer lists the connection to "+c.name()+" (was it removed there?). Connect it again at the Bridge, "+
			"or remove this connection")
}

// Accounts reads the access URL's accounts and returns this connection's.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := c.check(s); err != nil {
		return nil, err
	}
	var out []integrations.Account
	for _, a := range s.set.accountsOf(c.sec.Conn) {
		if acct, ok := mapAccount(a); ok {
			out = append(out, acct)
		}
	}
	return out, nil
}

// account finds one of the connection's accounts in the snapshot, with the
// server's issues; an account the server could not read (act.failed) is
// ErrUnavailable with its words.
func (c *client) account(ctx context.Context, id string) (*snapshot, wireAccount, integrations.Account, issues, error) {
	s, err := c.current(ctx)
	if err != nil {
		return nil, wireAccount{}, integrations.Account{}, issues{}, err
	}
	is, err := c.check(s)
	if err != nil {
		return nil, wireAccount{}, integrations.Account{}, is, err
	}
	for _, a := range s.set.accountsOf(c.sec.Conn) {
		if string(a.ID) != id {
			continue
		}
		acct, ok := mapAccount(a)
		if !ok {
			break
		}
		if msg, bad := is.acctFailed[id]; bad {
			return nil, a, acct, is, integrations.Wrap(integrations.ErrUnavailable, c.api.name+" could not read the account this time: \""+msg+"\"")
		}
		return s, a, acct, is, nil
	}
	return nil, wireAccount{}, integrations.Account{}, is, integrations.Wrap(integrations.ErrUnavailable,
		c.api.name+" did not list the account this time")
}

// Balances returns the account's balance from the read.
func (c *client) Balances(ctx context.Context, id string) ([]integrations.Balance, error) {
	_, a, acct, _, err := c.account(ctx, id)
	if err != nil {
		return nil, err
	}
	return mapBalances(a, acct.Currency), nil
}

// Positions returns the account's holdings from the read (none for most
// bank accounts: the Bridge sends holdings "for many brokerages").
func (c *client) Positions(ctx context.Context, id string) ([]integrations.Position, error) {
	_, a, acct, _, err := c.account(ctx, id)
	if err != nil {
		return nil, err
	}
	return mapPositions(a, acct.Currency, c.now()), nil
}

// Activities returns the account's transactions on or after since: from
// the read, and, when since is before its window, from one more read of the
// window before it (at most Options.MaxHistory back), shared like the
// first. A read the server calls incomplete (act.missingdata), and what the
// server says to the user about the whole set, come with the rows as
// integrations.ErrPartial: the rows are kept without taking the missing
// ones as gone.
func (c *client) Activities(ctx context.Context, id string, since time.Time) ([]integrations.Activity, error) {
	s, a, acct, is, err := c.account(ctx, id)
	if err != nil {
		return nil, err
	}
	acts := mapActivities(a, acct.Currency, acct.Category, since)
	if since.IsZero() || since.Before(s.start) {
		older, err := c.older(ctx, s, since)
		if err != nil {
			return nil, err
		}
		if older != nil {
			have := map[string]bool{}
			for _, x := range acts {
				have[x.ID] = true
			}
			for _, o := range older.accountsOf(c.sec.Conn) {
				if string(o.ID) != id {
					continue
				}
				for _, x := range mapActivities(o, acct.Currency, acct.Category, since) {
					if !have[x.ID] {
						have[x.ID] = true
						acts = append(acts, x)
					}
				}
			}
		}
	}
	var notes []string
	if msg, ok := is.acctMissing[id]; ok {
		notes = append(notes, c.api.name+" says the account's transactions are incomplete: \""+msg+"\"")
	}
	if first := c.firstAccount(s); first == id {
		// What the server says to the user about the set or this
		// connection, once per sync: with the first account's rows.
		general := append(append([]string(nil), is.general...), is.conn[c.sec.Conn]...)
		if len(general) > 0 {
			notes = append(notes, c.api.name+" says: \""+strings.Join(general, "\"; \"")+"\"")
		}
	}
	if len(notes) > 0 {
		return acts, integrations.Wrap(integrations.ErrPartial, strings.Join(notes, "; "))
	}
	return acts, nil
}

func (c *client) firstAccount(s *snapshot) string {
	for _, a := range s.set.accountsOf(c.sec.Conn) {
		if _, ok := mapAccount(a); ok {
			return string(a.ID)
		}
	}
	return ""
}

// older reads (once per snapshot) the window before the snapshot's, from
// since or Options.MaxHistory back, whichever is later; nil when there is
// nothing before the window to read.
func (c *client) older(ctx context.Context, s *snapshot, since time.Time) (*wireSet, error) {
	from := s.at.Add(-c.in.opts.MaxHistory)
	if since.After(from) {
		from = since
	}
	if !from.Before(s.start) {
		return nil, nil
	}
	e := c.in.cache.entry(c.sec.AccessURL)
	if err := e.lock(ctx); err != nil {
		return nil, err
	}
	defer e.unlock()
	if s.olderErr != nil {
		return nil, s.olderErr
	}
	if s.older != nil && !s.olderFrom.After(from) {
		return s.older, nil
	}
	b, err := c.api.accounts(ctx, query(from, s.start, false))
	if err == nil {
		var set *wireSet
		if set, err = decodeSet(b); err == nil {
			s.older, s.olderFrom = set, from
			return set, nil
		}
		err = c.api.http.Malformed()
	}
	if integrations.Transient(err) || integrations.Code(err) == integrations.CodeReauthRequired {
		// Every account of the sync would ask again: answer them this.
		s.olderErr = err
	}
	return nil, err
}
