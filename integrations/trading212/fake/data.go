package fake

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// num is a decimal written to JSON as a bare number, the way Trading 212
// writes every amount.
type num struct{ d decimal.Decimal }

func (n num) MarshalJSON() ([]byte, error) { return []byte(n.d.String()), nil }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// instrument is one of the fake's tradable instruments.
type instrument struct {
	Ticker   string          `json:"ticker"`
	ISIN     string          `json:"isin"`
	Name     string          `json:"name"`
	Currency string          `json:"currency"`
	price    decimal.Decimal // current price in the instrument currency (GBX: pence)
	fx       decimal.Decimal // instrument currency → GBP
}

var instruments = map[string]instrument{
	"AAPL_US_EQ":  {Ticker: "AAPL_US_EQ", ISIN: "US0378331005", Name: "Apple", Currency: "USD", price: dec("231.42"), fx: dec("0.79")},
	"MSFT_US_EQ":  {Ticker: "MSFT_US_EQ", ISIN: "US5949181045", Name: "Microsoft", Currency: "USD", price: dec("428.15"), fx: dec("0.79")},
	"BRK_B_US_EQ": {Ticker: "BRK_B_US_EQ", ISIN: "US0846707026", Name: "Berkshire Hathaway (B)", Currency: "USD", price: dec("471.80"), fx: dec("0.79")},
	"VUSAl_EQ":    {Ticker: "VUSAl_EQ", ISIN: "IE00B3XXRP09", Name: "Vanguard S&P 500 UCITS ETF", Currency: "GBP", price: dec("92.36"), fx: dec("1")},
	"AZNl_EQ":     {Ticker: "AZNl_EQ", ISIN: "GB0009895292", Name: "AstraZeneca", Currency: "GBX", price: dec("11842"), fx: dec("0.01")},
	"ULVRl_EQ":    {Ticker: "ULVRl_EQ", ISIN: "GB00B10RZP78", Name: "Unilever", Currency: "GBX", price: dec("4630.5"), fx: dec("0.01")},
	"SAPd_EQ":     {Ticker: "SAPd_EQ", ISIN: "DE0007164600", Name: "SAP", Currency: "EUR", price: dec("241.10"), fx: dec("0.85")},
}

// Wire types, as GET /equity/positions, /equity/account/summary and the
// history endpoints name their fields.

type walletImpactPos struct {
	Currency             string `json:"currency"`
	CurrentValue         num    `json:"currentValue"`
	TotalCost            num    `json:"totalCost"`
	UnrealizedProfitLoss num    `json:"unrealizedProfitLoss"`
	FxImpact             *num   `json:"fxImpact"`
}

type position struct {
	Instrument                  instrument      `json:"instrument"`
	Quantity                    num             `json:"quantity"`
	QuantityAvailableForTrading num             `json:"quantityAvailableForTrading"`
	QuantityInPies              num             `json:"quantityInPies"`
	AveragePricePaid            num             `json:"averagePricePaid"`
	CurrentPrice                num             `json:"currentPrice"`
	CreatedAt                   string          `json:"createdAt"`
	WalletImpact                walletImpactPos `json:"walletImpact"`
}

type summaryCash struct {
	AvailableToTrade  num `json:"availableToTrade"`
	InPies            num `json:"inPies"`
	ReservedForOrders num `json:"reservedForOrders"`
}

type summaryInvestments struct {
	CurrentValue         num `json:"currentValue"`
	TotalCost            num `json:"totalCost"`
	RealizedProfitLoss   num `json:"realizedProfitLoss"`
	UnrealizedProfitLoss num `json:"unrealizedProfitLoss"`
}

type summary struct {
	ID          int64              `json:"id"`
	Currency    string             `json:"currency"`
	TotalValue  num                `json:"totalValue"`
	Cash        summaryCash        `json:"cash"`
	Investments summaryInvestments `json:"investments"`
}

type tax struct {
	Name      string `json:"name"`
	Quantity  num    `json:"quantity"`
	Currency  string `json:"currency"`
	ChargedAt string `json:"chargedAt"`
}

type fillWallet struct {
	Currency           string `json:"currency"`
	FxRate             num    `json:"fxRate"`
	NetValue           num    `json:"netValue"`
	RealisedProfitLoss *num   `json:"realisedProfitLoss,omitempty"`
	Taxes              []tax  `json:"taxes"`
}

type fill struct {
	ID            int64      `json:"id"`
	FilledAt      string     `json:"filledAt"`
	Price         num        `json:"price"`
	Quantity      num        `json:"quantity"`
	TradingMethod string     `json:"tradingMethod"`
	Type          string     `json:"type"`
	WalletImpact  fillWallet `json:"walletImpact"`
}

