package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// users maps a test login to its accounts.
var users = map[string][]acctSpec{
	User: {
		{number: "31415926", typ: "MARGIN", nickname: "Individual", seed: 1},
		{number: "27182818", typ: "CASH", nickname: "Roth Contributory IRA", seed: 2},
	},
	OtherUser: {
		{number: "16184142", typ: "CASH", nickname: "Joint Tenant", seed: 3},
	},
}

type acctSpec struct {
	number, typ, nickname string
	seed                  int
}

type account struct {
	acctSpec
	hash      string
	positions []position
	cash      decimal.Decimal
	txns      []txn
}

// object is a JSON object as the Trader API answers it, its fields those
// of the spec's schema (Position, Transaction, the balances).
type object = map[string]any

type position struct {
	value decimal.Decimal // marketValue
	wire  object
}

type txn struct {
	at   time.Time
	typ  string
	wire object
}

// hashOf is the account's hashValue: stable, opaque, not the number.
func hashOf(number string) string {
	h := sha256.Sum256([]byte("schwab-fake\x00" + number))
	return hex.EncodeToString(h[:])[:64]
}

const timeLayout = "2006-01-02T15:04:05-0700"

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// zero is the JSON number 0.
const zero = json.Number("0")

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// instrument is the spec's instrument object; empty fields are left out.
func instrument(asset, symbol, desc, cusip string) object {
	o := object{"assetType": asset, "symbol": symbol}
	for k, v := range map[string]string{"description": desc, "cusip": cusip} {
		if v != "" {
			o[k] = v
		}
	}
	return o
}

type holding struct {
	symbol, desc, asset, typ, cusip string
	qty, price, avg                 string
	multiplier                      int64
}

var holdings = map[int][]holding{
	1: {
		{"AAPL", "APPLE INC", "EQUITY", "COMMON_STOCK", "037833100", "50", "189.25", "150.10", 1},
		{"MSFT", "MICROSOFT CORP", "EQUITY", "COMMON_STOCK", "594918104", "20", "415.10", "301.55", 1},
		{"SPY", "SPDR S&P 500 ETF", "COLLECTIVE_INVESTMENT", "EXCHANGE_TRADED_FUND", "78462F103", "15", "512.34", "440.00", 1},
		{"SWVXX", "SCHWAB PRIME ADVANTAGE MONEY INV", "CASH_EQUIVALENT", "MONEY_MARKET_FUND", "85749R701", "2500.00", "1", "1", 1},
		{"AAPL  270115C00200000", "APPLE INC 01/15/2027 $200 Call", "OPTION", "VANILLA", "0AAPL.AF70200000", "2", "5.35", "4.10", 100},
		{"F", "FORD MOTOR CO", "EQUITY", "COMMON_STOCK", "345370860", "-40", "11.85", "12.40", 1},
	},
	2: {
		{"SWPPX", "SCHWAB S&P 500 INDEX", "MUTUAL_FUND", "NO_LOAD_TAXABLE", "808509855", "120.456", "78.12", "61.03", 1},
		{"VTI", "VANGUARD TOTAL STOCK MARKET ETF", "COLLECTIVE_INVESTMENT", "EXCHANGE_TRADED_FUND", "922908769", "30", "265.40", "201.77", 1},
		{"KO", "COCA COLA CO", "EQUITY", "COMMON_STOCK", "191216100", "25", "61.20", "58.35", 1},
	},
	3: {
		{"T", "AT&T INC", "EQUITY", "COMMON_STOCK", "00206R102", "100", "22.10", "17.05", 1},
	},
}

