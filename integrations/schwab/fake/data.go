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
	positions []wirePosition
	cash      decimal.Decimal
	txns      []txn
}

type txn struct {
	at   time.Time
	wire wireTxn
}

// hashOf is the account's hashValue: stable, opaque, not the number.
func hashOf(number string) string {
	h := sha256.Sum256([]byte("schwab-fake\x00" + number))
	return hex.EncodeToString(h[:])[:64]
}

type wireInstrument struct {
	AssetType    string      `json:"assetType"`
	Cusip        string      `json:"cusip,omitempty"`
	Symbol       string      `json:"symbol"`
	Description  string      `json:"description,omitempty"`
	InstrumentID json.Number `json:"instrumentId,omitempty"`
	Type         string      `json:"type,omitempty"`
	PutCall      string      `json:"putCall,omitempty"`
	Multiplier   json.Number `json:"optionMultiplier,omitempty"`
	Underlying   string      `json:"underlyingSymbol,omitempty"`
}

type wirePosition struct {
	ShortQuantity  json.Number    `json:"shortQuantity"`
	AveragePrice   json.Number    `json:"averagePrice"`
	DayPL          json.Number    `json:"currentDayProfitLoss"`
	LongQuantity   json.Number    `json:"longQuantity"`
	SettledLong    json.Number    `json:"settledLongQuantity"`
	SettledShort   json.Number    `json:"settledShortQuantity"`
	Instrument     wireInstrument `json:"instrument"`
	MarketValue    json.Number    `json:"marketValue"`
	MaintenanceReq json.Number    `json:"maintenanceRequirement"`
	AverageLong    json.Number    `json:"averageLongPrice,omitempty"`
	AverageShort   json.Number    `json:"averageShortPrice,omitempty"`
	LongOpenPL     json.Number    `json:"longOpenProfitLoss,omitempty"`
	PrevLong       json.Number    `json:"previousSessionLongQuantity"`
}

type wireTransferItem struct {
	Instrument     wireInstrument `json:"instrument"`
	Amount         json.Number    `json:"amount"`
	Cost           json.Number    `json:"cost"`
	Price          json.Number    `json:"price,omitempty"`
	FeeType        string         `json:"feeType,omitempty"`
	PositionEffect string         `json:"positionEffect,omitempty"`
}

type wireTxn struct {
	ActivityID     json.Number        `json:"activityId"`
	Time           string             `json:"time"`
	Description    string             `json:"description,omitempty"`
	AccountNumber  string             `json:"accountNumber"`
	Type           string             `json:"type"`
	Status         string             `json:"status"`
	SubAccount     string             `json:"subAccount"`
	TradeDate      string             `json:"tradeDate"`
	SettlementDate string             `json:"settlementDate,omitempty"`
	PositionID     json.Number        `json:"positionId,omitempty"`
	OrderID        json.Number        `json:"orderId,omitempty"`
	NetAmount      json.Number        `json:"netAmount"`
	ActivityType   string             `json:"activityType,omitempty"`
	TransferItems  []wireTransferItem `json:"transferItems"`
}

