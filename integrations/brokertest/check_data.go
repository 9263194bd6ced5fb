package brokertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// currencyRE matches an ISO 4217 code or a crypto code: upper case, 2 to 10
// letters or digits, at least one letter (BTC, USDC, 1INCH).
var currencyRE = regexp.MustCompile(`^[A-Z0-9]{2,10}$`)

func validCurrency(c string) bool {
	return currencyRE.MatchString(c) && strings.IndexFunc(c, unicode.IsLetter) >= 0
}

// maskChars are the characters a masked account number hides digits behind.
const maskChars = "•*xX#"

// masked reports whether an account number shows at most 4 digits and no run
// of more than 4 letters or digits ("••••1234", "U***4567", "xxxx-1234").
func masked(n string) bool {
	digits, run := 0, 0
	for _, r := range n {
		switch {
		case strings.ContainsRune(maskChars, r):
			run = 0
		case unicode.IsDigit(r):
			digits++
			run++
		case unicode.IsLetter(r):
			run++
		default:
			run = 0
		}
		if digits > 4 || run > 4 {
			return false
		}
	}
	return true
}

// floatArtefact reports whether d looks like a float64 printed in full:
// 0.30000000000000004, 12.339999999999998, more than 18 decimal places.
func floatArtefact(d decimal.Decimal) bool {
	if d.Exponent() < -18 && !d.Equal(d.Round(18)) {
		return true
	}
	s := d.String()
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return false
	}
	sig := strings.TrimLeft(strings.TrimRight(s[i+1:], "0"), "0")
	return len(sig) >= 10 && (strings.Contains(sig, "00000") || strings.Contains(sig, "99999"))
}

func checkDec(t tb, where string, d decimal.Decimal) {
	t.Helper()
	if floatArtefact(d) {
		t.Errorf("%s: %s looks like a float64 artefact: build decimals from the API's text, not through float64", where, d)
	}
}

func checkNullDec(t tb, where string, d decimal.NullDecimal) {
	t.Helper()
	if d.Valid {
		checkDec(t, where, d.Decimal)
	}
}

func checkAccounts(t tb, r *rig, where string, accts []integrations.Account) {
	t.Helper()
	ids := map[string]bool{}
	for i, a := range accts {
		w := fmt.Sprintf("%s: account %d (%s)", where, i, a.ID)
		if a.ID == "" {
			t.Errorf("%s: empty ID", w)
		}
		if ids[a.ID] {
			t.Errorf("%s: ID repeated", w)
		}
		ids[a.ID] = true
		if !masked(a.Number) {
			t.Errorf("%s: Number %q is not masked: show at most the last 4 digits", w, a.Number)
		}
		for _, full := range r.s.exp.FullAccountNumbers {
			if full != "" && (strings.Contains(a.Number, full) || strings.Contains(a.Name, full)) {
				t.Errorf("%s: Number or Name holds a full account number", w)
			}
		}
		if a.Name == "" && a.Number == "" {
			t.Errorf("%s: neither Name nor Number: nothing to show the user", w)
		}
		switch a.Category {
		case integrations.CategoryInvestment, integrations.CategoryCash, integrations.CategoryCrypto, integrations.CategoryRetirement:
		default:
			t.Errorf("%s: Category %q is not documented", w, a.Category)
		}
		if !validCurrency(a.Currency) {
			t.Errorf("%s: Currency %q is not an upper-case ISO 4217 or crypto code", w, a.Currency)
		}
		if a.Status == "" {
			t.Errorf("%s: empty Status", w)
		}
		if r.inst.Paper && !a.Paper {
			t.Errorf("%s: a paper institution's account is not marked Paper", w)
		}
	}
}

func checkBalances(t tb, acct string, bals []integrations.Balance) {
	t.Helper()
	seen := map[string]bool{}
	for _, b := range bals {
		w := fmt.Sprintf("account %s balance %s", acct, b.Currency)
		if !validCurrency(b.Currency) {
			t.Errorf("%s: Currency %q is not an upper-case ISO 4217 or crypto code", w, b.Currency)
		}
		if seen[b.Currency] {
			t.Errorf("%s: more than one balance in the currency: want one per currency", w)
		}
		seen[b.Currency] = true
		checkDec(t, w+" Cash", b.Cash)
		checkDec(t, w+" Total", b.Total)
		checkNullDec(t, w+" BuyingPower", b.BuyingPower)
	}
}

