package app

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// An account's activities are cached in month chunks: one record per
// calendar month of trade dates ("activities/<account key>/2024-03"), each a
// JSON array sorted by trade date then id, one row per id. A sync of a long
// history writes tens of thousands of rows in one transaction, so the code
// below groups rows by index and by pointer rather than copying them, and
// encodes a chunk into one reused buffer (issue 18: 100,000 activities) with
// appendActivities. An import's chunks are stored gzip-packed (see
// txPutPacked; txGetJSON reads both).

// upsertActivities adds a window of an account's activities to its month
// chunks, replacing rows with the same id and keeping every other row. note
// is told each month's rows.
func upsertActivities(tx *vault.Tx, bucket, key string, acts []integrations.Activity, note func(month string, rows []*integrations.Activity)) error {
	w := newChunkWriter(tx, bucket, key, note)
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
// rows are deduplicated by id (the last one wins). note is told each
// month's rows (none: the month is gone).
func mergeActivities(tx *vault.Tx, bucket, key string, since time.Time, acts []integrations.Activity, note func(month string, rows []*integrations.Activity)) error {
	w := newChunkWriter(tx, bucket, key, note)
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

// countAndUpsert merges a statement's activities into an account's month
// chunks like upsertActivities, and counts the rows that were new and those
// already there (by id). Its chunks are packed (gzip): a statement may hold
// hundreds of thousands of rows.
func countAndUpsert(tx *vault.Tx, bucket, key string, acts []integrations.Activity, note func(month string, rows []*integrations.Activity)) (added, known int, err error) {
	if len(acts) == 0 {
		return 0, 0, nil
	}
	w := newChunkWriter(tx, bucket, key, note)
	w.pack = new(packer)
	defer w.done()
	for m, idx := range byMonth(acts) {
		var old []integrations.Activity
		if err := txGetJSON(tx, bucket, w.prefix+m, &old); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return 0, 0, err
		}
		w.begin()
		for i := range old {
			w.add(&old[i])
		}
		for _, i := range idx {
			if w.add(&acts[i]) {
				known++ // the newer file's reading of the row takes its place
			} else {
				added++
			}
		}
		if err := w.write(m); err != nil {
			return 0, 0, err
		}
	}
	return added, known, nil
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
// buffers across the months of one account. Rows are held by reference,
// encoded by appendActivities into one buffer (wiped after each month) and,
// with pack set, stored gzip-packed.
type chunkWriter struct {
	tx             *vault.Tx
	bucket, prefix string
	note           func(month string, rows []*integrations.Activity)
	pack           *packer
	rows           []*integrations.Activity
	at             map[string]int
	buf            []byte
}

func newChunkWriter(tx *vault.Tx, bucket, key string, note func(month string, rows []*integrations.Activity)) *chunkWriter {
	return &chunkWriter{tx: tx, bucket: bucket, prefix: "activities/" + key + "/", note: note, at: map[string]int{}}
}

// begin starts a month.
func (w *chunkWriter) begin() {
	w.rows = w.rows[:0]
	clear(w.at)
}

// add adds a row to the month; a row whose id is already there takes that
// row's place (and add reports true).
func (w *chunkWriter) add(x *integrations.Activity) bool {
	if x.ID != "" {
		if j, ok := w.at[x.ID]; ok {
			w.rows[j] = x
			return true
		}
		w.at[x.ID] = len(w.rows)
	}
	w.rows = append(w.rows, x)
	return false
}

// write sorts the month's rows by trade date then id, tells note about them
// (a copy of the list: the writer uses its own again) and stores them, or
// deletes the month's chunk when it has no row.
func (w *chunkWriter) write(month string) error {
	if len(w.rows) == 0 {
		if w.note != nil {
			w.note(month, nil)
		}
		return w.tx.Delete(w.bucket, w.prefix+month)
	}
	w.sort()
	if w.note != nil {
		w.note(month, slices.Clone(w.rows))
	}
	wipe(w.buf)
	if need := len(w.rows) * 320; cap(w.buf) < need {
		w.buf = make([]byte, 0, need) // room for the month at once: no outgrown copies to wipe
	}
	var err error
	if w.buf, err = appendActivities(w.buf[:0], w.rows); err != nil {
		return err
	}
	if w.pack != nil {
		err = w.pack.txPutPacked(w.tx, w.bucket, w.prefix+month, w.buf)
	} else {
		err = w.tx.Put(w.bucket, w.prefix+month, w.buf)
	}
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

// done drops the references to the rows and wipes the buffers.
func (w *chunkWriter) done() {
	clear(w.rows[:cap(w.rows)])
	clear(w.at)
	wipe(w.buf)
	if w.pack != nil {
		w.pack.wipe()
	}
}
