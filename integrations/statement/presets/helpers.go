package presets

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Synthetic columns presets' Row hooks add to a row (Row.Set) and their
// mappings read: the file's own columns normalised across its header
// variants. The "lk " prefix keeps them apart from any institution header.
const (
	colFee      = "lk fee"
	colAmount   = "lk amount"
	colPrice    = "lk price"
	colAccount  = "lk account"
	colDesc     = "lk description"
	colCurrency = "lk currency"
	colType     = "lk type"
	colSymbol   = "lk symbol"
	colUnits    = "lk units"
	colValue    = "lk value"
)

type fields = map[statement.Field]string

// rule is one entry of a type classifier: a raw type starting with words
// (compared as lower-case words, punctuation ignored) has that type.
type rule struct {
	words string
	typ   integrations.ActivityType
}

// typeWords is one entry of a security-type table: text holding any of
// words (lower-case) is of type typ.
type typeWords struct {
	typ   integrations.SecurityType
	words []string
}

// securityType returns the type of the first entry of table one of whose
// words text contains, and whether one did.
func securityType(text string, table []typeWords) (integrations.SecurityType, bool) {
	for _, e := range table {
		for _, w := range e.words {
			if strings.Contains(text, w) {
				return e.typ, true
			}
		}
	}
	return "", false
}

// classify returns the type of the first rule whose words start raw (after
// skip words are dropped from its start), trying longer rules first. It
// matches at the start only, unlike Mapping.Types, so a security name later
// in the cell ("YOU SOLD … DIVIDEND GROWTH ETF") never decides the type.
func classify(raw string, rules []rule) (integrations.ActivityType, bool) {
	return longestRule(rules, func(k string) bool { return startsWithWords(raw, k) })
}

// longestRule returns the type of the rule with the longest words k (as
// statement.Words) for which match(k) holds.
func longestRule(rules []rule, match func(k string) bool) (integrations.ActivityType, bool) {
	best, bestLen := integrations.ActivityType(""), -1
	for _, r := range rules {
		k := statement.Words(r.words)
		if k == "" || len(k) <= bestLen {
			continue
		}
		if match(k) {
			best, bestLen = r.typ, len(k)
		}
	}
	return best, bestLen >= 0
}

// startsWithWords reports whether statement.Words(raw) is k or starts with k and a
// space, without building statement.Words(raw) when raw is ASCII.
func startsWithWords(raw, k string) bool {
	j := 0 // bytes of k matched
	space := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= utf8.RuneSelf {
			w := statement.Words(raw)
			return strings.HasPrefix(w, k) && (len(w) == len(k) || w[len(k)] == ' ')
		}
		c, word := statement.WordByte(c)
		if !word {
			space = true
			continue
		}
		// the next byte of statement.Words(raw): a space before c unless at the start
		if space && j > 0 {
			if j == len(k) {
				return true
			}
			if k[j] != ' ' {
				return false
			}
			j++
		}
		space = false
		if j == len(k) {
			return false // statement.Words(raw) goes on within a word
		}
		if k[j] != c {
			return false
		}
		j++
	}
	return j == len(k)
}

// contains reports whether raw holds the words of any rule at a word
// boundary, returning the longest rule's type.
func containsRule(raw string, rules []rule) (integrations.ActivityType, bool) {
	w := statement.Words(raw)
	return longestRule(rules, func(k string) bool { return containsWords(w, k) })
}

// containsWords reports whether the words k stand in the words w, whole.
func containsWords(w, k string) bool {
	for from := 0; from+len(k) <= len(w); {
		i := strings.Index(w[from:], k)
		if i < 0 {
			return false
		}
		i += from
		if (i == 0 || w[i-1] == ' ') && (i+len(k) == len(w) || w[i+len(k)] == ' ') {
			return true
		}
		from = i + 1
	}
	return false
}

// rowDecimal guesses a row's decimal separator from its numeric cells, for
// hooks that read numbers before the mapping does. It agrees with the
// section's detection on every row that has a decisive number.
func rowDecimal(cells []string) string {
	var buf [32]string // on the stack for most rows
	nums := buf[:0]
	for _, c := range cells {
		if looksNumeric(c) {
			nums = append(nums, c)
		}
	}
	return statement.DetectDecimal(nums, false)
}

func looksNumeric(s string) bool {
	s = strings.TrimSpace(s)
	digits := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case strings.ContainsRune(",.-+()$€£ '\u00a0", r):
		default:
			return false
		}
	}
	return digits
}

