package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// n writes a decimal as a JSON number, from its text.
func n(d decimal.Decimal) json.Number { return json.Number(d.String()) }

type holding struct {
	symbol, exchange, isin string
	token                  int64
	qty, t1                int64
	avg, last, close       decimal.Decimal
}

type mfHolding struct {
	folio, fund, isin string
	qty, avg, last    decimal.Decimal
	lastDate          string
}

type position struct {
	symbol, exchange, product string
	token                     int64
	qty                       int64
	mult, avg, last, close    decimal.Decimal
}

type trade struct {
	id, orderID, exchange, symbol, product, side string
	token                                        int64
	qty                                          int64
	price                                        decimal.Decimal
	at                                           time.Time
}

type mfOrder struct {
	id, status, statusMessage, isin, fund, side, variety, purchaseType, folio string
	amount, qty, avg, last                                                    decimal.Decimal
	placed                                                                    time.Time
	exchangeDate                                                              string
}

// dataset is one user's Kite.
type dataset struct {
	uid, name, short, email string
	exchanges               []string
	margins                 map[string]map[string]any
	holdings                []holding
	mfHoldings              []mfHolding
	positions               []position
	trades                  []trade
	mfOrders                []mfOrder
}

type fund struct{ isin, name, folio, nav string }

var funds = []fund{
	{"INF179K01VY8", "HDFC Balanced Advantage Fund - Direct Plan", "10293748/37", "512.3740"},
	{"INF879O01027", "Parag Parikh Flexi Cap Fund - Direct Plan", "4410293/11", "78.6412"},
	{"INF846K01DP8", "Axis ELSS Tax Saver Fund - Direct Plan", "91029344/62", "96.1180"},
}

// navOn is a fund's NAV d days before the anchor.
func navOn(nav decimal.Decimal, d int) decimal.Decimal {
	f := decimal.NewFromInt(int64(1000 - (d*11)%120)).Div(decimal.NewFromInt(1000))
	return nav.Mul(f).Round(4)
}

