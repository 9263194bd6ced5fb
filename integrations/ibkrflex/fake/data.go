package fake

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The statement's elements, with the attribute names of an Activity Flex
// Query's XML (FlexQueryResponse).

type accountInformation struct {
	XMLName             xml.Name `xml:"AccountInformation"`
	AccountID           string   `xml:"accountId,attr"`
	AcctAlias           string   `xml:"acctAlias,attr"`
	Currency            string   `xml:"currency,attr"`
	Name                string   `xml:"name,attr"`
	AccountType         string   `xml:"accountType,attr"`
	CustomerType        string   `xml:"customerType,attr"`
	AccountCapabilities string   `xml:"accountCapabilities,attr"`
	DateOpened          string   `xml:"dateOpened,attr"`
}

type cashReportCurrency struct {
	XMLName           xml.Name `xml:"CashReportCurrency"`
	AccountID         string   `xml:"accountId,attr"`
	Currency          string   `xml:"currency,attr"`
	LevelOfDetail     string   `xml:"levelOfDetail,attr"`
	StartingCash      string   `xml:"startingCash,attr"`
	EndingCash        string   `xml:"endingCash,attr"`
	EndingSettledCash string   `xml:"endingSettledCash,attr"`
}

type equitySummary struct {
	XMLName    xml.Name `xml:"EquitySummaryByReportDateInBase"`
	AccountID  string   `xml:"accountId,attr"`
	Currency   string   `xml:"currency,attr"`
	ReportDate string   `xml:"reportDate,attr"`
	Cash       string   `xml:"cash,attr"`
	Stock      string   `xml:"stock,attr"`
	Options    string   `xml:"options,attr"`
	Bonds      string   `xml:"bonds,attr"`
	Total      string   `xml:"total,attr"`
}

// instrument is the attributes an OpenPosition and a Trade row both start
// with: the account, the currency and its rate to base, and the security.
type instrument struct {
	AccountID       string `xml:"accountId,attr"`
	Currency        string `xml:"currency,attr"`
	FxRateToBase    string `xml:"fxRateToBase,attr"`
	AssetCategory   string `xml:"assetCategory,attr"`
	SubCategory     string `xml:"subCategory,attr"`
	Symbol          string `xml:"symbol,attr"`
	Description     string `xml:"description,attr"`
	Conid           string `xml:"conid,attr"`
	ISIN            string `xml:"isin,attr"`
	ListingExchange string `xml:"listingExchange,attr"`
	Multiplier      string `xml:"multiplier,attr"`
}

type openPosition struct {
	XMLName xml.Name `xml:"OpenPosition"`
	instrument
	CUSIP            string `xml:"cusip,attr"`
	ReportDate       string `xml:"reportDate,attr"`
	Position         string `xml:"position,attr"`
	MarkPrice        string `xml:"markPrice,attr"`
	PositionValue    string `xml:"positionValue,attr"`
	OpenPrice        string `xml:"openPrice,attr"`
	CostBasisPrice   string `xml:"costBasisPrice,attr"`
	CostBasisMoney   string `xml:"costBasisMoney,attr"`
	PercentOfNAV     string `xml:"percentOfNAV,attr"`
	FifoPnlUnrealzd  string `xml:"fifoPnlUnrealized,attr"`
	Side             string `xml:"side,attr"`
	LevelOfDetail    string `xml:"levelOfDetail,attr"`
	OpenDateTime     string `xml:"openDateTime,attr"`
	HoldingPeriodDTm string `xml:"holdingPeriodDateTime,attr"`
}

type trade struct {
	XMLName xml.Name `xml:"Trade"`
	instrument
	TradeID              string `xml:"tradeID,attr"`
	TransactionID        string `xml:"transactionID,attr"`
	IBExecID             string `xml:"ibExecID,attr"`
	IBOrderID            string `xml:"ibOrderID,attr"`
	ReportDate           string `xml:"reportDate,attr"`
	DateTime             string `xml:"dateTime,attr"`
	TradeDate            string `xml:"tradeDate,attr"`
	SettleDateTarget     string `xml:"settleDateTarget,attr"`
	TransactionType      string `xml:"transactionType,attr"`
	Exchange             string `xml:"exchange,attr"`
	Quantity             string `xml:"quantity,attr"`
	TradePrice           string `xml:"tradePrice,attr"`
	TradeMoney           string `xml:"tradeMoney,attr"`
	Proceeds             string `xml:"proceeds,attr"`
	Taxes                string `xml:"taxes,attr"`
	IBCommission         string `xml:"ibCommission,attr"`
	IBCommissionCurrency string `xml:"ibCommissionCurrency,attr"`
	NetCash              string `xml:"netCash,attr"`
	ClosePrice           string `xml:"closePrice,attr"`
	OpenCloseIndicator   string `xml:"openCloseIndicator,attr"`
	BuySell              string `xml:"buySell,attr"`
	OrderType            string `xml:"orderType,attr"`
	LevelOfDetail        string `xml:"levelOfDetail,attr"`
	at                   time.Time
}