type order struct {
	ID             int64      `json:"id"`
	Ticker         string     `json:"ticker"`
	Instrument     instrument `json:"instrument"`
	Side           string     `json:"side"`
	Type           string     `json:"type"`
	Status         string     `json:"status"`
	Strategy       string     `json:"strategy"`
	Quantity       num        `json:"quantity"`
	FilledQuantity num        `json:"filledQuantity"`
	FilledValue    num        `json:"filledValue"`
	Currency       string     `json:"currency"`
	CreatedAt      string     `json:"createdAt"`
	InitiatedFrom  string     `json:"initiatedFrom"`
	ExtendedHours  bool       `json:"extendedHours"`
	TimeInForce    string     `json:"timeInForce"`
}

type historicalOrder struct {
	Order order `json:"order"`
	Fill  *fill `json:"fill,omitempty"`
	at    time.Time
}

type dividend struct {
	Ticker              string     `json:"ticker"`
	Instrument          instrument `json:"instrument"`
	PaidOn              string     `json:"paidOn"`
	Quantity            num        `json:"quantity"`
	Amount              num        `json:"amount"`
	AmountInEuro        num        `json:"amountInEuro"`
	Currency            string     `json:"currency"`
	GrossAmountPerShare num        `json:"grossAmountPerShare"`
	TickerCurrency      string     `json:"tickerCurrency"`
	Reference           string     `json:"reference"`
	Type                string     `json:"type"`
	at                  time.Time
}

type transaction struct {
	Reference string `json:"reference"`
	DateTime  string `json:"dateTime"`
	Type      string `json:"type"`
	Amount    num    `json:"amount"`
	Currency  string `json:"currency"`
	at        time.Time
}

// account is one Trading 212 account with everything the fake serves for it.
type account struct {
	number       int64
	currency     string
	positions    []position
	summary      summary
	orders       []historicalOrder // newest first
	dividends    []dividend        // newest first
	transactions []transaction     // newest first
}

// Fills returns how many order-history items carry a fill.
func (a *account) fills() int {
	n := 0
	for _, o := range a.orders {
		if o.Fill != nil {
			n++
		}
	}
	return n
}

const stamp = "2006-01-02T15:04:05.000Z07:00"

// historyStart and historyEnd bound the fake's history: nine months of 2025.
var (
	historyStart = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	historyEnd   = time.Date(2025, 12, 19, 0, 0, 0, 0, time.UTC)
)

