package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// mapFields are the fields the mapping step asks about, in order.
var mapFields = []statement.Field{
	statement.FieldDate, statement.FieldType, statement.FieldSymbol, statement.FieldUnits, statement.FieldPrice,
	statement.FieldAmount, statement.FieldFee, statement.FieldCurrency, statement.FieldDescription, statement.FieldMarketValue,
}

var mapLabels = map[statement.Field]string{
	statement.FieldDate:        "Date",
	statement.FieldType:        "Type (buy, sell, dividend…)",
	statement.FieldSymbol:      "Symbol",
	statement.FieldUnits:       "Units (quantity)",
	statement.FieldPrice:       "Price",
	statement.FieldAmount:      "Amount (cash in or out)",
	statement.FieldFee:         "Fee or commission",
	statement.FieldCurrency:    "Currency",
	statement.FieldDescription: "Description",
	statement.FieldMarketValue: "Market value (holdings)",
}

// previewRows is how many rows the mapping step shows.
const previewRows = 5

// currencies are offered for a file without a currency column.
var currencies = []string{"USD", "CAD", "EUR", "GBP", "CHF", "AUD", "JPY", "HKD", "SGD", "SEK", "NOK", "DKK", "NZD", "INR"}

// mapStep asks for the meaning of a table's columns.
func (l *login) mapStep(ctx context.Context, t *statement.Table, note string) (integrations.Step, error) {
	if l.format == FormatAuto {
		if p, ok := l.otherPreset(t); ok {
			other := p.Institution
			if s, ok := SpecOf(p.Institution); ok && s.DisplayName != "" {
				other = s.DisplayName
			}
			return nil, wrongFile("this is a %s file (%s), not one of %s's: import it into a %s connection", other, p.Title, l.inst.DisplayName, other)
		}
	}
	_, header := t.Header()
	if len(header) == 0 {
		return nil, refused("the file has no rows to read")
	}
	l.table = t
	l.proposal = statement.Guess(header)
	if pm := l.prior.Mapping; pm != nil && fits(*pm, header) {
		l.proposal = clone(*pm)
	}
	if l.proposal.Currency == "" && l.proposal.Columns[statement.FieldCurrency] == "" {
		l.proposal.Currency = l.currency
	}
	return l.mappingForm(ctx, note)
}

// fits reports whether every column m names is in header.
func fits(m statement.Mapping, header []string) bool {
	for _, c := range m.Columns {
		if c == "" {
			continue
		}
		if !slices.ContainsFunc(columnChoices(header), func(ch integrations.Choice) bool { return ch.Value == c }) {
			return false
		}
	}
	return len(m.Columns) > 0
}

func clone(m statement.Mapping) statement.Mapping {
	c := m
	c.Columns = make(map[statement.Field]string, len(m.Columns))
	for k, v := range m.Columns {
		c.Columns[k] = v
	}
	return c
}

// columnChoices are a header's columns as choices: a column by its text
// when that is unique, else by position ("#3").
func columnChoices(header []string) []integrations.Choice {
	count := map[string]int{}
	for _, h := range header {
		count[strings.ToLower(strings.TrimSpace(h))]++
	}
	var out []integrations.Choice
	for i, h := range header {
		h = strings.TrimSpace(h)
		v, label := h, h
		if h == "" || count[strings.ToLower(h)] > 1 {
			v = "#" + itoa(i+1)
			label = fmt.Sprintf("Column %d %s", i+1, h)
		}
		out = append(out, integrations.Choice{Value: v, Label: strings.TrimSpace(label)})
	}
	return out
}