// number parses a cell with the given decimal separator; ok is false for a
// blank or "--" cell and for text that is not a number.
func number(cell, dec string) (decimal.Decimal, bool) {
	d, _, ok, err := statement.ParseNumber(cell, dec)
	if err != nil || !ok {
		return decimal.Zero, false
	}
	return d, true
}

// formatNumber writes d with the decimal separator dec, no grouping, so the
// mapping reads it back as the section's other numbers.
func formatNumber(d decimal.Decimal, dec string) string {
	s := d.String()
	if dec == statement.DecimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// sumColumns adds the numbers under the named columns (absent and blank
// cells count as zero) and writes the sum into dst; dst is left blank when
// none of the columns holds a number. Names are matched exactly (ignoring
// case and surrounding space): Row.Get's looser match would find
// "Commission" for "Commission ($)" and count it twice.
func sumColumns(row *statement.Row, dst string, names ...string) error {
	dec := "" // the row's decimal separator, found at its first number
	sum, any := decimal.Zero, false
	for _, n := range names {
		if !hasColumn(row, n) {
			continue
		}
		cell := row.Get(n)
		if strings.TrimSpace(cell) == "" {
			continue
		}
		if dec == "" {
			dec = rowDecimal(row.Cells)
		}
		d, _, ok, err := statement.ParseNumber(cell, dec)
		if err != nil {
			return errNotNumber(n)
		}
		if ok {
			sum, any = sum.Add(d.Abs()), true
		}
	}
	v := ""
	if any {
		v = formatNumber(sum, dec)
	}
	row.Set(dst, v)
	return nil
}

type hookError string

func (e hookError) Error() string { return string(e) }

func errNotNumber(column string) error { return hookError(column + ": not a number") }

// firstOf returns the first non-blank cell among the named columns.
func firstOf(row *statement.Row, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(row.Get(n)); v != "" {
			return v
		}
	}
	return ""
}

// hasColumn reports whether the row's header has the column (by its exact
// name, ignoring case and surrounding space).
func hasColumn(row *statement.Row, name string) bool { return row.Has(name) }

// classifyOrTransfer types a by the rules it starts with; a type no rule
// names is OTHER, or, when transfer(statement.Words(a.RawType)) holds, a
// transfer in or out by the amount's sign.
func classifyOrTransfer(a *integrations.Activity, rules []rule, transfer func(words string) bool) {
	if t, ok := classify(a.RawType, rules); ok {
		a.Type = t
		return
	}
	a.Type = integrations.ActivityOther
	if transfer(statement.Words(a.RawType)) {
		bySign(a, integrations.ActivityTransferIn, integrations.ActivityTransferOut)
	}
}

// cashOnly drops the units of an activity that moves cash alone (a
// dividend, interest, a tax or a fee): files write "0.000", the holding it
// was paid on, or the amount again in their quantity column.
func cashOnly(a *integrations.Activity) {
	switch a.Type {
	case integrations.ActivityDividend, integrations.ActivityInterest, integrations.ActivityTax, integrations.ActivityFee:
		a.Units = decimal.Zero
	}
}

// dateOrBlank blanks the row's cell under column when it holds text that
// is not a date in order: the "--", "Pending" or "Processing" files write
// in the settlement date of a row not yet settled.
func dateOrBlank(row *statement.Row, column, order string) {
	if v := row.Get(column); strings.TrimSpace(v) != "" {
		if _, err := statement.ParseDate(v, order); err != nil {
			row.Set(column, "")
		}
	}
}

// lastMatch returns re's submatches in the last record of t that has a
// cell (trimmed) re matches, nil when none has: a footer such as
// "Date downloaded …" or "As of …" below the table.
func lastMatch(t *statement.Table, re *regexp.Regexp) []string {
	for i := len(t.Records) - 1; i >= 0; i-- {
		for _, c := range t.Records[i].Cells {
			if m := re.FindStringSubmatch(strings.TrimSpace(c)); m != nil {
				return m
			}
		}
	}
	return nil
}

// depositBySign types a contribution or a withdrawal by its amount's sign
// (files whose one word, "Deposit", "Funds transfer", stands for money in
// and out); other types are left.
func depositBySign(a *integrations.Activity) {
	if a.Type == integrations.ActivityContribution || a.Type == integrations.ActivityWithdrawal {
		bySign(a, integrations.ActivityContribution, integrations.ActivityWithdrawal)
	}
}

