// Package indiakit is what India's retail brokers' integrations (Dhan,
// Fyers, Angel One, Kotak Neo, Upstox, Zerodha) share: India time and the
// daily end of their tokens, the HTTP side of their clients ([Conn]), one
// account per login ([Book]) or one per segment ([Segments]), embedded in
// the client, the mapping of NSE
// and BSE holdings, open positions and trade-book fills onto the contract's
// types (in INR), and the classification of an instrument from its exchange
// segment, symbol and ISIN. Each broker's package keeps its own wire types and quirks; this
// package holds no API.
package indiakit

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// IST is India Standard Time (UTC+05:30, no daylight saving).
var IST = time.FixedZone("IST", 5*3600+1800)

// Currency is every Indian broker's currency.
const Currency = "INR"

// NextAt is the first instant after t at hour:minute India time: the daily
// end of a token issued at t (Angel One's 05:00, Fyers' and Kotak Neo's
// overnight resets).
func NextAt(t time.Time, hour, minute int) time.Time {
	l := t.In(IST)
	at := time.Date(l.Year(), l.Month(), l.Day(), hour, minute, 0, 0, IST)
	if !l.Before(at) {
		at = at.AddDate(0, 0, 1)
	}
	return at.UTC()
}

// Ended is the error of a call made after the token's known end: the user
// logs in again (the connection is disabled until repaired).
func Ended(broker string, at time.Time) error {
	return integrations.Wrap(integrations.ErrReauthRequired,
		broker+"'s daily login ended at "+at.In(IST).Format("15:04")+" India time; log in again")
}

// Refused is the error of a call the broker refused because the day's
// session has ended, at hour:minute India time every day: the user logs in
// again.
func Refused(broker string, hour, minute int) error {
	return integrations.Wrap(integrations.ErrReauthRequired, SessionEnded(broker, hour, minute))
}

// SessionEnded says the broker's session has ended, at hour:minute India
// time every day: [Refused]'s words, for a refusal that is the typed
// credentials' during a login ([integrations.KeyRefused]).
func SessionEnded(broker string, hour, minute int) string {
	return fmt.Sprintf("the %s session ended (sessions end daily at %02d:%02d India time)", broker, hour, minute)
}

// CheckSession is what a broker's client asks before each call: nil while
// the session lasts (its end expires unknown, or not yet reached at now),
// [Ended] once it has ended, so no request goes out with a dead token.
func CheckSession(broker string, expires, now time.Time) error {
	if expires.IsZero() || now.Before(expires) {
		return nil
	}
	return Ended(broker, expires)
}

// Account is the one account of a login: its id a hash of the broker's
// client id (the client id itself is an account number: it never shows), its
// number the client id's last four characters.
func Account(institutionID, clientID, name string) integrations.Account {
	return integrations.Account{
		ID: integrations.AccountHash(institutionID, clientID), Number: integrations.MaskNumber(clientID), Name: name,
		RawType: "trading and demat", Category: integrations.CategoryInvestment, Currency: Currency, Status: "open",
	}
}

// IsCommodity reports whether an exchange or segment names MCX or NCDEX.
func IsCommodity(exchange string) bool {
	e := strings.ToUpper(exchange)
	return strings.Contains(e, "MCX") || strings.Contains(e, "NCDEX") || strings.Contains(e, "NCO")
}

// isDerivative reports whether an exchange or segment is a derivatives
// segment (NFO, BFO, NSE_FNO, nse_fo, CDS, currency, commodity).
func isDerivative(exchange string) bool {
	e := strings.ToUpper(exchange)
	switch {
	case e == "NFO", e == "BFO", e == "CDS", e == "BCD":
		return true
	case strings.Contains(e, "FNO"), strings.Contains(e, "_FO"), strings.Contains(e, "-FO"),
		strings.Contains(e, "CURRENCY"), strings.Contains(e, "CDE"):
		return true
	}
	return IsCommodity(e)
}

// Exchange is the exchange of a segment name: "NSE" for NSE_EQ, nse_cm, NFO,
// NSE_FNO; "BSE" for BSE_EQ, bse_cm, BFO; "MCX" for MCX_COMM; else the name
// upper-cased.
func Exchange(segment string) string {
	s := strings.ToUpper(strings.TrimSpace(segment))
	switch {
	case strings.HasPrefix(s, "NSE"), s == "NFO", s == "CDS", strings.HasPrefix(s, "CDE"):
		return "NSE"
	case strings.HasPrefix(s, "BSE"), s == "BFO", s == "BCD", strings.HasPrefix(s, "BCS"):
		return "BSE"
	case strings.HasPrefix(s, "MCX"):
		return "MCX"
	}
	return s
}

