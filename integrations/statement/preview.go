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

// Header returns the record that most looks like the table's header among
// its first 50: the one with the most non-empty cells, none of them a number
// or a date, preferring one followed by a row of the same width (the data).
// It is what Guess is given for a file no preset knows; nil when there is
// no record at all.
func (t *Table) Header() (line int, cells []string) {
	best, bestScore := -1, -1
	seen := 0
	for i := 0; i < len(t.Records) && seen < 50; i++ {
		r := t.Records[i]
		if r.Cells == nil {
			continue
		}
		seen++
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
		if !ok || n < 2 {
			continue
		}
		score := n * 2
		for j := i + 1; j < len(t.Records); j++ {
			if t.Records[j].Cells != nil {
				if len(t.Records[j].Cells) == len(r.Cells) {
					score++
				}
				break
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		for _, r := range t.Records {
			if r.Cells != nil {
				return r.Line, trimAll(r.Cells)
			}
		}
		return 0, nil
	}
	return t.Records[best].Line, trimAll(t.Records[best].Cells)
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