// build is a user's data for the India date anchor (midnight IST).
func build(user string, anchor time.Time) *dataset {
	day := func(d int, hh, mm, ss int) time.Time {
		return anchor.AddDate(0, 0, -d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second)
	}
	margins := func(cash, net string, debits string) map[string]any {
		return map[string]any{
			"enabled": true, "net": n(dec(net)),
			"available": map[string]any{"adhoc_margin": 0, "cash": n(dec(cash)), "opening_balance": n(dec(cash)),
				"live_balance": n(dec(net)), "collateral": 0, "intraday_payin": 0},
			"utilised": map[string]any{"debits": n(dec(debits)), "exposure": 0, "m2m_realised": 0, "m2m_unrealised": 0,
				"option_premium": 0, "payout": 0, "span": 0, "holding_sales": 0, "turnover": 0, "liquid_collateral": 0,
				"stock_collateral": 0, "delivery": 0},
		}
	}
	oseq := 0
	orderID := func() string { oseq++; return fmt.Sprintf("2506%011d", 190000000+oseq*7) }
	// SIPs: monthly on the same day, from months ago to the anchor.
	var orders []mfOrder
	sip := func(f fund, amount string, months int, offset int) {
		nav := dec(f.nav)
		for m := months; m >= 1; m-- {
			d := m*30 + offset
			p := navOn(nav, d)
			amt := dec(amount)
			units := amt.Div(p).Round(3)
			orders = append(orders, mfOrder{id: fmt.Sprintf("%s-sip-%d", strings.ToLower(f.isin), d), status: "COMPLETE",
				isin: f.isin, fund: f.name, side: "BUY", variety: "sip", purchaseType: "ADDITIONAL", folio: f.folio,
				amount: amt, qty: units, avg: p, last: nav, placed: day(d, 1, 30, 2),
				exchangeDate: anchor.AddDate(0, 0, -d+1).Format(time.DateOnly)})
		}
	}
	if user == UserSecond {
		sip(funds[1], "2000", 3, 4)
		return &dataset{uid: UserSecond, name: "Second Tester", short: "Second", email: "s*****@example.com",
			exchanges: []string{"NSE", "BSE", "MF"},
			margins:   map[string]map[string]any{"equity": margins("12050.00", "12050.00", "0")},
			holdings: []holding{
				{"INFY", "NSE", "INE009A01021", 408065, 4, 0, dec("1420.50"), dec("1523.80"), dec("1530.25")},
				{"NIFTYBEES", "NSE", "INF204KB14I2", 2707457, 25, 0, dec("251.30"), dec("268.42"), dec("267.95")},
			},
			mfHoldings: []mfHolding{{funds[1].folio, funds[1].name, funds[1].isin, dec("77.412"), dec("77.5021"), dec(funds[1].nav), anchor.AddDate(0, 0, -1).Format(time.DateOnly)}},
			mfOrders:   orders,
		}
	}
	sip(funds[0], "5000", 8, 2)
	sip(funds[1], "3000", 8, 9)
	sip(funds[2], "2500", 8, 16)
	orders = append(orders,
		mfOrder{id: "lump-1", status: "COMPLETE", isin: funds[1].isin, fund: funds[1].name, side: "BUY", variety: "regular",
			purchaseType: "ADDITIONAL", folio: funds[1].folio, amount: dec("25000"), qty: dec("25000").Div(navOn(dec(funds[1].nav), 140)).Round(3),
			avg: navOn(dec(funds[1].nav), 140), last: dec(funds[1].nav), placed: day(140, 10, 12, 0), exchangeDate: anchor.AddDate(0, 0, -139).Format(time.DateOnly)},
		mfOrder{id: "redeem-1", status: "COMPLETE", isin: funds[0].isin, fund: funds[0].name, side: "SELL", variety: "regular",
			folio: funds[0].folio, qty: dec("10.000"), avg: navOn(dec(funds[0].nav), 45), last: dec(funds[0].nav),
			placed: day(45, 11, 2, 41), exchangeDate: anchor.AddDate(0, 0, -44).Format(time.DateOnly)},
		mfOrder{id: "271989e0-a64e-4cf3-b4e4-afb8f38dd203", status: "REJECTED", statusMessage: "AMC SIP: Insufficient balance.",
			isin: funds[0].isin, fund: funds[0].name, side: "BUY", variety: "amc_sip", purchaseType: "FRESH",
			amount: dec("1000"), last: dec(funds[0].nav), placed: day(70, 8, 33, 7), exchangeDate: anchor.AddDate(0, 0, -70).Format(time.DateOnly)},
		mfOrder{id: "rej-2", status: "REJECTED", statusMessage: "Payment failed.", isin: funds[2].isin, fund: funds[2].name,
			side: "BUY", variety: "regular", purchaseType: "ADDITIONAL", amount: dec("5000"), last: dec(funds[2].nav), placed: day(20, 9, 0, 0)},
		mfOrder{id: "open-1", status: "OPEN", isin: funds[2].isin, fund: funds[2].name, side: "BUY", variety: "regular",
			purchaseType: "ADDITIONAL", amount: dec("4000"), last: dec(funds[2].nav), placed: day(0, 9, 40, 11)},
	)
	mf := map[string]*mfHolding{}
	for _, o := range orders {
		if o.status != "COMPLETE" {
			continue
		}
		h := mf[o.isin]
		if h == nil {
			h = &mfHolding{folio: o.folio, fund: o.fund, isin: o.isin}
			mf[o.isin] = h
		}
		if o.side == "BUY" {
			cost := h.qty.Mul(h.avg).Add(o.qty.Mul(o.avg))
			h.qty = h.qty.Add(o.qty)
			h.avg = cost.Div(h.qty).Round(4)
		} else {
			h.qty = h.qty.Sub(o.qty)
		}
	}
	var mfh []mfHolding
	for _, f := range funds {
		if h := mf[f.isin]; h != nil {
			h.folio, h.last, h.lastDate = f.folio, dec(f.nav), anchor.AddDate(0, 0, -1).Format(time.DateOnly)
			mfh = append(mfh, *h)
		}
	}
	tseq := 0
	tr := func(exchange, symbol, product, side string, token, qty int64, price string, hh, mm, ss int) trade {
		tseq++
		return trade{id: fmt.Sprintf("%d", 10000000+tseq*131), orderID: orderID(), exchange: exchange, symbol: symbol,
			product: product, side: side, token: token, qty: qty, price: dec(price), at: day(0, hh, mm, ss)}
	}
	return &dataset{
		uid: UserMain, name: "Test User Main", short: "Test", email: "t*****@example.com",
		exchanges: []string{"BFO", "MCX", "NSE", "CDS", "BSE", "BCD", "MF", "NFO"},
		margins: map[string]map[string]any{
			"equity":    margins("245431.6", "99725.05", "145706.55"),
			"commodity": margins("100661.7", "100661.7", "0"),
		},
		holdings: []holding{
			{"GOLDBEES", "BSE", "INF204KB17I5", 151064324, 2, 0, dec("40.67"), dec("42.47"), dec("42.28")},
			{"IDEA", "NSE", "INE669E01016", 3677697, 5, 0, dec("8.466"), dec("10"), dec("10.1")},
			{"NIFTYBEES", "NSE", "INF204KB14I2", 2707457, 1, 0, dec("156.07"), dec("168.54"), dec("168.63")},
			{"RELIANCE", "NSE", "INE002A01018", 738561, 0, 2, dec("2206.5"), dec("2214"), dec("2227.4")},
			{"SBIN", "BSE", "INE062A01020", 128028676, 11, 7, dec("429"), dec("426.9"), dec("432.4")},
			{"INFY", "NSE", "INE009A01021", 408065, 15, 0, dec("1401.15"), dec("1523.80"), dec("1530.25")},
		},
		mfHoldings: mfh,
		positions: []position{
			{"NIFTY25JUN24500CE", "NFO", "NRML", 12189698, 75, dec("1"), dec("98.10"), dec("112.40"), dec("104.95")},
			{"CRUDEOILM25JULFUT", "MCX", "NRML", 113713671, 10, dec("10"), dec("5412"), dec("5468"), dec("5440")},
			{"SBIN", "NSE", "MIS", 779521, 0, dec("1"), dec("0"), dec("812.25"), dec("808.40")},
		},
		trades: []trade{
			tr("NSE", "SBIN", "MIS", "BUY", 779521, 25, "805.10", 9, 18, 57),
			tr("NSE", "SBIN", "MIS", "SELL", 779521, 25, "811.35", 14, 2, 10),
			tr("NSE", "INFY", "CNC", "BUY", 408065, 5, "1519.60", 9, 45, 3),
			tr("NFO", "NIFTY25JUN24500CE", "NRML", "BUY", 12189698, 75, "98.10", 10, 5, 44),
			tr("NFO", "NIFTY25JUN24400PE", "NRML", "BUY", 12189442, 75, "61.25", 10, 31, 9),
			tr("NFO", "NIFTY25JUN24400PE", "NRML", "SELL", 12189442, 75, "73.80", 13, 12, 40),
			tr("BSE", "SBIN", "CNC", "BUY", 128028676, 7, "428.15", 11, 20, 5),
			tr("NSE", "GOLDBEES", "CNC", "BUY", 3693569, 20, "61.37", 11, 58, 31),
			tr("MCX", "CRUDEOILM25JULFUT", "NRML", "BUY", 113713671, 10, "5412", 10, 40, 0),
			tr("MCX", "GOLDM25AUGFUT", "NRML", "SELL", 113713929, 1, "72150", 15, 10, 12),
		},
		mfOrders: orders,
	}
}

// dataset returns a user's data for today's India date (cached per day).
func (s *Server) dataset(user string) *dataset {
	return s.data.Get(user, s.Now())
}

func profileOf(user string) map[string]any {
	d := build(user, time.Date(2000, 1, 1, 0, 0, 0, 0, fakekit.Kolkata))
	return map[string]any{
		"user_id": d.uid, "user_type": "individual", "email": d.email, "user_name": d.name, "user_shortname": d.short,
		"broker": "ZERODHA", "exchanges": d.exchanges, "products": []string{"CNC", "NRML", "MIS", "BO", "CO"},
		"order_types": []string{"MARKET", "LIMIT", "SL", "SL-M"}, "avatar_url": nil,
		"meta": map[string]string{"demat_consent": "physical"},
	}
}

// writeFault writes an injected fault the way Kite answers; malformed,
// truncated and maintenance answers are the suite's own.
var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "GeneralException", Message: "Something went wrong"},
	brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: "NetworkException", Message: "Too many requests", RetryAfter: true},
	brokertest.Unauthorized: {Status: http.StatusForbidden, Code: "TokenException", Message: "Incorrect `api_key` or `access_token`."},
})
