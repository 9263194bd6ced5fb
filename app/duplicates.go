package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// A brokerage account can be reached by two routes: directly (Questrade's
// own API) and through a bridge (SnapTrade's Questrade connection), or
// through two bridges. Both connections then hold the same account, and a
// total over every account would count it twice. DuplicateAccounts finds
// such accounts; exactly one account of each group is counted in totals
// (UncountedAccounts lists the others), by default the direct route's, and
// the user may choose another (CountDuplicate), a choice kept in the vault.
//
// Two accounts are the same account when they belong to different
// connections and all of these hold:
//
//   - the same institution: the connections share an institution key — a
//     direct connection's keys are its institution's id, name and display
//     name; a bridge connection's are the name of what it reaches
//     (Connection.Name, "Questrade") and its monogram, which a bridge sets
//     to the id of Latchkey's direct integration of the same brokerage.
//     Names compare letters and digits only, case-insensitively, without
//     the words that vary between routes (Inc, Securities, Trade, US, ...);
//   - the same last four letters or digits of the masked account number
//     (numbers showing fewer never match);
//   - the same currency and the same paper flag.
//
// An account that would match two accounts of one connection is left out:
// the numbers cannot tell which it is.

// DuplicateGroup is one brokerage account reached by more than one
// connection.
type DuplicateGroup struct {
	// Key names the group across syncs: its institution, the last four of
	// its number, its currency and paper flag.
	Key string `json:"key"`
	// Institution is the brokerage's name as the user knows it.
	Institution string `json:"institution"`
	Number      string `json:"number"` // masked, "••••1234"
	Currency    string `json:"currency"`
	// Accounts are the group's accounts, one per connection, oldest
	// connection first.
	Accounts []AccountView `json:"accounts"`
	// Counted is the Ref of the one account counted in totals.
	Counted string `json:"counted"`
	// Chosen is true when the user chose Counted; false when it is the
	// default (the direct connection's, else the oldest connection's).
	Chosen bool `json:"chosen"`
}

// keyDuplicates is the settings record of the user's choices: group key →
// the Ref of the account counted.
const keyDuplicates = "duplicates"

// ErrNoDuplicate: no duplicate group with that key, or the account is not
// one of its accounts.
var ErrNoDuplicate = errors.New("no such duplicate account")

// DuplicateAccounts returns the accounts that more than one connection
// reaches, grouped, with the account counted in totals. It works offline,
// on the cached accounts.
func (a *App) DuplicateAccounts(ctx context.Context) ([]DuplicateGroup, error) {
	conns, err := a.Connections(ctx)
	if err != nil {
		return nil, err
	}
	return a.duplicateAccounts(ctx, conns)
}

