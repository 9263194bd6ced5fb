package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

func sortStrings(s []string) { sort.Strings(s) }

func (a *App) resolveCurrency(ctx context.Context, c string) (string, error) {
	if c == "" {
		return a.BaseCurrency(ctx)
	}
	return CurrencyCode(c)
}

// pfConn is one connection with its portfolio summary, as loaded.
type pfConn struct {
	c     Connection
	inst  string // institution (or reached institution) display name
	stale bool
	s     *pfSummary
}

// pfData is everything the computations read, in one vault transaction.
type pfData struct {
	conns []pfConn
	// duplicates are the accounts reached by more than one connection;
	// all but the counted one of each are left out of conns' summaries.
	// A load that asked for needEveryAccount neither finds nor drops them.
	duplicates []DuplicateGroup
	book       *rateBook
	base       string
	today      int32
}

// load reads every connection's summary, with its archived snapshots from
// day from on (0: none beyond the summary; -1: all), and the rates.
func (a *App) load(ctx context.Context, currency string, from int32, need pfNeed, incomeMonths ...int) (*pfData, error) {
	months := 12
	if len(incomeMonths) > 0 && incomeMonths[0] > months {
		months = incomeMonths[0]
	}
	base, err := a.resolveCurrency(ctx, currency)
	if err != nil {
		return nil, err
	}
	conns, err := a.Connections(ctx)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	d := &pfData{base: base, today: epochDay(integrations.DateOf(now))}
	var uncounted map[string]bool
	if len(conns) > 1 && need&needEveryAccount == 0 {
		if d.duplicates, err = a.duplicateAccounts(ctx, conns); err != nil {
			return nil, fmt.Errorf("read the portfolio: %w", err)
		}
		uncounted = uncountedIn(d.duplicates)
	}
	rd := pfRead{need: need, incomeFrom: incomeFrom(now, months)}
	if from > 0 {
		rd.seriesFrom = from
	}
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		sums, err := readSummaries(tx, conns, rd)
		if err != nil {
			return err
		}
		for i, c := range conns {
			s := sums[i]
			if s == nil {
				// Synced before the portfolio records existed: from the cache.
				if s, err = summaryFromCache(tx, c); err != nil {
					return err
				}
			} else if from != 0 && (from < 0 || from < s.Cutoff) {
				if err := mergeArchives(tx, c.ID, s, from); err != nil {
					return err
				}
			}
			if len(uncounted) > 0 {
				s.Accounts = slices.DeleteFunc(s.Accounts, func(pa *pfAccount) bool { return uncounted[pa.Key] })
			}
			d.conns = append(d.conns, pfConn{c: c, inst: a.institutionName(c), stale: a.stale(c, now), s: s})
		}
		bookFrom := from
		if bookFrom <= 0 {
			bookFrom = d.today - 400
			for _, pc := range d.conns {
				for _, pa := range pc.s.Accounts {
					for _, ser := range pa.Series {
						if len(ser.Rows) > 0 && ser.Rows[0].Day < bookFrom {
							bookFrom = ser.Rows[0].Day
						}
					}
				}
			}
		}
		want := map[string]bool{base: true}
		for _, pc := range d.conns {
			for _, pa := range pc.s.Accounts {
				want[pa.Currency] = true
				for _, b := range pa.Balances {
					want[b.Currency] = true
				}
				for _, h := range pa.Holdings {
					want[h.Currency] = true
				}
				for _, in := range pa.Income {
					want[in.Currency] = true
				}
				for _, ser := range pa.Series {
					want[ser.Currency] = true
				}
			}
		}
		d.book, err = loadRateBook(tx, bookFrom, now, want)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the portfolio: %w", err)
	}
	return d, nil
}

// incomeFrom is the first month (YYYY-MM) of the last n months to now.
func incomeFrom(now time.Time, n int) string {
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(n - 1), 0).Format("2006-01")
}

func (a *App) institutionName(c Connection) string {
	if c.Name != "" {
		return c.Name
	}
	if in, err := a.reg.Get(c.InstitutionID); err == nil {
		return in.Institution().DisplayName
	}
	return c.InstitutionID
}

// summaryFromCache builds a summary (without snapshots) from the cache.
func summaryFromCache(tx *vault.Tx, c Connection) (*pfSummary, error) {
	s := &pfSummary{}
	bucket := cacheBucket(c.ID)
	var accts []cachedAccount
	if err := txGetJSON(tx, bucket, "accounts", &accts); err != nil {
		if errors.Is(err, vault.ErrNotFound) {
			return s, nil
		}
		return nil, err
	}
	keys, err := tx.List(bucket)
	if err != nil {
		return nil, err
	}
	for _, ca := range accts {
		pa := &pfAccount{Key: ca.Key, Name: ca.Name, Number: ca.Number, Currency: strings.ToUpper(ca.Currency), Category: ca.Category, Built: true}
		var bal []integrations.Balance
		if err := txGetJSON(tx, bucket, "balances/"+ca.Key, &bal); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return nil, err
		}
		pa.Balances = normBalances(bal)
		var pos []integrations.Position
		if err := txGetJSON(tx, bucket, "positions/"+ca.Key, &pos); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return nil, err
		}
		pa.Holdings = holdingsOf(pos)
		months, err := readAllMonths(tx, bucket, ca.Key, keys, nil)
		if err != nil {
			return nil, err
		}
		pa.noteMonths(months)
		s.Accounts = append(s.Accounts, pa)
	}
	return s, nil
}

