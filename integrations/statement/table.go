package statement

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Record is one line of a delimited file: its cells, and the 1-based line it
// starts on. A blank line is a Record with no cells (it ends a section).
type Record struct {
	Line  int      `json:"line"`
	Cells []string `json:"cells"`
}

// Blank reports whether the record has no non-empty cell.
func (r Record) Blank() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Table is a delimited file read whole: every record with its line, the
// delimiter and encoding found. Cells are exactly the text of the file
// (quotes removed per CSV rules); nothing is interpreted, so a cell that
// starts with =, +, -, @, a tab or CR stays literal text.
type Table struct {
	Records   []Record `json:"records"`
	Delimiter rune     `json:"delimiter"`
	Encoding  string   `json:"encoding"`
}

// Delimiters are the separators DetectDelimiter chooses among, in order of
// preference on a tie.
var Delimiters = []rune{',', ';', '\t', '|'}

// ReadTable reads a whole delimited file (at most opts.MaxBytes), detecting
// its encoding and delimiter.
func ReadTable(ctx context.Context, r io.Reader, opts Options) (*Table, error) {
	b, err := readAll(r, opts.maxBytes(), sizeOf(r))
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, ErrEmpty
	}
	text, enc, err := Decode(b)
	if err != nil {
		return nil, err
	}
	return TableFromText(ctx, text, enc)
}

// TableFromText splits decoded text into records with the detected delimiter.
func TableFromText(ctx context.Context, text, encoding string) (*Table, error) {
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	delim := DetectDelimiter(text)
	recs, err := splitRecords(ctx, text, delim)
	if err != nil {
		return nil, err
	}
	return &Table{Records: recs, Delimiter: delim, Encoding: encoding}, nil
}

// DetectDelimiter chooses the delimiter that splits the file's first lines
// into the most consistent number of cells (quotes respected).
func DetectDelimiter(text string) rune {
	lines := sampleLines(text, 60)
	best, bestScore := ',', -1
	for _, d := range Delimiters {
		counts := make(map[int]int)
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				counts[n]++
			}
		}
		// The score favours a count many lines share (a table's width),
		// weighted by that width so a stray separator in prose loses.
		score := 0
		for n, lines := range counts {
			w := lines * 4
			if n > 1 {
				w += min(n, 8)
			}
			if lines < 2 && len(counts) > 1 {
				w = 1
			}
			score = max(score, w)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func sampleLines(text string, n int) []string {
	var out []string
	for len(text) > 0 && len(out) < n {
		i := strings.IndexByte(text, '\n')
		line := text
		if i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

// splitRecords reads CSV records with line numbers, inserting a blank record
// wherever the file has an empty line.
func splitRecords(ctx context.Context, text string, delim rune) ([]Record, error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	var recs []Record
	prevEnd := 0 // the last line of the previous record
	for i := 0; ; i++ {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		line, _ := cr.FieldPos(0)
		if line > prevEnd+1 && len(recs) > 0 {
			recs = append(recs, Record{Line: prevEnd + 1})
		}
		last, _ := cr.FieldPos(len(cells) - 1)
		prevEnd = last + strings.Count(cells[len(cells)-1], "\n")
		rec := Record{Line: line, Cells: cells}
		if rec.Blank() {
			rec.Cells = nil
		}
		recs = append(recs, rec)
	}
	return recs, nil
}