// duplicateAccounts is DuplicateAccounts for the connections already read.
func (a *App) duplicateAccounts(ctx context.Context, conns []Connection) ([]DuplicateGroup, error) {
	accts, err := a.Accounts(ctx, "")
	if err != nil {
		return nil, err
	}
	chosen, err := a.duplicateChoices(ctx)
	if err != nil {
		return nil, err
	}
	type member struct {
		view   AccountView
		conn   int // index in conns
		keys   []string
		name   string
		bridge bool
	}
	byConn := map[string]int{}
	routes := make([]route, len(conns))
	for i, c := range conns {
		byConn[c.ID] = i
		routes[i] = a.routeOf(c)
	}
	// Bucket accounts by what their numbers and currencies show.
	buckets := map[string][]member{}
	var order []string
	for _, v := range accts {
		i, ok := byConn[v.ConnectionID]
		if !ok {
			continue
		}
		tail := lastFour(v.Number)
		cur := strings.ToUpper(strings.TrimSpace(v.Currency))
		if tail == "" || cur == "" {
			continue
		}
		b := fmt.Sprintf("%s|%s|%t", tail, cur, v.Paper)
		if _, seen := buckets[b]; !seen {
			order = append(order, b)
		}
		buckets[b] = append(buckets[b], member{view: v, conn: i, keys: routes[i].keys, name: routes[i].name, bridge: routes[i].bridge})
	}
	var out []DuplicateGroup
	for _, b := range order {
		ms := buckets[b]
		// Union accounts of different connections at the same institution.
		parent := make([]int, len(ms))
		for i := range parent {
			parent[i] = i
		}
		var find func(int) int
		find = func(i int) int {
			for parent[i] != i {
				parent[i] = parent[parent[i]]
				i = parent[i]
			}
			return i
		}
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				if ms[i].conn != ms[j].conn && shareKey(ms[i].keys, ms[j].keys) {
					parent[find(j)] = find(i)
				}
			}
		}
		groups := map[int][]member{}
		var roots []int
		for i := range ms {
			r := find(i)
			if _, seen := groups[r]; !seen {
				roots = append(roots, r)
			}
			groups[r] = append(groups[r], ms[i])
		}
		for _, r := range roots {
			g := groups[r]
			if len(g) < 2 {
				continue
			}
			conns := map[int]bool{}
			ambiguous := false
			for _, m := range g {
				ambiguous = ambiguous || conns[m.conn]
				conns[m.conn] = true
			}
			if ambiguous {
				continue
			}
			sort.SliceStable(g, func(i, j int) bool { return g[i].conn < g[j].conn })
			common := slices.Clone(g[0].keys)
			all := slices.Clone(g[0].keys)
			for _, m := range g[1:] {
				common = slices.DeleteFunc(common, func(k string) bool { return !slices.Contains(m.keys, k) })
				all = append(all, m.keys...)
			}
			if len(common) == 0 {
				common = all
			}
			slices.Sort(common)
			parts := strings.Split(b, "|") // last four, currency, paper
			h := sha256.Sum256([]byte("duplicate\x00" + common[0] + "\x00" + b))
			grp := DuplicateGroup{Key: hex.EncodeToString(h[:12]), Number: "••••" + parts[0], Currency: parts[1]}
			def := -1
			for i, m := range g {
				grp.Accounts = append(grp.Accounts, m.view)
				if def < 0 && !m.bridge {
					def = i
				}
			}
			if def < 0 {
				def = 0
			}
			grp.Institution = g[def].name
			grp.Counted = g[def].view.Ref
			if ref, ok := chosen[grp.Key]; ok {
				for _, m := range g {
					if m.view.Ref == ref {
						grp.Counted, grp.Chosen = ref, true
					}
				}
			}
			out = append(out, grp)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Institution != out[j].Institution {
			return out[i].Institution < out[j].Institution
		}
		return out[i].Number < out[j].Number
	})
	return out, nil
}

// UncountedAccounts returns the Refs of the accounts left out of totals:
// every account of a duplicate group but the one counted.
func (a *App) UncountedAccounts(ctx context.Context) (map[string]bool, error) {
	groups, err := a.DuplicateAccounts(ctx)
	if err != nil {
		return nil, err
	}
	return uncountedIn(groups), nil
}

// uncountedIn is every account of the groups but the counted ones.
func uncountedIn(groups []DuplicateGroup) map[string]bool {
	out := map[string]bool{}
	for _, g := range groups {
		for _, v := range g.Accounts {
			if v.Ref != g.Counted {
				out[v.Ref] = true
			}
		}
	}
	return out
}