// mergeArchives puts the archived snapshots from day from on (all when
// from < 0) in front of the summary's.
func mergeArchives(tx *vault.Tx, connID string, s *pfSummary, from int32) error {
	keys, err := tx.List(portfolioBucket(connID))
	if err != nil {
		return err
	}
	fromYear := 0
	if from > 0 {
		fromYear = time.Unix(int64(from)*86400, 0).UTC().Year()
	}
	var years []string
	for _, k := range keys {
		if y, ok := strings.CutPrefix(k, "snap/"); ok && y >= fmt.Sprintf("%04d", fromYear) {
			years = append(years, k)
		}
	}
	sort.Strings(years)
	old := map[string]map[string][]pfRow{} // account → currency → rows
	scales := map[string]map[string]int32{}
	for _, k := range years {
		arc, err := txGetDecoded(tx, portfolioBucket(connID), k, decodeArchive)
		if err != nil {
			return err
		}
		for acct, list := range arc {
			if old[acct] == nil {
				old[acct], scales[acct] = map[string][]pfRow{}, map[string]int32{}
			}
			for _, ser := range list {
				old[acct][ser.Currency] = append(old[acct][ser.Currency], rescaleRows(ser.Rows, ser.Scale, maxScale)...)
				scales[acct][ser.Currency] = maxScale
			}
		}
	}
	for acct, byCur := range old {
		pa := s.account(acct)
		if pa == nil {
			pa = &pfAccount{Key: acct, Gone: true}
			s.Accounts = append(s.Accounts, pa)
		}
		for cur, rows := range byCur {
			ser := pa.series(cur)
			recent := rescaleRows(ser.Rows, ser.Scale, maxScale)
			merged := make([]pfRow, 0, len(rows)+len(recent))
			merged = append(merged, rows...)
			for _, r := range recent {
				if n := len(merged); n > 0 && merged[n-1].Day >= r.Day {
					// The carried copy of an archived row (or an overlap):
					// keep rows in order, the summary's reading wins.
					i := searchRows(merged, r.Day)
					merged = merged[:i]
				}
				merged = append(merged, r)
			}
			ser.Rows, ser.Scale = merged, maxScale
		}
	}
	s.Cutoff = 0
	return nil
}

func rescaleRows(rows []pfRow, from, to int32) []pfRow {
	if from == to {
		return rows
	}
	out := make([]pfRow, len(rows))
	m := int64(1)
	for range to - from {
		m *= 10
	}
	for i, r := range rows {
		out[i] = pfRow{Day: r.Day, Value: r.Value * m, Cash: r.Cash * m, Contrib: r.Contrib * m}
	}
	return out
}

// ---- money in the base currency ----

// valueAcc sums amounts in the base currency, keeping those without a rate
// apart by currency.
type valueAcc struct {
	base   decimal.Decimal
	unconv map[string]decimal.Decimal
	native map[string]*nativeSum // added, not yet converted (converter.settle)
}

// nativeSum adds amounts of one currency as integers of 10^-8 where they
// fit (nearly every amount), with the rest in a decimal: summing ten
// thousand holdings makes no ten thousand decimals.
type nativeSum struct {
	units int64 // in 10^-8
	rest  decimal.Decimal
}

var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000}

const nativeLimit = 1 << 60

func (n *nativeSum) add(d decimal.Decimal) {
	e := d.Exponent()
	// At most 17 digits in 10^-8 units: below 1e17, far from int64's end.
	if e >= -8 && e <= 2 && d.NumDigits()+int(e)+8 <= 17 {
		v := d.CoefficientInt64() * pow10[e+8]
		if s := n.units + v; s > -nativeLimit && s < nativeLimit {
			n.units = s
			return
		}
	}
	n.rest = n.rest.Add(d)
}

func (n *nativeSum) total() decimal.Decimal {
	if n.units == 0 {
		return n.rest
	}
	return decimal.New(n.units, -8).Add(n.rest)
}

func (v *valueAcc) addUnconverted(amount decimal.Decimal, cur string) {
	if v.unconv == nil {
		v.unconv = map[string]decimal.Decimal{}
	}
	v.unconv[cur] = v.unconv[cur].Add(amount)
}

func (v *valueAcc) addValue(x Value) {
	v.base = v.base.Add(x.Base)
	for _, m := range x.Unconverted {
		v.addUnconverted(m.Amount, m.Currency)
	}
}

func (v valueAcc) value() Value {
	out := Value{Base: v.base.Round(2)}
	for c, amt := range v.unconv {
		out.Unconverted = append(out.Unconverted, Money{Amount: amt, Currency: c})
	}
	sort.Slice(out.Unconverted, func(i, j int) bool { return out.Unconverted[i].Currency < out.Unconverted[j].Currency })
	return out
}

// converter converts with the latest rates, noting what it used.
type converter struct {
	book    *rateBook
	base    string
	missing map[string]bool
	inst    map[string]bool
	factors map[string]factorOK // by currency, into base
}

type factorOK struct {
	f  decimal.Decimal
	ok bool
}

func (d *pfData) converter() *converter {
	return &converter{book: d.book, base: d.base, missing: map[string]bool{}, inst: map[string]bool{}, factors: map[string]factorOK{}}
}

// factor is the latest rate from cur into the base, memoised.
func (cv *converter) factor(cur string) (decimal.Decimal, bool) {
	if x, ok := cv.factors[cur]; ok {
		return x.f, x.ok
	}
	f, ok := cv.book.factor(-1, cur, cv.base)
	cv.factors[cur] = factorOK{f, ok}
	return f, ok
}

