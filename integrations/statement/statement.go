package statement

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement/internal/ident"
)

// Errors. Their text is safe to show a user: it never holds a cell of the
// file beyond a column name, nor an account number.
var (
	// ErrTooLarge: the file is larger than Options.MaxBytes.
	ErrTooLarge = errors.New("statement file is too large")
	// ErrEmpty: the file holds nothing.
	ErrEmpty = errors.New("statement file is empty")
	// ErrUnknownFormat: the file is neither OFX/QFX nor CSV text (random
	// bytes, an image, a spreadsheet workbook).
	ErrUnknownFormat = errors.New("not a statement file latchkey can read")
	// ErrUnsupported: a format latchkey recognises but does not read yet (PDF).
	ErrUnsupported = errors.New("statement format not supported yet")
	// ErrPDF: the file is a PDF statement. It wraps ErrUnsupported: PDFs
	// are refused, not read (the package doc says why); the caller names
	// the download to use instead.
	ErrPDF = fmt.Errorf("%w: a PDF statement", ErrUnsupported)
	// ErrMalformed: the file is of a known format but damaged or truncated.
	ErrMalformed = errors.New("statement file is damaged or incomplete")
	// ErrNeedMapping: a CSV no preset recognises and no mapping was given;
	// the caller offers the column-mapping step (Guess, Preview).
	ErrNeedMapping = errors.New("the file's columns need to be mapped")
	// ErrNoRows: nothing importable: no data rows, or every row is bad (the
	// Result returned beside it lists the problems).
	ErrNoRows = errors.New("statement file has no rows to import")
	// ErrUnknownPreset: Options.Preset names no preset in Options.Presets.
	ErrUnknownPreset = errors.New("unknown statement preset")
)

// DefaultMaxBytes is the size cap when Options.MaxBytes is zero.
const DefaultMaxBytes int64 = 64 << 20

// Format is a statement file's format.
type Format string

// Formats.
const (
	FormatOFX     Format = "ofx" // OFX 1.x SGML, 2.x XML, and Quicken's QFX
	FormatCSV     Format = "csv" // delimited text: comma, semicolon, tab or pipe
	FormatPDF     Format = "pdf" // recognised, not read yet
	FormatUnknown Format = ""
)

