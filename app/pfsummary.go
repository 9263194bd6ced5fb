package app

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// Portfolio records of a connection, in bucket portfolio/<connection id>:
//
//	summary        pfSummary: per account its name, balances, holdings,
//	               daily net flows, monthly income and its recent snapshots
//	               (those on or after pfSummary.Cutoff)
//	snap/<YYYY>    pfArchive: older snapshots, one record per year
//
// They are derived from the cache (and kept with it by the sync and the
// import), so the overview reads two records per connection.
func portfolioBucket(connID string) string { return "portfolio/" + connID }

const keySummary = "summary"

func archiveKey(year int) string { return "snap/" + strconv.Itoa(year) }

// pfSummary is one connection's portfolio record.
type pfSummary struct {
	// Cutoff: snapshot rows before this day are in the archive records.
	Cutoff   int32
	Accounts []*pfAccount
}

// pfAccount is one account's part of the summary.
type pfAccount struct {
	Key      string
	Name     string
	Number   string // masked
	Currency string
	Category integrations.Category
	// Gone is set when the institution no longer lists the account: its
	// history stays, its value is zero from then on.
	Gone bool
	// Built is set once Flows and Income cover every cached activity.
	Built    bool
	Balances []integrations.Balance
	Holdings []pfHolding
	Flows    []pfFlow   // by day
	Income   []pfIncome // by month then currency
	Series   []*pfSeries
}

// pfHolding is what the overview needs of a position.
type pfHolding struct {
	Symbol       integrations.Symbol
	Units, Value decimal.Decimal
	Currency     string
	PriceUnknown bool
}

// pfFlow is an account's net contributions of one day in one currency.
type pfFlow struct {
	Day      int32
	Currency string
	Amount   decimal.Decimal
}

// pfIncome is an account's income of one month in one currency.
type pfIncome struct {
	Month               string // YYYY-MM
	Currency            string
	Dividends, Interest decimal.Decimal
}

func (s *pfSummary) account(key string) *pfAccount {
	for _, a := range s.Accounts {
		if a.Key == key {
			return a
		}
	}
	return nil
}

func (a *pfAccount) series(cur string) *pfSeries {
	for _, s := range a.Series {
		if s.Currency == cur {
			return s
		}
	}
	s := &pfSeries{Currency: cur}
	a.Series = append(a.Series, s)
	return s
}

// pfNeed selects the sections of a summary to decode; the others are
// skipped (a reader that needs only balances parses no holdings).
type pfNeed uint8

const (
	needBalances pfNeed = 1 << iota
	needHoldings
	needFlows
	needIncome
	needSeries
	needAll = needBalances | needHoldings | needFlows | needIncome | needSeries
	// needEveryAccount keeps the accounts that a duplicate group leaves out
	// of totals (DuplicateAccounts): a connection's own row counts them.
	// It reads no section of its own.
	needEveryAccount pfNeed = 1 << 7
)

// summaryVersion is the summary's format: per account its fixed fields,
// then five length-prefixed sections (balances, holdings, flows, income,
// series) so a reader skips what it does not need; decimals as varints
// where they fit (see wbuf.dec).
const summaryVersion = 3