// add adds amount in cur to acc, to be converted when acc is settled: one
// conversion per currency, not per amount.
func (cv *converter) add(acc *valueAcc, amount decimal.Decimal, cur string) {
	if amount.IsZero() {
		return
	}
	if cur == "" {
		cur = cv.base
	}
	if acc.native == nil {
		acc.native = map[string]*nativeSum{}
	}
	ns := acc.native[cur]
	if ns == nil {
		ns = &nativeSum{}
		acc.native[cur] = ns
	}
	ns.add(amount)
}

// settle converts acc's native sums into the base currency, keeping those
// without a rate apart.
func (cv *converter) settle(acc *valueAcc) {
	for cur, ns := range acc.native {
		amount := ns.total()
		if amount.IsZero() {
			continue
		}
		f, ok := cv.factor(cur)
		if !ok {
			cv.missing[cur] = true
			acc.addUnconverted(amount, cur)
			continue
		}
		acc.base = acc.base.Add(amount.Mul(f))
	}
	acc.native = nil
}

// value settles acc and returns its value.
func (cv *converter) value(acc *valueAcc) Value {
	cv.settle(acc)
	return acc.value()
}

// addBalance converts one balance of an account, preferring the rate its
// institution reported (Balance.FXRate, into the account's currency).
func (cv *converter) addBalance(acc *valueAcc, b integrations.Balance, amount decimal.Decimal, acctCur string) {
	if b.FXRate.Valid && b.FXRate.Decimal.Sign() > 0 && acctCur != "" && acctCur != b.Currency && b.Currency != cv.base {
		if _, ok := cv.factor(acctCur); ok {
			cv.inst[b.Currency] = true
			cv.add(acc, amount.Mul(b.FXRate.Decimal), acctCur)
			return
		}
		// The account's currency has no rate either: keep the amount in
		// its own currency rather than half-converted.
	}
	cv.add(acc, amount, b.Currency)
}

func (cv *converter) info(book *rateBook) RatesInfo {
	ri := RatesInfo{Source: book.latest.Source, Date: book.latest.Date, FetchedAt: book.latest.FetchedAt}
	for c := range cv.missing {
		ri.Missing = append(ri.Missing, c)
	}
	for c := range cv.inst {
		ri.Institution = append(ri.Institution, c)
	}
	sort.Strings(ri.Missing)
	sort.Strings(ri.Institution)
	return ri
}

// accountValue is an account's current value.
func (cv *converter) accountValue(pa *pfAccount) Value {
	var acc valueAcc
	for _, b := range pa.Balances {
		cv.addBalance(&acc, b, b.Total, pa.Currency)
	}
	return cv.value(&acc)
}

func ratio(x, total decimal.Decimal) decimal.Decimal {
	if total.Sign() <= 0 {
		return decimal.Decimal{}
	}
	return x.DivRound(total, 6)
}

// ---- totals ----

func (a *App) connectionTotals(ctx context.Context, currency string) (map[string]ConnectionTotal, error) {
	d, err := a.load(ctx, currency, 0, needBalances|needEveryAccount)
	if err != nil {
		return nil, err
	}
	cv := d.converter()
	out := map[string]ConnectionTotal{}
	for _, pc := range d.conns {
		out[pc.c.ID] = connTotal(cv, pc, d.base)
	}
	return out, nil
}

func connTotal(cv *converter, pc pfConn, base string) ConnectionTotal {
	ct := ConnectionTotal{ConnectionID: pc.c.ID, Currency: base, Stale: pc.stale}
	var acc valueAcc
	for _, pa := range pc.s.Accounts {
		if pa.Gone {
			continue
		}
		ct.Accounts++
		acc.addValue(cv.accountValue(pa))
	}
	ct.Value = acc.value()
	return ct
}

// ---- holdings ----

// mergeID is what merges one instrument across accounts: the ISIN, else the
// CUSIP, else exchange and ticker. As a map key it costs no concatenation
// (upper-casing allocates only for a value not upper-case already); key is
// its text (MergedHolding.Key).
type mergeID struct{ kind, a, b string }

func mergeIDOf(s integrations.Symbol) mergeID {
	switch {
	case s.ISIN != "":
		return mergeID{"isin", strings.ToUpper(s.ISIN), ""}
	case s.CUSIP != "":
		return mergeID{"cusip", strings.ToUpper(s.CUSIP), ""}
	default:
		return mergeID{"sym", strings.ToUpper(s.Exchange), strings.ToUpper(strings.TrimSpace(s.Ticker))}
	}
}

func (m mergeID) key() string {
	if m.kind == "sym" {
		return "sym:" + m.a + ":" + m.b
	}
	return m.kind + ":" + m.a
}

