package statement

import (
	"strings"

	"github.com/latchkey/latchkey/integrations"
)

// Preset is a named, declarative reading of one institution's CSV export:
// the sections it may hold (each recognised by its header) and how each maps
// to activities, positions or balances, plus optional hooks for quirks a
// mapping cannot state. Presets are plain values: a presets package exports
// them (presets.All()) and the caller passes them in Options.Presets;
// nothing registers itself.
type Preset struct {
	// Name is unique among presets, e.g. "webull-ca-trades"; it is what
	// Options.Preset and `--format` name.
	Name string `json:"name"`
	// Institution is the institution id it belongs to, e.g. "webull-ca";
	// it becomes the Identity's Institution and seeds account ids.
	Institution string `json:"institution"`
	// Title is shown to a user: "Webull Canada: trade history (CSV)".
	Title string `json:"title"`
	// Category of the accounts it produces; "" means investment.
	Category integrations.Category `json:"category,omitempty"`
	// Sections are the tables the file may hold. A file is this preset's
	// when at least one section's header is found (the preset with the most
	// sections found wins; Require narrows it).
	Sections []Section `json:"sections"`
	// Require lists section names that must all be found for the preset to
	// match (none: any one section suffices).
	Require []string `json:"require,omitempty"`
	// Hooks fix what the mapping cannot say. Optional.
	Hooks Hooks `json:"-"`
}

// Section is one table in a file: a header line and the rows under it, until
// a blank line, the next section's header, or (with Prefix) a line of
// another prefix.
type Section struct {
	Name string `json:"name"`
	// Prefix, for files where every line starts with the section's name
	// (Interactive Brokers' activity statement: "Trades,Header,…",
	// "Trades,Data,…"): the leading cells a line of this section starts
	// with. They are removed before the header and rows are read, and a blank
	// line does not end such a section.
	Prefix []string `json:"prefix,omitempty"`
	// Signature are header cells that identify the section (all must be
	// present, ignoring case); empty means every column the mapping names.
	Signature []string `json:"signature,omitempty"`
	Mapping   Mapping  `json:"mapping"`
}

// signature is the section's identifying header cells.
func (s Section) signature() []string {
	if len(s.Signature) > 0 {
		return s.Signature
	}
	return mappingSignature(s.Mapping)
}

func mappingSignature(m Mapping) []string {
	var sig []string
	for _, f := range Fields {
		if c := m.Columns[f]; c != "" && !strings.HasPrefix(c, "#") {
			sig = append(sig, c)
		}
	}
	return sig
}

// Hooks are a preset's code for institution quirks. Each is optional.
type Hooks struct {
	// Row sees each data row before it is mapped; it may change cells
	// (Row.Set) or return skip true for a row that is not data (a subtotal),
	// which is counted as ignored. An error makes the row a Problem with the
	// error's text as the reason.
	Row func(section string, row *Row) (skip bool, err error)
	// Activity adjusts a mapped activity (e.g. a type spread over two
	// columns). An error makes the row a Problem.
	Activity func(section string, row *Row, a *integrations.Activity) error
	// Position adjusts a mapped position. An error makes the row a Problem.
	Position func(section string, row *Row, p *integrations.Position) error
	// Finish sees the whole table and the result before Parse returns: to
	// read an account number or statement date from lines outside the
	// sections (Result.SetAccount, Result.Dataset.AsOf), or drop rows.
	Finish func(t *Table, r *Result) error
}

// Row is a data row under its header.
type Row struct {
	Line   int
	Header []string
	Cells  []string
	// cols is the header shared with the block's other rows, when Header
	// is still it (nil for a Row made elsewhere).
	cols *columns
}

// columns is a header shared by a block's rows, with the positions of the
// names looked up in it and the headers one added column away (Row.Set),
// so that rows read through hooks neither search nor copy their header per
// row. A block's rows are read by one goroutine.
type columns struct {
	header []string
	found  map[string]int
	named  map[string]bool // Has
	next   map[string]*columns
	plan   *plan // how rows under this header are read (builder)
}

