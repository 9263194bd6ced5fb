package integrations

import (
	"context"
	"errors"

	"github.com/shopspring/decimal"
)

// Partial is the error of a read that did without a secondary call (quotes,
// symbol details) which failed with err: it matches ErrPartial and says that
// what could not be read. A dead grant or an ended context is no partial
// read: Partial returns err as it is, and the read fails with it.
func Partial(what string, err error) error {
	if EndsRead(err) {
		return err
	}
	return Wrap(ErrPartial, what+" could not be read ("+UserMessage(err)+")")
}

// EndsRead reports whether err ends a read whatever else it read: a dead
// grant (ErrReauthRequired) or an ended context. Any other failure of a
// secondary call leaves a partial read (Partial).
func EndsRead(err error) bool {
	return errors.Is(err, ErrReauthRequired) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// KeepPartial is what a read returns when the secondary call that completes
// got (its names, descriptions or prices) ended with err: got as it is when
// err is nil; got with Partial's error (what could not be read) otherwise;
// nil and err as it is for a dead grant or an ended context, which fail the
// read.
func KeepPartial[T any](what string, got []T, err error) ([]T, error) {
	if err == nil {
		return got, nil
	}
	if err = Partial(what, err); !errors.Is(err, ErrPartial) {
		return nil, err
	}
	return got, err
}

// PricesUnknown is what a client's Positions returns when the call that
// prices its positions (a quote call apart from the positions call) ended
// with err: pos as they are when err is nil; otherwise the positions with
// their units, each marked PriceUnknown with a zero Price and MarketValue,
// and Partial's error ([KeepPartial]). A dead grant or an ended context
// returns nil and err as they are.
func PricesUnknown(pos []Position, err error) ([]Position, error) {
	if err == nil {
		return pos, nil
	}
	pos, err = KeepPartial("the prices", pos, err)
	for i := range pos {
		pos[i].Price, pos[i].MarketValue, pos[i].PriceUnknown = decimal.Zero, decimal.Zero, true
	}
	return pos, err
}