func (d *pfData) merged(cv *converter, total decimal.Decimal) []MergedHolding {
	// First the instruments and how many places hold each, so every
	// HeldIn is a window of one array, not a slice grown place by place.
	idx := map[mergeID]int{}
	var out []MergedHolding
	var of []int // the merged index of each holding, in the order visited
	var counts []int
	d.eachHolding(func(_ *pfConn, _ *pfAccount, h *pfHolding) {
		id := mergeIDOf(h.Symbol)
		i, ok := idx[id]
		if !ok {
			i = len(out)
			idx[id] = i
			out = append(out, MergedHolding{Key: id.key(), Symbol: h.Symbol})
			counts = append(counts, 0)
		}
		counts[i]++
		of = append(of, i)
	})
	places := make([]HoldingPlace, len(of))
	at := 0
	for i, n := range counts {
		out[i].HeldIn = places[at : at : at+n]
		at += n
	}
	accs := make([]valueAcc, len(out))
	k := 0
	d.eachHolding(func(pc *pfConn, pa *pfAccount, h *pfHolding) {
		i := of[k]
		k++
		m := &out[i]
		m.Units = m.Units.Add(h.Units)
		if h.PriceUnknown {
			m.PriceUnknown = true
		} else {
			cv.add(&accs[i], h.Value, h.Currency)
		}
		m.HeldIn = append(m.HeldIn, HoldingPlace{AccountRef: pa.Key, ConnectionID: pc.c.ID, Account: pa.Name,
			Institution: pc.inst, Units: h.Units, Value: Money{Amount: h.Value, Currency: h.Currency}})
	})
	for i := range out {
		out[i].Value = cv.value(&accs[i])
		out[i].Weight = ratio(out[i].Value.Base, total)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].Value.Base.Cmp(out[j].Value.Base); c != 0 {
			return c > 0
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// eachHolding calls f for every holding of every account still held, in
// connection and account order.
func (d *pfData) eachHolding(f func(pc *pfConn, pa *pfAccount, h *pfHolding)) {
	for ci := range d.conns {
		pc := &d.conns[ci]
		for _, pa := range pc.s.Accounts {
			if pa.Gone {
				continue
			}
			for hi := range pa.Holdings {
				f(pc, pa, &pa.Holdings[hi])
			}
		}
	}
}

func (a *App) mergedHoldings(ctx context.Context, currency string) ([]MergedHolding, error) {
	d, err := a.load(ctx, currency, 0, needBalances|needHoldings)
	if err != nil {
		return nil, err
	}
	cv := d.converter()
	var total valueAcc
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if !pa.Gone {
				total.addValue(cv.accountValue(pa))
			}
		}
	}
	return d.merged(cv, total.base), nil
}

// ---- allocation ----

type sliceAcc struct {
	order []string
	label map[string]string
	acc   map[string]*valueAcc
}

func newSlices() *sliceAcc {
	return &sliceAcc{label: map[string]string{}, acc: map[string]*valueAcc{}}
}

func (s *sliceAcc) get(key, label string) *valueAcc {
	v, ok := s.acc[key]
	if !ok {
		v = &valueAcc{}
		s.acc[key] = v
		s.label[key] = label
		s.order = append(s.order, key)
	}
	return v
}

func (s *sliceAcc) slices(cv *converter, total decimal.Decimal) []Slice {
	out := make([]Slice, 0, len(s.order))
	for _, k := range s.order {
		v := cv.value(s.acc[k])
		if v.Base.IsZero() && len(v.Unconverted) == 0 {
			continue
		}
		out = append(out, Slice{Key: k, Label: s.label[k], Value: v, Weight: ratio(v.Base, total)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value.Base.Cmp(out[j].Value.Base) > 0 })
	return out
}

var assetLabels = map[string]string{
	AssetEquity: "Stocks", AssetETF: "ETFs", AssetFund: "Funds", AssetBond: "Bonds", AssetCrypto: "Crypto",
	AssetCash: "Cash", AssetOption: "Options", AssetOther: "Other",
}

func assetOf(t integrations.SecurityType) string {
	if _, ok := assetLabels[string(t)]; ok {
		return string(t)
	}
	return AssetOther
}

// allocation splits net worth four ways. An account's holdings are valued
// as listed and its balances' cash as cash (a cash position is not counted
// again where its balance has cash); what its balance totals hold beyond
// both (positions the institution does not itemise) counts as "other" in
// its currency, so every split adds up to net worth.
func (d *pfData) allocation(cv *converter, total decimal.Decimal) Allocation {
	byType, byAcct, byInst, byCur := newSlices(), newSlices(), newSlices(), newSlices()
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if pa.Gone {
				continue
			}
			av := cv.accountValue(pa)
			label := pa.Name
			if label == "" {
				label = pa.Number
			}
			byAcct.get(pa.Key, label).addValue(av)
			instKey := pc.c.InstitutionID
			if pc.c.Name != "" {
				instKey += ":" + pc.c.Name
			}
			byInst.get(instKey, pc.inst).addValue(av)

			// Residual per currency: balance totals less cash less holdings.
			resid := map[string]decimal.Decimal{}
			for _, b := range pa.Balances {
				resid[b.Currency] = resid[b.Currency].Add(b.Total).Sub(b.Cash)
				cv.addBalance(byType.get(AssetCash, assetLabels[AssetCash]), b, b.Cash, pa.Currency)
				cv.addBalance(byCur.get(b.Currency, b.Currency), b, b.Cash, pa.Currency)
			}
			cashIn := map[string]bool{}
			for _, b := range pa.Balances {
				cashIn[b.Currency] = cashIn[b.Currency] || !b.Cash.IsZero()
			}
			for _, h := range pa.Holdings {
				if h.PriceUnknown || h.Symbol.Type == integrations.SecurityCash && cashIn[h.Currency] {
					// A cash position repeats the balance's cash.
					continue
				}
				t := assetOf(h.Symbol.Type)
				cv.add(byType.get(t, assetLabels[t]), h.Value, h.Currency)
				cv.add(byCur.get(h.Currency, h.Currency), h.Value, h.Currency)
				if _, ok := resid[h.Currency]; ok {
					resid[h.Currency] = resid[h.Currency].Sub(h.Value)
				} else if len(pa.Balances) > 0 {
					// Held in another currency than any balance: take it
					// off the account's main balance, converted.
					main := pa.Balances[0].Currency
					var x valueAcc
					cv.add(&x, h.Value, h.Currency)
					cv.settle(&x)
					if f, ok := cv.book.factor(-1, cv.base, main); ok && len(x.unconv) == 0 {
						resid[main] = resid[main].Sub(x.base.Mul(f))
					}
				}
			}
			for _, b := range pa.Balances {
				r := resid[b.Currency]
				if r.Abs().LessThan(decimal.New(1, -2)) {
					continue
				}
				delete(resid, b.Currency)
				cv.addBalance(byType.get(AssetOther, assetLabels[AssetOther]), b, r, pa.Currency)
				cv.addBalance(byCur.get(b.Currency, b.Currency), b, r, pa.Currency)
			}
		}
	}
	return Allocation{ByType: byType.slices(cv, total), ByAccount: byAcct.slices(cv, total),
		ByInstitution: byInst.slices(cv, total), ByCurrency: byCur.slices(cv, total)}
}

