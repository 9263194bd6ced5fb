package trading212

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types and decoders, functions of bytes so they can be fuzzed.

// The history lists' page envelope.
type page[T any] struct {
	Items        []T     `json:"items"`
	NextPagePath *string `json:"nextPagePath"`
}

type wireInstrument struct {
	Ticker   string `json:"ticker"`
	ISIN     string `json:"isin"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
}

type wireSummary struct {
	ID       int64           `json:"id"`
	Currency string          `json:"currency"`
	Total    decimal.Decimal `json:"totalValue"`
	Cash     struct {
		AvailableToTrade  decimal.Decimal `json:"availableToTrade"`
		InPies            decimal.Decimal `json:"inPies"`
		ReservedForOrders decimal.Decimal `json:"reservedForOrders"`
	} `json:"cash"`
}

type wirePosition struct {
	Instrument       wireInstrument      `json:"instrument"`
	Quantity         decimal.Decimal     `json:"quantity"`
	AveragePricePaid decimal.NullDecimal `json:"averagePricePaid"`
	CurrentPrice     decimal.Decimal     `json:"currentPrice"`
}

type wireTax struct {
	Name     string          `json:"name"`
	Quantity decimal.Decimal `json:"quantity"`
	Currency string          `json:"currency"`
}

type wireHistoricalOrder struct {
	Order struct {
		ID         int64          `json:"id"`
		Ticker     string         `json:"ticker"`
		Instrument wireInstrument `json:"instrument"`
		Side       string         `json:"side"`
		Status     string         `json:"status"`
	} `json:"order"`
	Fill *struct {
		ID           int64           `json:"id"`
		FilledAt     time.Time       `json:"filledAt"`
		Price        decimal.Decimal `json:"price"`
		Quantity     decimal.Decimal `json:"quantity"`
		Type         string          `json:"type"`
		WalletImpact struct {
			Currency string          `json:"currency"`
			NetValue decimal.Decimal `json:"netValue"`
			Taxes    []wireTax       `json:"taxes"`
		} `json:"walletImpact"`
	} `json:"fill"`
}

type wireDividend struct {
	Ticker              string          `json:"ticker"`
	Instrument          wireInstrument  `json:"instrument"`
	PaidOn              time.Time       `json:"paidOn"`
	Quantity            decimal.Decimal `json:"quantity"`
	Amount              decimal.Decimal `json:"amount"`
	Currency            string          `json:"currency"`
	GrossAmountPerShare decimal.Decimal `json:"grossAmountPerShare"`
	TickerCurrency      string          `json:"tickerCurrency"`
	Reference           string          `json:"reference"`
	Type                string          `json:"type"`
}

type wireTransaction struct {
	Reference string          `json:"reference"`
	DateTime  time.Time       `json:"dateTime"`
	Type      string          `json:"type"`
	Amount    decimal.Decimal `json:"amount"`
	Currency  string          `json:"currency"`
}

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// sane rejects decimals no broker sends (1e999999999), which would cost
// gigabytes to print.
func sane(ds ...decimal.Decimal) bool {
	for _, d := range ds {
		if e := d.Exponent(); e < -30 || e > 30 || d.NumDigits() > 40 {
			return false
		}
	}
	return true
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func decodeSummary(b []byte) (wireSummary, error) {
	return httpx.Row(b, errMalformed, func(s wireSummary) bool {
		return s.ID > 0 && validCurrency(s.Currency) && sane(s.Total, s.Cash.AvailableToTrade, s.Cash.InPies, s.Cash.ReservedForOrders)
	})
}

// mask shows the last four digits of an account number.
func mask(number int64) string {
	s := strconv.FormatInt(number, 10)
	if len(s) > 4 {
		s = s[len(s)-4:]
	}
	return "••••" + s
}

func (s wireSummary) account(in *Integration) integrations.Account {
	name := "Trading 212"
	if in.Paper {
		name = "Trading 212 Practice"
	}
	return integrations.Account{ID: AccountID(in.ID(), s.ID), Number: mask(s.ID), Name: name, RawType: "equity",
		Category: integrations.CategoryInvestment, Currency: s.Currency, Status: "open", Paper: in.Paper}
}

func (s wireSummary) balances() []integrations.Balance {
	c := s.Cash
	return []integrations.Balance{{
		Currency:    s.Currency,
		Cash:        c.AvailableToTrade.Add(c.ReservedForOrders).Add(c.InPies),
		BuyingPower: decimal.NewNullDecimal(c.AvailableToTrade),
		Total:       s.Total,
	}}
}

// exchanges maps the letter a Trading 212 ticker ends in (before _EQ) to its
// market, and the country codes of "_XX_EQ" tickers.
var exchanges = map[string]string{
	"l": "LSE", "d": "XETRA", "a": "Euronext Amsterdam", "p": "Euronext Paris", "m": "Borsa Italiana",
	"s": "SIX", "e": "BME", "b": "Euronext Brussels", "US": "US", "AT": "Wiener Börse", "CA": "TSX",
}

// symbol turns a Trading 212 ticker into the market's own ticker and
// exchange: AAPL_US_EQ → AAPL (US), BRK_B_US_EQ → BRK.B (US), VUSAl_EQ →
// VUSA (LSE), SAPd_EQ → SAP (XETRA). Anything else is kept as it is.
func symbol(t212 string) (ticker, exchange string) {
	base, ok := strings.CutSuffix(t212, "_EQ")
	if !ok || base == "" {
		return t212, ""
	}
	if i := strings.LastIndexByte(base, '_'); i > 0 {
		if ex, ok := exchanges[base[i+1:]]; ok {
			return strings.ReplaceAll(base[:i], "_", "."), ex
		}
		return t212, ""
	}
	last := base[len(base)-1:]
	if ex, ok := exchanges[last]; ok && len(base) > 1 && last == strings.ToLower(last) {
		return base[:len(base)-1], ex
	}
	return t212, ""
}

// inCurrency converts a price in an instrument's quote currency to a
// currency Latchkey knows: GBX (pence) becomes GBP.
func inCurrency(price decimal.Decimal, ccy string) (decimal.Decimal, string) {
	if ccy == "GBX" {
		return price.Shift(-2), "GBP"
	}
	return price, ccy
}

func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var ws []wirePosition
	if err := decode(b, &ws); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(ws))
	for _, p := range ws {
		in := p.Instrument
		if in.Ticker == "" || !validCurrency(in.Currency) || !sane(p.Quantity, p.CurrentPrice, p.AveragePricePaid.Decimal) {
			return nil, errMalformed
		}
		price, ccy := inCurrency(p.CurrentPrice, in.Currency)
		tk, ex := symbol(in.Ticker)
		pos := integrations.Position{
			Symbol: integrations.Symbol{Ticker: tk, Description: in.Name, Type: integrations.SecurityEquity,
				Exchange: ex, Currency: ccy, ISIN: in.ISIN},
			Units: p.Quantity, Price: price, MarketValue: p.Quantity.Mul(price).Round(2),
			Currency: ccy, AsOf: asOf.UTC().Truncate(time.Second),
		}
		if p.AveragePricePaid.Valid {
			avg, _ := inCurrency(p.AveragePricePaid.Decimal, in.Currency)
			pos.AverageCost = decimal.NewNullDecimal(avg)
			pos.CostBasis = decimal.NewNullDecimal(avg.Mul(p.Quantity).Round(2))
		}
		out = append(out, pos)
	}
	return out, nil
}

func decodePage[T any](b []byte) ([]T, string, error) {
	var p page[T]
	if err := decode(b, &p); err != nil {
		return nil, "", err
	}
	next := ""
	if p.NextPagePath != nil {
		next = *p.NextPagePath
	}
	return p.Items, next, nil
}

func decodeOrders(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireHistoricalOrder](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, o := range items {
		f := o.Fill
		if f == nil {
			continue // an order that never filled
		}
		w := f.WalletImpact
		var fees decimal.Decimal
		for _, t := range w.Taxes {
			if !sane(t.Quantity) {
				return nil, nil, "", errMalformed
			}
			fees = fees.Sub(t.Quantity) // sent negative
		}
		ticker := o.Order.Ticker
		if ticker == "" {
			ticker = o.Order.Instrument.Ticker
		}
		if f.FilledAt.IsZero() || ticker == "" || !validCurrency(w.Currency) || !sane(f.Price, f.Quantity, w.NetValue) {
			return nil, nil, "", errMalformed
		}
		side := strings.ToUpper(o.Order.Side)
		act := integrations.Activity{
			ID: fmt.Sprintf("o%d-%d", o.Order.ID, f.ID), RawType: strings.TrimSpace(f.Type + " " + side),
			TradeDate: integrations.DateOf(f.FilledAt.UTC()), Units: f.Quantity, Fee: fees.Abs(), Currency: w.Currency,
		}
		act.Symbol, _ = symbol(ticker)
		net := w.NetValue.Abs()
		switch {
		case f.Type == "TRADE" && side == "BUY":
			act.Type, act.Amount = integrations.ActivityBuy, net.Neg()
		case f.Type == "TRADE" && side == "SELL":
			act.Type, act.Amount = integrations.ActivitySell, net
		case f.Type == "STOCK_SPLIT":
			act.Type = integrations.ActivitySplit
		default:
			act.Type = integrations.ActivityOther
			if side == "BUY" {
				act.Amount = net.Neg()
			} else {
				act.Amount = net
			}
		}
		// The fill price is in the instrument's currency; the amount in the
		// account's. When they differ, the price is the amount before fees
		// per share, in the account's currency.
		price, ccy := inCurrency(f.Price, o.Order.Instrument.Currency)
		switch {
		case ccy == w.Currency || o.Order.Instrument.Currency == "":
			act.Price = price
		case !f.Quantity.IsZero():
			gross := net.Sub(fees)
			if side == "SELL" {
				gross = net.Add(fees)
			}
			act.Price = gross.Div(f.Quantity.Abs()).Round(4)
		}
		verb := map[string]string{"BUY": "Bought", "SELL": "Sold"}[side]
		if act.Type == integrations.ActivitySplit {
			verb = "Split: " + strings.ToLower(side)
		}
		act.Description = strings.TrimSpace(fmt.Sprintf("%s %s %s", verb, f.Quantity.Abs(), act.Symbol))
		out = append(out, act)
		times = append(times, f.FilledAt)
	}
	return out, times, next, nil
}

func dividendType(raw string) integrations.ActivityType {
	switch {
	case strings.HasPrefix(raw, "INTEREST"):
		return integrations.ActivityInterest
	case strings.HasPrefix(raw, "RETURN_OF_CAPITAL"), strings.HasPrefix(raw, "DEMERGER"), strings.HasPrefix(raw, "INTERIM_LIQUIDATION"):
		return integrations.ActivityOther
	default:
		return integrations.ActivityDividend
	}
}

func decodeDividends(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireDividend](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, d := range items {
		if d.PaidOn.IsZero() || d.Type == "" || !validCurrency(d.Currency) || !sane(d.Amount, d.Quantity, d.GrossAmountPerShare) {
			return nil, nil, "", errMalformed
		}
		ticker := d.Ticker
		if ticker == "" {
			ticker = d.Instrument.Ticker
		}
		tk, _ := symbol(ticker)
		ref := d.Reference
		if ref == "" {
			ref = fmt.Sprintf("%s-%d-%s", ticker, d.PaidOn.UnixMilli(), d.Amount)
		}
		act := integrations.Activity{ID: "d" + ref, Type: dividendType(d.Type), RawType: d.Type,
			TradeDate: integrations.DateOf(d.PaidOn.UTC()), Symbol: tk, Units: d.Quantity, Amount: d.Amount.Abs(),
			Currency: d.Currency, Description: strings.TrimSpace("Dividend " + d.Instrument.Name)}
		quote := d.TickerCurrency
		if quote == "" {
			quote = d.Instrument.Currency
		}
		if per, ccy := inCurrency(d.GrossAmountPerShare, quote); ccy == d.Currency {
			act.Price = per
		}
		out = append(out, act)
		times = append(times, d.PaidOn)
	}
	return out, times, next, nil
}

func transactionType(raw string, amount decimal.Decimal) integrations.ActivityType {
	switch raw {
	case "DEPOSIT":
		return integrations.ActivityContribution
	case "WITHDRAW":
		return integrations.ActivityWithdrawal
	case "FEE":
		return integrations.ActivityFee
	case "TRANSFER":
		if amount.IsNegative() {
			return integrations.ActivityTransferOut
		}
		return integrations.ActivityTransferIn
	case "INTEREST_ON_FREE_CASH", "LENDING_INTEREST":
		return integrations.ActivityInterest
	default:
		return integrations.ActivityOther
	}
}

func decodeTransactions(b []byte) ([]integrations.Activity, []time.Time, string, error) {
	items, next, err := decodePage[wireTransaction](b)
	if err != nil {
		return nil, nil, "", err
	}
	var out []integrations.Activity
	var times []time.Time
	for _, t := range items {
		if t.DateTime.IsZero() || t.Type == "" || !validCurrency(t.Currency) || !sane(t.Amount) {
			return nil, nil, "", errMalformed
		}
		typ := transactionType(t.Type, t.Amount)
		amt := t.Amount
		switch typ {
		case integrations.ActivityWithdrawal, integrations.ActivityFee:
			amt = amt.Abs().Neg()
		case integrations.ActivityContribution, integrations.ActivityInterest:
			amt = amt.Abs()
		}
		ref := t.Reference
		if ref == "" {
			ref = fmt.Sprintf("%s-%d-%s", t.Type, t.DateTime.UnixMilli(), t.Amount)
		}
		out = append(out, integrations.Activity{ID: "t" + ref, Type: typ, RawType: t.Type,
			TradeDate: integrations.DateOf(t.DateTime.UTC()), Amount: amt, Currency: t.Currency,
			Description: strings.ToLower(strings.ReplaceAll(t.Type, "_", " "))})
		times = append(times, t.DateTime)
	}
	return out, times, next, nil
}
