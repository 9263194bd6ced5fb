package app

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// An account's activities are cached in month chunks: one record per
// calendar month of trade dates ("activities/<account key>/2024-03"), each a
// JSON array sorted by trade date then id, one row per id. A sync of a long
// history writes tens of thousands of rows in one transaction, so the code
// below groups rows by index and by pointer rather than copying them, and
// encodes a chunk into one reused buffer (issue 18: 100,000 activities).

// upsertActivities adds a window of an account's activities to its month
// chunks, replacing rows with the same id and keeping every other row.
func upsertActivities(tx *vault.Tx, bucket, key string, acts []integrations.Activity) error {
	w := newChunkWriter(tx, bucket, key)
	defer w.done()
	for m, idx := range byMonth(acts) {
		var old []integrations.Activity
		if err := txGetJSON(tx, bucket, w.prefix+m, &old); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return err
		}
		w.begin()
		for i := range old {
			w.add(&old[i])
		}
		for _, i := range idx {
			w.add(&acts[i])
		}
		if err := w.write(m); err != nil {
			return err
		}
	}
	return nil
}

// mergeActivities writes an account's activities into month chunks: rows on
// or after since are replaced by the fetched ones, older rows are kept, and
// rows are deduplicated by id (the last one wins).
func mergeActivities(tx *vault.Tx, bucket, key string, since time.Time, acts []integrations.Activity) error {
	w := newChunkWriter(tx, bucket, key)
	defer w.done()
	sinceDate := integrations.Date("")
	if !since.IsZero() {
		sinceDate = integrations.DateOf(since.UTC())
	}
	fetched := byMonth(acts)
	keys, err := tx.List(bucket)
	if err != nil {
		return err
	}
	existing := map[string]bool{}
	for _, k := range keys {
		if m, ok := strings.CutPrefix(k, w.prefix); ok {
			existing[m] = true
		}
	}
	months := make([]string, 0, len(fetched)+len(existing))
	for m := range fetched {
		months = append(months, m)
	}
	for m := range existing {
		if _, ok := fetched[m]; !ok && (sinceDate == "" || m >= monthOf(sinceDate)) {
			months = append(months, m)
		}
	}
	slices.Sort(months)
	for _, m := range months {
		var old []integrations.Activity
		if existing[m] && sinceDate != "" {
			if err := txGetJSON(tx, bucket, w.prefix+m, &old); err != nil {
				return err
			}
		}
		w.begin()
		for i := range old {
			if old[i].TradeDate < sinceDate {
				w.add(&old[i])
			}
		}
		for _, i := range fetched[m] {
			w.add(&acts[i])
		}
		if err := w.write(m); err != nil {
			return err
		}
	}
	return nil
}

// byMonth groups activities by the month of their trade date, as indexes
// into acts in their order.
func byMonth(acts []integrations.Activity) map[string][]int32 {
	out := map[string][]int32{}
	for i := range acts {
		m := monthOf(acts[i].TradeDate)
		out[m] = append(out[m], int32(i))
	}
	return out
}

// chunkWriter builds and writes one month chunk at a time, reusing its
// buffers across the months of one account.
type chunkWriter struct {
	tx             *vault.Tx
	bucket, prefix string
	rows           []*integrations.Activity
	at             map[string]int
	buf            []byte
}

func newChunkWriter(tx *vault.Tx, bucket, key string) *chunkWriter {
	return &chunkWriter{tx: tx, bucket: bucket, prefix: "activities/" + key + "/", at: map[string]int{}}
}

// begin starts a month.
func (w *chunkWriter) begin() {
	w.rows = w.rows[:0]
	clear(w.at)
}

// add adds a row to the month; a row whose id is already there takes that
// row's place.
func (w *chunkWriter) add(x *integrations.Activity) {
	if x.ID != "" {
		if j, ok := w.at[x.ID]; ok {
			w.rows[j] = x
			return
		}
		w.at[x.ID] = len(w.rows)
	}
	w.rows = append(w.rows, x)
}