// ---- history ----

// daily is the total series of a span, in the base currency, one entry per
// day from from to to.
type daily struct {
	from, to int32
	value    []decimal.Decimal
	cash     []decimal.Decimal
	contrib  []decimal.Decimal
	flow     []decimal.Decimal // net flow of the day, converted that day
	// arrive is the value of the accounts whose first snapshot is that
	// day (a connection added, an account opened): net worth grows by it
	// without anything having gained, so changes leave it out.
	arrive  []decimal.Decimal
	has     []bool // some account had a snapshot on or before the day
	partial []bool
	missing map[string]bool
}

// series sums the accounts' snapshots (account ref "" = all) over
// [from, to], each currency converted at each day's rate. Per currency the
// carried-forward rows are summed as scaled integers (a difference array),
// then converted once a day.
func (d *pfData) series(from, to int32, accountRef string) *daily {
	n := int(to-from) + 1
	out := &daily{from: from, to: to, value: make([]decimal.Decimal, n), cash: make([]decimal.Decimal, n),
		contrib: make([]decimal.Decimal, n), flow: make([]decimal.Decimal, n), arrive: make([]decimal.Decimal, n), has: make([]bool, n),
		partial: make([]bool, n), missing: map[string]bool{}}
	type curSum struct {
		scale                int32
		dv, dc, dn           []int64 // difference arrays
		da                   []int64 // first values, on their day (not cumulative)
		prevContrib          int64   // contrib in force the day before from
		first                int32
		hasPrev              bool
		valueAt, cashAt, nAt []int64
	}
	sums := map[string]*curSum{}
	firstDay := int32(-1)
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if accountRef != "" && pa.Key != accountRef {
				continue
			}
			for _, ser := range pa.Series {
				if len(ser.Rows) == 0 {
					continue
				}
				cs := sums[ser.Currency]
				if cs == nil {
					cs = &curSum{scale: maxScale, dv: make([]int64, n+1), dc: make([]int64, n+1), dn: make([]int64, n+1), da: make([]int64, n+1)}
					sums[ser.Currency] = cs
				}
				m := int64(1)
				for range maxScale - ser.Scale {
					m *= 10
				}
				if firstDay < 0 || ser.Rows[0].Day < firstDay {
					firstDay = ser.Rows[0].Day
				}
				// Rows in force over [from, to]: the one on or before from,
				// then those after it.
				i := searchRows(ser.Rows, from+1)
				if i > 0 {
					i--
				}
				if ser.Rows[i].Day < from {
					// The contributions in force before from (for day 0's flow).
					cs.prevContrib += ser.Rows[i].Contrib * m
				} else if i > 0 {
					cs.prevContrib += ser.Rows[i-1].Contrib * m
				}
				for ; i < len(ser.Rows) && ser.Rows[i].Day <= to; i++ {
					r := ser.Rows[i]
					start := max(r.Day, from) - from
					end := int32(n)
					if i+1 < len(ser.Rows) {
						end = min(ser.Rows[i+1].Day-from, int32(n))
					}
					if start >= end {
						continue
					}
					if i == 0 && r.Day > from {
						cs.da[start] += r.Value * m
					}
					cs.dv[start] += r.Value * m
					cs.dv[end] -= r.Value * m
					cs.dc[start] += r.Cash * m
					cs.dc[end] -= r.Cash * m
					cs.dn[start] += r.Contrib * m
					cs.dn[end] -= r.Contrib * m
				}
			}
		}
	}
	for i := range out.has {
		out.has[i] = firstDay >= 0 && from+int32(i) >= firstDay
	}
	curs := make([]string, 0, len(sums))
	for c := range sums {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	for _, c := range curs {
		cs := sums[c]
		var v, ca, nc int64
		prevN := cs.prevContrib
		lastIdx, lastF, lastOK := -2, decimal.Decimal{}, false
		for i := 0; i < n; i++ {
			v += cs.dv[i]
			ca += cs.dc[i]
			nc += cs.dn[i]
			ri := d.book.index(from + int32(i))
			if ri != lastIdx {
				lastF, lastOK = d.book.factor(ri, c, d.base)
				lastIdx = ri
			}
			if !lastOK {
				if v != 0 || nc != prevN {
					out.partial[i] = true
					out.missing[c] = true
				}
				prevN = nc
				continue
			}
			if v != 0 {
				out.value[i] = out.value[i].Add(unscaled(v, cs.scale).Mul(lastF))
			}
			if cs.da[i] != 0 {
				out.arrive[i] = out.arrive[i].Add(unscaled(cs.da[i], cs.scale).Mul(lastF))
			}
			if ca != 0 {
				out.cash[i] = out.cash[i].Add(unscaled(ca, cs.scale).Mul(lastF))
			}
			if nc != 0 {
				out.contrib[i] = out.contrib[i].Add(unscaled(nc, cs.scale).Mul(lastF))
			}
			if nc != prevN {
				out.flow[i] = out.flow[i].Add(unscaled(nc-prevN, cs.scale).Mul(lastF))
			}
			prevN = nc
		}
	}
	return out
}

func (s *daily) at(day int32) int { return int(day - s.from) }

