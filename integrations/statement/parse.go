package statement

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement/ofx"
	"github.com/latchkey/latchkey/internal/capread"
	"github.com/latchkey/latchkey/internal/decfmt"
)

// DefaultAccountID is the account id of a CSV's rows when the file names no
// account and Options.AccountID is empty.
const DefaultAccountID = "statement"

func parse(ctx context.Context, name string, r io.Reader, opts Options) (*Result, error) {
	max := opts.maxBytes()
	size := sizeOf(r)
	if size > max {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, sizeText(max))
	}
	br := bufio.NewReaderSize(&capread.Reader{R: r, Left: max, Err: errCap}, 64<<10)
	head, err := br.Peek(8192)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, readErr(err, max)
	}
	if len(head) < 8192 && len(bytes.TrimSpace(head)) == 0 {
		return nil, ErrEmpty
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return nil, fmt.Errorf("%w: latchkey reads the CSV or OFX/QFX download instead", ErrPDF)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%w: a spreadsheet workbook; save it as CSV first", ErrUnknownFormat)
	}
	if !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) && guess16(head) == "" && looksOFX(string(head)) {
		// OFX in ASCII, UTF-8 or Windows-1252: read as a stream, never
		// held whole.
		enc := EncUTF8
		if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
			_, _ = br.Discard(3)
			enc = EncUTF8BOM
		}
		st, err := ofx.Parse(ctx, br, size)
		if err != nil {
			return nil, ofxErr(err, max)
		}
		// Whatever follows </OFX> counts toward the cap too.
		if _, err := io.Copy(io.Discard, br); err != nil {
			return nil, readErr(err, max)
		}
		if st.Windows1252 {
			enc = EncCP1252
		}
		return ofxResult(st, enc)
	}
	b, err := readAll(br, max, size)
	if err != nil {
		return nil, err
	}
	text, enc, err := Decode(b)
	if err != nil {
		return nil, err
	}
	b = nil
	if looksOFX(text) { // UTF-16 OFX
		st, err := ofx.ParseBytes(ctx, []byte(text))
		if err != nil {
			return nil, ofxErr(err, max)
		}
		return ofxResult(st, enc)
	}
	t, err := TableFromText(ctx, text, enc)
	if err != nil {
		return nil, err
	}
	return ParseTable(ctx, t, opts)
}

func looksOFX(text string) bool {
	head := strings.ToUpper(strings.TrimLeftFunc(strings.TrimPrefix(text[:min(len(text), 8192)], "\uFEFF"), unicode.IsSpace))
	return strings.HasPrefix(head, "OFXHEADER") || strings.HasPrefix(head, "<OFX>") ||
		(strings.HasPrefix(head, "<?XML") && strings.Contains(head, "<?OFX"))
}

func ofxErr(err error, max int64) error {
	switch {
	case errors.Is(err, errCap):
		return fmt.Errorf("%w: more than %s", ErrTooLarge, sizeText(max))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}

func ofxResult(st *ofx.Statement, enc string) (*Result, error) {
	res := &Result{Format: FormatOFX, Encoding: enc, Dataset: st.Dataset}
	for _, a := range st.Accounts {
		res.Accounts = append(res.Accounts, Identity{
			AccountID: a.AccountID, Institution: a.Institution, Number: a.Number, Currency: a.Currency,
		})
	}
	for _, p := range st.Problems {
		res.Problems = append(res.Problems, Problem{Section: p.Account, Reason: p.Reason})
	}
	res.Rows = st.Items + len(st.Problems)
	res.Good = st.Items
	if res.Good == 0 && len(res.Dataset.Accounts) == 0 {
		return res, ErrNoRows
	}
	return res, nil
}

// ParseTable reads a table with a preset (Options.Preset, else the one
// Detect finds among Options.Presets) or with Options.Mapping.
func ParseTable(ctx context.Context, t *Table, opts Options) (*Result, error) {
	p, err := choosePreset(t, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: FormatCSV, Preset: p.Name, Encoding: t.Encoding, Delimiter: string(t.Delimiter)}
	blocks := splitSections(t, p.Sections)
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%w: no header row with the mapped columns", ErrNeedMapping)
	}
	b := newBuilder(t, p, opts)
	for _, bl := range blocks {
		if bl.sec.Mapping.kind() == KindActivity {
			b.rowHint += len(bl.rows)
		}
	}
	for _, bl := range blocks {
		if err := b.block(ctx, bl, res, -1, nil); err != nil {
			return nil, err
		}
	}
	b.finish(res)
	if p.Hooks.Finish != nil {
		if err := p.Hooks.Finish(t, res); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	fillAsOf(res)
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Line < res.Problems[j].Line })
	if res.Good == 0 {
		return res, ErrNoRows
	}
	return res, nil
}