// CountDuplicate records the user's choice of the account counted in
// totals for a duplicate group. With key "", the group is the one that
// holds ref, which may then be an unambiguous prefix of at least
// MinIDPrefix characters. It fails with ErrNoDuplicate when there is no
// such group or ref is not one of its accounts.
func (a *App) CountDuplicate(ctx context.Context, key, ref string) error {
	groups, err := a.DuplicateAccounts(ctx)
	if err != nil {
		return err
	}
	if key == "" {
		if key, ref, err = duplicateOf(groups, ref); err != nil {
			return err
		}
	}
	for _, g := range groups {
		if g.Key != key {
			continue
		}
		for _, v := range g.Accounts {
			if v.Ref != ref {
				continue
			}
			return a.v.Update(ctx, func(tx *vault.Tx) error {
				m := map[string]string{}
				if err := txGetJSON(tx, bucketSettings, keyDuplicates, &m); err != nil && !errors.Is(err, vault.ErrNotFound) {
					return err
				}
				m[key] = ref
				return txPutJSON(tx, bucketSettings, keyDuplicates, m)
			})
		}
		return fmt.Errorf("%w: that account is not one of the group's", ErrNoDuplicate)
	}
	return ErrNoDuplicate
}

// duplicateOf finds the group holding an account ref, or an unambiguous
// prefix of one (at least MinIDPrefix characters).
func duplicateOf(groups []DuplicateGroup, id string) (key, ref string, err error) {
	found := 0
	for _, g := range groups {
		for _, v := range g.Accounts {
			if v.Ref == id {
				return g.Key, v.Ref, nil
			}
			if len(id) >= MinIDPrefix && strings.HasPrefix(v.Ref, id) {
				key, ref = g.Key, v.Ref
				found++
			}
		}
	}
	switch {
	case found == 1:
		return key, ref, nil
	case found > 1:
		return "", "", fmt.Errorf("%w: %s is ambiguous; give more of the account id", ErrNoDuplicate, id)
	}
	return "", "", fmt.Errorf("%w: %s", ErrNoDuplicate, id)
}

func (a *App) duplicateChoices(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	err := getJSON(ctx, a.v, bucketSettings, keyDuplicates, &m)
	if errors.Is(err, vault.ErrNotFound) {
		return map[string]string{}, nil
	}
	return m, err
}

// route is what a connection says of the institution it reaches.
type route struct {
	keys   []string // institution keys ("id:questrade", "name:questrade")
	name   string   // the institution's name as shown
	bridge bool
}

func (a *App) routeOf(c Connection) route {
	add := func(r *route, k string) {
		if k != "" && !slices.Contains(r.keys, k) {
			r.keys = append(r.keys, k)
		}
	}
	nameKey := func(s string) string {
		if n := normInstitution(s); n != "" {
			return "name:" + n
		}
		return ""
	}
	if c.Name != "" || c.Method == integrations.AuthBridge {
		r := route{name: c.Name, bridge: true}
		add(&r, nameKey(c.Name))
		if c.Monogram != "" {
			add(&r, "id:"+c.Monogram)
		}
		if r.name == "" {
			r.name = c.Label
		}
		return r
	}
	r := route{name: c.InstitutionID}
	add(&r, "id:"+c.InstitutionID)
	if in, err := a.reg.Get(c.InstitutionID); err == nil {
		inst := in.Institution()
		r.name = inst.Name
		add(&r, nameKey(inst.Name))
		add(&r, nameKey(inst.DisplayName))
	}
	return r
}

// routeWords are words that differ between two routes' names of one
// brokerage ("Wealthsimple Trade", "Vanguard US", "Questrade, Inc.").
var routeWords = map[string]bool{
	"inc": true, "llc": true, "ltd": true, "corp": true, "co": true, "the": true,
	"securities": true, "brokerage": true, "broker": true, "investing": true, "investments": true,
	"financial": true, "trade": true, "trading": true, "us": true, "usa": true,
}

// normInstitution is a brokerage name reduced for comparison.
func normInstitution(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !routeWords[w] {
			b.WriteString(w)
		}
	}
	return b.String()
}

// lastFour is the last four letters or digits of a masked number, upper
// case; "" when it shows fewer.
func lastFour(n string) string {
	var keep []rune
	for _, r := range []rune(n) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			keep = append(keep, unicode.ToUpper(r))
		}
	}
	if len(keep) < 4 {
		return ""
	}
	return string(keep[len(keep)-4:])
}

func shareKey(a, b []string) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}