// arrivals sums the first values of the accounts that arrived on the days
// [from, to].
func (s *daily) arrivals(from, to int32) decimal.Decimal {
	var sum decimal.Decimal
	for i := max(s.at(from), 0); i <= s.at(to) && i < len(s.arrive); i++ {
		sum = sum.Add(s.arrive[i])
	}
	return sum
}

func (s *daily) points() []ValuePoint {
	out := make([]ValuePoint, 0, len(s.value))
	for i := range s.value {
		if !s.has[i] {
			continue
		}
		out = append(out, ValuePoint{Date: dayDate(s.from + int32(i)), Value: s.value[i].Round(2), Cash: s.cash[i].Round(2),
			NetContributions: s.contrib[i].Round(2), Partial: s.partial[i]})
	}
	return out
}

func (s *daily) missingList() []string {
	var out []string
	for c := range s.missing {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// span is the days of a period ending today; from is the earliest snapshot
// for PeriodAll.
func (d *pfData) span(p Period) (int32, int32) {
	to := d.today
	if p == "" {
		p = Period1Y
	}
	if start := p.Start(dayDate(to)); start != "" {
		return epochDay(start), to
	}
	from := to
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			for _, ser := range pa.Series {
				if len(ser.Rows) > 0 && ser.Rows[0].Day < from {
					from = ser.Rows[0].Day
				}
			}
		}
	}
	return from, to
}

// archiveFrom is the day from which load must read archives for a period.
func (a *App) archiveFrom(p Period) int32 {
	if p == PeriodAll {
		return -1
	}
	if p == "" {
		p = Period1Y
	}
	return epochDay(p.Start(integrations.DateOf(a.Now())))
}

// periodSeries is what a question over a period asks of the store: the
// daily series loaded from the period's start, the account it names
// resolved ("" = every account) and the period's first and last day.
type periodSeries struct {
	*pfData
	ref      string
	from, to int32
}

// loadPeriod loads the periodSeries of period *p in currency for the
// account; an empty *p becomes Period1Y.
func (a *App) loadPeriod(ctx context.Context, p *Period, currency, account string) (periodSeries, error) {
	if *p == "" {
		*p = Period1Y
	}
	d, err := a.load(ctx, currency, a.archiveFrom(*p), needSeries|everyAccountFor(account))
	if err != nil {
		return periodSeries{}, err
	}
	ref, err := d.resolveAccount(account)
	if err != nil {
		return periodSeries{}, err
	}
	from, to := d.span(*p)
	return periodSeries{d, ref, from, to}, nil
}

func (a *App) valueHistory(ctx context.Context, q HistoryQuery) (ValueSeries, error) {
	d, err := a.loadPeriod(ctx, &q.Period, q.Currency, q.AccountRef)
	if err != nil {
		return ValueSeries{}, err
	}
	s := d.series(d.from, d.to, d.ref)
	return ValueSeries{Currency: d.base, Period: q.Period, From: dayDate(d.from), To: dayDate(d.to), Points: s.points(), Unconverted: s.missingList()}, nil
}

// everyAccountFor keeps every account in a load that asks about one account
// (even one a duplicate group leaves out of totals); totals count each once.
func everyAccountFor(ref string) pfNeed {
	if ref != "" {
		return needEveryAccount
	}
	return 0
}

// resolveAccount finds an account ref (or an unambiguous prefix).
func (d *pfData) resolveAccount(ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	var match []string
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if pa.Key == ref {
				return ref, nil
			}
			if strings.HasPrefix(pa.Key, ref) {
				match = append(match, pa.Key)
			}
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", errors.New("no account with id " + ref)
}

// ---- performance ----

// returnOf computes TWR and XIRR over a daily total series.
func returnOf(s *daily, name, ref string) Return {
	r := Return{AccountRef: ref, Name: name}
	first := -1
	for i := range s.value {
		if s.has[i] {
			first = i
			break
		}
	}
	if first < 0 {
		r.Note = "no history in this period"
		return r
	}
	last := len(s.value) - 1
	r.From, r.To = dayDate(s.from+int32(first)), dayDate(s.to)
	r.StartValue, r.EndValue = s.value[first].Round(2), s.value[last].Round(2)
	days := make([]DayValue, 0, len(s.value)-first)
	for i := first; i <= last; i++ {
		dv := DayValue{Date: dayDate(s.from + int32(i)), Value: s.value[i]}
		if i > first {
			dv.Flow = s.flow[i]
			r.NetFlows = r.NetFlows.Add(s.flow[i])
		}
		days = append(days, dv)
	}
	r.NetFlows = r.NetFlows.Round(2)
	r.Gain = r.EndValue.Sub(r.StartValue).Sub(r.NetFlows)
	fillReturn(&r, days)
	for i := first; i <= last; i++ {
		if s.partial[i] {
			r.Note = strings.TrimPrefix(r.Note+"; some currencies have no rate", "; ")
			break
		}
	}
	return r
}

func noteFor(days []DayValue) string {
	if len(days) < 2 {
		return "one day of history is not enough"
	}
	return "nothing was invested in this period"
}

func (a *App) performance(ctx context.Context, q PerformanceQuery) (Performance, error) {
	d, err := a.loadPeriod(ctx, &q.Period, q.Currency, q.AccountRef)
	if err != nil {
		return Performance{}, err
	}
	return d.performance(q.Period, d.from, d.to, d.ref, nil), nil
}

