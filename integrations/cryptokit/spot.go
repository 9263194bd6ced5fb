package cryptokit

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// Read reads an exchange's balances and its positions priced. perr is the
// failure of the prices alone (the positions keep their units), err a
// failure of the balances themselves.
type Read func(ctx context.Context) (bals []integrations.Balance, pos []integrations.Position, perr, err error)

// Spot is how the exchanges serve their one spot (or portfolio) account:
// Accounts once a call shows the key still reads, and its Balances and
// Positions from a single read: the account checked, the balances and the
// positions, and what a failure of the prices costs. A client embeds the
// Spot (set when the client is made), which serves its Accounts, Balances
// and Positions.
type Spot struct {
	// Account is the login's one account; NoAccount is the error for any
	// other id.
	Account   integrations.Account
	NoAccount error
	// Check is the call Accounts makes first: its failure (a revoked key)
	// is Accounts'.
	Check func(ctx context.Context) error
	Read  Read
	// KeepBalances: without prices the balances still come (their total
	// short of the coins), with an error matching ErrPartial; otherwise
	// the balances, whose total needs the prices, are not returned.
	KeepBalances bool
}

// Account is an exchange's one account as the kit lists it: a crypto
// account, open, valued in currency.
func Account(id, name, rawType, currency string) integrations.Account {
	return integrations.Account{ID: id, Name: name, RawType: rawType,
		Category: integrations.CategoryCrypto, Currency: currency, Status: "open"}
}

// Checks is a Spot's Check made of one of the exchange's reads whose
// answer Accounts does not need.
func Checks[T any](read func(ctx context.Context) (T, error)) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := read(ctx)
		return err
	}
}

// Accounts returns the one account once Check answers.
func (s Spot) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if err := s.Check(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{s.Account}, nil
}

// Own answers NoAccount unless accountID is the login's one account's:
// what each read of an account asks first.
func (s Spot) Own(accountID string) error {
	if accountID != s.Account.ID {
		return s.NoAccount
	}
	return nil
}

func (s Spot) read(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error, error) {
	if err := s.Own(accountID); err != nil {
		return nil, nil, nil, err
	}
	return s.Read(ctx)
}

// Balances returns the balances (see KeepBalances for a failure of the
// prices).
func (s Spot) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, perr, err := s.read(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if perr != nil && !s.KeepBalances {
		return nil, integrations.Partial("the prices", perr)
	}
	return integrations.KeepPartial("the prices", b, perr)
}

// Positions returns a position per coin; without prices their units are
// kept with PriceUnknown and the error matches ErrPartial
// ([integrations.PricesUnknown]).
func (s Spot) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, perr, err := s.read(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return integrations.PricesUnknown(p, perr)
}
