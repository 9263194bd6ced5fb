package ofx

import (
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
}

// Parse reads an OFX/QFX file.
func Parse(ctx context.Context, r io.Reader) (*Statement, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parse(ctx, b)
}

// ParseBytes reads an OFX/QFX file held in memory (UTF-8 or ASCII; b may be
// modified). It panics never: hostile input gives an error.
func ParseBytes(ctx context.Context, b []byte) (*Statement, error) {
	return parse(ctx, b)
}