// performance is the total (or one account's) return and each account's.
func (d *pfData) performance(p Period, from, to int32, ref string, total *daily) Performance {
	out := Performance{Currency: d.base, Period: p, From: dayDate(from), To: dayDate(to)}
	if total == nil {
		total = d.series(from, to, ref)
	}
	out.Total = returnOf(total, "Total", "")
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if ref != "" && pa.Key != ref || len(pa.Series) == 0 {
				continue
			}
			name := pa.Name
			if name == "" {
				name = pa.Number
			}
			out.Accounts = append(out.Accounts, d.accountReturn(pa, from, to, name))
		}
	}
	if ref != "" && len(out.Accounts) == 1 {
		out.Total = out.Accounts[0]
	}
	return out
}

// accountReturn is one account's return over [from, to]. Between flows the
// daily factors telescope (see TWR), so only the days that matter are
// valued: the first, the last, each day a flow arrived and each day a
// currency's value was at or below zero.
func (d *pfData) accountReturn(pa *pfAccount, from, to int32, name string) Return {
	r := Return{AccountRef: pa.Key, Name: name}
	first := int32(-1)
	events := map[int32]bool{to: true}
	for _, ser := range pa.Series {
		if len(ser.Rows) == 0 {
			continue
		}
		start := max(ser.Rows[0].Day, from)
		if start <= to && (first < 0 || start < first) {
			first = start
		}
		i := searchRows(ser.Rows, from+1)
		for ; i < len(ser.Rows) && ser.Rows[i].Day <= to; i++ {
			row := ser.Rows[i]
			if i > 0 && row.Contrib != ser.Rows[i-1].Contrib || i == 0 && row.Contrib != 0 || row.Value <= 0 {
				events[row.Day] = true
			}
		}
	}
	if first < 0 {
		r.Note = "no history in this period"
		return r
	}
	events[first] = true
	days := make([]int32, 0, len(events))
	for day := range events {
		if day >= first {
			days = append(days, day)
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	partial := false
	valueAt := func(day int32) (value, flow decimal.Decimal) {
		ri := d.book.index(day)
		for _, ser := range pa.Series {
			row, ok := ser.at(day)
			if !ok {
				continue
			}
			f, ok := d.book.factor(ri, ser.Currency, d.base)
			if !ok {
				partial = partial || row.Value != 0
				continue
			}
			value = value.Add(unscaled(row.Value, ser.Scale).Mul(f))
			if row.Day == day {
				prev, had := ser.at(day - 1)
				dn := row.Contrib
				if had {
					dn -= prev.Contrib
				}
				if dn != 0 {
					flow = flow.Add(unscaled(dn, ser.Scale).Mul(f))
				}
			}
		}
		return value, flow
	}
	dv := make([]DayValue, 0, len(days))
	for i, day := range days {
		v, f := valueAt(day)
		if i == 0 {
			f = decimal.Decimal{}
		}
		dv = append(dv, DayValue{Date: dayDate(day), Value: v, Flow: f})
		r.NetFlows = r.NetFlows.Add(f)
	}
	r.From, r.To = dv[0].Date, dayDate(to)
	r.StartValue, r.EndValue = dv[0].Value.Round(2), dv[len(dv)-1].Value.Round(2)
	r.NetFlows = r.NetFlows.Round(2)
	r.Gain = r.EndValue.Sub(r.StartValue).Sub(r.NetFlows)
	fillReturn(&r, dv)
	if partial {
		r.Note = strings.TrimPrefix(r.Note+"; some currencies have no rate", "; ")
	}
	return r
}

// fillReturn sets r's TWR and XIRR from the valued days.
func fillReturn(r *Return, days []DayValue) {
	twr, skipped, err := twr(days)
	if err != nil {
		r.Note = noteFor(days)
	} else {
		r.TWR = decimal.NewNullDecimal(twr.Round(6))
	}
	if skipped {
		r.Note = "a negative value left part of the period out"
	}
	flows := make([]Flow, 0, 8)
	if days[0].Value.Sign() != 0 {
		flows = append(flows, Flow{Date: days[0].Date, Amount: days[0].Value.Neg()})
	}
	for _, dv := range days[1:] {
		if !dv.Flow.IsZero() {
			flows = append(flows, Flow{Date: dv.Date, Amount: dv.Flow.Neg()})
		}
	}
	flows = append(flows, Flow{Date: days[len(days)-1].Date, Amount: days[len(days)-1].Value})
	if x, err := XIRR(flows); err == nil {
		r.XIRR = decimal.NewNullDecimal(x.Round(6))
	}
}

// ---- income ----

func (a *App) income(ctx context.Context, currency string, months int) (Income, error) {
	d, err := a.load(ctx, currency, 0, needIncome, months)
	if err != nil {
		return Income{}, err
	}
	return d.income(months), nil
}

// income sums dividends and interest per month, each month converted at
// the rates of its last day (today's for the current month).
func (d *pfData) income(months int) Income {
	if months <= 0 {
		months = 12
	}
	t := time.Unix(int64(d.today)*86400, 0).UTC()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(months - 1), 0)
	out := Income{Currency: d.base}
	idx := map[string]int{}
	for i := range months {
		m := first.AddDate(0, i, 0).Format("2006-01")
		idx[m] = i
		out.Months = append(out.Months, IncomeMonth{Month: m})
	}
	var unconv valueAcc
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			for _, in := range pa.Income {
				i, ok := idx[in.Month]
				if !ok {
					continue
				}
				end := first.AddDate(0, i+1, -1)
				day := min(int32(end.Unix()/86400), d.today)
				f, ok := d.book.factor(d.book.index(day), in.Currency, d.base)
				if !ok {
					unconv.addUnconverted(in.Dividends.Add(in.Interest), in.Currency)
					continue
				}
				m := &out.Months[i]
				m.Dividends = m.Dividends.Add(in.Dividends.Mul(f))
				m.Interest = m.Interest.Add(in.Interest.Mul(f))
			}
		}
	}
	for i := range out.Months {
		m := &out.Months[i]
		m.Dividends, m.Interest = m.Dividends.Round(2), m.Interest.Round(2)
		m.Total = m.Dividends.Add(m.Interest)
		out.Total = out.Total.Add(m.Total)
	}
	out.Unconverted = unconv.value().Unconverted
	return out
}