type cashTransaction struct {
	XMLName       xml.Name `xml:"CashTransaction"`
	AccountID     string   `xml:"accountId,attr"`
	Currency      string   `xml:"currency,attr"`
	FxRateToBase  string   `xml:"fxRateToBase,attr"`
	AssetCategory string   `xml:"assetCategory,attr"`
	Symbol        string   `xml:"symbol,attr"`
	Description   string   `xml:"description,attr"`
	Conid         string   `xml:"conid,attr"`
	ISIN          string   `xml:"isin,attr"`
	DateTime      string   `xml:"dateTime,attr"`
	SettleDate    string   `xml:"settleDate,attr"`
	ReportDate    string   `xml:"reportDate,attr"`
	Amount        string   `xml:"amount,attr"`
	Type          string   `xml:"type,attr"`
	TransactionID string   `xml:"transactionID,attr"`
	LevelOfDetail string   `xml:"levelOfDetail,attr"`
	at            time.Time
}

type flexStatement struct {
	XMLName          xml.Name             `xml:"FlexStatement"`
	AccountID        string               `xml:"accountId,attr"`
	FromDate         string               `xml:"fromDate,attr"`
	ToDate           string               `xml:"toDate,attr"`
	Period           string               `xml:"period,attr"`
	WhenGenerated    string               `xml:"whenGenerated,attr"`
	AccountInfo      accountInformation   `xml:"AccountInformation"`
	EquitySummary    []equitySummary      `xml:"EquitySummaryInBase>EquitySummaryByReportDateInBase"`
	CashReport       []cashReportCurrency `xml:"CashReport>CashReportCurrency"`
	OpenPositions    []openPosition       `xml:"OpenPositions>OpenPosition"`
	Trades           []trade              `xml:"Trades>Trade"`
	CashTransactions []cashTransaction    `xml:"CashTransactions>CashTransaction"`
}

type flexStatements struct {
	Count      int             `xml:"count,attr"`
	Statements []flexStatement `xml:"FlexStatement"`
}

type flexQueryResponse struct {
	XMLName    xml.Name       `xml:"FlexQueryResponse"`
	QueryName  string         `xml:"queryName,attr"`
	Type       string         `xml:"type,attr"`
	Statements flexStatements `xml:"FlexStatements"`
}

const (
	dateFmt     = "20060102"
	dateTimeFmt = "20060102;150405"
)

