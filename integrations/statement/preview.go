package statement

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// PreviewRow is one data row as a mapping reads it: exactly one of Activity,
// Position, Balance or Problem is set, or Ignored (a summary row).
type PreviewRow struct {
	Line     int                    `json:"line"`
	Cells    []string               `json:"cells"`
	Activity *integrations.Activity `json:"activity,omitempty"`
	Position *integrations.Position `json:"position,omitempty"`
	Balance  *integrations.Balance  `json:"balance,omitempty"`
	Problem  *Problem               `json:"problem,omitempty"`
	Ignored  bool                   `json:"ignored,omitempty"`
}

// Header returns the first record that looks like a header (the first with
// at least two non-empty cells, none of them a number or a date), else the
// first non-blank record. It is what Guess is given for a file no preset knows.
func (t *Table) Header() (line int, cells []string) {
	var first *Record
	for i := range t.Records {
		r := &t.Records[i]
		if r.Cells == nil {
			continue
		}
		if first == nil {
			first = r
		}
		n, ok := 0, true
		for _, c := range r.Cells {
			c = text(c)
			if c == "" {
				continue
			}
			n++
			if _, _, isNum, err := ParseNumber(c, DecimalPoint); isNum && err == nil {
				ok = false
			}
			if _, err := ParseDate(c, DateMDY); err == nil {
				ok = false
			}
		}
		if ok && n >= 2 {
			return r.Line, trimAll(r.Cells)
		}
	}
	if first == nil {
		return 0, nil
	}
	return first.Line, trimAll(first.Cells)
}

// Preview reads the first n data rows under the mapping's header, the way
// Parse would (the date order and decimal separator are detected over the
// whole section). Rows of every section the mapping's header starts are
// previewed in file order. It returns ErrNeedMapping when the file has no
// header with the mapped columns.
func Preview(ctx context.Context, t *Table, m Mapping, n int) ([]PreviewRow, error) {
	p := MappingPreset(m, "")
	blocks := splitSections(t, p.Sections)
	if len(blocks) == 0 {
		return nil, ErrNeedMapping
	}
	b := newBuilder(t, p, Options{})
	var res Result
	var out []PreviewRow
	for _, bl := range blocks {
		if len(out) >= n {
			break
		}
		err := b.block(ctx, bl, &res, n-len(out), func(r Row, o outcome) {
			out = append(out, PreviewRow{
				Line: r.Line, Cells: r.Cells, Activity: o.activity, Position: o.position,
				Balance: o.balance, Problem: o.problem, Ignored: o.ignored,
			})
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