var securityTypes = []integrations.SecurityType{
	integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityFund, integrations.SecurityOption,
	integrations.SecurityCrypto, integrations.SecurityBond, integrations.SecurityCash, integrations.SecurityOther,
}

// valueTolerance is how far MarketValue may be from Units × Price: 1% or 5
// cents, whichever is more (prices are often rounded).
func nearValue(mv, want decimal.Decimal) bool {
	tol := decimal.Max(mv.Abs().Mul(decimal.RequireFromString("0.01")), decimal.RequireFromString("0.05"))
	return mv.Sub(want).Abs().LessThanOrEqual(tol)
}

func checkPositions(t tb, acct string, pos []integrations.Position) {
	t.Helper()
	for i, p := range pos {
		w := fmt.Sprintf("account %s position %d (%s)", acct, i, p.Symbol.Ticker)
		if p.Symbol.Ticker == "" {
			t.Errorf("%s: empty Symbol.Ticker", w)
		}
		valid := false
		for _, st := range securityTypes {
			valid = valid || st == p.Symbol.Type
		}
		if !valid {
			t.Errorf("%s: Symbol.Type %q is not documented", w, p.Symbol.Type)
		}
		if !validCurrency(p.Currency) {
			t.Errorf("%s: Currency %q is not an upper-case ISO 4217 or crypto code", w, p.Currency)
		}
		if p.Symbol.Currency != "" && !validCurrency(p.Symbol.Currency) {
			t.Errorf("%s: Symbol.Currency %q is not an upper-case ISO 4217 or crypto code", w, p.Symbol.Currency)
		}
		checkDec(t, w+" Units", p.Units)
		checkDec(t, w+" Price", p.Price)
		checkDec(t, w+" MarketValue", p.MarketValue)
		checkNullDec(t, w+" AverageCost", p.AverageCost)
		checkNullDec(t, w+" CostBasis", p.CostBasis)
		if p.Units.IsZero() || p.Price.IsZero() || p.MarketValue.IsZero() || p.Symbol.Type == integrations.SecurityOther {
			continue
		}
		up := p.Units.Mul(p.Price)
		ok := nearValue(p.MarketValue, up)
		switch p.Symbol.Type {
		case integrations.SecurityOption:
			ok = ok || nearValue(p.MarketValue, up.Mul(decimal.NewFromInt(100)))
		case integrations.SecurityBond:
			ok = ok || nearValue(p.MarketValue, up.Div(decimal.NewFromInt(100)))
		}
		if !ok {
			t.Errorf("%s: MarketValue %s is not Units × Price (%s × %s = %s)", w, p.MarketValue, p.Units, p.Price, up)
		}
	}
}

func checkActivities(t tb, acct string, acts []integrations.Activity) {
	t.Helper()
	ids := map[string]int{}
	for i, a := range acts {
		w := fmt.Sprintf("account %s activity %d (%s)", acct, i, a.ID)
		if a.ID == "" {
			t.Errorf("%s: empty ID", w)
		} else if j, dup := ids[a.ID]; dup {
			t.Errorf("%s: ID repeats activity %d (a page read twice?)", w, j)
		} else {
			ids[a.ID] = i
		}
		if !a.Type.Valid() {
			t.Errorf("%s: Type %q is not a universal activity type (unknown raw types map to OTHER)", w, a.Type)
		}
		if a.RawType == "" {
			t.Errorf("%s: RawType is empty: keep the institution's own type", w)
		}
		if _, err := integrations.ParseDate(string(a.TradeDate)); err != nil {
			t.Errorf("%s: TradeDate: %v", w, err)
		}
		if a.SettlementDate != "" {
			if _, err := integrations.ParseDate(string(a.SettlementDate)); err != nil {
				t.Errorf("%s: SettlementDate: %v", w, err)
			} else if a.SettlementDate < a.TradeDate {
				t.Errorf("%s: settles on %s, before its trade date %s", w, a.SettlementDate, a.TradeDate)
			}
		}
		if !validCurrency(a.Currency) {
			t.Errorf("%s: Currency %q is not an upper-case ISO 4217 or crypto code", w, a.Currency)
		}
		checkDec(t, w+" Units", a.Units)
		checkDec(t, w+" Price", a.Price)
		checkDec(t, w+" Amount", a.Amount)
		checkDec(t, w+" Fee", a.Fee)
		switch a.Type {
		case integrations.ActivityBuy, integrations.ActivitySell:
			if a.Symbol == "" {
				t.Errorf("%s: a %s without a Symbol", w, a.Type)
			}
		}
		// Amount is signed: positive increases the account's cash.
		switch a.Type {
		case integrations.ActivityBuy, integrations.ActivityWithdrawal:
			if a.Amount.IsPositive() {
				t.Errorf("%s: a %s with Amount %s: it takes cash out, so the amount is negative", w, a.Type, a.Amount)
			}
		case integrations.ActivitySell, integrations.ActivityContribution:
			if a.Amount.IsNegative() {
				t.Errorf("%s: a %s with Amount %s: it brings cash in, so the amount is positive", w, a.Type, a.Amount)
			}
		}
	}
}