var (
	periodStart = time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	periodEnd   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

type security struct {
	symbol, desc, cat, sub, ccy, exch, isin, conid, mult string
	price                                                string
}

// of is s's instrument attributes on a row of account id, with fx the
// rates to base by currency.
func (s security) of(id string, fx map[string]string) instrument {
	return instrument{AccountID: id, Currency: s.ccy, FxRateToBase: fx[s.ccy], AssetCategory: s.cat, SubCategory: s.sub,
		Symbol: s.symbol, Description: s.desc, Conid: s.conid, ISIN: s.isin, ListingExchange: s.exch, Multiplier: s.mult}
}

var securities = []security{
	{"AAPL", "APPLE INC", "STK", "COMMON", "USD", "NASDAQ", "US0378331005", "265598", "1", "250.42"},
	{"VTI", "VANGUARD TOTAL STOCK MKT ETF", "STK", "ETF", "USD", "ARCA", "US9229087690", "12340", "1", "301.18"},
	{"SAP", "SAP SE", "STK", "COMMON", "EUR", "IBIS", "DE0007164600", "14204", "1", "241.10"},
	{"SHOP", "SHOPIFY INC - CLASS A", "STK", "COMMON", "CAD", "TSE", "CA82509L1076", "195014116", "1", "152.61"},
	{"AAPL  260116C00270000", "AAPL 16JAN26 270 C", "OPT", "C", "USD", "CBOE", "", "712345678", "100", "3.15"},
	{"T 4 1/4 05/15/35", "T 4 1/4 05/15/35", "BOND", "", "USD", "", "US91282CMZ11", "745123456", "1", "99.87"},
}

type account struct {
	stmt flexStatement
}

// buildAccount makes one account's statement for the fixed period.
func buildAccount(id, alias, accountType, capabilities string, held []int, trades, seed int) *account {
	r := rand.New(rand.NewPCG(uint64(seed), 99))
	st := flexStatement{AccountID: id, FromDate: periodStart.Format(dateFmt), ToDate: periodEnd.Format(dateFmt),
		Period: "Last365CalendarDays", WhenGenerated: periodEnd.AddDate(0, 0, 1).Add(2 * time.Hour).Format(dateTimeFmt)}
	st.AccountInfo = accountInformation{AccountID: id, AcctAlias: alias, Currency: "USD", Name: "Alex Sample",
		AccountType: accountType, CustomerType: "Individual", AccountCapabilities: capabilities, DateOpened: "20190314"}
	report := periodEnd.Format(dateFmt)
	fx := map[string]string{"USD": "1", "EUR": "1.0842", "CAD": "0.7318"}
	value := map[string]decimal.Decimal{}
	stock, opts, bonds := decimal.Zero, decimal.Zero, decimal.Zero
	for _, i := range held {
		s := securities[i]
		qty := decimal.NewFromInt(int64(5 + r.IntN(60)))
		if s.cat == "OPT" {
			qty = dec("2")
		}
		if s.cat == "BOND" {
			qty = dec("10000")
		}
		price := dec(s.price)
		mult := dec(s.mult)
		val := qty.Mul(price).Mul(mult)
		if s.cat == "BOND" {
			val = qty.Mul(price).Div(decimal.NewFromInt(100))
		}
		cost := price.Mul(dec("0.82").Add(decimal.New(int64(r.IntN(20)), -2))).Round(4)
		costMoney := qty.Mul(cost).Mul(mult)
		if s.cat == "BOND" {
			costMoney = qty.Mul(cost).Div(decimal.NewFromInt(100))
		}
		val, costMoney = val.Round(2), costMoney.Round(2)
		st.OpenPositions = append(st.OpenPositions, openPosition{instrument: s.of(id, fx), ReportDate: report, Position: qty.String(), MarkPrice: s.price,
			PositionValue: val.String(), OpenPrice: cost.String(), CostBasisPrice: cost.String(), CostBasisMoney: costMoney.String(),
			PercentOfNAV: "0", FifoPnlUnrealzd: val.Sub(costMoney).String(), Side: "Long", LevelOfDetail: "SUMMARY",
			OpenDateTime: "", HoldingPeriodDTm: ""})
		value[s.ccy] = value[s.ccy].Add(val)
		base := val.Mul(dec(fx[s.ccy]))
		switch s.cat {
		case "OPT":
			opts = opts.Add(base)
		case "BOND":
			bonds = bonds.Add(base)
		default:
			stock = stock.Add(base)
		}
	}
	cash := map[string]decimal.Decimal{"USD": decimal.New(int64(500000+r.IntN(2000000)), -2)}
	if accountType != "IRA" {
		cash["EUR"] = decimal.New(int64(10000+r.IntN(200000)), -2)
		cash["CAD"] = decimal.New(int64(10000+r.IntN(100000)), -2)
	}
	baseCash := decimal.Zero
	ccys := make([]string, 0, len(cash))
	for c := range cash {
		ccys = append(ccys, c)
	}
	sort.Strings(ccys)
	for _, c := range ccys {
		st.CashReport = append(st.CashReport, cashReportCurrency{AccountID: id, Currency: c, LevelOfDetail: "Currency",
			StartingCash: "0", EndingCash: cash[c].String(), EndingSettledCash: cash[c].String()})
		baseCash = baseCash.Add(cash[c].Mul(dec(fx[c])))
	}
	baseCash = baseCash.Round(2)
	st.CashReport = append([]cashReportCurrency{{AccountID: id, Currency: "BASE_SUMMARY", LevelOfDetail: "BaseCurrency",
		StartingCash: "0", EndingCash: baseCash.String(), EndingSettledCash: baseCash.String()}}, st.CashReport...)
	total := baseCash.Add(stock).Add(opts).Add(bonds).Round(2)
	st.EquitySummary = []equitySummary{{AccountID: id, Currency: "USD", ReportDate: report, Cash: baseCash.String(),
		Stock: stock.Round(2).String(), Options: opts.Round(2).String(), Bonds: bonds.Round(2).String(), Total: total.String()}}

	// Trades on stocks held, through the year.
	days := int(periodEnd.Sub(periodStart).Hours() / 24)
	tx := int64(seed) * 100000
	for i := 0; i < trades; i++ {
		s := securities[held[r.IntN(len(held))]]
		if s.cat == "OPT" || s.cat == "BOND" {
			s = securities[held[0]]
		}
		d := periodStart.AddDate(0, 0, r.IntN(days))
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		at := d.Add(time.Duration(14*3600+r.IntN(6*3600)) * time.Second)
		qty := decimal.NewFromInt(int64(1 + r.IntN(25)))
		side := "BUY"
		if r.IntN(3) == 0 {
			side, qty = "SELL", qty.Neg()
		}
		price := dec(s.price).Mul(dec("0.88").Add(decimal.New(int64(r.IntN(20)), -2))).Round(2)
		money := qty.Mul(price)
		comm := dec("-1.00").Sub(decimal.New(int64(r.IntN(50)), -2))
		tx++
		st.Trades = append(st.Trades, trade{instrument: s.of(id, fx), TradeID: fmt.Sprint(tx), TransactionID: fmt.Sprint(tx * 7), IBExecID: fmt.Sprintf("0000e0d5.%08x.01.01", tx),
			IBOrderID: fmt.Sprint(tx * 3), ReportDate: d.Format(dateFmt), DateTime: at.Format(dateTimeFmt), TradeDate: d.Format(dateFmt),
			SettleDateTarget: settle(d).Format(dateFmt), TransactionType: "ExchTrade", Exchange: s.exch, Quantity: qty.String(),
			TradePrice: price.String(), TradeMoney: money.String(), Proceeds: money.Neg().String(), Taxes: "0",
			IBCommission: comm.String(), IBCommissionCurrency: s.ccy, NetCash: money.Neg().Add(comm).String(),
			ClosePrice: price.String(), OpenCloseIndicator: map[string]string{"BUY": "O", "SELL": "C"}[side], BuySell: side,
			OrderType: "LMT", LevelOfDetail: "EXECUTION", at: at})
	}
	sort.Slice(st.Trades, func(i, j int) bool { return st.Trades[i].at.Before(st.Trades[j].at) })

	// Cash: quarterly dividends with withholding tax, monthly interest,
	// deposits, a withdrawal, fees.
	add := func(at time.Time, typ, ccy, sym, desc string, amount decimal.Decimal) {
		tx++
		st.CashTransactions = append(st.CashTransactions, cashTransaction{AccountID: id, Currency: ccy, FxRateToBase: fx[ccy],
			AssetCategory: map[bool]string{true: "STK", false: ""}[sym != ""], Symbol: sym, Description: desc,
			DateTime: at.Format(dateTimeFmt), SettleDate: at.Format(dateFmt), ReportDate: at.Format(dateFmt),
			Amount: amount.String(), Type: typ, TransactionID: fmt.Sprint(tx * 7), LevelOfDetail: "DETAIL", at: at})
	}
	first := securities[held[0]]
	for q := 0; q < 4; q++ {
		at := periodStart.AddDate(0, 3*q+1, 12).Add(20 * time.Hour)
		gross := decimal.New(int64(500+r.IntN(5000)), -2)
		add(at, "Dividends", first.ccy, first.symbol, first.symbol+"("+first.isin+") CASH DIVIDEND USD 0.26 PER SHARE (Ordinary Dividend)", gross)
		if accountType != "IRA" {
			add(at, "Withholding Tax", first.ccy, first.symbol, first.symbol+"("+first.isin+") CASH DIVIDEND USD 0.26 PER SHARE - US TAX", gross.Mul(dec("0.15")).Round(2).Neg())
		}
	}
	for m := 0; m < 12; m++ {
		at := periodStart.AddDate(0, m, 3).Add(20 * time.Hour)
		add(at, "Broker Interest Received", "USD", "", "USD CREDIT INT FOR "+at.AddDate(0, -1, 0).Format("Jan-2006"), decimal.New(int64(100+r.IntN(3000)), -2))
		if m%3 == 0 {
			add(at.AddDate(0, 0, 10), "Deposits & Withdrawals", "USD", "", "CASH RECEIPTS / ELECTRONIC FUND TRANSFERS", decimal.New(int64(1000+r.IntN(10))*100, 0))
		}
	}
	add(periodStart.AddDate(0, 7, 18).Add(20*time.Hour), "Deposits & Withdrawals", "USD", "", "DISBURSEMENT INITIATED BY Alex Sample", dec("-750"))
	add(periodStart.AddDate(0, 5, 3).Add(20*time.Hour), "Other Fees", "USD", "", "SNAPSHOT VALUE NON-PRO FOR MAY 2025", dec("-0.03"))
	if accountType != "IRA" {
		add(periodStart.AddDate(0, 9, 1).Add(20*time.Hour), "Broker Interest Paid", "EUR", "", "EUR DEBIT INT FOR SEP-2025", dec("-1.27"))
		add(periodStart.AddDate(0, 4, 20).Add(20*time.Hour), "Payment In Lieu Of Dividends", "USD", first.symbol, first.symbol+" PAYMENT IN LIEU OF DIVIDEND", dec("3.12"))
		add(periodStart.AddDate(0, 10, 6).Add(20*time.Hour), "Commission Adjustments", "USD", "", "COMMISSION ADJUSTMENT", dec("0.35"))
	}
	sort.Slice(st.CashTransactions, func(i, j int) bool { return st.CashTransactions[i].at.Before(st.CashTransactions[j].at) })
	return &account{stmt: st}
}

// settle is the trade date plus one business day (T+1).
func settle(d time.Time) time.Time {
	d = d.AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