// portfolio builds a user's accounts as of day (UTC midnight). Everything
// is derived from the spec and the date, so it is the same on every call.
func portfolio(user string, day time.Time) []account {
	var out []account
	for _, spec := range users[user] {
		a := account{acctSpec: spec, hash: hashOf(spec.number), cash: dec("12034.56")}
		if spec.typ == "CASH" {
			a.cash = dec("4210.08")
		}
		for i, h := range holdings[spec.seed] {
			qty, price := dec(h.qty), dec(h.price)
			mv := qty.Mul(price).Mul(decimal.NewFromInt(h.multiplier)).Round(2)
			in := instrument(h.asset, h.symbol, h.desc, h.cusip)
			in["type"], in["instrumentId"] = h.typ, json.Number(strconv.Itoa(1000+spec.seed*100+i))
			p := object{
				"shortQuantity": zero, "longQuantity": num(qty), "settledLongQuantity": num(qty), "settledShortQuantity": zero,
				"previousSessionLongQuantity": num(qty), "averagePrice": num(dec(h.avg)), "averageLongPrice": num(dec(h.avg)),
				"currentDayProfitLoss": zero, "marketValue": num(mv), "maintenanceRequirement": num(mv.Mul(dec("0.25")).Abs().Round(2)),
				"longOpenProfitLoss": num(mv.Sub(qty.Mul(dec(h.avg)).Mul(decimal.NewFromInt(h.multiplier))).Round(2)),
				"instrument":         in,
			}
			if qty.IsNegative() {
				p["longQuantity"], p["settledLongQuantity"], p["previousSessionLongQuantity"] = zero, zero, zero
				p["shortQuantity"], p["settledShortQuantity"] = num(qty.Neg()), num(qty.Neg())
				delete(p, "averageLongPrice")
				delete(p, "longOpenProfitLoss")
				p["averageShortPrice"] = num(dec(h.avg))
			}
			if h.asset == "OPTION" {
				in["putCall"], in["underlyingSymbol"] = "CALL", "AAPL"
				in["optionMultiplier"] = json.Number(strconv.FormatInt(h.multiplier, 10))
			}
			a.positions = append(a.positions, position{value: mv, wire: p})
		}
		a.txns = history(spec, day)
		out = append(out, a)
	}
	return out
}

// history builds about 45 transactions over the 200 days before day.
func history(spec acctSpec, day time.Time) []txn {
	var out []txn
	seq := 0
	add := func(daysAgo int, hour int, typ, desc string, net decimal.Decimal, items ...object) {
		seq++
		at := day.AddDate(0, 0, -daysAgo).Add(time.Duration(hour)*time.Hour + 7*time.Minute + time.Duration(seq)*time.Second)
		settle := at
		if typ == "TRADE" {
			settle = at.AddDate(0, 0, 1)
		}
		w := object{
			"activityId": json.Number(strconv.FormatInt(95512260000+int64(spec.seed)*10000+int64(seq), 10)),
			"time":       at.Format(timeLayout), "description": desc, "accountNumber": spec.number, "type": typ,
			"status": "VALID", "subAccount": "CASH", "tradeDate": at.Format(timeLayout),
			"settlementDate": settle.Format(timeLayout), "netAmount": num(net), "transferItems": items,
			"activityType": "TRANSFER",
		}
		if typ == "TRADE" {
			w["activityType"] = "EXECUTION"
			w["orderId"] = json.Number(strconv.FormatInt(1000200030000+int64(spec.seed)*1000+int64(seq), 10))
			w["positionId"] = json.Number(strconv.FormatInt(2500000000+int64(spec.seed)*1000+int64(seq), 10))
		}
		out = append(out, txn{at: at, typ: typ, wire: w})
	}
	cash := func(amount decimal.Decimal) object {
		in := instrument("CURRENCY", "CURRENCY_USD", "USD currency", "")
		in["instrumentId"] = json.Number("1")
		return object{"instrument": in, "amount": num(amount), "cost": num(amount)}
	}
	sec := func(symbol, desc, asset, cusip string, qty, price decimal.Decimal, effect string) object {
		return object{"instrument": instrument(asset, symbol, desc, cusip), "amount": num(qty), "cost": num(qty.Mul(price).Neg()),
			"price": num(price), "positionEffect": effect}
	}
	fee := func(kind string, amount decimal.Decimal) object {
		return object{"instrument": instrument("CURRENCY", "CURRENCY_USD", "", ""), "amount": zero, "cost": num(amount.Neg()), "feeType": kind}
	}
	syms := holdings[spec.seed]
	for m := 0; m < 6; m++ {
		base := 5 + m*32
		h := syms[m%len(syms)]
		if h.asset == "OPTION" || h.asset == "CASH_EQUIVALENT" {
			h = syms[0]
		}
		// A monthly deposit.
		dep := dec("500.00").Add(decimal.NewFromInt(int64(m * 25)))
		add(base+20, 15, "ACH_RECEIPT", "TRANSFER FROM BANK", dep, cash(dep))
		// A buy with commission and the SEC fee on the same trade.
		qty := decimal.NewFromInt(int64(2 + m))
		price := dec(h.price).Sub(decimal.NewFromInt(int64(m)))
		cost := qty.Mul(price)
		add(base+15, 14, "TRADE", "BUY "+h.symbol, cost.Add(dec("0.65")).Neg(),
			sec(h.symbol, h.desc, h.asset, h.cusip, qty, price, "OPENING"), fee("COMMISSION", dec("0.65")))
		// A dividend, or for the cash account's fund, reinvested.
		div := dec("12.34").Add(decimal.NewFromInt(int64(m)))
		add(base+10, 13, "DIVIDEND_OR_INTEREST", "ORDINARY DIVIDEND~"+h.symbol, div, cash(div))
		// Monthly interest on the sweep.
		intr := dec("1.07").Add(dec("0.11").Mul(decimal.NewFromInt(int64(m))))
		add(base+1, 12, "DIVIDEND_OR_INTEREST", "SCHWAB1 INT 03/28-04/25", intr, cash(intr))
		// Every other month a sell.
		if m%2 == 0 {
			sq := decimal.NewFromInt(1)
			sp := dec(h.price).Add(dec("1.50"))
			add(base+5, 16, "TRADE", "SELL "+h.symbol, sq.Mul(sp).Sub(dec("0.02")),
				sec(h.symbol, h.desc, h.asset, h.cusip, sq.Neg(), sp, "CLOSING"), fee("SEC_FEE", dec("0.02")))
		}
	}
	add(150, 15, "WIRE_OUT", "WIRE TRANSFER OUT", dec("-2500.00"), cash(dec("-2500.00")))
	add(120, 15, "JOURNAL", "JOURNALED SHARES FROM LINKED ACCOUNT", dec("750.00"), cash(dec("750.00")))
	add(95, 15, "JOURNAL", "FOREIGN TAX WITHHELD~"+syms[0].symbol, dec("-1.85"), cash(dec("-1.85")))
	add(80, 15, "JOURNAL", "SERVICE FEE", dec("-25.00"), cash(dec("-25.00")))
	add(60, 15, "RECEIVE_AND_DELIVER", "STOCK SPLIT "+syms[0].symbol, dec("0"),
		sec(syms[0].symbol, syms[0].desc, syms[0].asset, syms[0].cusip, dec("10"), dec("0"), "OPENING"))
	add(45, 15, "MEMORANDUM", "MARGIN INTEREST ADJUSTMENT MEMO", dec("0"))
	add(30, 15, "CASH_DISBURSEMENT", "CHECK PAID", dec("-120.00"), cash(dec("-120.00")))
	add(3, 15, "WIRE_IN", "WIRE TRANSFER IN", dec("1000.00"), cash(dec("1000.00")))
	return out
}

