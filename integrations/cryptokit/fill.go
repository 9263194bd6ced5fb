package cryptokit

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Fill is one spot trade as an exchange reports it: Units of Base bought or
// sold for Cost in Quote, with a fee charged in either. Binance, Bitvavo and
// Gemini map their trade rows onto it; Activity does the signs and the fee
// the same way for all of them.
type Fill struct {
	ID   string
	Date integrations.Date
	Type integrations.ActivityType // ActivityBuy or ActivitySell; any other (a side the exchange does not document) is ActivityOther
	// RawType is the side as the exchange wrote it; a fill with none (or a
	// blank one) is "trade" (as an activity must say what its row was).
	RawType string
	// Base is the coin traded, Quote the currency it was priced in.
	Base, Quote string
	// Units (of Base), Price and Cost (in Quote) as the exchange sent them,
	// unsigned.
	Units, Price, Cost decimal.Decimal
	// Fee is charged in FeeCurrency: Quote, Base, or another (a discount
	// coin such as BNB), which changes neither units nor amount.
	Fee         decimal.Decimal
	FeeCurrency string
	Description string
}

// Activity maps the fill: a buy pays Cost (a negative amount), a sell
// receives it and its units are negative; a side that is neither is
// ActivityOther and moves no cash. A fee in Quote is the activity's fee and comes off the amount; a fee
// in Base was taken from the coins, so it comes off the units.
func (f Fill) Activity() integrations.Activity {
	a := integrations.Activity{ID: f.ID, Type: f.Type, RawType: f.RawType, TradeDate: f.Date, Symbol: f.Base,
		Price: f.Price, Currency: f.Quote, Description: f.Description}
	if strings.TrimSpace(a.RawType) == "" {
		a.RawType = "trade"
	}
	if a.Type != integrations.ActivityBuy && a.Type != integrations.ActivitySell {
		a.Type = integrations.ActivityOther
	}
	units, amount := integrations.Traded(a.Type, f.Units, f.Cost, decimal.Zero)
	a.Amount = amount
	switch f.FeeCurrency {
	case f.Quote:
		a.Fee = f.Fee
		a.Amount = a.Amount.Sub(f.Fee)
	case f.Base:
		units = units.Sub(f.Fee)
	}
	a.Units = units
	return a
}
