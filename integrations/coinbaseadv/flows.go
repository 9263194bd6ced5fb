package coinbaseadv

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
)

// This file reads the Coinbase App v2 API's List Accounts and List
// Transactions (docs.cdp.coinbase.com/coinbase-app/track-apis/accounts and
// .../transactions; CDP API key scope "view"): the deposits, withdrawals,
// sends, receives and rewards Advanced Trade's own API does not list. The
// wire types, decoders and the mapping of the types both read alike are
// appapi's, shared with the coinbase package (which reads the same
// endpoints through OAuth); what this product reads differently is here.

// flowActivity maps one transaction of wallet w. ok is false for what is
// not an activity of its own here:
//
//   - a transaction not completed (pending, failed, expired, canceled);
//   - advanced_trade_fill: the fills are read from Advanced Trade's own
//     fills list, so their v2 rows would count twice;
//   - the fiat leg of a buy or sell (its crypto leg is the trade).
//
// buy and sell (simple trades in the Coinbase app, not among Advanced
// Trade's fills) are BUY or SELL of the wallet's coin by the sign of the
// amount, priced from native_amount. trade (a convert) is OTHER with its
// units: whether Advanced Trade's fills also list converts is not
// documented, and OTHER never counts a trade twice. A crypto movement
// carries units and no cash amount; a movement of a fiat wallet is cash.
func flowActivity(w appapi.Account, t appapi.Transaction) (integrations.Activity, bool) {
	if t.Type == "advanced_trade_fill" {
		return integrations.Activity{}, false
	}
	a, ok := appapi.Completed(w, t)
	if !ok {
		return a, false
	}
	if t.Type == "buy" || t.Type == "sell" {
		return appapi.Trade(w, t, a)
	}
	return appapi.Movement(w, t, a), true
}
