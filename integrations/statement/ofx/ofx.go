package ofx

import (
	"bytes"
	"context"
	"io"

	"github.com/latchkey/latchkey/integrations"
)

// Account is what an OFX statement says about one account.
type Account struct {
	AccountID   string // the Dataset key: a hash of the institution and number
	Institution string // FI ORG, else FID, else BROKERID / BANKID
	Number      string // masked, "••••1234"
	Currency    string // CURDEF
}

// Problem is a transaction or position the parser could not use.
type Problem struct {
	Account string // the masked account number
	Reason  string
}

// Statement is a parsed OFX file.
type Statement struct {
	Dataset  integrations.Dataset
	Accounts []Account
	Problems []Problem
	Items    int // activities, positions and balances read
	// Windows1252 is true when text was not UTF-8 and was read as
	// Windows-1252 (the CHARSET of most OFX 1.x files).
	Windows1252 bool
}

// Parse reads an OFX/QFX file from r as a stream: the file is never held
// in memory whole. sizeHint, when known (the file's size, else 0), sizes
// the activity lists once.
func Parse(ctx context.Context, r io.Reader, sizeHint int64) (*Statement, error) {
	hint := 0
	if sizeHint > 0 {
		hint = int(min(sizeHint/200, 1<<21)) // a transaction takes 200 bytes or more
	}
	return parse(ctx, r, hint)
}

// ParseBytes reads an OFX/QFX file held in memory. Neither it nor Parse
// panics: hostile input gives an error.
func ParseBytes(ctx context.Context, b []byte) (*Statement, error) {
	hint := bytes.Count(b, []byte("<INVTRAN>")) + bytes.Count(b, []byte("<STMTTRN>"))
	return parse(ctx, bytes.NewReader(b), hint)
}
