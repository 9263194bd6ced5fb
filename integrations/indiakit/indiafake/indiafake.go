// Package indiafake is the portfolio the fakes of India's retail brokers
// (Dhan, Fyers, Angel One, Kotak Neo) serve, each in its own API's shapes:
// NSE and BSE holdings (one bought yesterday, so still in T1; an ETF), open
// F&O, MCX and intraday positions (a closed one too), and months of fills,
// today's among them. Amounts are exact decimals; dates are anchored to the
// fake's clock so the data is always recent.
package indiafake

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Holding is a demat holding.
type Holding struct {
	Symbol, Name, Exchange, ISIN, Token string
	Qty, T1                             int64
	Avg, LTP, Close                     decimal.Decimal
}

// Units is the holding's whole quantity: settled and T1.
func (h Holding) Units() int64 { return h.Qty + h.T1 }

// Position is an open (or, at Qty 0, closed) net position.
type Position struct {
	// Segment is "NSE", "NFO" or "MCX"; Product CNC, MIS (INTRADAY), NRML.
	Symbol, Segment, Product, Token string
	// Instrument is OPTIDX, FUTIDX, FUTCOM or EQ.
	Instrument string
	Qty        int64
	Avg, LTP   decimal.Decimal
	// Mult is the price multiplier (1 but for MCX lots).
	Mult int64
	// Strike and Expiry describe a derivative; OptionType CE or PE.
	Strike     decimal.Decimal
	Expiry     time.Time
	OptionType string
}

// Sides are the net position's quantity as the brokers split it: bought
// (a long position's) and sold (a short one's, positive).
func (p Position) Sides() (bought, sold int64) { return max(p.Qty, 0), max(-p.Qty, 0) }

// Trade is one fill.
type Trade struct {
	ID, OrderID                            string
	At                                     time.Time
	Side                                   string // BUY or SELL
	Symbol, Exchange, ISIN, Product, Token string
	Qty                                    int64
	Price, Fee                             decimal.Decimal
}

// Value is the fill's traded value.
func (t Trade) Value() decimal.Decimal { return decimal.NewFromInt(t.Qty).Mul(t.Price) }

// Book is one login's portfolio.
type Book struct {
	ClientID, Name   string
	Cash, Collateral decimal.Decimal
	Holdings         []Holding
	Positions        []Position
	Trades           []Trade
}

// Open returns the positions with a quantity.
func (b *Book) Open() []Position {
	var out []Position
	for _, p := range b.Positions {
		if p.Qty != 0 {
			out = append(out, p)
		}
	}
	return out
}

// TradesUntil returns the fills executed by now, oldest first.
func (b *Book) TradesUntil(now time.Time) []Trade {
	var out []Trade
	for _, t := range b.Trades {
		if !t.At.After(now) {
			out = append(out, t)
		}
	}
	return out
}

