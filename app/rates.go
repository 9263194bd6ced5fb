package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Exchange rates live in bucket "rates":
//
//	latest       storedRates: the newest day's rates (JSON)
//	meta         ratesMeta: when they were fetched, which days the history holds
//	hist/<YYYY>  one year of daily rates, as text: a header line of
//	             currency codes, then "YYYY-MM-DD rate rate ..." per day
//	             ("-" where a currency has no rate that day)
const (
	bucketRates = "rates"
	keyLatest   = "latest"
	keyMeta     = "meta"
)

func histKey(year int) string { return "hist/" + strconv.Itoa(year) }

// RatesEvery is how often App.RefreshRates fetches new rates.
const RatesEvery = 24 * time.Hour

// HistoryDefault is how far back rates are fetched when no snapshot is
// older.
const HistoryDefault = 366 * 24 * time.Hour

type storedRates struct {
	Source    string            `json:"source"`
	Date      integrations.Date `json:"date"`
	FetchedAt time.Time         `json:"fetched_at"`
	PerEUR    map[string]string `json:"per_eur"`
}

type ratesMeta struct {
	// Service is the id of the rate service they came from.
	Service   string            `json:"service,omitempty"`
	LastFetch time.Time         `json:"last_fetch,omitzero"`
	HistFrom  integrations.Date `json:"hist_from,omitempty"`
	HistTo    integrations.Date `json:"hist_to,omitempty"`
}

func (s storedRates) rates() Rates {
	r := Rates{Source: s.Source, Date: s.Date, FetchedAt: s.FetchedAt, PerEUR: map[string]decimal.Decimal{}}
	for c, v := range s.PerEUR {
		if d, err := decimal.NewFromString(v); err == nil && d.Sign() > 0 {
			r.PerEUR[c] = d
		}
	}
	return r
}

func txRates(tx *vault.Tx) (Rates, error) {
	var s storedRates
	err := txGetJSON(tx, bucketRates, keyLatest, &s)
	if errors.Is(err, vault.ErrNotFound) {
		return Rates{}, nil
	}
	if err != nil {
		return Rates{}, err
	}
	return s.rates(), nil
}

func (a *App) rates(ctx context.Context) (Rates, error) {
	var r Rates
	err := a.v.View(ctx, func(tx *vault.Tx) error {
		var err error
		r, err = txRates(tx)
		return err
	})
	return r, err
}

func (a *App) refreshRates(ctx context.Context, force bool) (Rates, error) {
	kept, err := a.rates(ctx)
	if err != nil {
		return kept, err
	}
	rs, ok, err := a.rateSource(ctx)
	if err != nil || !ok {
		return kept, err
	}
	var meta ratesMeta
	if err := getJSON(ctx, a.v, bucketRates, keyMeta, &meta); err != nil && !errors.Is(err, vault.ErrNotFound) {
		return kept, err
	}
	now := a.Now()
	src := rs.Info().ID
	if meta.Service != src {
		// Another source (demo rates, then real ones): start afresh.
		meta = ratesMeta{Service: src}
	}
	if !force && !meta.LastFetch.IsZero() && now.Sub(meta.LastFetch) < RatesEvery && !now.Before(meta.LastFetch) {
		return kept, nil
	}
	env, err := a.reg.ServiceEnv(rs.Info().ID)
	if err != nil {
		return kept, err
	}
	env.Now = a.now
	latest, err := rs.LatestRates(ctx, env)
	if err != nil {
		return kept, fmt.Errorf("exchange rates: %w", err)
	}
	// The history: from the oldest snapshot (or a year back), once; later
	// only a gap left while the app was not used.
	want := integrations.DateOf(now.Add(-HistoryDefault))
	if first, err := a.earliestSnapshot(ctx); err == nil && first != "" && first < want {
		want = first
	}
	var since integrations.Date
	switch {
	case meta.HistFrom == "" || want < meta.HistFrom:
		since = want
	case meta.HistTo != "" && latest.Date.Time().Sub(meta.HistTo.Time()) > 4*24*time.Hour:
		since = meta.HistTo
	}
	days := []integrations.RateTable{latest}
	var histErr error
	if since != "" {
		hist, err := rs.RateHistory(ctx, env, since)
		if err != nil {
			histErr = fmt.Errorf("exchange rate history: %w", err)
		} else {
			days = append(hist, latest)
			if meta.HistFrom == "" || since < meta.HistFrom {
				meta.HistFrom = since
			}
		}
	}
	if meta.HistFrom == "" {
		meta.HistFrom = latest.Date
	}
	if latest.Date > meta.HistTo {
		meta.HistTo = latest.Date
	}
	meta.LastFetch = now
	st := storedRates{Source: sourceName(rs.Info()), Date: latest.Date, FetchedAt: now, PerEUR: map[string]string{}}
	for c, v := range latest.Rates {
		st.PerEUR[c] = v.String()
	}
	err = a.v.Update(ctx, func(tx *vault.Tx) error {
		if err := putRateDays(tx, days); err != nil {
			return err
		}
		if err := txPutJSON(tx, bucketRates, keyMeta, meta); err != nil {
			return err
		}
		return txPutJSON(tx, bucketRates, keyLatest, st)
	})
	if err != nil {
		return kept, err
	}
	return st.rates(), histErr
}