// mappingForm is the mapping step for the current proposal, its preview in
// the Message. An empty answer keeps the proposal, which each field's
// Placeholder shows.
func (l *login) mappingForm(ctx context.Context, note string) (integrations.Step, error) {
	_, header := l.table.Header()
	cols := append([]integrations.Choice{{Value: NotMapped, Label: "(not in the file)"}}, columnChoices(header)...)
	m := l.proposal
	var cs []integrations.Choice
	for _, c := range l.currencyChoices() {
		cs = append(cs, integrations.Choice{Value: c, Label: c})
	}
	fields := []integrations.Field{choiceField(FieldMapKind, "The rows are", string(m.Kind), string(statement.KindActivity),
		integrations.Choice{Value: string(statement.KindActivity), Label: "Activity (transactions)"},
		integrations.Choice{Value: string(statement.KindPosition), Label: "Holdings (positions)"})}
	for _, f := range mapFields {
		fields = append(fields, choiceField(FieldMapPrefix+string(f), mapLabels[f], m.Columns[f], NotMapped, cols...))
	}
	fields = append(fields,
		choiceField(FieldDateFormat, "Dates are written", m.DateFormat, FormatAuto,
			integrations.Choice{Value: FormatAuto, Label: "Detect"}, integrations.Choice{Value: statement.DateMDY, Label: "month/day/year"},
			integrations.Choice{Value: statement.DateDMY, Label: "day/month/year"}, integrations.Choice{Value: statement.DateYMD, Label: "year-month-day"}),
		choiceField(FieldDecimal, "Decimal separator", m.Decimal, FormatAuto,
			integrations.Choice{Value: FormatAuto, Label: "Detect"}, integrations.Choice{Value: statement.DecimalPoint, Label: "point (1,234.56)"},
			integrations.Choice{Value: statement.DecimalComma, Label: "comma (1.234,56)"}),
		choiceField(FieldDefaultCurrency, "Currency of rows that name none", m.Currency, cs[0].Value, cs...),
		choiceField(FieldNext, "Then", "", ChoiceImport,
			integrations.Choice{Value: ChoiceImport, Label: "Import with these columns"}, integrations.Choice{Value: ChoicePreview, Label: "Show the preview again"}))

	var msg strings.Builder
	if note != "" {
		msg.WriteString(note + "\n\n")
	}
	msg.WriteString("Latchkey does not know this file's layout. Say which column holds what (an empty answer keeps the proposal); the mapping is saved with the connection, so the next file of the same shape imports in one click.")
	if why := incomplete(m); why != "" {
		msg.WriteString("\n\n" + why + " The file's first rows:\n" + l.rawRows())
	} else if lines := l.preview(ctx, m); lines != "" {
		msg.WriteString("\n\nThe first rows read as:\n" + lines)
	}
	return &integrations.FormStep{Title: "Map the file's columns", Message: msg.String(), Fields: fields}, nil
}

// choiceField is an optional choice of the mapping step whose placeholder
// (what an empty answer keeps) is have, or def when have is empty.
func choiceField(name, label, have, def string, choices ...integrations.Choice) integrations.Field {
	return integrations.Field{Name: name, Label: label, Kind: integrations.FieldChoice, Optional: true,
		Placeholder: cmp.Or(have, def), Choices: choices}
}

// detected is a format answer as the mapping keeps it: "" for FormatAuto
// (detect), else the answer.
func detected(v string) string {
	if v == FormatAuto {
		return ""
	}
	return v
}