// Today returns the fills of now's India date executed by now.
func (b *Book) Today(now time.Time) []Trade {
	y, m, d := now.In(fakekit.Kolkata).Date()
	var out []Trade
	for _, t := range b.TradesUntil(now) {
		ty, tm, td := t.At.In(fakekit.Kolkata).Date()
		if ty == y && tm == m && td == d {
			out = append(out, t)
		}
	}
	return out
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Main is the richer login's book, anchored to now: six holdings (INFY
// partly in T1, NIFTYBEES an ETF, IDEA as in Kotak Neo's documented
// example), an index option, an index future, an MCX future, an intraday
// short and a closed position, and about eight months of fills (two today).
func Main(clientID, name string, now time.Time) *Book {
	b := &Book{ClientID: clientID, Name: name, Cash: dec("184512.35"), Collateral: dec("25000.00")}
	b.Holdings = []Holding{
		{"RELIANCE", "Reliance Industries Ltd", "NSE", "INE002A01018", "2885", 40, 0, dec("2310.50"), dec("2945.30"), dec("2931.10")},
		{"TCS", "Tata Consultancy Services Ltd", "NSE", "INE467B01029", "11536", 12, 0, dec("3380.00"), dec("4102.75"), dec("4090.00")},
		{"HDFCBANK", "HDFC Bank Ltd", "NSE", "INE040A01034", "1333", 55, 0, dec("1488.20"), dec("1642.10"), dec("1650.45")},
		{"INFY", "Infosys Ltd", "BSE", "INE009A01021", "500209", 30, 5, dec("1420.00"), dec("1876.40"), dec("1869.95")},
		{"NIFTYBEES", "Nippon India ETF Nifty 50 BeES", "NSE", "INF204KB14I2", "10576", 200, 0, dec("212.35"), dec("268.91"), dec("267.80")},
		{"IDEA", "Vodafone Idea Ltd", "NSE", "INE669E01016", "14366", 35, 0, dec("9.5699"), dec("9.36"), dec("9.36")},
	}
	exp := time.Date(now.Year(), now.Month(), 1, 15, 30, 0, 0, fakekit.Kolkata).AddDate(0, 1, -1)
	b.Positions = []Position{
		{Symbol: "NIFTY" + exp.Format("06Jan") + "24000CE", Segment: "NFO", Product: "NRML", Token: "43650", Instrument: "OPTIDX",
			Qty: 75, Avg: dec("142.50"), LTP: dec("168.20"), Mult: 1, Strike: dec("24000"), Expiry: exp, OptionType: "CE"},
		{Symbol: "BANKNIFTY" + exp.Format("06Jan") + "FUT", Segment: "NFO", Product: "NRML", Token: "43712", Instrument: "FUTIDX",
			Qty: 30, Avg: dec("51200.00"), LTP: dec("51450.50"), Mult: 1, Expiry: exp},
		{Symbol: "GOLDM" + exp.Format("06Jan") + "FUT", Segment: "MCX", Product: "NRML", Token: "435697", Instrument: "FUTCOM",
			Qty: 1, Avg: dec("71250.00"), LTP: dec("71480.00"), Mult: 10, Expiry: exp},
		{Symbol: "SBIN", Segment: "NSE", Product: "MIS", Token: "3045", Instrument: "EQ", Qty: -10, Avg: dec("812.40"), LTP: dec("809.15"), Mult: 1},
		{Symbol: "ITC", Segment: "NSE", Product: "MIS", Token: "1660", Instrument: "EQ", Qty: 0, Avg: dec("0"), LTP: dec("438.20"), Mult: 1},
	}
	b.Trades = history(clientID, now, 8, []Holding{b.Holdings[0], b.Holdings[1], b.Holdings[2], b.Holdings[4]})
	today := time.Date(now.In(fakekit.Kolkata).Year(), now.In(fakekit.Kolkata).Month(), now.In(fakekit.Kolkata).Day(), 9, 42, 17, 0, fakekit.Kolkata)
	if today.Before(now) {
		b.Trades = append(b.Trades,
			Trade{ID: "TD" + clientID[len(clientID)-3:] + "01", OrderID: "ORD-T-01", At: today, Side: "SELL", Symbol: "SBIN", Exchange: "NSE",
				ISIN: "INE062A01020", Product: "MIS", Token: "3045", Qty: 10, Price: dec("812.40"), Fee: dec("4.87")},
			Trade{ID: "TD" + clientID[len(clientID)-3:] + "02", OrderID: "ORD-T-02", At: today.Add(37 * time.Minute), Side: "BUY", Symbol: "NIFTY" + exp.Format("06Jan") + "24000CE",
				Exchange: "NFO", Product: "NRML", Token: "43650", Qty: 75, Price: dec("142.50"), Fee: dec("23.61")},
		)
	}
	return b
}

// Second is the smaller login's book: two holdings and a few months of
// fills, no positions.
func Second(clientID, name string, now time.Time) *Book {
	b := &Book{ClientID: clientID, Name: name, Cash: dec("20512.75")}
	b.Holdings = []Holding{
		{"ITC", "ITC Ltd", "NSE", "INE154A01025", "1660", 100, 0, dec("401.30"), dec("438.20"), dec("436.00")},
		{"SBIN", "State Bank of India", "BSE", "INE062A01020", "500112", 20, 0, dec("655.10"), dec("812.40"), dec("808.00")},
	}
	b.Trades = history(clientID, now, 3, b.Holdings)
	return b
}

// Of is the book of the login client, anchored to now: Second's when
// client is second (the fake's smaller login), Main's otherwise, each under
// its trader's name.
func Of(client, second string, now time.Time) *Book {
	if client == second {
		return Second(client, "SECOND TRADER", now)
	}
	return Main(client, "MAIN TRADER", now)
}

// history makes a fill every ten days or so for months months before now:
// buys of the holdings in turn, every fourth a sell, each with its charges.
func history(clientID string, now time.Time, months int, hs []Holding) []Trade {
	start := now.In(fakekit.Kolkata).AddDate(0, -months, 0)
	var out []Trade
	for i, at := 0, time.Date(start.Year(), start.Month(), start.Day(), 10, 15, 0, 0, fakekit.Kolkata); at.Before(now.Add(-36 * time.Hour)); i, at = i+1, at.AddDate(0, 0, 10) {
		h := hs[i%len(hs)]
		side, qty := "BUY", int64(1+i%5)
		if i%4 == 3 {
			side = "SELL"
		}
		price := h.Avg.Add(decimal.NewFromInt(int64(i % 7))).Round(2)
		fee := decimal.NewFromInt(qty).Mul(price).Mul(dec("0.0012")).Round(2)
		out = append(out, Trade{
			ID: fmt.Sprintf("%s%06d", clientID[len(clientID)-3:], 1000+i), OrderID: fmt.Sprintf("ORD%s%05d", clientID[len(clientID)-3:], 500+i),
			At: at.Add(time.Duration(i%50) * time.Minute), Side: side, Symbol: h.Symbol, Exchange: h.Exchange, ISIN: h.ISIN,
			Product: "CNC", Token: h.Token, Qty: qty, Price: price, Fee: fee,
		})
	}
	return out
}