// write sorts the month's rows by trade date then id and stores them, or
// deletes the month's chunk when it has no row.
func (w *chunkWriter) write(month string) error {
	if len(w.rows) == 0 {
		return w.tx.Delete(w.bucket, w.prefix+month)
	}
	w.sort()
	var err error
	w.buf, err = appendActivitiesJSON(w.buf[:0], w.rows)
	if err != nil {
		return err
	}
	err = w.tx.Put(w.bucket, w.prefix+month, w.buf)
	wipe(w.buf)
	return err
}

// sort orders the month's rows by trade date then id, keeping the order of
// rows that compare equal.
func (w *chunkWriter) sort() {
	byDateID := func(a, b *integrations.Activity) int {
		return cmp.Or(cmp.Compare(a.TradeDate, b.TradeDate), cmp.Compare(a.ID, b.ID))
	}
	if !slices.IsSortedFunc(w.rows, byDateID) {
		slices.SortStableFunc(w.rows, byDateID)
	}
}

// done drops the references to the rows.
func (w *chunkWriter) done() {
	clear(w.rows[:cap(w.rows)])
	clear(w.at)
}

// appendActivitiesJSON appends rows as a JSON array, byte for byte what
// encoding/json writes for a []integrations.Activity (the chunks' format),
// without its reflection and per-value allocations.
func appendActivitiesJSON(b []byte, rows []*integrations.Activity) ([]byte, error) {
	if decimal.MarshalJSONWithoutQuotes {
		// A process that asked for decimals as JSON numbers gets
		// encoding/json's own output.
		vals := make([]integrations.Activity, len(rows))
		for i, x := range rows {
			vals[i] = *x
		}
		out, err := json.Marshal(vals)
		return append(b, out...), err
	}
	b = append(b, '[')
	for i, x := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, x.ID)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, string(x.Type))
		b = append(b, `,"raw_type":`...)
		b = appendJSONString(b, x.RawType)
		b = append(b, `,"trade_date":`...)
		b = appendJSONString(b, string(x.TradeDate))
		if x.SettlementDate != "" {
			b = append(b, `,"settlement_date":`...)
			b = appendJSONString(b, string(x.SettlementDate))
		}
		if x.Symbol != "" {
			b = append(b, `,"symbol":`...)
			b = appendJSONString(b, x.Symbol)
		}
		b = append(b, `,"units":"`...)
		b = appendDecimal(b, x.Units)
		b = append(b, `","price":"`...)
		b = appendDecimal(b, x.Price)
		b = append(b, `","amount":"`...)
		b = appendDecimal(b, x.Amount)
		b = append(b, `","fee":"`...)
		b = appendDecimal(b, x.Fee)
		b = append(b, `","currency":`...)
		b = appendJSONString(b, x.Currency)
		b = append(b, `,"description":`...)
		b = appendJSONString(b, x.Description)
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendDecimal appends d.String() without its allocations for the usual
// case: a coefficient of at most 18 digits and an exponent of at most 0
// (decimal's own formatting, trailing zeros trimmed as decimal's
// TrimTrailingZeros says).
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if exp > 0 || exp < -60 || d.NumDigits() > 18 {
		return append(b, d.String()...)
	}
	c := d.CoefficientInt64()
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var tmp [20]byte
	digits := strconv.AppendUint(tmp[:0], uint64(c), 10)
	if exp == 0 {
		return append(b, digits...)
	}
	n := int(-exp) // digits after the point
	var intPart, frac []byte
	zeros := 0
	if len(digits) > n {
		intPart, frac = digits[:len(digits)-n], digits[len(digits)-n:]
	} else {
		intPart, zeros, frac = []byte{'0'}, n-len(digits), digits
	}
	if decimal.TrimTrailingZeros {
		frac = bytes.TrimRight(frac, "0")
		if len(frac) == 0 {
			zeros = 0
		}
	}
	b = append(b, intPart...)
	if zeros+len(frac) > 0 {
		b = append(b, '.')
		for range zeros {
			b = append(b, '0')
		}
		b = append(b, frac...)
	}
	return b
}

// appendJSONString appends s quoted as encoding/json quotes a string:
// HTML-safe (<, >, & escaped), invalid UTF-8 replaced by U+FFFD, U+2028 and
// U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