func (l *login) currencyChoices() []string {
	out := append([]string(nil), l.spec.Currencies...)
	for _, c := range currencies {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// rawRows shows the header and the first rows as the file has them, cells
// between bars (account-like numbers masked).
func (l *login) rawRows() string {
	hl, _ := l.table.Header()
	var b strings.Builder
	n := 0
	for _, r := range l.table.Records {
		if r.Line < hl || r.Cells == nil {
			continue
		}
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			c = strings.Join(strings.Fields(c), " ")
			if len([]rune(c)) > 24 {
				c = string([]rune(c)[:24]) + "…"
			}
			cells[i] = safeText(c)
		}
		b.WriteString("line " + itoa(r.Line) + ": " + strings.Join(cells, " | ") + "\n")
		if n++; n > previewRows {
			break
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// preview renders the first rows as the mapping reads them.
func (l *login) preview(ctx context.Context, m statement.Mapping) string {
	if incomplete(m) != "" {
		return ""
	}
	rows, err := statement.Preview(ctx, l.table, m, previewRows)
	if err != nil {
		return "(no header row has the chosen columns)"
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("line " + itoa(r.Line) + ": ")
		switch {
		case r.Problem != nil:
			p := *r.Problem
			p.Line = 0
			b.WriteString("cannot be read: " + safeText(p.String()))
		case r.Ignored:
			b.WriteString("(a summary row, skipped)")
		case r.Activity != nil:
			a := r.Activity
			s := string(a.TradeDate) + " " + string(a.Type)
			if a.Symbol != "" {
				s += " " + a.Symbol
			}
			if !a.Units.IsZero() {
				s += " " + a.Units.String()
				if !a.Price.IsZero() {
					s += " @ " + a.Price.String()
				}
			}
			s += " → " + a.Amount.StringFixed(2) + " " + a.Currency
			if !a.Fee.IsZero() {
				s += " (fee " + a.Fee.StringFixed(2) + ")"
			}
			b.WriteString(s)
		case r.Position != nil:
			p := r.Position
			b.WriteString(p.Symbol.Ticker + " " + p.Units.String() + " @ " + p.Price.String() + " = " + p.MarketValue.StringFixed(2) + " " + p.Currency)
		case r.Balance != nil:
			b.WriteString("balance " + r.Balance.Total.StringFixed(2) + " " + r.Balance.Currency)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// incomplete says what a mapping lacks to be read, "" when nothing.
func incomplete(m statement.Mapping) string {
	c := m.Columns
	if m.Kind == statement.KindPosition {
		if c[statement.FieldSymbol] == "" || c[statement.FieldUnits] == "" {
			return "Choose the symbol and units columns of the holdings."
		}
		return ""
	}
	if c[statement.FieldDate] == "" {
		return "Choose the date column."
	}
	if c[statement.FieldAmount] == "" && c[statement.FieldUnits] == "" {
		return "Choose the amount column (or the units column)."
	}
	return ""
}

// submitMapping answers the mapping step: the mapping as answered, then a
// preview again or the import.
func (l *login) submitMapping(ctx context.Context, values map[string]string) (integrations.Step, error) {
	if l.table == nil {
		return nil, integrations.ErrLoginOver
	}
	_, header := l.table.Header()
	cols := columnChoices(header)
	m := clone(l.proposal)
	var bad []string
	for _, f := range mapFields {
		v := values[FieldMapPrefix+string(f)]
		switch {
		case v == "":
		case v == NotMapped:
			delete(m.Columns, f)
		case slices.ContainsFunc(cols, func(c integrations.Choice) bool { return c.Value == v }):
			m.Columns[f] = v
		default:
			bad = append(bad, mapLabels[f])
		}
	}
	pick := func(name, what string, set func(v string), offered ...string) {
		switch v := values[name]; {
		case v == "":
		case slices.Contains(offered, v):
			set(v)
		default:
			bad = append(bad, what)
		}
	}
	pick(FieldMapKind, "the kind of rows", func(v string) { m.Kind = statement.RowKind(v) },
		string(statement.KindActivity), string(statement.KindPosition))
	pick(FieldDateFormat, "the date order", func(v string) { m.DateFormat = detected(v) },
		FormatAuto, statement.DateMDY, statement.DateDMY, statement.DateYMD)
	pick(FieldDecimal, "the decimal separator", func(v string) { m.Decimal = detected(v) },
		FormatAuto, statement.DecimalPoint, statement.DecimalComma)
	pick(FieldDefaultCurrency, "the currency", func(v string) { m.Currency = v }, l.currencyChoices()...)
	l.proposal = m
	if len(bad) > 0 {
		return l.mappingForm(ctx, "Choose one of the offered values for "+strings.Join(bad, ", ")+".")
	}
	if why := incomplete(m); why != "" {
		return l.mappingForm(ctx, why)
	}
	switch values[FieldNext] {
	case "", ChoiceImport:
	case ChoicePreview:
		return l.mappingForm(ctx, "")
	default:
		return l.mappingForm(ctx, "Choose whether to import or to show the preview again.")
	}
	if m.Currency != "" {
		l.currency = m.Currency
	}
	opts := l.options()
	opts.Presets, opts.Preset, opts.Mapping = nil, "", &m
	res, err := statement.ParseTable(ctx, l.table, opts)
	switch {
	case errors.Is(err, statement.ErrNeedMapping):
		return l.mappingForm(ctx, "No header row of the file has the chosen columns.")
	case errors.Is(err, statement.ErrNoRows) && res != nil && len(res.Problems) > 0:
		return l.mappingForm(ctx, "No row could be read with these columns: "+problemList(res.Problems, 3, "; "))
	case err != nil:
		return nil, l.parseErr(err, res)
	}
	l.mapping = &m
	return l.proceed(ctx, res)
}