// wire is the account as GET /accounts answers it.
func (a account) wire(withPositions bool) any {
	long, short := decimal.Zero, decimal.Zero
	for _, p := range a.positions {
		if p.value.IsNegative() {
			short = short.Add(p.value)
		} else {
			long = long.Add(p.value)
		}
	}
	total := a.cash.Add(long).Add(short)
	sa := map[string]any{
		"type": a.typ, "accountNumber": a.number, "roundTrips": 0, "isDayTrader": false,
		"isClosingOnlyRestricted": false, "pfcbFlag": false,
	}
	// The spec's balance schemas: MarginInitialBalance and CashInitialBalance
	// (initialBalances), MarginBalance and CashBalance (currentBalances,
	// projectedBalances). Only the fields Latchkey reads or a reader would
	// miss are filled.
	if a.typ == "MARGIN" {
		bp := num(a.cash.Mul(decimal.NewFromInt(2)))
		sa["initialBalances"] = object{"accruedInterest": zero, "buyingPower": bp, "cashBalance": num(a.cash), "equity": num(total),
			"liquidationValue": num(total), "longStockValue": num(long), "shortStockValue": num(short), "moneyMarketFund": zero,
			"pendingDeposits": zero, "accountValue": num(total)}
		cur := object{"availableFunds": bp, "buyingPower": bp, "equity": num(total), "marginBalance": zero, "shortBalance": num(short),
			"stockBuyingPower": bp, "optionBuyingPower": num(a.cash)}
		sa["currentBalances"], sa["projectedBalances"] = cur, cur
	} else {
		sa["initialBalances"] = object{"accruedInterest": zero, "cashAvailableForTrading": num(a.cash),
			"cashAvailableForWithdrawal": num(a.cash), "cashBalance": num(a.cash), "liquidationValue": num(total),
			"longStockValue": num(long), "moneyMarketFund": zero, "pendingDeposits": zero, "accountValue": num(total)}
		cur := object{"cashAvailableForTrading": num(a.cash), "cashAvailableForWithdrawal": num(a.cash), "totalCash": num(a.cash),
			"unsettledCash": zero}
		sa["currentBalances"], sa["projectedBalances"] = cur, cur
	}
	if withPositions {
		var ps []object
		for _, p := range a.positions {
			ps = append(ps, p.wire)
		}
		sa["positions"] = ps
	}
	return map[string]any{"securitiesAccount": sa, "aggregatedBalance": map[string]any{
		"currentLiquidationValue": num(total), "liquidationValue": num(total)}}
}