// decimalFields are the JSON names of decimal fields that must be strings.
var decimalFields = []string{"cash", "buying_power", "total", "units", "price", "market_value", "average_cost", "cost_basis", "amount", "fee"}

// checkJSON round-trips v (a slice) through JSON: decimals must be written
// as strings and read back equal.
func checkJSON[T any](t tb, what string, v []T) {
	t.Helper()
	if len(v) == 0 {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Errorf("%s: JSON: %v", what, err)
		return
	}
	var back []T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Errorf("%s: JSON does not read back: %v", what, err)
		return
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("%s: JSON does not round-trip:\n%s\n%s", what, b, b2)
	}
	var rows []map[string]any
	_ = json.Unmarshal(b, &rows)
	for i, row := range rows {
		for _, f := range decimalFields {
			if x, ok := row[f]; ok && x != nil {
				if _, str := x.(string); !str {
					t.Errorf("%s %d: %q is written to JSON as %T, not a string", what, i, f, x)
				}
			}
		}
	}
}

// checkRows checks every account's rows (positions, activities) with check
// and as JSON, then that there are at least min of them and one of each
// wanted kind; missing is the complaint about a kind none has.
func checkRows[R any, K comparable](t tb, accounts []integrations.Account, rows map[string][]R, noun string,
	check func(tb, string, []R), kind func(R) K, min int, want []K, missing string) {
	n, kinds := 0, map[K]bool{}
	for _, a := range accounts {
		check(t, a.ID, rows[a.ID])
		checkJSON(t, noun+" of "+a.ID, rows[a.ID])
		n += len(rows[a.ID])
		for _, r := range rows[a.ID] {
			kinds[kind(r)] = true
		}
	}
	if n < min {
		t.Errorf("%d %s; want at least %d", n, noun, min)
	}
	for _, k := range want {
		if !kinds[k] {
			t.Errorf(missing, k)
		}
	}
}

// snapshot is everything a login's client read.
type snapshot struct {
	accounts   []integrations.Account
	balances   map[string][]integrations.Balance
	positions  map[string][]integrations.Position
	activities map[string][]integrations.Activity
}

func (s *suite) since(r *rig) time.Time {
	if !s.exp.Since.IsZero() {
		return s.exp.Since
	}
	return r.env.Time().AddDate(-10, 0, 0)
}

// fetch reads every list of every account.
func (r *rig) fetch(t tb, c integrations.Client) snapshot {
	t.Helper()
	s := r.s
	n0 := r.rec.n()
	accts, err := r.accounts(t, c)
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	if r.rec.n() == n0 {
		t.Errorf("plumbing: Accounts sent no request through Env.HTTP (its rate limiter and retries would not apply)")
	}
	snap := snapshot{accounts: accts, balances: map[string][]integrations.Balance{},
		positions: map[string][]integrations.Position{}, activities: map[string][]integrations.Activity{}}
	call := func(cap integrations.Capability, what, acct string, f func(ctx context.Context) error) {
		ctx, cancel := s.ctx(t)
		defer cancel()
		err := f(ctx)
		s.noteErr(t, what, err)
		switch {
		case err == nil:
		case !r.inst.Has(cap) && errors.Is(err, integrations.ErrNotSupported):
		case !r.inst.Has(cap):
			t.Errorf("%s of account %s: %v; want nil or ErrNotSupported for a capability the institution lacks", what, acct, err)
		default:
			t.Errorf("%s of account %s: %v", what, acct, err)
		}
	}
	since := s.since(r)
	for _, a := range accts {
		call(integrations.CapBalances, "Balances", a.ID, func(ctx context.Context) (err error) {
			snap.balances[a.ID], err = c.Balances(ctx, a.ID)
			return err
		})
		call(integrations.CapHoldings, "Positions", a.ID, func(ctx context.Context) (err error) {
			snap.positions[a.ID], err = c.Positions(ctx, a.ID)
			return err
		})
		call(integrations.CapTransactions, "Activities", a.ID, func(ctx context.Context) (err error) {
			snap.activities[a.ID], err = c.Activities(ctx, a.ID, since)
			return err
		})
	}
	return snap
}

