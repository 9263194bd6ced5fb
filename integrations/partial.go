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
	if errors.Is(err, ErrReauthRequired) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return Wrap(ErrPartial, what+" could not be read ("+UserMessage(err)+")")
}

// PricesUnknown is what a client's Positions returns when the call that
// prices its positions (a quote call apart from the positions call) failed
// with err: the positions with their units, each marked PriceUnknown with a
// zero Price and MarketValue, and Partial's error. A dead grant or an ended
// context returns nil and err as they are.
func PricesUnknown(pos []Position, err error) ([]Position, error) {
	err = Partial("the prices", err)
	if !errors.Is(err, ErrPartial) {
		return nil, err
	}
	for i := range pos {
		pos[i].Price, pos[i].MarketValue, pos[i].PriceUnknown = decimal.Zero, decimal.Zero, true
	}
	return pos, err
}