func encodeSummary(s *pfSummary) []byte {
	w := &wbuf{b: make([]byte, 0, 4096)}
	w.b = append(w.b, summaryVersion)
	w.sv(int64(s.Cutoff))
	w.uv(uint64(len(s.Accounts)))
	sec := &wbuf{}
	section := func(fill func(w *wbuf)) {
		sec.b = sec.b[:0]
		fill(sec)
		w.uv(uint64(len(sec.b)))
		w.b = append(w.b, sec.b...)
	}
	for _, a := range s.Accounts {
		w.str(a.Key)
		w.str(a.Name)
		w.str(a.Number)
		w.str(a.Currency)
		w.str(string(a.Category))
		w.flag(a.Gone)
		w.flag(a.Built)
		section(func(w *wbuf) {
			putList(w, a.Balances, func(b integrations.Balance) {
				w.str(b.Currency)
				w.dec(b.Cash)
				w.dec(b.Total)
				w.flag(b.FXRate.Valid)
				if b.FXRate.Valid {
					w.dec(b.FXRate.Decimal)
				}
			})
		})
		section(func(w *wbuf) {
			putList(w, a.Holdings, func(h pfHolding) {
				sy := h.Symbol
				for _, x := range []string{sy.Ticker, sy.Description, string(sy.Type), sy.Exchange, sy.Currency, sy.ISIN, sy.CUSIP, h.Currency} {
					w.str(x)
				}
				w.dec(h.Units)
				w.dec(h.Value)
				w.flag(h.PriceUnknown)
			})
		})
		section(func(w *wbuf) {
			putList(w, a.Flows, func(f pfFlow) {
				w.sv(int64(f.Day))
				w.str(f.Currency)
				w.dec(f.Amount)
			})
		})
		section(func(w *wbuf) {
			putList(w, a.Income, func(in pfIncome) {
				w.str(in.Month)
				w.str(in.Currency)
				w.dec(in.Dividends)
				w.dec(in.Interest)
			})
		})
		section(func(w *wbuf) { encodeSeries(w, a.Series) })
	}
	return w.b
}

// errOldSummary: a summary in an older format; it is rebuilt from the
// cache.
var errOldSummary = errors.New("portfolio summary of an older format")

// pfRead says what of a summary a reader needs.
type pfRead struct {
	need pfNeed
	// seriesFrom: of the snapshots before this day only the one in force
	// on it is kept (0: all).
	seriesFrom int32
	// incomeFrom: income of months before this one (YYYY-MM) is skipped.
	incomeFrom string
	// scratch, when set, is kept from summary to summary for decoding
	// the rows of a series read from a day.
	scratch *[]pfRow
}

func decodeSummary(b []byte, need pfNeed) (*pfSummary, error) {
	return decodeSummaryFor(b, pfRead{need: need})
}