// Type classifies an instrument: on a derivatives segment an option when
// the symbol or instrument says so (CE/PE, CALL/PUT, OPT...), else a future
// ("other"); on a cash segment an ETF or fund by its INF ISIN, else equity.
func Type(segment, symbol, isin, instrument string) integrations.SecurityType {
	sym, inst := strings.ToUpper(strings.TrimSpace(symbol)), strings.ToUpper(strings.TrimSpace(instrument))
	if isDerivative(segment) || strings.HasPrefix(inst, "OPT") || strings.HasPrefix(inst, "FUT") {
		if strings.HasPrefix(inst, "OPT") || strings.HasSuffix(sym, "CE") || strings.HasSuffix(sym, "PE") ||
			inst == "CALL" || inst == "PUT" || inst == "CE" || inst == "PE" {
			return integrations.SecurityOption
		}
		return integrations.SecurityOther
	}
	if strings.HasPrefix(strings.ToUpper(isin), "INF") {
		return integrations.SecurityETF
	}
	return integrations.SecurityEquity
}

// Holding is one position as a broker reports it.
type Holding struct {
	Symbol, Description, Segment, ISIN, Instrument string
	Units                                          decimal.Decimal
	// Price is the last price; PriceKnown is false when the broker's
	// answer carries none (the position is then PriceUnknown).
	Price      decimal.Decimal
	PriceKnown bool
	// Average is the average cost per unit, when known.
	Average decimal.NullDecimal
	// Multiplier scales a derivative's value (lot multiplier); zero means 1.
	Multiplier decimal.Decimal
}

// NetAverage is the average price of an open net position: net, the
// broker's net average, when it is sent and not zero; else buy for a long
// position (qty positive) and sell for a short one. The result is a Holding's
// Average.
func NetAverage(qty decimal.Decimal, net, buy, sell integrations.Number) decimal.NullDecimal {
	switch {
	case net.Valid && !net.Decimal.IsZero():
		return net.Null()
	case qty.IsNegative():
		return sell.Null()
	}
	return buy.Null()
}

// Position maps a holding as of asOf (its symbol's exchange is the
// segment's exchange, its currency INR).
func (h Holding) Position(asOf time.Time) integrations.Position {
	mult := h.Multiplier
	if !mult.IsPositive() {
		mult = decimal.NewFromInt(1)
	}
	desc := strings.TrimSpace(h.Description)
	if desc == "" {
		desc = h.Symbol
	}
	p := integrations.Position{
		Symbol: integrations.Symbol{Ticker: strings.TrimSpace(h.Symbol), Description: desc,
			Type: Type(h.Segment, h.Symbol, h.ISIN, h.Instrument), Exchange: Exchange(h.Segment), Currency: Currency,
			ISIN: strings.ToUpper(strings.TrimSpace(h.ISIN))},
		Units: h.Units, Currency: Currency, AsOf: asOf.UTC(),
	}
	if h.PriceKnown {
		p.Price, p.MarketValue = h.Price, h.Units.Mul(h.Price).Mul(mult).Round(2)
	} else {
		p.PriceUnknown = true
	}
	if h.Average.Valid && !h.Average.Decimal.IsZero() {
		p.AverageCost = h.Average
		p.CostBasis = decimal.NewNullDecimal(h.Units.Mul(h.Average.Decimal).Mul(mult).Round(2))
	}
	return p
}

// Listing is a position as Upstox and Kite report it: the exchange as the
// broker names it (NFO, NSE_FO), the type its row settles, the last price
// always sent, the average cost when sent (zero included).
type Listing struct {
	Symbol, Description, Exchange, ISIN string
	Type                                integrations.SecurityType
	Units, Price                        decimal.Decimal
	Average                             decimal.NullDecimal
	// Multiplier scales a derivative's value (lot multiplier); zero means 1.
	Multiplier decimal.Decimal
}

// Position maps the listing as of asOf, in INR.
func (l Listing) Position(asOf time.Time) integrations.Position {
	mult := l.Multiplier
	if !mult.IsPositive() {
		mult = decimal.NewFromInt(1)
	}
	p := integrations.Position{
		Symbol: integrations.Symbol{Ticker: l.Symbol, Description: l.Description, Type: l.Type, Exchange: l.Exchange, Currency: Currency, ISIN: l.ISIN},
		Units:  l.Units, Price: l.Price, MarketValue: l.Units.Mul(l.Price).Mul(mult).Round(2), Currency: Currency, AsOf: asOf.UTC(),
	}
	if l.Average.Valid {
		p.AverageCost = l.Average
		p.CostBasis = decimal.NewNullDecimal(l.Units.Mul(l.Average.Decimal).Mul(mult).Round(2))
	}
	return p
}

