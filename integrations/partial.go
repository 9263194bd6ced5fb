package integrations

import (
	"context"
	"errors"

	"github.com/shopspring/decimal"
)

// PricesUnknown is what a client's Positions returns when the call that
// prices its positions (a quote or symbol call apart from the positions
// call) failed with err: the positions with their units, each marked
// PriceUnknown with a zero Price and MarketValue, and an error matching
// ErrPartial that says why. A dead grant or an ended context is no partial
// read: it returns nil and err as they are.
func PricesUnknown(pos []Position, err error) ([]Position, error) {
	if errors.Is(err, ErrReauthRequired) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}
	for i := range pos {
		pos[i].Price, pos[i].MarketValue, pos[i].PriceUnknown = decimal.Zero, decimal.Zero, true
	}
	return pos, Wrap(ErrPartial, "the prices could not be read ("+UserMessage(err)+")")
}