func decodeSummaryFor(b []byte, rd pfRead) (*pfSummary, error) {
	need := rd.need
	if len(b) == 0 {
		return nil, errPFRecord
	}
	if b[0] != summaryVersion {
		if b[0] < summaryVersion {
			return nil, errOldSummary
		}
		return nil, errPFRecord
	}
	r := &rbuf{b: b[1:]}
	s := &pfSummary{Cutoff: int32(r.sv())}
	n := r.count(8)
	var seen map[string]string
	var rows []pfRow
	if rd.scratch != nil {
		rows = *rd.scratch
		defer func() { *rd.scratch = rows }()
	}
	section := func(want pfNeed, parse func(r *rbuf)) {
		size := r.count(1)
		if r.err != nil {
			return
		}
		body := r.b[:size]
		r.b = r.b[size:]
		if need&want == 0 {
			return
		}
		sr := &rbuf{b: body, seen: seen, rows: rows}
		parse(sr)
		seen, rows = sr.seen, sr.rows
		if sr.err != nil {
			r.fail()
		}
	}
	for range n {
		a := &pfAccount{Key: r.str(), Name: r.str(), Number: r.str(), Currency: r.str(), Category: integrations.Category(r.str())}
		a.Gone, a.Built = r.flag(), r.flag()
		section(needBalances, func(r *rbuf) {
			nb := r.count(4)
			for range nb {
				bal := integrations.Balance{Currency: r.istr(), Cash: r.dec(), Total: r.dec()}
				if r.flag() {
					bal.FXRate = decimal.NewNullDecimal(r.dec())
				}
				a.Balances = append(a.Balances, bal)
			}
		})
		section(needHoldings, func(r *rbuf) {
			nh := r.count(11)
			a.Holdings = make([]pfHolding, 0, nh)
			var p pfHolding // the previous holding: most of its fields repeat
			for range nh {
				var h pfHolding
				h.Symbol = integrations.Symbol{Ticker: r.istr(), Description: r.istrAs(p.Symbol.Description),
					Type: integrations.SecurityType(r.istrAs(string(p.Symbol.Type))), Exchange: r.istrAs(p.Symbol.Exchange),
					Currency: r.istrAs(p.Symbol.Currency), ISIN: r.istr(), CUSIP: r.istrAs(p.Symbol.CUSIP)}
				h.Currency = r.istrAs(p.Currency)
				h.Units, h.Value, h.PriceUnknown = r.dec(), r.dec(), r.flag()
				a.Holdings = append(a.Holdings, h)
				p = h
			}
		})
		section(needFlows, func(r *rbuf) {
			nf := r.count(3)
			for range nf {
				a.Flows = append(a.Flows, pfFlow{Day: int32(r.sv()), Currency: r.istr(), Amount: r.dec()})
			}
		})
		section(needIncome, func(r *rbuf) {
			ni := r.count(4)
			for range ni {
				month, cur := r.istr(), r.istr()
				if month < rd.incomeFrom {
					r.skipDec()
					r.skipDec()
					continue
				}
				a.Income = append(a.Income, pfIncome{Month: month, Currency: cur, Dividends: r.dec(), Interest: r.dec()})
			}
		})
		section(needSeries, func(r *rbuf) { a.Series = decodeSeriesFrom(r, rd.seriesFrom) })
		if r.err != nil {
			return nil, r.err
		}
		s.Accounts = append(s.Accounts, a)
	}
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

// pfArchive is one year of a connection's older snapshots, by account key.
type pfArchive map[string][]*pfSeries

func encodeArchive(a pfArchive) []byte {
	w := &wbuf{}
	w.b = append(w.b, pfVersion)
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	putList(w, keys, func(k string) {
		w.str(k)
		encodeSeries(w, a[k])
	})
	return w.b
}

func decodeArchive(b []byte) (pfArchive, error) {
	if len(b) == 0 || b[0] != pfVersion {
		return nil, errPFRecord
	}
	r := &rbuf{b: b[1:]}
	n := r.count(2)
	out := make(pfArchive, n)
	for range n {
		k := r.str()
		out[k] = decodeSeries(r)
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// txGetDecoded reads a record through decode, inside the transaction's
// locked buffer (vault.Tx.Read): decode must copy what it keeps.
func txGetDecoded[T any](tx *vault.Tx, bucket, key string, decode func([]byte) (T, error)) (T, error) {
	var v T
	err := tx.Read(bucket, key, func(b []byte) error {
		var err error
		if v, err = decode(b); err != nil {
			return fmt.Errorf("record %s/%s: %w", bucket, key, err)
		}
		return nil
	})
	return v, err
}

func txPutRaw(tx *vault.Tx, bucket, key string, b []byte) error {
	defer wipe(b)
	return tx.Put(bucket, key, b)
}

// readSummary reads the sections need of a connection's summary; nil (no
// error) when it has none yet, or one of an older format (both are rebuilt
// from the cache).
func readSummary(tx *vault.Tx, connID string, need pfNeed) (*pfSummary, error) {
	return readSummaryFor(tx, connID, pfRead{need: need})
}

func readSummaryFor(tx *vault.Tx, connID string, rd pfRead) (*pfSummary, error) {
	s, err := txGetDecoded(tx, portfolioBucket(connID), keySummary, func(b []byte) (*pfSummary, error) { return decodeSummaryFor(b, rd) })
	if errors.Is(err, vault.ErrNotFound) || errors.Is(err, errOldSummary) {
		return nil, nil
	}
	return s, err
}

// readSummaries reads the summaries of conns (nil for one without, as
// readSummaryFor). The records are read one by one, as the transaction
// wants, and decoded side by side: decoding is most of an overview's work.
func readSummaries(tx *vault.Tx, conns []Connection, rd pfRead) ([]*pfSummary, error) {
	raw := make([][]byte, len(conns))
	defer func() {
		for _, b := range raw {
			wipe(b)
		}
	}()
	for i, c := range conns {
		err := tx.Read(portfolioBucket(c.ID), keySummary, func(b []byte) error {
			raw[i] = slices.Clone(b)
			return nil
		})
		if err != nil && !errors.Is(err, vault.ErrNotFound) {
			return nil, err
		}
	}
	out := make([]*pfSummary, len(conns))
	errs := make([]error, len(conns))
	workers := min(runtime.GOMAXPROCS(0), len(conns))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []pfRow
			r := rd
			r.scratch = &scratch
			for {
				i := int(next.Add(1)) - 1
				if i >= len(conns) {
					return
				}
				if raw[i] == nil {
					continue
				}
				out[i], errs[i] = decodeSummaryFor(raw[i], r)
				if errors.Is(errs[i], errOldSummary) {
					out[i], errs[i] = nil, nil
				} else if errs[i] != nil {
					errs[i] = fmt.Errorf("record %s/%s: %w", portfolioBucket(conns[i].ID), keySummary, errs[i])
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// epochDay is the day number of a date (days since 1970-01-01).
func epochDay(d integrations.Date) int32 {
	t := d.Time()
	if t.IsZero() {
		return 0
	}
	return int32(t.Unix() / 86400)
}

// dayDate is the date of a day number.
func dayDate(day int32) integrations.Date {
	return integrations.DateOf(time.Unix(int64(day)*86400, 0).UTC())
}

// flowType reports whether an activity moves money into or out of the
// account (a contribution, a withdrawal, a transfer).
func flowType(t integrations.ActivityType) bool {
	switch t {
	case integrations.ActivityContribution, integrations.ActivityWithdrawal,
		integrations.ActivityTransferIn, integrations.ActivityTransferOut:
		return true
	}
	return false
}

// noteMonths replaces the flows and income of the given months (YYYY-MM)
// with those of rows, the months' full activities (nil: the month is gone).
func (a *pfAccount) noteMonths(months map[string][]*integrations.Activity) {
	if len(months) == 0 {
		return
	}
	flows := a.Flows[:0:0]
	for _, f := range a.Flows {
		if _, touched := months[monthOf(dayDate(f.Day))]; !touched {
			flows = append(flows, f)
		}
	}
	income := a.Income[:0:0]
	for _, in := range a.Income {
		if _, touched := months[in.Month]; !touched {
			income = append(income, in)
		}
	}
	type fk struct {
		day int32
		cur string
	}
	type ik struct{ month, cur string }
	fsum := map[fk]decimal.Decimal{}
	isum := map[ik]*pfIncome{}
	for m, rows := range months {
		for _, x := range rows {
			cur := strings.ToUpper(x.Currency)
			if cur == "" {
				cur = a.Currency
			}
			switch {
			case flowType(x.Type):
				k := fk{epochDay(x.TradeDate), cur}
				fsum[k] = fsum[k].Add(x.Amount)
			case x.Type == integrations.ActivityDividend || x.Type == integrations.ActivityInterest:
				k := ik{m, cur}
				in := isum[k]
				if in == nil {
					in = &pfIncome{Month: m, Currency: cur}
					isum[k] = in
				}
				if x.Type == integrations.ActivityDividend {
					in.Dividends = in.Dividends.Add(x.Amount)
				} else {
					in.Interest = in.Interest.Add(x.Amount)
				}
			}
		}
	}
	for k, v := range fsum {
		if !v.IsZero() && k.day != 0 {
			flows = append(flows, pfFlow{Day: k.day, Currency: k.cur, Amount: v})
		}
	}
	for _, in := range isum {
		income = append(income, *in)
	}
	sort.SliceStable(flows, func(i, j int) bool {
		if flows[i].Day != flows[j].Day {
			return flows[i].Day < flows[j].Day
		}
		return flows[i].Currency < flows[j].Currency
	})
	sort.SliceStable(income, func(i, j int) bool {
		if income[i].Month != income[j].Month {
			return income[i].Month < income[j].Month
		}
		return income[i].Currency < income[j].Currency
	})
	a.Flows, a.Income = flows, income
}

// contributions is the running sum of flows per currency up to and
// including day.
func (a *pfAccount) contributions(day int32) map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, f := range a.Flows {
		if f.Day > day {
			break
		}
		out[f.Currency] = out[f.Currency].Add(f.Amount)
	}
	return out
}

func holdingsOf(pos []integrations.Position) []pfHolding {
	out := make([]pfHolding, 0, len(pos))
	for _, p := range pos {
		cur := p.Currency
		if cur == "" {
			cur = p.Symbol.Currency
		}
		out = append(out, pfHolding{Symbol: p.Symbol, Units: p.Units, Value: p.MarketValue, Currency: strings.ToUpper(cur), PriceUnknown: p.PriceUnknown})
	}
	return out
}