// Options steer Parse. The zero value detects everything and knows no preset.
type Options struct {
	// MaxBytes caps the file size; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Presets are the institution presets to recognise a CSV by (the caller
	// passes presets.All(), or one institution's). Nothing registers itself.
	Presets []Preset
	// Preset forces the preset of this name (from Presets); "" detects.
	Preset string
	// Mapping reads a CSV no preset recognises (a mapping saved for the
	// connection). Presets are tried first unless Preset is set.
	Mapping *Mapping
	// AccountID is the account id given to rows of a CSV that names no
	// account (most exports are of one account); "" means "statement".
	AccountID string
	// Institution is the institution hint for identities and account ids
	// when the file names none (the connection's institution id).
	Institution string
	// Currency is assumed when neither the file nor the mapping names one.
	Currency string
	// Now is the import time, the as-of date of a file that states none
	// (a positions export); zero means time.Now().
	Now time.Time
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// Identity is what a file says about one of its accounts: enough to refuse a
// file of the wrong account or institution, never the full account number.
type Identity struct {
	// AccountID is the key of the account in Result.Dataset.
	AccountID string `json:"account_id"`
	// Institution is a hint of who issued the file: the preset's institution
	// id, or an OFX file's FI ORG / FID / BROKERID ("" when the file has none).
	Institution string `json:"institution,omitempty"`
	// Number is the masked account number ("••••1234"), "" when unknown.
	Number string `json:"number,omitempty"`
	// Currency is the account's base currency, "" when unknown.
	Currency string `json:"currency,omitempty"`
}

// Problem is one row (or part of the file) that could not be read. Its text
// names the line and the column, never the cell's content beyond a short,
// sanitised excerpt, so it is safe to show.
type Problem struct {
	Line    int    `json:"line"`              // 1-based line in the file; 0 for the whole file
	Section string `json:"section,omitempty"` // the section's name in a multi-section file
	Column  string `json:"column,omitempty"`  // the column's header text
	Reason  string `json:"reason"`
}

func (p Problem) String() string {
	s := ""
	if p.Line > 0 {
		s = "line " + itoa(p.Line) + ": "
	}
	if p.Column != "" {
		s += p.Column + ": "
	}
	return s + p.Reason
}

// Result is a whole file, parsed and validated. Nothing in it has been
// written anywhere: the caller shows Problems and lets the user import the
// Good rows or cancel.
type Result struct {
	Format    Format `json:"format"`
	Preset    string `json:"preset,omitempty"`    // the preset that read a CSV, "" for a mapping or OFX
	Encoding  string `json:"encoding"`            // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"
	Delimiter string `json:"delimiter,omitempty"` // the CSV delimiter found
	// Dataset is what the file holds, keyed by Identity.AccountID. Its AsOf
	// is the statement's date.
	Dataset integrations.Dataset `json:"dataset"`
	// Accounts are the identities of Dataset.Accounts, in the same order.
	Accounts []Identity `json:"accounts"`
	// Problems are the rows left out, with their line and reason.
	Problems []Problem `json:"problems,omitempty"`
	// Notes are things the parser decided that the user may want to check
	// ("dates read as day/month/year").
	Notes []string `json:"notes,omitempty"`
	// Rows counts the data rows read; Good those in Dataset; Ignored the
	// summary and total rows skipped on purpose (not problems).
	Rows    int `json:"rows"`
	Good    int `json:"good"`
	Ignored int `json:"ignored"`
}

// AsOf is the statement's as-of date (Dataset.AsOf).
func (r *Result) AsOf() time.Time { return r.Dataset.AsOf }

// MaskNumber returns an account number as integrations.MaskNumber shows it
// ("••••1234"), except that numbers of four characters or fewer are hidden
// whole.
func MaskNumber(number string) string { return ident.Mask(number) }

// AccountID returns the stable account id Parse gives an account with this
// institution hint and full account number (integrations.AccountHash); it
// does not reveal the number.
func AccountID(institution, number string) string { return ident.AccountID(institution, number) }

// NewIdentity builds an account's identity from a full account number.
func NewIdentity(institution, number, currency string) Identity {
	return Identity{
		AccountID:   ident.AccountID(institution, number),
		Institution: institution,
		Number:      ident.Mask(number),
		Currency:    currency,
	}
}

// Parse reads a whole statement file — OFX/QFX or CSV, detected from its
// content — validates it, and returns what it holds. name is the file's name
// (its extension is a hint only). Parse reads at most opts.MaxBytes.
//
// Errors wrap ErrTooLarge, ErrEmpty, ErrUnknownFormat, ErrUnsupported,
// ErrMalformed, ErrNeedMapping, ErrUnknownPreset or ErrNoRows; with
// ErrNoRows the Result is returned too, listing the problems.
func Parse(ctx context.Context, name string, r io.Reader, opts Options) (*Result, error) {
	return parse(ctx, name, r, opts)
}

// SetAccount gives the account keyed from the identity id (a hook's way to
// apply an account number found outside the table, e.g. in a preamble line):
// its entries move to id.AccountID, and its Dataset account takes the masked
// number and currency. Nothing happens when from is not an account of r.
func (r *Result) SetAccount(from string, id Identity) {
	found := false
	for i := range r.Accounts {
		if r.Accounts[i].AccountID == from {
			r.Accounts[i] = id
			found = true
		}
	}
	if !found {
		return
	}
	ds := &r.Dataset
	for i := range ds.Accounts {
		if ds.Accounts[i].ID != from {
			continue
		}
		a := &ds.Accounts[i]
		a.ID = id.AccountID
		if id.Number != "" {
			a.Number = id.Number
			if a.Name != "" && !strings.Contains(a.Name, id.Number) {
				a.Name += " " + id.Number
			}
		}
		if id.Currency != "" {
			a.Currency = id.Currency
		}
	}
	if from == id.AccountID {
		return
	}
	if v, ok := ds.Activities[from]; ok {
		delete(ds.Activities, from)
		ds.Activities[id.AccountID] = append(ds.Activities[id.AccountID], v...)
	}
	if v, ok := ds.Positions[from]; ok {
		delete(ds.Positions, from)
		ds.Positions[id.AccountID] = append(ds.Positions[id.AccountID], v...)
	}
	if v, ok := ds.Balances[from]; ok {
		delete(ds.Balances, from)
		ds.Balances[id.AccountID] = append(ds.Balances[id.AccountID], v...)
	}
}