const timeLayout = "2006-01-02T15:04:05-0700"

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

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
			p := wirePosition{
				ShortQuantity: "0", LongQuantity: num(qty), SettledLong: num(qty), SettledShort: "0", PrevLong: num(qty),
				AveragePrice: num(dec(h.avg)), AverageLong: num(dec(h.avg)), DayPL: "0",
				MarketValue: num(mv), MaintenanceReq: num(mv.Mul(dec("0.25")).Abs().Round(2)),
				LongOpenPL: num(mv.Sub(qty.Mul(dec(h.avg)).Mul(decimal.NewFromInt(h.multiplier))).Round(2)),
				Instrument: wireInstrument{AssetType: h.asset, Cusip: h.cusip, Symbol: h.symbol, Description: h.desc,
					Type: h.typ, InstrumentID: json.Number(strconv.Itoa(1000 + spec.seed*100 + i))},
			}
			if qty.IsNegative() {
				p.LongQuantity, p.SettledLong, p.PrevLong = "0", "0", "0"
				p.ShortQuantity, p.SettledShort = num(qty.Neg()), num(qty.Neg())
				p.AverageLong, p.LongOpenPL = "", ""
				p.AverageShort = num(dec(h.avg))
			}
			if h.asset == "OPTION" {
				p.Instrument.PutCall, p.Instrument.Underlying = "CALL", "AAPL"
				p.Instrument.Multiplier = json.Number(strconv.FormatInt(h.multiplier, 10))
			}
			a.positions = append(a.positions, p)
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
	add := func(daysAgo int, hour int, typ, desc string, net decimal.Decimal, items ...wireTransferItem) {
		seq++
		at := day.AddDate(0, 0, -daysAgo).Add(time.Duration(hour)*time.Hour + 7*time.Minute + time.Duration(seq)*time.Second)
		settle := at
		if typ == "TRADE" {
			settle = at.AddDate(0, 0, 1)
		}
		w := wireTxn{
			ActivityID: json.Number(strconv.FormatInt(95512260000+int64(spec.seed)*10000+int64(seq), 10)),
			Time:       at.Format(timeLayout), Description: desc, AccountNumber: spec.number, Type: typ,
			Status: "VALID", SubAccount: "CASH", TradeDate: at.Format(timeLayout),
			SettlementDate: settle.Format(timeLayout), NetAmount: num(net), TransferItems: items,
		}
		if typ == "TRADE" {
			w.ActivityType = "EXECUTION"
			w.OrderID = json.Number(strconv.FormatInt(1000200030000+int64(spec.seed)*1000+int64(seq), 10))
			w.PositionID = json.Number(strconv.FormatInt(2500000000+int64(spec.seed)*1000+int64(seq), 10))
		} else {
			w.ActivityType = "TRANSFER"
		}
		out = append(out, txn{at: at, wire: w})
	}
	cash := func(amount decimal.Decimal) wireTransferItem {
		return wireTransferItem{Instrument: wireInstrument{AssetType: "CURRENCY", Symbol: "CURRENCY_USD", Description: "USD currency", InstrumentID: "1"},
			Amount: num(amount), Cost: num(amount)}
	}
	sec := func(symbol, desc, asset, cusip string, qty, price decimal.Decimal, effect string) wireTransferItem {
		return wireTransferItem{Instrument: wireInstrument{AssetType: asset, Symbol: symbol, Description: desc, Cusip: cusip},
			Amount: num(qty), Cost: num(qty.Mul(price).Neg()), Price: num(price), PositionEffect: effect}
	}
	fee := func(kind string, amount decimal.Decimal) wireTransferItem {
		return wireTransferItem{Instrument: wireInstrument{AssetType: "CURRENCY", Symbol: "CURRENCY_USD"},
			Amount: "0", Cost: num(amount.Neg()), FeeType: kind}
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

// The balance schemas of the spec: MarginInitialBalance and
// CashInitialBalance (initialBalances), MarginBalance and CashBalance
// (currentBalances, projectedBalances). Only the fields Latchkey reads or a
// reader would miss are filled.
type marginInitial struct {
	AccruedInterest  json.Number `json:"accruedInterest"`
	BuyingPower      json.Number `json:"buyingPower"`
	CashBalance      json.Number `json:"cashBalance"`
	Equity           json.Number `json:"equity"`
	LiquidationValue json.Number `json:"liquidationValue"`
	LongStockValue   json.Number `json:"longStockValue"`
	ShortStockValue  json.Number `json:"shortStockValue"`
	MoneyMarketFund  json.Number `json:"moneyMarketFund"`
	PendingDeposits  json.Number `json:"pendingDeposits"`
	AccountValue     json.Number `json:"accountValue"`
}

type marginBalance struct {
	AvailableFunds json.Number `json:"availableFunds"`
	BuyingPower    json.Number `json:"buyingPower"`
	Equity         json.Number `json:"equity"`
	MarginBalance  json.Number `json:"marginBalance"`
	ShortBalance   json.Number `json:"shortBalance"`
	StockBP        json.Number `json:"stockBuyingPower"`
	OptionBP       json.Number `json:"optionBuyingPower"`
}

type cashInitial struct {
	AccruedInterest            json.Number `json:"accruedInterest"`
	CashAvailableForTrading    json.Number `json:"cashAvailableForTrading"`
	CashAvailableForWithdrawal json.Number `json:"cashAvailableForWithdrawal"`
	CashBalance                json.Number `json:"cashBalance"`
	LiquidationValue           json.Number `json:"liquidationValue"`
	LongStockValue             json.Number `json:"longStockValue"`
	MoneyMarketFund            json.Number `json:"moneyMarketFund"`
	PendingDeposits            json.Number `json:"pendingDeposits"`
	AccountValue               json.Number `json:"accountValue"`
}

type cashBalance struct {
	CashAvailableForTrading    json.Number `json:"cashAvailableForTrading"`
	CashAvailableForWithdrawal json.Number `json:"cashAvailableForWithdrawal"`
	TotalCash                  json.Number `json:"totalCash"`
	UnsettledCash              json.Number `json:"unsettledCash"`
}

// wire is the account as GET /accounts answers it.
func (a account) wire(withPositions bool) any {
	long, short := decimal.Zero, decimal.Zero
	for _, p := range a.positions {
		mv := dec(string(p.MarketValue))
		if mv.IsNegative() {
			short = short.Add(mv)
		} else {
			long = long.Add(mv)
		}
	}
	total := a.cash.Add(long).Add(short)
	sa := map[string]any{
		"type": a.typ, "accountNumber": a.number, "roundTrips": 0, "isDayTrader": false,
		"isClosingOnlyRestricted": false, "pfcbFlag": false,
	}
	if a.typ == "MARGIN" {
		bp := num(a.cash.Mul(decimal.NewFromInt(2)))
		sa["initialBalances"] = marginInitial{AccruedInterest: "0", BuyingPower: bp, CashBalance: num(a.cash), Equity: num(total),
			LiquidationValue: num(total), LongStockValue: num(long), ShortStockValue: num(short), MoneyMarketFund: "0",
			PendingDeposits: "0", AccountValue: num(total)}
		cur := marginBalance{AvailableFunds: bp, BuyingPower: bp, Equity: num(total), MarginBalance: "0", ShortBalance: num(short),
			StockBP: bp, OptionBP: num(a.cash)}
		sa["currentBalances"], sa["projectedBalances"] = cur, cur
	} else {
		sa["initialBalances"] = cashInitial{AccruedInterest: "0", CashAvailableForTrading: num(a.cash), CashAvailableForWithdrawal: num(a.cash),
			CashBalance: num(a.cash), LiquidationValue: num(total), LongStockValue: num(long), MoneyMarketFund: "0",
			PendingDeposits: "0", AccountValue: num(total)}
		cur := cashBalance{CashAvailableForTrading: num(a.cash), CashAvailableForWithdrawal: num(a.cash), TotalCash: num(a.cash), UnsettledCash: "0"}
		sa["currentBalances"], sa["projectedBalances"] = cur, cur
	}
	if withPositions {
		sa["positions"] = a.positions
	}
	return map[string]any{"securitiesAccount": sa, "aggregatedBalance": map[string]any{
		"currentLiquidationValue": num(total), "liquidationValue": num(total)}}
}