// ---- snapshots ----

func (a *App) snapshots(ctx context.Context, accountRef string, since, until integrations.Date) ([]Snapshot, error) {
	from := int32(-1)
	if since != "" {
		from = epochDay(since)
	}
	d, err := a.load(ctx, "", from, needSeries|everyAccountFor(accountRef))
	if err != nil {
		return nil, err
	}
	ref, err := d.resolveAccount(accountRef)
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if ref != "" && pa.Key != ref {
				continue
			}
			for _, ser := range pa.Series {
				for _, r := range ser.Rows {
					date := dayDate(r.Day)
					if since != "" && date < since || until != "" && date > until {
						continue
					}
					out = append(out, Snapshot{AccountRef: pa.Key, Date: date, Currency: ser.Currency,
						Value: unscaled(r.Value, ser.Scale), Cash: unscaled(r.Cash, ser.Scale), NetContributions: unscaled(r.Contrib, ser.Scale)})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].AccountRef != out[j].AccountRef {
			return out[i].AccountRef < out[j].AccountRef
		}
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}

// ---- the overview ----

func (a *App) overview(ctx context.Context, opts OverviewOptions) (Overview, error) {
	p := opts.Period
	if p == "" {
		p = Period1Y
	}
	// The changes reach back a year; the period may reach further.
	need := a.archiveFrom(Period1Y)
	if f := a.archiveFrom(p); f < 0 || f < need {
		need = f
	}
	d, err := a.load(ctx, opts.Currency, need, needBalances|needHoldings|needIncome|needSeries)
	if err != nil {
		return Overview{}, err
	}
	ov := Overview{Currency: d.base, AsOf: a.Now(), Duplicates: d.duplicates}
	// The history, changes and returns read only the snapshots and the
	// rate book: they run beside the totals, allocation and holdings.
	var s *daily
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// One series over the longer of the period and the changes' year.
		pFrom, to := d.span(p)
		yFrom, _ := d.span(Period1Y)
		from := min(pFrom, yFrom)
		s = d.series(from, to, "")
		for _, cp := range ChangePeriods {
			ch := Change{Period: cp}
			since := epochDay(cp.Start(dayDate(to)))
			if i := s.at(since); i >= 0 && i < len(s.has) && s.has[i] {
				then, now := s.value[i], s.value[s.at(to)]
				ch.Available, ch.Since = true, dayDate(since)
				gain := now.Sub(then).Sub(s.arrivals(since+1, to))
				ch.Amount = gain.Round(2)
				if !then.IsZero() {
					ch.Relative = decimal.NewNullDecimal(gain.DivRound(then.Abs(), 6))
				}
			}
			ov.Changes = append(ov.Changes, ch)
		}
		ps := s.slice(pFrom)
		ov.History = ValueSeries{Currency: d.base, Period: p, From: dayDate(pFrom), To: dayDate(to), Points: ps.points(), Unconverted: ps.missingList()}
		ov.Performance = d.performance(p, pFrom, to, "", ps)
	}()
	cv := d.converter()
	var nw valueAcc
	for _, pc := range d.conns {
		ct := connTotal(cv, pc, d.base)
		ov.Connections = append(ov.Connections, ct)
		nw.addValue(ct.Value)
		if pc.stale && ct.Accounts > 0 {
			st := a.statusOf(pc.c, a.Syncing(pc.c.ID))
			ov.Stale = append(ov.Stale, StaleNote{ConnectionID: pc.c.ID, Label: pc.c.Label, Status: st,
				LastSuccess: pc.c.LastSuccess(), Accounts: ct.Accounts, Value: ct.Value})
		}
	}
	ov.NetWorth = nw.value()
	total := ov.NetWorth.Base
	for _, pc := range d.conns {
		for _, pa := range pc.s.Accounts {
			if pa.Gone {
				continue
			}
			at := AccountTotal{Ref: pa.Key, ConnectionID: pc.c.ID, Name: pa.Name, Number: pa.Number, Institution: pc.inst, Stale: pc.stale}
			for _, b := range pa.Balances {
				at.Native = append(at.Native, Money{Amount: b.Total, Currency: b.Currency})
			}
			at.Value = cv.accountValue(pa)
			at.Weight = ratio(at.Value.Base, total)
			ov.Accounts = append(ov.Accounts, at)
		}
	}
	ov.Allocation = d.allocation(cv, total)
	top := opts.Top
	if top == 0 {
		top = 10
	}
	ov.TopHoldings = d.merged(cv, total)
	if top > 0 && len(ov.TopHoldings) > top {
		ov.TopHoldings = ov.TopHoldings[:top]
	}

	ov.Income = d.income(12)
	wg.Wait()
	for _, c := range s.missingList() {
		cv.missing[c] = true
	}
	ov.Rates = cv.info(d.book)
	return ov, nil
}

// slice is the part of s from day from on.
func (s *daily) slice(from int32) *daily {
	i := s.at(from)
	if i <= 0 {
		return s
	}
	return &daily{from: from, to: s.to, value: s.value[i:], cash: s.cash[i:], contrib: s.contrib[i:], flow: s.flow[i:],
		arrive: s.arrive[i:], has: s.has[i:], partial: s.partial[i:], missing: s.missing}
}
