package app

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// The portfolio records (bucket portfolio/<connection id>) are written in a
// compact binary form: a vault Get is costly (each record is opened into
// locked memory), and the overview reads every connection's summary, so a
// summary is one record and decodes without reflection. Layout: a version
// byte, then fields as unsigned/zig-zag varints, length-prefixed strings and
// decimals as their text.

const pfVersion = 1

var errPFRecord = errors.New("portfolio record is not in a known format")

type wbuf struct{ b []byte }

func (w *wbuf) uv(x uint64)  { w.b = binary.AppendUvarint(w.b, x) }
func (w *wbuf) sv(x int64)   { w.b = binary.AppendVarint(w.b, x) }
func (w *wbuf) str(s string) { w.uv(uint64(len(s))); w.b = append(w.b, s...) }

// putList writes a list: its length, then each item with put.
func putList[T any](w *wbuf, xs []T, put func(T)) {
	w.uv(uint64(len(xs)))
	for _, x := range xs {
		put(x)
	}
}

// Decimals: a tag, then for decInt the coefficient and the exponent as
// varints (what nearly every amount fits), for decText the decimal's text.
const (
	decZero = iota
	decInt
	decText
)

func (w *wbuf) dec(d decimal.Decimal) {
	switch c := d.Coefficient(); {
	case d.IsZero():
		w.uv(decZero)
	case c.IsInt64():
		w.uv(decInt)
		w.sv(c.Int64())
		w.sv(int64(d.Exponent()))
	default:
		w.uv(decText)
		w.str(d.String())
	}
}
func (w *wbuf) flag(b bool) {
	if b {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

type rbuf struct {
	b   []byte
	err error
	// interned strings (istr): symbols, exchanges and currencies repeat
	// across holdings.
	seen map[string]string
	// rows: scratch for rowsFrom, reused from series to series.
	rows []pfRow
}

// istr is str for a value that repeats: one string per distinct value.
func (r *rbuf) istr() string { return r.istrAs("") }

// istrAs is istr where the value is likely prev (the same field of the
// previous element): that costs a comparison, not a map look-up.
func (r *rbuf) istrAs(prev string) string {
	n := r.count(1)
	if r.err != nil || n == 0 {
		return ""
	}
	raw := r.b[:n]
	r.b = r.b[n:]
	if string(raw) == prev {
		return prev
	}
	if s, ok := r.seen[string(raw)]; ok {
		return s
	}
	if r.seen == nil {
		r.seen = map[string]string{}
	}
	s := string(raw)
	r.seen[s] = s
	return s
}

func (r *rbuf) fail() {
	if r.err == nil {
		r.err = errPFRecord
	}
	r.b = nil
}

func (r *rbuf) uv() uint64 { return readVarint(r, binary.Uvarint) }

func (r *rbuf) sv() int64 { return readVarint(r, binary.Varint) }

// readVarint reads a varint with read (binary.Uvarint or binary.Varint).
func readVarint[T uint64 | int64](r *rbuf, read func([]byte) (T, int)) T {
	x, n := read(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

// count reads a length that each element needs at least min bytes for, so a
// corrupt length cannot make a huge allocation.
func (r *rbuf) count(min int) int {
	n := r.uv()
	if n > uint64(len(r.b)/max(min, 1)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *rbuf) str() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *rbuf) dec() decimal.Decimal {
	switch r.uv() {
	case decZero:
		return decimal.Decimal{}
	case decInt:
		c, e := r.sv(), r.sv()
		if e < math.MinInt32 || e > math.MaxInt32 {
			r.fail()
			return decimal.Decimal{}
		}
		return decimal.New(c, int32(e))
	case decText:
		d, err := decimal.NewFromString(r.str())
		if err != nil {
			r.fail()
		}
		return d
	}
	r.fail()
	return decimal.Decimal{}
}

// skipDec passes over a decimal without making it.
func (r *rbuf) skipDec() {
	switch r.uv() {
	case decZero:
	case decInt:
		r.sv()
		r.sv()
	case decText:
		n := r.count(1)
		if r.err == nil {
			r.b = r.b[n:]
		}
	default:
		r.fail()
	}
}

func (r *rbuf) flag() bool {
	if len(r.b) == 0 {
		r.fail()
		return false
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v == 1
}

// ---- snapshot series ----

// pfRow is one day of a series: amounts scaled by 10^scale.
type pfRow struct {
	Day                  int32 // days since 1970-01-01
	Value, Cash, Contrib int64
}

// pfSeries is one account's snapshots in one currency, by day.
type pfSeries struct {
	Currency string
	Scale    int32
	Rows     []pfRow
}

// maxScale bounds the decimals a series keeps (crypto balances need 8).
const maxScale = 8

// scaledLimit bounds a scaled amount, so sums of many stay within int64.
const scaledLimit = 1e15

func scaled(d decimal.Decimal, scale int32) int64 {
	return d.Shift(scale).Round(0).IntPart()
}

func unscaled(v int64, scale int32) decimal.Decimal { return decimal.New(v, -scale) }

// fit raises s's scale to hold d's decimals where the amounts stay in range.
func (s *pfSeries) fit(ds ...decimal.Decimal) {
	want := s.Scale
	for _, d := range ds {
		if e := -d.Exponent(); e > want {
			want = min(e, maxScale)
		}
	}
	for want > s.Scale {
		big := 0.0
		for _, d := range ds {
			f, _ := d.Abs().Float64()
			big = math.Max(big, f)
		}
		for _, r := range s.Rows {
			big = math.Max(big, math.Abs(float64(r.Value))/math.Pow10(int(s.Scale)))
			big = math.Max(big, math.Abs(float64(r.Contrib))/math.Pow10(int(s.Scale)))
		}
		if big*math.Pow10(int(want)) < scaledLimit {
			break
		}
		want--
	}
	if want <= s.Scale {
		return
	}
	m := int64(math.Pow10(int(want - s.Scale)))
	for i := range s.Rows {
		s.Rows[i].Value *= m
		s.Rows[i].Cash *= m
		s.Rows[i].Contrib *= m
	}
	s.Scale = want
}

// put sets the row of day (replacing one on the same day), keeping rows
// sorted.
func (s *pfSeries) put(day int32, value, cash, contrib decimal.Decimal) {
	s.fit(value, cash, contrib)
	row := pfRow{Day: day, Value: scaled(value, s.Scale), Cash: scaled(cash, s.Scale), Contrib: scaled(contrib, s.Scale)}
	n := len(s.Rows)
	switch {
	case n == 0 || s.Rows[n-1].Day < day:
		s.Rows = append(s.Rows, row)
	case s.Rows[n-1].Day == day:
		s.Rows[n-1] = row
	default:
		i := searchRows(s.Rows, day)
		if i < n && s.Rows[i].Day == day {
			s.Rows[i] = row
			return
		}
		s.Rows = append(s.Rows, pfRow{})
		copy(s.Rows[i+1:], s.Rows[i:])
		s.Rows[i] = row
	}
}

// searchRows is the index of the first row on or after day.
func searchRows(rows []pfRow, day int32) int {
	lo, hi := 0, len(rows)
	for lo < hi {
		m := (lo + hi) / 2
		if rows[m].Day < day {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// at is the row in force on day (the last on or before it); false before
// the first.
func (s *pfSeries) at(day int32) (pfRow, bool) {
	i := searchRows(s.Rows, day+1)
	if i == 0 {
		return pfRow{}, false
	}
	return s.Rows[i-1], true
}

func encodeSeries(w *wbuf, list []*pfSeries) {
	putList(w, list, func(s *pfSeries) {
		w.str(s.Currency)
		w.uv(uint64(s.Scale))
		var prev pfRow
		putList(w, s.Rows, func(r pfRow) {
			w.uv(uint64(r.Day - prev.Day))
			w.sv(r.Value - prev.Value)
			w.sv(r.Cash - prev.Cash)
			w.sv(r.Contrib - prev.Contrib)
			prev = r
		})
	})
}

func decodeSeries(r *rbuf) []*pfSeries { return decodeSeriesFrom(r, 0) }

// decodeSeriesFrom decodes series keeping, of the rows before day from,
// only the last (the one in force on from).
func decodeSeriesFrom(r *rbuf, from int32) []*pfSeries {
	// A period's overview reads a year of rows from summaries that hold
	// more: the rows are sized for what is kept, not for what is read.
	n := r.count(3)
	out := make([]*pfSeries, 0, n)
	for range n {
		s := &pfSeries{Currency: r.str(), Scale: int32(r.uv())}
		rows := r.count(4)
		if s.Scale > maxScale {
			r.fail()
		}
		if r.err != nil {
			return nil
		}
		if from > 0 {
			s.Rows = r.rowsFrom(rows, from)
			out = append(out, s)
			continue
		}
		s.Rows = make([]pfRow, 0, rows)
		var prev, carry pfRow
		hasCarry := false
		for range rows {
			prev.Day += int32(r.uv())
			prev.Value += r.sv()
			prev.Cash += r.sv()
			prev.Contrib += r.sv()
			if prev.Day < from {
				carry, hasCarry = prev, true
				continue
			}
			if hasCarry {
				s.Rows = append(s.Rows, carry)
				hasCarry = false
			}
			s.Rows = append(s.Rows, prev)
		}
		if hasCarry {
			s.Rows = append(s.Rows, carry)
		}
		out = append(out, s)
	}
	return out
}

// rowsFrom decodes the next n rows, keeping those on or after day from and
// the one in force on it. They are decoded into r's scratch (kept across the
// series of a summary) and copied out, so the result is sized for what is
// kept, not for what is read: a period's overview reads a year of rows from
// summaries that hold up to two.
func (r *rbuf) rowsFrom(n int, from int32) []pfRow {
	if cap(r.rows) < n {
		r.rows = make([]pfRow, 0, n)
	}
	rows := r.rows[:n]
	// The rows are most of what an overview reads: a tight loop over a
	// local slice, with one-byte varints (most deltas) decoded in place.
	b := r.b
	var prev pfRow
	var f [4]uint64
	first := -1
	for i := range n {
		for k := range f {
			if len(b) > 0 && b[0] < 0x80 {
				f[k], b = uint64(b[0]), b[1:]
				continue
			}
			x, m := binary.Uvarint(b)
			if m <= 0 {
				r.fail()
				return nil
			}
			f[k], b = x, b[m:]
		}
		prev.Day += int32(f[0])
		prev.Value += unzigzag(f[1])
		prev.Cash += unzigzag(f[2])
		prev.Contrib += unzigzag(f[3])
		if first < 0 && prev.Day >= from {
			first = max(i-1, 0)
		}
		rows[i] = prev
	}
	r.b = b
	r.rows = rows
	if first < 0 {
		first = max(n-1, 0)
	}
	return slices.Clone(rows[first:])
}

// unzigzag is binary.Varint's mapping of an unsigned varint to a signed one.
func unzigzag(u uint64) int64 {
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}