// checkData reads everything with the first login and checks it.
func (s *suite) checkData(t tb, path string) {
	r := s.newRig(t)
	c, _, _ := r.client(t, s.h.Logins[0], nil)
	snap := r.fetch(t, c)
	in := r.inst

	s.run(t, path, "Accounts", func(t tb, _ string) {
		checkAccounts(t, r, "Accounts", snap.accounts)
		if len(snap.accounts) == 0 || len(snap.accounts) < s.exp.MinAccounts {
			t.Errorf("%d accounts; want at least %d", len(snap.accounts), max(1, s.exp.MinAccounts))
		}
		checkJSON(t, "accounts", snap.accounts)
	})
	s.run(t, path, "Balances", func(t tb, _ string) {
		if !in.Has(integrations.CapBalances) {
			t.Skip("the institution has no balances")
		}
		for _, a := range snap.accounts {
			if len(snap.balances[a.ID]) == 0 {
				t.Errorf("account %s has no balance", a.ID)
			}
			checkBalances(t, a.ID, snap.balances[a.ID])
			checkJSON(t, "balances of "+a.ID, snap.balances[a.ID])
		}
	})
	s.run(t, path, "Positions", func(t tb, _ string) {
		if !in.Has(integrations.CapHoldings) {
			t.Skip("the institution has no holdings")
		}
		checkRows(t, snap.accounts, snap.positions, "positions", checkPositions,
			func(p integrations.Position) integrations.SecurityType { return p.Symbol.Type },
			s.exp.MinPositions, s.exp.SecurityTypes, "no position of type %q")
	})
	s.run(t, path, "Activities", func(t tb, _ string) {
		if !in.Has(integrations.CapTransactions) {
			t.Skip("the institution has no transactions")
		}
		checkRows(t, snap.accounts, snap.activities, "activities", checkActivities,
			func(a integrations.Activity) integrations.ActivityType { return a.Type },
			s.exp.MinActivities, s.exp.ActivityTypes, "no activity of type %q: is its raw type mapped?")
	})
	s.run(t, path, "Currencies", func(t tb, _ string) {
		seen := map[string]bool{}
		for _, a := range snap.accounts {
			seen[a.Currency] = true
			for _, b := range snap.balances[a.ID] {
				seen[b.Currency] = true
			}
			for _, p := range snap.positions[a.ID] {
				seen[p.Currency] = true
			}
			for _, x := range snap.activities[a.ID] {
				seen[x.Currency] = true
			}
		}
		for _, c := range s.exp.Currencies {
			if !seen[c] {
				t.Errorf("currency %s appears nowhere (seen: %s)", c, keys(seen))
			}
		}
	})
	s.run(t, path, "Pagination", func(t tb, _ string) {
		if !s.exp.Paginated {
			t.Skip("Expect.Paginated is false")
		}
		for _, a := range snap.accounts {
			seen := map[string]bool{}
			for _, p := range snap.positions[a.ID] {
				b, _ := json.Marshal(p)
				if seen[string(b)] {
					t.Errorf("account %s: position %s appears twice (a page read twice?)", a.ID, p.Symbol.Ticker)
				}
				seen[string(b)] = true
			}
		}
		cn, ok := r.fake.(Counter)
		if !ok {
			t.Logf("the fake is not a Counter: rows are checked for duplicates and against Expect's minimums only")
			return
		}
		if want := cn.Count(ListAccounts, ""); len(snap.accounts) != want {
			t.Errorf("%d accounts; the fake serves %d", len(snap.accounts), want)
		}
		for _, a := range snap.accounts {
			if in.Has(integrations.CapHoldings) {
				if got, want := len(snap.positions[a.ID]), cn.Count(ListPositions, a.ID); got != want {
					t.Errorf("account %s: %d positions; the fake serves %d", a.ID, got, want)
				}
			}
			if in.Has(integrations.CapTransactions) {
				if got, want := len(snap.activities[a.ID]), cn.Count(ListActivities, a.ID); got != want {
					t.Errorf("account %s: %d activities; the fake serves %d", a.ID, got, want)
				}
			}
		}
	})
	s.run(t, path, "StableIDs", func(t tb, _ string) {
		again, err := r.accounts(t, c)
		if err != nil {
			t.Fatalf("Accounts again: %v", err)
		}
		if got, want := accountIDs(again), accountIDs(snap.accounts); got != want {
			t.Errorf("account ids changed between two reads: %s, then %s", want, got)
		}
		if !in.Has(integrations.CapTransactions) {
			return
		}
		for _, a := range snap.accounts {
			ctx, cancel := s.ctx(t)
			acts, err := c.Activities(ctx, a.ID, s.since(r))
			cancel()
			s.noteErr(t, "Activities", err)
			if err != nil {
				t.Fatalf("Activities of %s again: %v", a.ID, err)
			}
			if got, want := ActivityIDs(acts), ActivityIDs(snap.activities[a.ID]); got != want {
				t.Errorf("account %s: activity ids changed between two reads: ids must be stable for deduplication", a.ID)
			}
		}
	})
	s.run(t, path, "SinceHonoured", func(t tb, _ string) {
		if !in.Has(integrations.CapTransactions) {
			t.Skip("the institution has no transactions")
		}
		s.checkSince(t, r, c, snap)
	})
}