// rateSource is the service the rates come from: the real one (the ECB),
// unless every connection is a demo one and the registry has demo rates.
func (a *App) rateSource(ctx context.Context) (integrations.RateSource, bool, error) {
	real, hasReal := a.reg.RateSource()
	demo, hasDemo := a.reg.DemoRateSource()
	if !hasDemo {
		return real, hasReal, nil
	}
	conns, err := a.Connections(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, c := range conns {
		if in, err := a.reg.Get(c.InstitutionID); err != nil || !in.Institution().Demo {
			return real, hasReal, nil
		}
	}
	return demo, true, nil
}

// sourceName is how a result names its rates: "ECB", "Demo".
func sourceName(in integrations.Institution) string {
	if in.Demo {
		return "Demo"
	}
	return strings.ToUpper(in.ID)
}

// earliestSnapshot is the oldest snapshot's date across connections ("" if
// none).
func (a *App) earliestSnapshot(ctx context.Context) (integrations.Date, error) {
	conns, err := a.Connections(ctx)
	if err != nil {
		return "", err
	}
	var first int32
	err = a.v.View(ctx, func(tx *vault.Tx) error {
		for _, c := range conns {
			keys, err := tx.List(portfolioBucket(c.ID))
			if err != nil {
				return err
			}
			for _, k := range keys {
				if y, ok := strings.CutPrefix(k, "snap/"); ok {
					if n, err := strconv.Atoi(y); err == nil {
						d := epochDay(integrations.Date(fmt.Sprintf("%04d-01-01", n)))
						if first == 0 || d < first {
							first = d
						}
					}
				}
			}
			s, err := readSummary(tx, c.ID, needSeries)
			if err != nil || s == nil {
				continue
			}
			for _, pa := range s.Accounts {
				for _, ser := range pa.Series {
					if len(ser.Rows) > 0 && (first == 0 || ser.Rows[0].Day < first) {
						first = ser.Rows[0].Day
					}
				}
			}
		}
		return nil
	})
	if first == 0 {
		return "", err
	}
	return dayDate(first), err
}

// rateYear is one hist/<YYYY> record: day → currency → rate text.
type rateYear map[integrations.Date]map[string]string

func decodeRateYear(b []byte) (rateYear, error) {
	lines := strings.Split(string(b), "\n")
	if len(lines) == 0 {
		return nil, errPFRecord
	}
	codes := strings.Fields(lines[0])
	out := rateYear{}
	for _, ln := range lines[1:] {
		f := strings.Fields(ln)
		if len(f) == 0 {
			continue
		}
		day := map[string]string{}
		for i, v := range f[1:] {
			if i < len(codes) && v != "-" {
				day[codes[i]] = v
			}
		}
		out[integrations.Date(f[0])] = day
	}
	return out, nil
}

func encodeRateYear(y rateYear) []byte {
	codeSet := map[string]bool{}
	dates := make([]string, 0, len(y))
	for d, rs := range y {
		dates = append(dates, string(d))
		for c := range rs {
			codeSet[c] = true
		}
	}
	codes := make([]string, 0, len(codeSet))
	for c := range codeSet {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	sort.Strings(dates)
	var b strings.Builder
	b.WriteString(strings.Join(codes, " "))
	b.WriteByte('\n')
	for _, d := range dates {
		b.WriteString(d)
		for _, c := range codes {
			v, ok := y[integrations.Date(d)][c]
			if !ok {
				v = "-"
			}
			b.WriteByte(' ')
			b.WriteString(v)
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// putRateDays merges days into the yearly history records.
func putRateDays(tx *vault.Tx, days []integrations.RateTable) error {
	byYear := map[int][]integrations.RateTable{}
	for _, d := range days {
		t := d.Date.Time()
		if t.IsZero() {
			continue
		}
		byYear[t.Year()] = append(byYear[t.Year()], d)
	}
	for y, list := range byYear {
		ry, err := txGetDecoded(tx, bucketRates, histKey(y), decodeRateYear)
		if errors.Is(err, vault.ErrNotFound) {
			ry, err = rateYear{}, nil
		}
		if err != nil {
			return err
		}
		for _, d := range list {
			day := map[string]string{}
			for c, v := range d.Rates {
				if v.Sign() > 0 && len(c) == 3 {
					day[c] = v.String()
				}
			}
			ry[d.Date] = day
		}
		if err := txPutRaw(tx, bucketRates, histKey(y), encodeRateYear(ry)); err != nil {
			return err
		}
	}
	return nil
}

// scanRateYear reads a hist/<YYYY> record, parsing only the columns of the
// currencies in want (nil: all), and calls day for each day.
func scanRateYear(b []byte, want map[string]bool, day func(integrations.Date, map[string]decimal.Decimal)) error {
	text := string(b)
	head, rest, _ := strings.Cut(text, "\n")
	codes := strings.Fields(head)
	cols := make([]bool, len(codes))
	for i, c := range codes {
		cols[i] = want == nil || want[c]
	}
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		date, fields, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		row := map[string]decimal.Decimal{}
		for i := 0; fields != "" && i < len(codes); i++ {
			var f string
			f, fields, _ = strings.Cut(fields, " ")
			if !cols[i] || f == "-" {
				continue
			}
			if x, err := decimal.NewFromString(f); err == nil && x.Sign() > 0 {
				row[codes[i]] = x
			}
		}
		day(integrations.Date(date), row)
	}
	return nil
}

// rateBook is the daily rates of a span, for converting history: the rate
// of a day is the newest published on or before it (the first kept one
// before the history starts); the latest rates close it.
type rateBook struct {
	days   []int32                      // sorted
	rows   []map[string]decimal.Decimal // per day, units per euro
	latest Rates
	// memo keeps the factors already divided out: an overview asks for
	// the same day's factor once per account. Its readers run side by side.
	mu   sync.Mutex
	memo map[factorKey]decimal.Decimal
}

type factorKey struct {
	i         int
	cur, base string
}

// loadRateBook reads the history from the year before from's to today's,
// parsing the rates of the currencies in want only (nil: all).
func loadRateBook(tx *vault.Tx, from int32, now time.Time, want map[string]bool) (*rateBook, error) {
	latest, err := txRates(tx)
	if err != nil {
		return nil, err
	}
	rb := &rateBook{latest: latest}
	y0 := time.Unix(int64(from)*86400, 0).UTC().Year() - 1
	type dayRow struct {
		day int32
		row map[string]decimal.Decimal
	}
	var all []dayRow
	for y := y0; y <= now.Year(); y++ {
		err := tx.Read(bucketRates, histKey(y), func(b []byte) error {
			return scanRateYear(b, want, func(d integrations.Date, row map[string]decimal.Decimal) {
				all = append(all, dayRow{epochDay(d), row})
			})
		})
		if errors.Is(err, vault.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
	}
	if latest.Date != "" {
		all = append(all, dayRow{epochDay(latest.Date), latest.PerEUR})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].day < all[j].day })
	for _, r := range all {
		if n := len(rb.days); n > 0 && rb.days[n-1] == r.day {
			rb.rows[n-1] = r.row
			continue
		}
		rb.days = append(rb.days, r.day)
		rb.rows = append(rb.rows, r.row)
	}
	return rb, nil
}

// index is the row in force on day: the newest on or before it, else the
// first (-1 when there are none).
func (rb *rateBook) index(day int32) int {
	if len(rb.days) == 0 {
		return -1
	}
	i := sort.Search(len(rb.days), func(i int) bool { return rb.days[i] > day })
	if i == 0 {
		return 0
	}
	return i - 1
}

// factor converts from cur to base with row i's rates (i < 0: the latest).
func (rb *rateBook) factor(i int, cur, base string) (decimal.Decimal, bool) {
	if cur == base {
		return decimal.NewFromInt(1), true
	}
	var row map[string]decimal.Decimal
	if i >= 0 {
		row = rb.rows[i]
	} else {
		row = rb.latest.PerEUR
	}
	get := func(c string) (decimal.Decimal, bool) {
		if c == "EUR" {
			return decimal.NewFromInt(1), true
		}
		v, ok := row[c]
		if !ok && i >= 0 {
			// A currency missing that day: the latest rate, rather than none.
			v, ok = rb.latest.PerEUR[c]
		}
		return v, ok
	}
	k := factorKey{i, cur, base}
	rb.mu.Lock()
	v, ok := rb.memo[k]
	rb.mu.Unlock()
	if ok {
		return v, true
	}
	f, ok1 := get(cur)
	t, ok2 := get(base)
	if !ok1 || !ok2 || f.IsZero() {
		return decimal.Decimal{}, false
	}
	v = t.DivRound(f, rateScale)
	rb.mu.Lock()
	if rb.memo == nil {
		rb.memo = map[factorKey]decimal.Decimal{}
	}
	rb.memo[k] = v
	rb.mu.Unlock()
	return v, true
}