// bySign sets a's type from the sign of its amount: in when money came in,
// out when it went out (a file's "Journal", "MoneyLink Transfer", "ACH").
func bySign(a *integrations.Activity, in, out integrations.ActivityType) {
	switch {
	case a.Amount.IsNegative():
		a.Type = out
	case a.Amount.IsPositive():
		a.Type = in
	}
}

// defaultAccount returns the id of the result's only account when the file
// named none (rows in Options.AccountID or statement.DefaultAccountID), "".
func defaultAccount(res *statement.Result) string {
	if len(res.Accounts) != 1 || res.Accounts[0].Number != "" {
		return ""
	}
	return res.Accounts[0].AccountID
}

// mergeResult adds src's accounts, rows and problems to dst (rows of an
// account dst already has are appended to it).
func mergeResult(dst, src *statement.Result) {
	ds, ss := &dst.Dataset, &src.Dataset
	known := make(map[string]bool)
	for _, a := range ds.Accounts {
		known[a.ID] = true
	}
	for i, a := range ss.Accounts {
		if !known[a.ID] {
			ds.Accounts = append(ds.Accounts, a)
			if i < len(src.Accounts) {
				dst.Accounts = append(dst.Accounts, src.Accounts[i])
			}
			known[a.ID] = true
		}
	}
	appendRows(&ds.Activities, ss.Activities)
	appendRows(&ds.Positions, ss.Positions)
	appendRows(&ds.Balances, ss.Balances)
	dst.Problems = append(dst.Problems, src.Problems...)
	dst.Rows += src.Rows
	dst.Good += src.Good
	dst.Ignored += src.Ignored
	if ss.AsOf.After(ds.AsOf) {
		ds.AsOf = ss.AsOf
	}
}

// appendRows appends each account's rows of src to that account's in dst,
// making dst's map on the first.
func appendRows[T any](dst *map[string][]T, src map[string][]T) {
	for id, rows := range src {
		if *dst == nil {
			*dst = make(map[string][]T)
		}
		(*dst)[id] = append((*dst)[id], rows...)
	}
}

// rowsAcrossBlanks re-reads the rows a section's single blank lines cut off
// (files whose accounts are separated by a blank line under one header) and
// merges them into res: every run of records after a blank line that
// follows a header of the given preset's sections, up to two blank lines in
// a row or the next header, is read under that header. The preset's Finish
// hook is not run on the rows re-read.
//
// It stands in for a Section option the core does not have yet ("a section
// ends after N blank lines").
func rowsAcrossBlanks(ctx context.Context, t *statement.Table, res *statement.Result, p statement.Preset) error {
	p.Hooks.Finish = nil
	isHeader := func(cells []string) bool {
		sub := &statement.Table{Records: []statement.Record{{Line: 1, Cells: cells}}, Delimiter: t.Delimiter}
		_, ok := statement.Detect(sub, []statement.Preset{p})
		return ok
	}
	var header *statement.Record
	var orphans []statement.Record
	blanks := 0
	flush := func() error {
		if header == nil || len(orphans) == 0 {
			orphans = nil
			return nil
		}
		sub := &statement.Table{Records: append([]statement.Record{*header}, orphans...), Delimiter: t.Delimiter, Encoding: t.Encoding}
		orphans = nil
		r, err := statement.ParseTable(ctx, sub, statement.Options{Presets: []statement.Preset{p}, Preset: p.Name})
		if r != nil {
			// The rows are dated by the file, not by this partial read:
			// its positions get the file's as-of date after Finish.
			r.Dataset.AsOf = res.Dataset.AsOf
			for id, ps := range r.Dataset.Positions {
				for i := range ps {
					ps[i].AsOf = time.Time{}
				}
				r.Dataset.Positions[id] = ps
			}
			mergeResult(res, r)
		}
		if err != nil && r == nil {
			return err
		}
		return nil
	}
	sawBlank := false
	for i := range t.Records {
		rec := t.Records[i]
		if rec.Cells == nil {
			blanks++
			if header != nil {
				sawBlank = true
			}
			if blanks >= 2 {
				if err := flush(); err != nil {
					return err
				}
				header = nil
			}
			continue
		}
		blanks = 0
		if isHeader(rec.Cells) {
			if err := flush(); err != nil {
				return err
			}
			h := rec
			header, sawBlank = &h, false
			continue
		}
		if header != nil && sawBlank {
			// The core read the rows up to the first blank line; these
			// follow one.
			orphans = append(orphans, rec)
		}
	}
	return flush()
}