// Positions maps a broker's holdings or positions rows as of asOf, each
// through holding: a row valid refuses (a required field missing) makes the
// answer malformed; a row whose holding has no units (a sold holding, a
// closed position) is left out.
func Positions[T any](rows []T, malformed error, valid func(T) bool, asOf time.Time, holding func(T) Holding) ([]integrations.Position, error) {
	return MapRows(rows, malformed, valid, func(r T) (integrations.Position, bool) {
		h := holding(r)
		return h.Position(asOf), !h.Units.IsZero()
	})
}

// MapRows maps a broker's holdings or positions rows with position, for a
// broker that builds its positions itself: a row valid refuses makes the
// answer malformed; a row position does not keep (ok false: no units,
// another segment's) is left out.
func MapRows[T any](rows []T, malformed error, valid func(T) bool, position func(T) (p integrations.Position, ok bool)) ([]integrations.Position, error) {
	out := make([]integrations.Position, 0, len(rows))
	for _, r := range rows {
		if !valid(r) {
			return nil, malformed
		}
		if p, ok := position(r); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Fill is one execution of a trade book or trade history.
type Fill struct {
	// ID is the broker's trade id, unique with Date and Exchange.
	ID, Side, Symbol, Segment, Product string
	Date                               integrations.Date
	Units, Price                       decimal.Decimal
	// Value is the traded value when the broker reports it; zero means
	// units × price.
	Value decimal.Decimal
	// Fee is the charges the broker reports with the fill (brokerage,
	// taxes), zero when none.
	Fee decimal.Decimal
}

// Side reads a broker's buy/sell word: B, BUY, 1 → BUY; S, SELL, -1 → SELL.
func Side(raw string) string {
	switch strings.ToUpper(strings.TrimSpace(raw)) {
	case "B", "BUY", "1":
		return "BUY"
	case "S", "SELL", "-1":
		return "SELL"
	}
	return strings.ToUpper(strings.TrimSpace(raw))
}

// Activity maps a fill: units negative for a sell; amount negative for a
// buy (its value and fee), positive for a sell (its value less its fee);
// anything but BUY and SELL is OTHER with its raw side kept.
func (f Fill) Activity(prefix string) integrations.Activity {
	raw := Side(f.Side)
	units := f.Units.Abs()
	value := f.Value.Abs()
	if value.IsZero() {
		value = units.Mul(f.Price)
	}
	value, fee := value.Round(2), f.Fee.Abs().Round(2)
	a := integrations.Activity{
		ID: prefix + ":" + Exchange(f.Segment) + ":" + string(f.Date) + ":" + strings.TrimSpace(f.ID), Type: integrations.ActivityOther,
		RawType: raw, TradeDate: f.Date, Symbol: strings.TrimSpace(f.Symbol), Units: units, Price: f.Price,
		Fee: fee, Currency: Currency,
		Description: strings.TrimSpace(strings.TrimSpace(f.Symbol+" "+f.Product) + " on " + Exchange(f.Segment)),
	}
	switch raw {
	case "BUY":
		a.Type, a.Amount = integrations.ActivityBuy, value.Add(fee).Neg()
	case "SELL":
		a.Type, a.Units, a.Amount = integrations.ActivitySell, units.Neg(), value.Sub(fee)
	}
	if a.RawType == "" {
		a.RawType = "UNKNOWN"
	}
	return a
}

// Date reads the date of a broker's timestamp in any of the layouts given
// (India time), "" when none fits.
func Date(s string, layouts ...string) integrations.Date {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, IST); err == nil {
			return integrations.DateOf(t)
		}
	}
	return ""
}

// Sum adds the decimals.
func Sum(ds ...decimal.Decimal) decimal.Decimal {
	out := decimal.Zero
	for _, d := range ds {
		out = out.Add(d)
	}
	return out
}

// Value adds the market values of the positions whose price is known.
func Value(ps []integrations.Position) decimal.Decimal {
	out := decimal.Zero
	for _, p := range ps {
		if !p.PriceUnknown {
			out = out.Add(p.MarketValue)
		}
	}
	return out
}