func newColumns(header []string) *columns {
	return &columns{header: header, found: make(map[string]int, 16)}
}

// index is columnIndex(c.header, name), remembered.
func (c *columns) index(name string) int {
	if i, ok := c.found[name]; ok {
		return i
	}
	i := columnIndex(c.header, name)
	c.found[name] = i
	return i
}

// with returns the header with the column added at its end.
func (c *columns) with(name string) *columns {
	if n := c.next[name]; n != nil {
		return n
	}
	h := make([]string, len(c.header)+1)
	copy(h, c.header)
	h[len(c.header)] = name
	n := newColumns(h)
	if c.next == nil {
		c.next = make(map[string]*columns)
	}
	c.next[name] = n
	return n
}

// shared returns the row's shared header when Header is still it.
func (r *Row) shared() *columns {
	c := r.cols
	if c == nil || len(c.header) != len(r.Header) || (len(r.Header) > 0 && &c.header[0] != &r.Header[0]) {
		return nil
	}
	return c
}

func (r *Row) index(column string) int {
	if c := r.shared(); c != nil {
		return c.index(column)
	}
	return columnIndex(r.Header, column)
}

// Has reports whether the header has a column of exactly that name
// (ignoring case and surrounding space), unlike Get, which also matches
// "Commission ($)" for "Commission".
func (r *Row) Has(name string) bool {
	c := r.shared()
	if c != nil {
		if has, ok := c.named[name]; ok {
			return has
		}
	}
	has := false
	for _, h := range r.Header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			has = true
			break
		}
	}
	if c != nil {
		if c.named == nil {
			c.named = make(map[string]bool)
		}
		c.named[name] = has
	}
	return has
}

// Get returns the cell under the named column ("" when there is none).
func (r *Row) Get(column string) string {
	if i := r.index(column); i >= 0 && i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// Set replaces the cell under the named column, adding the column when the
// header has none of that name.
func (r *Row) Set(column, value string) {
	i := r.index(column)
	if i < 0 {
		if c := r.shared(); c != nil {
			r.cols = c.with(column)
			r.Header = r.cols.header
		} else {
			r.Header = append(append([]string(nil), r.Header...), column)
		}
		i = len(r.Header) - 1
	}
	for len(r.Cells) <= i {
		r.Cells = append(r.Cells, "")
	}
	r.Cells[i] = value
}

// FindPreset returns the preset of that name, or false.
func FindPreset(presets []Preset, name string) (Preset, bool) {
	for _, p := range presets {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Preset{}, false
}

// Detect returns the preset whose sections the table holds (the one with
// the most sections found, then the longest signatures), or false.
func Detect(t *Table, presets []Preset) (Preset, bool) {
	best, bestScore := Preset{}, 0
	for _, p := range presets {
		score := 0
		found := make(map[string]bool)
		for _, s := range p.Sections {
			if findHeader(t, s) >= 0 {
				found[s.Name] = true
				score += 100 + len(s.signature())
			}
		}
		for _, r := range p.Require {
			if !found[r] {
				score = 0
			}
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best, bestScore > 0
}

// findHeader returns the index of the first record that is the section's
// header, or -1.
func findHeader(t *Table, s Section) int {
	sig := s.signature()
	if len(sig) == 0 {
		return -1
	}
	for i, r := range t.Records {
		if cells, ok := stripPrefix(r.Cells, s.Prefix); ok && quickHas(cells, sig[0]) && hasAll(cells, sig) {
			return i
		}
	}
	return -1
}

func stripPrefix(cells, prefix []string) ([]string, bool) {
	if len(cells) < len(prefix) {
		return nil, false
	}
	for i, p := range prefix {
		if !strings.EqualFold(strings.TrimSpace(cells[i]), p) {
			return nil, false
		}
	}
	return cells[len(prefix):], true
}

func hasAll(cells, names []string) bool {
	for _, n := range names {
		if columnIndex(cells, n) < 0 {
			return false
		}
	}
	return true
}