func choosePreset(t *Table, opts Options) (Preset, error) {
	if opts.Preset != "" {
		p, ok := FindPreset(opts.Presets, opts.Preset)
		if !ok {
			return Preset{}, ErrUnknownPreset
		}
		return p, nil
	}
	if p, ok := Detect(t, opts.Presets); ok {
		return p, nil
	}
	if opts.Mapping != nil {
		return MappingPreset(*opts.Mapping, opts.Institution), nil
	}
	return Preset{}, ErrNeedMapping
}

// MappingPreset wraps a mapping as a one-section preset without a name.
func MappingPreset(m Mapping, institution string) Preset {
	return Preset{Institution: institution, Sections: []Section{{Mapping: m}}}
}

// block is one section's header and rows in a file.
type block struct {
	sec    *Section
	header []string
	rows   []Row
}

// splitSections walks the records: a header starts its section; rows follow
// until a blank line (unless the section is prefixed), a line of another
// prefix, or another header. Lines outside any section are left for hooks.
func splitSections(t *Table, sections []Section) []*block {
	type sig struct{ names []string }
	sigs := make([]sig, len(sections))
	for i, s := range sections {
		sigs[i] = sig{s.signature()}
	}
	var blocks []*block
	if len(sections) == 1 && len(sigs[0].names) == 0 && len(sections[0].Mapping.Columns) > 0 {
		// A header-less file: every column named by position ("#3"), every
		// non-blank record a row.
		bl := &block{sec: &sections[0]}
		for _, rec := range t.Records {
			if rec.Cells != nil {
				bl.rows = append(bl.rows, Row{Line: rec.Line, Cells: rec.Cells})
			}
		}
		return []*block{bl}
	}
	// Two walks over the records: the first finds the blocks and counts
	// their rows, the second fills rows made to size (a large file's rows
	// are not copied as their slices grow).
	var counts []int
	walk := func(fill bool) {
		cur, nb := -1, -1
		for _, rec := range t.Records {
			if rec.Cells == nil {
				if cur >= 0 && len(sections[cur].Prefix) == 0 {
					cur = -1
				}
				continue
			}
			matched := -1
			var hdr []string
			for i, s := range sections {
				cells, ok := stripPrefix(rec.Cells, s.Prefix)
				if ok && len(sigs[i].names) > 0 && quickHas(cells, sigs[i].names[0]) && hasAll(cells, sigs[i].names) {
					matched, hdr = i, cells
					break
				}
			}
			if matched >= 0 {
				cur = matched
				nb++
				if fill {
					blocks = append(blocks, &block{sec: &sections[matched], header: trimAll(hdr), rows: make([]Row, 0, counts[nb])})
				} else {
					counts = append(counts, 0)
				}
				continue
			}
			if cur < 0 {
				continue
			}
			cells, ok := stripPrefix(rec.Cells, sections[cur].Prefix)
			if !ok {
				cur = -1
				continue
			}
			if !fill {
				counts[nb]++
				continue
			}
			bl := blocks[nb]
			bl.rows = append(bl.rows, Row{Line: rec.Line, Header: bl.header, Cells: cells})
		}
	}
	walk(false)
	walk(true)
	return blocks
}

func trimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimFunc(c, isSpace)
	}
	return out
}

// quickHas is a cheap test that a cell equals name (ignoring case, space and
// punctuation) without allocating.
func quickHas(cells []string, name string) bool {
	for _, c := range cells {
		if eqNorm(c, name) {
			return true
		}
	}
	return false
}