// checkSince reads the busiest account's activities again from a date in
// the middle of its history: the result must be the later part of the full
// read, and nothing more than a day before the date.
func (s *suite) checkSince(t tb, r *rig, c integrations.Client, snap snapshot) {
	var acct string
	for _, a := range snap.accounts {
		if len(snap.activities[a.ID]) > len(snap.activities[acct]) {
			acct = a.ID
		}
	}
	full := snap.activities[acct]
	dates := make([]string, 0, len(full))
	for _, a := range full {
		dates = append(dates, string(a.TradeDate))
	}
	sort.Strings(dates)
	if len(dates) < 2 || dates[0] == dates[len(dates)-1] {
		t.Skip("fewer than two activity dates to cut between")
	}
	cut := integrations.Date(dates[len(dates)/2])
	if cut == integrations.Date(dates[0]) {
		cut = integrations.Date(dates[len(dates)-1])
	}
	since := cut.Time()
	ctx, cancel := s.ctx(t)
	defer cancel()
	sub, err := c.Activities(ctx, acct, since)
	s.noteErr(t, "Activities", err)
	if err != nil {
		t.Fatalf("Activities of %s since %s: %v", acct, cut, err)
	}
	inFull := map[string]bool{}
	for _, a := range full {
		inFull[a.ID] = true
	}
	inSub := map[string]bool{}
	dayBefore := integrations.DateOf(since.AddDate(0, 0, -1))
	dayAfter := integrations.DateOf(since.AddDate(0, 0, 1))
	for _, a := range sub {
		inSub[a.ID] = true
		if !inFull[a.ID] {
			t.Errorf("account %s: activity %s read since %s is not in the full read", acct, a.ID, cut)
		}
		if a.TradeDate < dayBefore {
			t.Errorf("account %s: activity %s of %s read since %s: since is not honoured", acct, a.ID, a.TradeDate, cut)
		}
	}
	for _, a := range full {
		if a.TradeDate >= dayAfter && !inSub[a.ID] {
			t.Errorf("account %s: activity %s of %s is missing from the read since %s", acct, a.ID, a.TradeDate, cut)
		}
	}
	if len(sub) >= len(full) && dates[0] < string(dayBefore) {
		t.Errorf("account %s: the read since %s returned %d activities, as many as the full read", acct, cut, len(sub))
	}
}

func accountIDs(as []integrations.Account) string {
	return sortedIDs(as, func(a integrations.Account) string { return a.ID })
}

// ActivityIDs is the activities' ids, sorted and joined by commas: two
// reads of the same activities give the same text.
func ActivityIDs(as []integrations.Activity) string {
	return sortedIDs(as, func(a integrations.Activity) string { return a.ID })
}

func sortedIDs[T any](rows []T, id func(T) string) string {
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, id(r))
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

func keys(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