// buildAccount makes an account's data from its number: the same number
// always gives the same data.
func buildAccount(number int64, held []string) *account {
	r := rand.New(rand.NewPCG(uint64(number), 212))
	a := &account{number: number, currency: "GBP"}
	gbp := func(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

	// Positions.
	invested, value := decimal.Zero, decimal.Zero
	for i, tk := range held {
		in := instruments[tk]
		qty := decimal.NewFromInt(int64(3 + r.IntN(40))).Add(decimal.New(int64(r.IntN(100)), -2))
		avg := in.price.Mul(dec("0.8").Add(decimal.New(int64(r.IntN(30)), -2))).Round(2)
		cur := qty.Mul(in.price).Mul(in.fx)
		cost := qty.Mul(avg).Mul(in.fx)
		wi := walletImpactPos{Currency: a.currency, CurrentValue: num{gbp(cur)}, TotalCost: num{gbp(cost)},
			UnrealizedProfitLoss: num{gbp(cur).Sub(gbp(cost))}}
		if in.Currency != "GBP" && in.Currency != "GBX" {
			fx := num{gbp(cur.Mul(dec("0.012")))}
			wi.FxImpact = &fx
		}
		a.positions = append(a.positions, position{
			Instrument: in, Quantity: num{qty}, QuantityAvailableForTrading: num{qty}, QuantityInPies: num{decimal.Zero},
			AveragePricePaid: num{avg}, CurrentPrice: num{in.price},
			CreatedAt:    historyStart.AddDate(0, 0, i*3).Add(10 * time.Hour).Format(stamp),
			WalletImpact: wi,
		})
		invested = invested.Add(gbp(cost))
		value = value.Add(gbp(cur))
	}
	free := decimal.New(int64(150000+r.IntN(500000)), -2)
	reserved := dec("25.00")
	pies := dec("0")
	a.summary = summary{ID: number, Currency: a.currency, TotalValue: num{value.Add(free).Add(reserved).Add(pies)},
		Cash:        summaryCash{AvailableToTrade: num{free}, InPies: num{pies}, ReservedForOrders: num{reserved}},
		Investments: summaryInvestments{CurrentValue: num{value}, TotalCost: num{invested}, RealizedProfitLoss: num{dec("312.55")}, UnrealizedProfitLoss: num{value.Sub(invested)}}}

	// Order history: a trade every few days, some sells, one split, one
	// cancelled order (no fill).
	days := int(historyEnd.Sub(historyStart).Hours() / 24)
	orderID := number * 1000
	for d := 0; d < days; d += 2 + r.IntN(4) {
		tk := held[r.IntN(len(held))]
		in := instruments[tk]
		at := historyStart.AddDate(0, 0, d).Add(time.Duration(9*3600+r.IntN(7*3600)) * time.Second)
		orderID++
		side := "BUY"
		qty := decimal.NewFromInt(int64(1 + r.IntN(5))).Add(decimal.New(int64(r.IntN(10)), -1))
		if r.IntN(4) == 0 {
			side = "SELL"
		}
		price := in.price.Mul(dec("0.85").Add(decimal.New(int64(r.IntN(25)), -2))).Round(2)
		gross := gbp(qty.Mul(price).Mul(in.fx))
		var taxes []tax
		fees := decimal.Zero
		if in.Currency != "GBP" && in.Currency != "GBX" {
			fee := gbp(gross.Mul(dec("0.0015")))
			if fee.IsZero() {
				fee = dec("0.01")
			}
			taxes = append(taxes, tax{Name: "CURRENCY_CONVERSION_FEE", Quantity: num{fee.Neg()}, Currency: a.currency, ChargedAt: at.Format(stamp)})
			fees = fees.Add(fee)
		}
		if side == "BUY" && (in.Currency == "GBX" || in.Currency == "GBP") && in.ISIN[:2] == "GB" {
			sd := gbp(gross.Mul(dec("0.005")))
			taxes = append(taxes, tax{Name: "STAMP_DUTY_RESERVE_TAX", Quantity: num{sd.Neg()}, Currency: a.currency, ChargedAt: at.Format(stamp)})
			fees = fees.Add(sd)
		}
		fq := qty
		net := gross.Add(fees) // paid on a buy, fees included
		var rpl *num
		if side == "SELL" {
			fq = qty.Neg()
			net = gross.Sub(fees) // received on a sell, fees deducted
			p := num{gbp(gross.Mul(dec("0.07")))}
			rpl = &p
		}
		ho := historicalOrder{at: at, Order: order{ID: orderID, Ticker: tk, Instrument: in, Side: side, Type: "MARKET", Status: "FILLED",
			Strategy: "QUANTITY", Quantity: num{fq}, FilledQuantity: num{fq}, FilledValue: num{gross}, Currency: a.currency,
			CreatedAt: at.Add(-2 * time.Second).Format(stamp), InitiatedFrom: []string{"IOS", "WEB", "ANDROID", "API"}[r.IntN(4)], TimeInForce: "DAY"},
			Fill: &fill{ID: orderID*10 + 1, FilledAt: at.Format(stamp), Price: num{price}, Quantity: num{fq}, TradingMethod: "TOTV", Type: "TRADE",
				WalletImpact: fillWallet{Currency: a.currency, FxRate: num{in.fx}, NetValue: num{net}, RealisedProfitLoss: rpl, Taxes: taxes}}}
		a.orders = append(a.orders, ho)
	}
	// A 4-for-1 split of the first holding: a pair of fills at one time.
	split := historyStart.AddDate(0, 2, 10).Add(6 * time.Hour)
	in := instruments[held[0]]
	for i, side := range []string{"SELL", "BUY"} {
		orderID++
		q := dec("2")
		if side == "SELL" {
			q = q.Neg()
		} else {
			q = dec("8")
		}
		at := split.Add(time.Duration(i) * time.Millisecond)
		a.orders = append(a.orders, historicalOrder{at: at, Order: order{ID: orderID, Ticker: in.Ticker, Instrument: in, Side: side, Type: "MARKET",
			Status: "FILLED", Strategy: "QUANTITY", Quantity: num{q}, FilledQuantity: num{q}, FilledValue: num{decimal.Zero}, Currency: a.currency,
			CreatedAt: at.Format(stamp), InitiatedFrom: "SYSTEM", TimeInForce: "DAY"},
			Fill: &fill{ID: orderID*10 + 1, FilledAt: at.Format(stamp), Price: num{decimal.Zero}, Quantity: num{q}, TradingMethod: "OTC", Type: "STOCK_SPLIT",
				WalletImpact: fillWallet{Currency: a.currency, FxRate: num{in.fx}, NetValue: num{decimal.Zero}, Taxes: []tax{}}}})
	}
	// A cancelled limit order: listed without a fill.
	orderID++
	ca := historyStart.AddDate(0, 4, 1).Add(15 * time.Hour)
	a.orders = append(a.orders, historicalOrder{at: ca, Order: order{ID: orderID, Ticker: held[1], Instrument: instruments[held[1]], Side: "BUY",
		Type: "LIMIT", Status: "CANCELLED", Strategy: "QUANTITY", Quantity: num{dec("3")}, FilledQuantity: num{decimal.Zero},
		FilledValue: num{decimal.Zero}, Currency: a.currency, CreatedAt: ca.Format(stamp), InitiatedFrom: "WEB", TimeInForce: "GOOD_TILL_CANCEL"}})
	sort.Slice(a.orders, func(i, j int) bool { return a.orders[i].at.After(a.orders[j].at) })

	// Dividends: quarterly on each holding, and cash interest paid as a
	// dividend-type row.
	for q := 0; q < 3; q++ {
		for i, tk := range held {
			in := instruments[tk]
			at := historyStart.AddDate(0, 3*q+1, 5+i*2).Add(7 * time.Hour)
			shares := a.positions[i].Quantity.d
			per := in.price.Mul(dec("0.004")).Round(4)
			amt := gbp(shares.Mul(per).Mul(in.fx))
			if amt.IsZero() {
				amt = dec("0.01")
			}
			typ := "ORDINARY"
			if in.Currency == "USD" {
				typ = "DIVIDENDS_PAID_BY_US_CORPORATIONS"
			}
			a.dividends = append(a.dividends, dividend{Ticker: tk, Instrument: in, PaidOn: at.Format(stamp), Quantity: num{shares},
				Amount: num{amt}, AmountInEuro: num{amt.Mul(dec("1.17")).Round(2)}, Currency: a.currency, GrossAmountPerShare: num{per},
				TickerCurrency: in.Currency, Reference: fmt.Sprintf("DIV-%d-%d-%d", number, q, i), Type: typ, at: at})
		}
	}
	roc := historyStart.AddDate(0, 8, 2).Add(7 * time.Hour)
	in = instruments[held[len(held)-1]]
	a.dividends = append(a.dividends, dividend{Ticker: in.Ticker, Instrument: in, PaidOn: roc.Format(stamp), Quantity: num{dec("4")},
		Amount: num{dec("1.20")}, AmountInEuro: num{dec("1.40")}, Currency: a.currency, GrossAmountPerShare: num{dec("0.30")},
		TickerCurrency: in.Currency, Reference: fmt.Sprintf("DIV-%d-roc", number), Type: "RETURN_OF_CAPITAL", at: roc})
	sort.Slice(a.dividends, func(i, j int) bool { return a.dividends[i].at.After(a.dividends[j].at) })

	// Cash transactions: monthly deposits, interest on free cash, a fee, a
	// withdrawal, transfers; one deposit in USD.
	add := func(at time.Time, typ, amount, ccy string) {
		a.transactions = append(a.transactions, transaction{Reference: fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", number, len(a.transactions), r.IntN(4096), r.IntN(4096), r.Int64N(1<<40)),
			DateTime: at.Format(stamp), Type: typ, Amount: num{dec(amount)}, Currency: ccy, at: at})
	}
	for m := 0; m < 9; m++ {
		add(historyStart.AddDate(0, m, 0).Add(8*time.Hour), "DEPOSIT", fmt.Sprintf("%d.00", 500+100*r.IntN(5)), "GBP")
		add(historyStart.AddDate(0, m, 27).Add(23*time.Hour), "INTEREST_ON_FREE_CASH", fmt.Sprintf("%d.%02d", 1+r.IntN(6), r.IntN(100)), "GBP")
	}
	add(historyStart.AddDate(0, 2, 14).Add(11*time.Hour), "DEPOSIT", "250.00", "USD")
	add(historyStart.AddDate(0, 5, 3).Add(12*time.Hour), "WITHDRAW", "-400.00", "GBP")
	add(historyStart.AddDate(0, 6, 9).Add(9*time.Hour), "FEE", "-2.50", "GBP")
	add(historyStart.AddDate(0, 3, 20).Add(10*time.Hour), "TRANSFER", "1200.00", "GBP")
	add(historyStart.AddDate(0, 7, 11).Add(10*time.Hour), "TRANSFER", "-300.00", "GBP")
	add(historyStart.AddDate(0, 7, 30).Add(22*time.Hour), "LENDING_INTEREST", "0.87", "GBP")
	sort.Slice(a.transactions, func(i, j int) bool { return a.transactions[i].at.After(a.transactions[j].at) })
	return a
}