// eqNorm compares the letters and digits of a and b, ignoring case.
func eqNorm(a, b string) bool {
	i, j := 0, 0
	for {
		// ASCII letters and digits compared byte by byte.
		for i < len(a) && j < len(b) {
			ca, cb := a[i], b[j]
			if ca >= utf8.RuneSelf || cb >= utf8.RuneSelf || !isAlnumByte(ca) || !isAlnumByte(cb) {
				break
			}
			if lowerByte(ca) != lowerByte(cb) {
				return false
			}
			i, j = i+1, j+1
		}
		for i < len(a) && !isAlnumAt(a, i) {
			i += runeLen(a, i)
		}
		for j < len(b) && !isAlnumAt(b, j) {
			j += runeLen(b, j)
		}
		if i >= len(a) || j >= len(b) {
			return i >= len(a) && j >= len(b)
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if unicode.ToLower(ra) != unicode.ToLower(rb) {
			return false
		}
		i, j = i+na, j+nb
	}
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isAlnumAt(s string, i int) bool {
	if s[i] < utf8.RuneSelf {
		return isAlnumByte(s[i])
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func runeLen(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// builder accumulates a file's accounts and items.
type builder struct {
	t        *Table
	p        Preset
	opts     Options
	inst     string
	accounts map[string]*acct
	order    []string
	// for ids: occurrences of each row key per account
	seen    map[string]int     // occurrences of a file's own ids per account
	hashes  map[[12]byte]int32 // occurrences of each hashed row (its id's bytes)
	noCurr  bool
	newest  integrations.Date
	rowHint int // data rows in the file, to size acts
	// acts are every account's activities in file order, owner the index
	// of each one's account: one array for the file, cut per account by
	// finish.
	acts   []integrations.Activity
	owner  []int32
	byCell map[acctKey]*acct
	memo   memo
	cells  []string // the reused copy of a row's cells for its Row hook
	// scratch holds each row's activity until keep copies it into acts,
	// unless the outcomes are handed out (Preview).
	scratch    integrations.Activity
	useScratch bool
	key        []byte // the reused input of an activity's hashed id
}

type acctKey struct{ raw, currency string }

// memo remembers what repeated cells read as: a statement repeats its
// dates, prices, quantities and words row after row. Decimals are
// immutable, so one parsed value may stand in many rows.
type memo struct {
	nums  map[memoKey]numVal
	dates map[memoKey]dateVal
	words map[string]string
	texts map[string]string
}

// memoMax bounds each of memo's maps: past it, cells are read afresh.
const memoMax = 1 << 15

// memoCell is the longest cell memo keeps.
const memoCell = 48

type memoKey struct{ cell, how string }

type numVal struct {
	d   decimal.Decimal
	cur string
	ok  bool
	err error
}

type dateVal struct {
	d   integrations.Date
	err error
}

// number is ParseNumber, remembered.
func (m *memo) number(cell, dec string) (decimal.Decimal, string, bool, error) {
	if len(cell) > memoCell {
		return ParseNumber(cell, dec)
	}
	k := memoKey{cell, dec}
	if v, ok := m.nums[k]; ok {
		return v.d, v.cur, v.ok, v.err
	}
	d, cur, ok, err := ParseNumber(cell, dec)
	if m.nums == nil {
		m.nums = make(map[memoKey]numVal)
	}
	if len(m.nums) < memoMax {
		m.nums[memoKey{strings.Clone(cell), dec}] = numVal{d, cur, ok, err}
	}
	return d, cur, ok, err
}

// date is ParseDate, remembered.
func (m *memo) date(cell, order string) (integrations.Date, error) {
	if len(cell) > memoCell {
		return ParseDate(cell, order)
	}
	k := memoKey{cell, order}
	if v, ok := m.dates[k]; ok {
		return v.d, v.err
	}
	d, err := ParseDate(cell, order)
	if m.dates == nil {
		m.dates = make(map[memoKey]dateVal)
	}
	if len(m.dates) < memoMax {
		m.dates[memoKey{strings.Clone(cell), order}] = dateVal{d, err}
	}
	return d, err
}

// word is normWord, remembered.
func (m *memo) word(s string) string {
	if len(s) > memoCell {
		return normWord(s)
	}
	if w, ok := m.words[s]; ok {
		return w
	}
	w := normWord(s)
	if m.words == nil {
		m.words = make(map[string]string)
	}
	if len(m.words) < memoMax {
		m.words[strings.Clone(s)] = w
	}
	return w
}

// text is text(s), the same string for the same cell (a repeated action,
// symbol or currency is held once, not once per row, and not by way of
// its row's line).
func (m *memo) text(s string) string {
	t := text(s)
	if t == "" || len(t) > memoCell {
		return t
	}
	if w, ok := m.texts[t]; ok {
		return w
	}
	if m.texts == nil {
		m.texts = make(map[string]string)
	}
	if len(m.texts) < memoMax {
		c := strings.Clone(t)
		m.texts[c] = c
		return c
	}
	return t
}

type acct struct {
	id       Identity
	category integrations.Category
	index    int32 // in builder.order
	nacts    int   // its activities in builder.acts
	pos      []integrations.Position
	bals     []integrations.Balance
}

func newBuilder(t *Table, p Preset, opts Options) *builder {
	inst := p.Institution
	if inst == "" {
		inst = opts.Institution
	}
	return &builder{t: t, p: p, opts: opts, inst: inst, accounts: make(map[string]*acct), seen: make(map[string]int), byCell: make(map[acctKey]*acct)}
}

func (b *builder) account(raw, currency string) *acct {
	if a := b.byCell[acctKey{raw, currency}]; a != nil {
		return a
	}
	a := b.newAccount(raw, currency)
	if len(b.byCell) < memoMax {
		b.byCell[acctKey{strings.Clone(raw), currency}] = a
	}
	return a
}

func (b *builder) newAccount(raw, currency string) *acct {
	var id Identity
	if strings.TrimSpace(raw) != "" {
		id = NewIdentity(b.inst, raw, currency)
	} else {
		aid := b.opts.AccountID
		if aid == "" {
			aid = DefaultAccountID
		}
		id = Identity{AccountID: aid, Institution: b.inst, Currency: currency}
	}
	a := b.accounts[id.AccountID]
	if a == nil {
		cat := b.p.Category
		if cat == "" {
			cat = integrations.CategoryInvestment
		}
		a = &acct{id: id, category: cat, index: int32(len(b.order))}
		b.accounts[id.AccountID] = a
		b.order = append(b.order, id.AccountID)
	}
	if a.id.Currency == "" {
		a.id.Currency = currency
	}
	return a
}

// colIdx are a block's column positions per field (-1: absent).
type colIdx map[Field]int

func (c colIdx) get(r *Row, f Field) string {
	i, ok := c[f]
	if !ok || i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// plan is how a block's rows are read, resolved over the whole block.
type plan struct {
	m        Mapping
	cols     colIdx
	order    string
	decimal  string
	types    *typeTable
	signed   bool // amounts carry their own sign
	unitsSig bool // units carry their own sign
	filter   map[int][]string
	skip     map[string]bool
}

var numericFields = []Field{FieldUnits, FieldPrice, FieldAmount, FieldFee, FieldCommission, FieldMarketValue, FieldCostBasis, FieldAverageCost, FieldCash, FieldTotal}

func (b *builder) plan(bl *block, res *Result) *plan {
	m := bl.sec.Mapping
	pl := &plan{m: m, cols: make(colIdx), types: compileTypes(m), skip: map[string]bool{
		"total": true, "totals": true, "subtotal": true, "sub total": true, "grand total": true, "summary": true,
	}}
	for _, f := range Fields {
		if name := m.Columns[f]; name != "" {
			pl.cols[f] = columnIndex(bl.header, name)
		}
	}
	for _, s := range m.Skip {
		pl.skip[normWord(s)] = true
	}
	if len(m.Filter) > 0 {
		pl.filter = make(map[int][]string)
		for col, vals := range m.Filter {
			pl.filter[columnIndex(bl.header, col)] = vals
		}
	}
	pl.decimal = m.Decimal
	if pl.decimal == "" {
		var vote decimalVote
		for i := range bl.rows {
			for _, f := range numericFields {
				if v := pl.cols.get(&bl.rows[i], f); v != "" {
					vote.add(v)
				}
			}
		}
		pl.decimal = vote.result(b.t.Delimiter == ';')
	}
	pl.order = m.DateFormat
	if pl.order == "" {
		var vote dateVote
		for i := range bl.rows {
			vote.add(pl.cols.get(&bl.rows[i], FieldDate))
			vote.add(pl.cols.get(&bl.rows[i], FieldSettleDate))
		}
		var amb bool
		pl.order, amb = vote.result(pl.decimal == DecimalComma)
		if amb {
			w := "month/day/year"
			if pl.order == DateDMY {
				w = "day/month/year"
			}
			res.Notes = appendOnce(res.Notes, "dates could be read either way; read as "+w)
		}
	}
	// A file signs its amounts when any amount is negative.
	for i := range bl.rows {
		r := &bl.rows[i]
		if d, _, ok, err := b.memo.number(pl.cols.get(r, FieldAmount), pl.decimal); ok && err == nil && d.IsNegative() {
			pl.signed = true
		}
		if d, _, ok, err := b.memo.number(pl.cols.get(r, FieldUnits), pl.decimal); ok && err == nil && d.IsNegative() {
			pl.unitsSig = true
		}
		if pl.signed && pl.unitsSig {
			break
		}
	}
	return pl
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// outcome is what one row became.
type outcome struct {
	acct     *acct
	activity *integrations.Activity
	position *integrations.Position
	balance  *integrations.Balance
	ignored  bool
	problem  *Problem
}

// block maps a block's rows. With limit ≥ 0 it stops after that many rows
// and hands each outcome to each (Preview) instead of keeping it.
func (b *builder) block(ctx context.Context, bl *block, res *Result, limit int, each func(Row, outcome)) error {
	pl := b.plan(bl, res)
	b.useScratch = each == nil
	defer func() { b.useScratch = false }()
	var shared *columns // the header of the rows, as hooks extend it
	if b.p.Hooks.Row != nil {
		shared = newColumns(bl.header)
		shared.plan = pl
	}
	for i := range bl.rows {
		if limit >= 0 && i >= limit {
			break
		}
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row := bl.rows[i]
		if b.p.Hooks.Row != nil {
			// The hook may change the cells and add columns: it gets a
			// copy, the same buffer row after row unless each keeps rows.
			var cells []string
			if each == nil {
				if cap(b.cells) < len(row.Cells)+8 {
					b.cells = make([]string, 0, len(row.Cells)+16)
				}
				cells = append(b.cells[:0], row.Cells...)
			} else {
				cells = make([]string, len(row.Cells), len(row.Cells)+8)
				copy(cells, row.Cells)
			}
			row.Cells = cells
			row.cols = shared
		}
		out := b.row(bl, pl, &row)
		if each != nil {
			each(row, out)
			continue
		}
		b.keep(res, out)
	}
	return nil
}

// activity is where row builds a row's activity.
func (b *builder) activity() *integrations.Activity {
	if b.useScratch {
		return &b.scratch
	}
	return new(integrations.Activity)
}

func (b *builder) keep(res *Result, out outcome) {
	switch {
	case out.ignored:
		res.Ignored++
		return
	case out.problem != nil:
		res.Rows++
		res.Problems = append(res.Problems, *out.problem)
		return
	}
	res.Rows++
	res.Good++
	a := out.acct
	switch {
	case out.activity != nil:
		b.assignID(a, out.activity)
		if b.acts == nil {
			b.acts = make([]integrations.Activity, 0, max(b.rowHint, 16))
			b.owner = make([]int32, 0, max(b.rowHint, 16))
		}
		b.acts = append(b.acts, *out.activity)
		b.owner = append(b.owner, a.index)
		a.nacts++
		if out.activity.TradeDate > b.newest {
			b.newest = out.activity.TradeDate
		}
	case out.position != nil:
		a.pos = append(a.pos, *out.position)
	case out.balance != nil:
		a.bals = append(a.bals, *out.balance)
	}
}

func (b *builder) row(bl *block, pl *plan, row *Row) outcome {
	sec := bl.sec.Name
	// Summary and footer rows.
	nonEmpty, first := 0, ""
	for _, c := range row.Cells {
		if strings.TrimFunc(c, isSpace) != "" {
			nonEmpty++
			if first == "" {
				first = c
			}
		}
	}
	if nonEmpty == 0 {
		return outcome{ignored: true}
	}
	fw := b.memo.word(first)
	if pl.skip[fw] || strings.HasPrefix(fw, "total ") || (nonEmpty == 1 && len(bl.header) >= 3) {
		return outcome{ignored: true}
	}
	for col, vals := range pl.filter {
		v := ""
		if col >= 0 && col < len(row.Cells) {
			v = strings.TrimFunc(row.Cells[col], isSpace)
		}
		keep := false
		for _, want := range vals {
			if strings.EqualFold(v, want) {
				keep = true
			}
		}
		if !keep {
			return outcome{ignored: true}
		}
	}
	if h := b.p.Hooks.Row; h != nil {
		skip, err := h(sec, row)
		if skip {
			return outcome{ignored: true}
		}
		if err != nil {
			return outcome{problem: &Problem{Line: row.Line, Section: sec, Reason: cleanReason(err.Error())}}
		}
		if len(row.Header) != len(bl.header) { // the hook added columns
			if c := row.shared(); c != nil {
				if c.plan == nil {
					c.plan = b.replan(pl, c.header)
				}
				pl = c.plan
			} else {
				pl = b.replan(pl, row.Header)
			}
		}
	}
	num := &numbers{b: b, pl: pl, row: row, sec: sec}
	prob := num.problem
	currency := b.memo.text(normCurrency(pl.cols.get(row, FieldCurrency)))
	if c := pl.cols.get(row, FieldCurrency); strings.TrimSpace(c) != "" && currency == "" {
		return prob(FieldCurrency, fmt.Sprintf("%s is not a currency code", excerpt(c)))
	}
	switch pl.m.kind() {
	case KindPosition:
		return b.position(bl, pl, row, currency, num)
	case KindBalance:
		cash, c1, _ := num.get(FieldCash)
		total, c2, okT := num.get(FieldTotal)
		if num.bad != nil {
			return *num.bad
		}
		if !okT {
			total = cash
		}
		cur := b.currency(pl, currency, c1, c2)
		a := b.account(pl.cols.get(row, FieldAccount), cur)
		return outcome{acct: a, balance: &integrations.Balance{Currency: cur, Cash: cash, Total: total}}
	}
	// Activity.
	dcell := pl.cols.get(row, FieldDate)
	if strings.TrimSpace(dcell) == "" {
		return prob(FieldDate, "no date")
	}
	date, err := b.memo.date(dcell, pl.order)
	if err != nil {
		return prob(FieldDate, fmt.Sprintf("%s is not a date (%s)", excerpt(dcell), orderWords(pl.order)))
	}
	var settle integrations.Date
	if s := pl.cols.get(row, FieldSettleDate); strings.TrimSpace(s) != "" {
		if settle, err = b.memo.date(s, pl.order); err != nil {
			return prob(FieldSettleDate, fmt.Sprintf("%s is not a date (%s)", excerpt(s), orderWords(pl.order)))
		}
	}
	units, _, okU := num.get(FieldUnits)
	price, c1, okP := num.get(FieldPrice)
	amount, c2, okA := num.get(FieldAmount)
	fee, c3, _ := num.get(FieldFee)
	comm, _, _ := num.get(FieldCommission)
	if num.bad != nil {
		return *num.bad
	}
	if fee = fee.Abs(); !comm.IsZero() {
		fee = fee.Add(comm.Abs())
	}
	if !okA && !okU {
		return prob(FieldAmount, "no amount or quantity")
	}
	rawType := b.memo.text(pl.cols.get(row, FieldType))
	ty, ok := pl.types.lookup(b.memo.word(rawType))
	if !ok {
		ty = pl.m.DefaultType
		if ty == "" {
			switch {
			case okU && pl.unitsSig && units.IsPositive():
				ty = integrations.ActivityBuy
			case okU && pl.unitsSig && units.IsNegative():
				ty = integrations.ActivitySell
			default:
				ty = integrations.ActivityOther
			}
		}
	}
	if !ty.Valid() {
		return prob(FieldType, fmt.Sprintf("%q is not an activity type", string(ty)))
	}
	if !okA && okU && okP {
		gross := units.Abs().Mul(price)
		switch ty {
		case integrations.ActivityBuy:
			amount = gross.Add(fee).Neg()
		case integrations.ActivitySell:
			amount = gross.Sub(fee)
		}
	}
	switch pl.m.Sign {
	case SignInverted:
		amount = amount.Neg()
	case SignByType:
		if !pl.signed {
			amount = signFor(ty, amount)
		}
		if !pl.unitsSig {
			units = unitsFor(ty, units)
		}
	}
	cur := b.currency(pl, currency, c1, c2, c3)
	a := b.account(pl.cols.get(row, FieldAccount), cur)
	act := b.activity()
	*act = integrations.Activity{
		ID:             strings.Clone(text(pl.cols.get(row, FieldID))),
		Type:           ty,
		RawType:        rawType,
		TradeDate:      date,
		SettlementDate: settle,
		Symbol:         b.memo.text(pl.cols.get(row, FieldSymbol)),
		Units:          units,
		Price:          price,
		Amount:         amount,
		Fee:            fee,
		Currency:       cur,
		Description:    b.memo.text(pl.cols.get(row, FieldDescription)),
	}
	if h := b.p.Hooks.Activity; h != nil {
		if err := h(sec, row, act); err != nil {
			return outcome{problem: &Problem{Line: row.Line, Section: sec, Reason: cleanReason(err.Error())}}
		}
	}
	return outcome{acct: a, activity: act}
}

func (b *builder) replan(pl *plan, header []string) *plan {
	np := *pl
	np.cols = make(colIdx)
	for _, f := range Fields {
		if name := pl.m.Columns[f]; name != "" {
			np.cols[f] = columnIndex(header, name)
		}
	}
	return &np
}

func (b *builder) position(bl *block, pl *plan, row *Row, currency string, num *numbers) outcome {
	prob := num.problem
	sym := symbolText(pl.cols.get(row, FieldSymbol))
	desc := text(pl.cols.get(row, FieldDescription))
	if sym == "" && desc == "" {
		return prob(FieldSymbol, "no symbol")
	}
	units, _, okU := num.get(FieldUnits)
	if num.bad == nil && !okU {
		return prob(FieldUnits, "no quantity")
	}
	price, c1, okP := num.get(FieldPrice)
	mv, c2, okM := num.get(FieldMarketValue)
	cb, c3, okC := num.get(FieldCostBasis)
	ac, _, okAC := num.get(FieldAverageCost)
	if num.bad != nil {
		return *num.bad
	}
	if !okM && okP {
		mv = units.Mul(price)
	}
	if !okP && okM && !units.IsZero() {
		price = mv.Div(units).Abs()
		okP = true
	}
	p := &integrations.Position{
		Symbol: integrations.Symbol{
			Ticker: sym, Description: desc, Type: integrations.SecurityOther,
			ISIN: text(pl.cols.get(row, FieldISIN)), CUSIP: text(pl.cols.get(row, FieldCUSIP)),
		},
		Units: units, Price: price, MarketValue: mv,
		PriceUnknown: !okP && !okM,
	}
	if okC {
		p.CostBasis = decimal.NewNullDecimal(cb)
	}
	if okAC {
		p.AverageCost = decimal.NewNullDecimal(ac)
	} else if okC && !units.IsZero() {
		p.AverageCost = decimal.NewNullDecimal(cb.Div(units).Abs())
	}
	cur := b.currency(pl, currency, c1, c2, c3)
	p.Currency, p.Symbol.Currency = cur, cur
	if h := b.p.Hooks.Position; h != nil {
		if err := h(bl.sec.Name, row, p); err != nil {
			return outcome{problem: &Problem{Line: row.Line, Section: bl.sec.Name, Reason: cleanReason(err.Error())}}
		}
	}
	return outcome{acct: b.account(pl.cols.get(row, FieldAccount), cur), position: p}
}

// numbers reads one row's number cells (Row.Cells under the plan's
// columns, with its decimal separator): the first cell that is not a
// number is the row's problem, bad, and reads after it give nothing, so a
// row's numbers are read in a run and checked once.
type numbers struct {
	b   *builder
	pl  *plan
	row *Row
	sec string
	bad *outcome
}

// problem is the row's problem under f's column.
func (n *numbers) problem(f Field, reason string) outcome {
	return outcome{problem: &Problem{Line: n.row.Line, Section: n.sec, Column: n.pl.m.Columns[f], Reason: reason}}
}

// get reads the number under f: its value, a currency code written in the
// cell, and whether the cell held a number (false when blank).
func (n *numbers) get(f Field) (decimal.Decimal, string, bool) {
	if n.bad != nil {
		return decimal.Zero, "", false
	}
	cell := n.pl.cols.get(n.row, f)
	d, cur, ok, err := n.b.memo.number(cell, n.pl.decimal)
	if err != nil {
		o := n.problem(f, fmt.Sprintf("%s is not a number", excerpt(cell)))
		n.bad = &o
		return d, "", false
	}
	return d, cur, ok
}

// currency picks a row's currency: its column, the mapping's, a code written
// in a number cell, the caller's.
func (b *builder) currency(pl *plan, col string, fromCells ...string) string {
	if col != "" {
		return col
	}
	if pl.m.Currency != "" {
		return strings.ToUpper(pl.m.Currency)
	}
	for _, c := range fromCells {
		if c != "" {
			return c
		}
	}
	if b.opts.Currency != "" {
		return strings.ToUpper(b.opts.Currency)
	}
	b.noCurr = true
	return ""
}

// SignAs makes an amount's sign the type's direction (positive brings cash
// in) for types that have one; others are left as written.
func SignAs(t integrations.ActivityType, d decimal.Decimal) decimal.Decimal { return signFor(t, d) }

// UnitsAs makes units' sign the type's direction (buys add units).
func UnitsAs(t integrations.ActivityType, d decimal.Decimal) decimal.Decimal { return unitsFor(t, d) }

func signFor(t integrations.ActivityType, d decimal.Decimal) decimal.Decimal {
	switch t {
	case integrations.ActivityBuy, integrations.ActivityFee, integrations.ActivityTax,
		integrations.ActivityWithdrawal, integrations.ActivityTransferOut:
		return d.Abs().Neg()
	case integrations.ActivitySell, integrations.ActivityDividend, integrations.ActivityInterest,
		integrations.ActivityContribution, integrations.ActivityTransferIn:
		return d.Abs()
	}
	return d
}

func unitsFor(t integrations.ActivityType, d decimal.Decimal) decimal.Decimal {
	switch t {
	case integrations.ActivityBuy, integrations.ActivityReinvest, integrations.ActivityTransferIn:
		return d.Abs()
	case integrations.ActivitySell, integrations.ActivityTransferOut:
		return d.Abs().Neg()
	}
	return d
}

// assignID gives an activity its id: the file's own (made unique by its
// occurrence), or a hash of its normalised content and occurrence index, so
// two identical rows stay two activities and re-reading gives the same ids.
func (b *builder) assignID(a *acct, act *integrations.Activity) {
	if act.ID != "" {
		k := "id\x00" + a.id.AccountID + "\x00" + act.ID
		n := b.seen[k]
		b.seen[k] = n + 1
		if n > 0 {
			act.ID += "#" + itoa(n)
		}
		return
	}
	// "h" and the first 24 hex digits of ident.Hash of the parts (each
	// followed by a NUL): ids already imported depend on every byte of it.
	k := b.key[:0]
	for _, p := range [...]string{a.id.AccountID, string(act.TradeDate), string(act.SettlementDate), b.memo.word(act.RawType), act.Symbol} {
		k = append(append(k, p...), 0)
	}
	for _, d := range [...]decimal.Decimal{act.Units, act.Price, act.Amount, act.Fee} {
		k = append(decfmt.Append(k, d), 0)
	}
	for _, p := range [...]string{act.Currency, b.memo.word(act.Description)} {
		k = append(append(k, p...), 0)
	}
	b.key = k
	sum := sha256.Sum256(k)
	var h [12]byte
	copy(h[:], sum[:])
	if b.hashes == nil {
		b.hashes = make(map[[12]byte]int32, b.rowHint)
	}
	n := b.hashes[h]
	b.hashes[h] = n + 1
	var hx [25]byte
	hx[0] = 'h'
	hex.Encode(hx[1:], h[:])
	act.ID = string(hx[:])
	if n > 0 {
		act.ID += "-" + itoa(int(n))
	}
}

func (b *builder) finish(res *Result) {
	ds := &res.Dataset
	acts := b.byAccount()
	for _, id := range b.order {
		a := b.accounts[id]
		name := b.p.Title
		if name == "" {
			name = "Imported statement"
		}
		if a.id.Number != "" {
			name += " " + a.id.Number
		}
		ds.Accounts = append(ds.Accounts, integrations.Account{
			ID: id, Number: a.id.Number, Name: name, RawType: b.p.Name, Category: a.category,
			Currency: a.id.Currency, Status: "open",
		})
		res.Accounts = append(res.Accounts, a.id)
		if a.nacts > 0 {
			if ds.Activities == nil {
				ds.Activities = make(map[string][]integrations.Activity)
			}
			ds.Activities[id] = acts[:a.nacts:a.nacts]
			acts = acts[a.nacts:]
		}
		if len(a.pos) > 0 {
			if ds.Positions == nil {
				ds.Positions = make(map[string][]integrations.Position)
			}
			ds.Positions[id] = a.pos
		}
		if len(a.bals) > 0 {
			if ds.Balances == nil {
				ds.Balances = make(map[string][]integrations.Balance)
			}
			ds.Balances[id] = a.bals
		}
	}
	if b.newest != "" {
		ds.AsOf = b.newest.Time()
	} else {
		ds.AsOf = b.opts.now().UTC()
	}
	if b.noCurr {
		res.Notes = appendOnce(res.Notes, "the file names no currency; choose one in the mapping")
	}
}

// byAccount orders b.acts by account (in b.order), each account's in file
// order, in place: a stable counting sort whose permutation is applied by
// following its cycles, so a file's activities are never copied whole.
func (b *builder) byAccount() []integrations.Activity {
	acts, owner := b.acts, b.owner
	if len(b.order) < 2 {
		return acts
	}
	next := make([]int32, len(b.order)) // the next place of each account's rows
	at := int32(0)
	for _, id := range b.order {
		a := b.accounts[id]
		next[a.index] = at
		at += int32(a.nacts)
	}
	dest := owner // reused: owner[i] is read once, then dest[i] takes its place
	for i, o := range owner {
		dest[i] = next[o]
		next[o]++
	}
	for i := range acts {
		for dest[i] != int32(i) {
			j := dest[i]
			acts[i], acts[j] = acts[j], acts[i]
			dest[i], dest[j] = dest[j], dest[i]
		}
	}
	return acts
}

// fillAsOf stamps positions that have no as-of time with the dataset's (the
// newest activity date, else the import time, unless a hook set another).
func fillAsOf(res *Result) {
	ds := &res.Dataset
	for id, ps := range ds.Positions {
		for i := range ps {
			if ps[i].AsOf.IsZero() {
				ps[i].AsOf = ds.AsOf
			}
		}
		ds.Positions[id] = ps
	}
}

func orderWords(order string) string {
	switch order {
	case DateDMY:
		return "read as day/month/year"
	case DateYMD:
		return "read as year-month-day"
	}
	return "read as month/day/year"
}

// text is a text cell as kept: surrounding space trimmed, inner newlines
// turned to spaces, nothing else changed — a leading =, +, -, @ stays literal.
func text(s string) string {
	s = strings.TrimFunc(s, isSpace)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

func symbolText(s string) string { return text(s) }

func normCurrency(s string) string {
	s = strings.ToUpper(strings.TrimFunc(s, isSpace))
	if len(s) < 2 || len(s) > 6 {
		return ""
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return ""
		}
	}
	return s
}

// excerpt quotes at most 24 characters of a cell for a problem's reason.
func excerpt(s string) string {
	s = strings.TrimFunc(s, isSpace)
	r := []rune(s)
	if len(r) > 24 {
		s = string(r[:24]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

func cleanReason(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 200 {
		r = r[:200]
	}
	return string(r)
}
