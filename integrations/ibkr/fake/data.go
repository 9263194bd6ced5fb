package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Account numbers the fake serves. DU5240685 is the account of the
// reference's ledger example.
const (
	LiveAccount  = "U1234567"
	LiveIRA      = "U7654321"
	PaperAccount = "DU5240685"
)

// Account is one row of GET /portfolio/accounts (the reference's
// AccountAttributes, with the fields of ibind's recorded answer).
type Account struct {
	PrepaidCryptoP   bool           `json:"PrepaidCrypto-P"`
	PrepaidCryptoZ   bool           `json:"PrepaidCrypto-Z"`
	AccountAlias     *string        `json:"accountAlias"`
	AccountID        string         `json:"accountId"`
	AccountStatus    int64          `json:"accountStatus"`
	AccountTitle     string         `json:"accountTitle"`
	AccountVan       string         `json:"accountVan"`
	AcctCustType     string         `json:"acctCustType"`
	BrokerageAccess  bool           `json:"brokerageAccess"`
	BusinessType     string         `json:"businessType"`
	ClearingStatus   string         `json:"clearingStatus"`
	Covestor         bool           `json:"covestor"`
	Currency         string         `json:"currency"`
	Desc             string         `json:"desc"`
	DisplayName      string         `json:"displayName"`
	FAClient         bool           `json:"faclient"`
	IBEntity         string         `json:"ibEntity"`
	ID               string         `json:"id"`
	NoClientTrading  bool           `json:"noClientTrading"`
	Parent           map[string]any `json:"parent"`
	TrackVirtualFX   bool           `json:"trackVirtualFXPortfolio"`
	TradingType      string         `json:"tradingType"`
	Type             string         `json:"type"`
	currency, number string
}

// Ledger is one currency of GET /portfolio/{accountId}/ledger (every field
// of the reference's example; numbers as JSON numbers).
type Ledger struct {
	Acctcode                  string `json:"acctcode"`
	Cashbalance               Num    `json:"cashbalance"`
	Cashbalancefxsegment      Num    `json:"cashbalancefxsegment"`
	Commoditymarketvalue      Num    `json:"commoditymarketvalue"`
	Corporatebondsmarketvalue Num    `json:"corporatebondsmarketvalue"`
	Currency                  string `json:"currency"`
	Dividends                 Num    `json:"dividends"`
	Exchangerate              Num    `json:"exchangerate"`
	Funds                     Num    `json:"funds"`
	Futuremarketvalue         Num    `json:"futuremarketvalue"`
	Futureoptionmarketvalue   Num    `json:"futureoptionmarketvalue"`
	Futuresonlypnl            Num    `json:"futuresonlypnl"`
	Interest                  Num    `json:"interest"`
	Issueroptionsmarketvalue  Num    `json:"issueroptionsmarketvalue"`
	Key                       string `json:"key"`
	Moneyfunds                Num    `json:"moneyfunds"`
	Netliquidationvalue       Num    `json:"netliquidationvalue"`
	Realizedpnl               Num    `json:"realizedpnl"`
	Secondkey                 string `json:"secondkey"`
	Sessionid                 int    `json:"sessionid"`
	Settledcash               Num    `json:"settledcash"`
	Severity                  int    `json:"severity"`
	Stockmarketvalue          Num    `json:"stockmarketvalue"`
	Stockoptionmarketvalue    Num    `json:"stockoptionmarketvalue"`
	Tbillsmarketvalue         Num    `json:"tbillsmarketvalue"`
	Tbondsmarketvalue         Num    `json:"tbondsmarketvalue"`
	Timestamp                 int64  `json:"timestamp"`
	Unrealizedpnl             Num    `json:"unrealizedpnl"`
	Warrantsmarketvalue       Num    `json:"warrantsmarketvalue"`
	Cryptocurrencyvalue       Num    `json:"cryptocurrencyvalue"`
}

// Position is one row of GET /portfolio/{accountId}/positions/{pageId}
// (the reference's IndividualPosition).
type Position struct {
	AcctID          string   `json:"acctId"`
	Conid           int64    `json:"conid"`
	ContractDesc    string   `json:"contractDesc"`
	Position        Num      `json:"position"`
	MktPrice        Num      `json:"mktPrice"`
	MktValue        Num      `json:"mktValue"`
	Currency        string   `json:"currency"`
	AvgCost         Num      `json:"avgCost"`
	AvgPrice        Num      `json:"avgPrice"`
	RealizedPnl     Num      `json:"realizedPnl"`
	UnrealizedPnl   Num      `json:"unrealizedPnl"`
	Exchs           any      `json:"exchs"`
	Expiry          *string  `json:"expiry"`
	PutOrCall       *string  `json:"putOrCall"`
	Multiplier      *Num     `json:"multiplier"`
	Strike          string   `json:"strike"`
	ExerciseStyle   *string  `json:"exerciseStyle"`
	ConExchMap      []string `json:"conExchMap"`
	AssetClass      string   `json:"assetClass"`
	UndConid        int64    `json:"undConid"`
	Model           string   `json:"model"`
	Time            int      `json:"time"`
	ChineseName     string   `json:"chineseName,omitempty"`
	AllExchanges    string   `json:"allExchanges"`
	ListingExchange string   `json:"listingExchange"`
	CountryCode     string   `json:"countryCode"`
	Name            string   `json:"name"`
	LastTradingDay  *string  `json:"lastTradingDay"`
	Group           string   `json:"group"`
	Sector          string   `json:"sector"`
	SectorGroup     string   `json:"sectorGroup"`
	Ticker          string   `json:"ticker"`
	Type            string   `json:"type"`
	FullName        string   `json:"fullName"`
	IsUS            bool     `json:"isUS"`
	HasOptions      bool     `json:"hasOptions"`
	IsEventContract bool     `json:"isEventContract"`
	PageSize        int      `json:"pageSize"`
}

// Trade is one execution of GET /iserver/account/trades (the reference's
// example's fields).
type Trade struct {
	ExecutionID           string `json:"execution_id"`
	Symbol                string `json:"symbol"`
	SupportsTaxOpt        string `json:"supports_tax_opt"`
	Side                  string `json:"side"`
	OrderDescription      string `json:"order_description"`
	TradeTime             string `json:"trade_time"`
	TradeTimeR            int64  `json:"trade_time_r"`
	Size                  Num    `json:"size"`
	Price                 string `json:"price"`
	OrderRef              string `json:"order_ref"`
	Submitter             string `json:"submitter"`
	Exchange              string `json:"exchange"`
	Commission            string `json:"commission,omitempty"`
	NetAmount             Num    `json:"net_amount"`
	Account               string `json:"account"`
	AccountCode           string `json:"accountCode"`
	AccountAllocationName string `json:"account_allocation_name"`
	CompanyName           string `json:"company_name"`
	ContractDescription1  string `json:"contract_description_1"`
	SecType               string `json:"sec_type"`
	ListingExchange       string `json:"listing_exchange"`
	Conid                 any    `json:"conid"` // a number or a string: the reference shows both
	ConidEx               string `json:"conidEx"`
	ClearingID            string `json:"clearing_id"`
	ClearingName          string `json:"clearing_name"`
	LiquidationTrade      string `json:"liquidation_trade"`
	IsEventTrading        string `json:"is_event_trading"`
	at                    time.Time
}

// Contract is GET /iserver/contract/{conid}/info (the fields the fake has).
type Contract struct {
	ConID          int64  `json:"con_id"`
	Symbol         string `json:"symbol"`
	CompanyName    string `json:"company_name"`
	Currency       string `json:"currency"`
	InstrumentType string `json:"instrument_type"`
	Exchange       string `json:"exchange"`
	LocalSymbol    string `json:"local_symbol"`
	Multiplier     string `json:"multiplier,omitempty"`
}

// Num is a decimal written as a JSON number, as IBKR writes its amounts.
type Num struct{ decimal.Decimal }

// MarshalJSON writes the number without quotes.
func (n Num) MarshalJSON() ([]byte, error) { return []byte(n.Decimal.String()), nil }

func num(x decimal.Decimal) Num { return Num{x} }

// Portfolio is one account's data, as the API serves it.
type Portfolio struct {
	Account   Account
	Ledger    map[string]Ledger
	Positions []Position // including a row closed today (position 0)
	Trades    []Trade    // oldest first, within the last six days
}

// OpenPositions counts the rows with a position.
func (p *Portfolio) OpenPositions() int {
	n := 0
	for _, x := range p.Positions {
		if !x.Position.IsZero() {
			n++
		}
	}
	return n
}

type instrument struct {
	conid                         int64
	ticker, name, class, typ, cur string
	exch                          string
	price                         string
	mult                          int64 // contract multiplier; 0 for 1
}

func (i instrument) contract() Contract {
	c := Contract{ConID: i.conid, Symbol: i.ticker, CompanyName: i.name, Currency: i.cur, InstrumentType: i.class,
		Exchange: i.exch, LocalSymbol: i.ticker}
	if i.mult > 1 {
		c.Multiplier = fmt.Sprint(i.mult)
	}
	return c
}

// instruments the fake's accounts hold and trade.
var instruments = func() []instrument {
	us := [][3]string{
		{"AAPL", "APPLE INC", "175.50"}, {"MSFT", "MICROSOFT CORP", "412.20"}, {"GOOG", "ALPHABET INC-CL C", "141.10"},
		{"AMZN", "AMAZON.COM INC", "178.25"}, {"META", "META PLATFORMS INC-CLASS A", "496.10"}, {"NVDA", "NVIDIA CORP", "880.08"},
		{"TSLA", "TESLA INC", "171.05"}, {"BRK B", "BERKSHIRE HATHAWAY INC-CL B", "405.60"}, {"JPM", "JPMORGAN CHASE & CO", "196.62"},
		{"V", "VISA INC-CLASS A SHARES", "274.88"}, {"JNJ", "JOHNSON & JOHNSON", "152.43"}, {"WMT", "WALMART INC", "60.17"},
		{"PG", "PROCTER & GAMBLE CO/THE", "162.40"}, {"MA", "MASTERCARD INC - A", "468.30"}, {"HD", "HOME DEPOT INC", "345.01"},
		{"CVX", "CHEVRON CORP", "160.18"}, {"MRK", "MERCK & CO INC", "127.09"}, {"KO", "COCA-COLA CO/THE", "60.61"},
		{"PEP", "PEPSICO INC", "172.36"}, {"COST", "COSTCO WHOLESALE CORP", "730.87"}, {"ABBV", "ABBVIE INC", "176.95"},
		{"ADBE", "ADOBE INC", "484.28"}, {"CRM", "SALESFORCE INC", "288.88"}, {"NFLX", "NETFLIX INC", "628.78"},
		{"INTU", "INTUIT INC", "640.12"}, {"SCHW", "SCHWAB (CHARLES) CORP", "72.44"},
	}
	var out []instrument
	for i, u := range us {
		out = append(out, instrument{conid: 265598 + int64(i)*1013, ticker: u[0], name: u[1], class: "STK", typ: "COMMON",
			cur: "USD", exch: "NASDAQ", price: u[2]})
	}
	out[0].conid = 265598 // AAPL, as in the reference's examples
	return append(out,
		instrument{conid: 756733, ticker: "SPY", name: "SPDR S&P 500 ETF TRUST", class: "STK", typ: "ETF", cur: "USD", exch: "ARCA", price: "521.21"},
		instrument{conid: 12087792, ticker: "VTI", name: "VANGUARD TOTAL STOCK MKT ETF", class: "STK", typ: "ETF", cur: "USD", exch: "ARCA", price: "259.86"},
		instrument{conid: 14204, ticker: "SAP", name: "SAP SE", class: "STK", typ: "COMMON", cur: "EUR", exch: "IBIS", price: "176.42"},
		instrument{conid: 117902840, ticker: "ASML", name: "ASML HOLDING NV", class: "STK", typ: "COMMON", cur: "EUR", exch: "AEB", price: "887.40"},
		instrument{conid: 680010455, ticker: "AAPL  260619C00200000", name: "AAPL JUN 19 '26 200 Call", class: "OPT", cur: "USD", exch: "CBOE", price: "7.35", mult: 100},
		instrument{conid: 560911433, ticker: "T 4 1/4 05/15/34", name: "United States Treasury", class: "BOND", cur: "USD", exch: "VALUE", price: "98.125"},
		instrument{conid: 12087797, ticker: "EUR.USD", name: "European Monetary Union Euro", class: "CASH", cur: "USD", exch: "IDEALPRO", price: "1.0842"},
		instrument{conid: 620731015, ticker: "MES", name: "Micro E-Mini S&P 500 Stock Price Index", class: "FUT", cur: "USD", exch: "CME", price: "5280.25", mult: 5},
		instrument{conid: 479624278, ticker: "BTC", name: "Bitcoin", class: "CRYPTO", cur: "USD", exch: "PAXOS", price: "67012.5"},
		instrument{conid: 4036812, ticker: "BHP", name: "BHP GROUP LTD", class: "STK", typ: "COMMON", cur: "AUD", exch: "ASX", price: "44.18"},
	)
}()

func find(ticker string) instrument {
	for _, i := range instruments {
		if i.ticker == ticker {
			return i
		}
	}
	panic("fake: no instrument " + ticker)
}

// contracts maps each conid to its contract.
var contracts = func() map[string]Contract {
	m := map[string]Contract{}
	for _, i := range instruments {
		m[fmt.Sprint(i.conid)] = i.contract()
	}
	return m
}()

var rates = map[string]decimal.Decimal{"USD": decimal.NewFromInt(1), "EUR": decimal.RequireFromString("1.0842"),
	"AUD": decimal.RequireFromString("0.650378")}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// holding builds a position row of units of i.
func holding(acct string, i instrument, units, avg string) Position {
	u, p, a := d(units), d(i.price), d(avg)
	value := u.Mul(p)
	avgCost := a
	switch i.class {
	case "OPT", "FUT":
		value = value.Mul(decimal.NewFromInt(i.mult))
		avgCost = a.Mul(decimal.NewFromInt(i.mult))
	case "BOND":
		value = value.Div(decimal.NewFromInt(100))
	}
	pos := Position{AcctID: acct, Conid: i.conid, ContractDesc: i.ticker, Position: num(u), MktPrice: num(p), MktValue: num(value),
		Currency: i.cur, AvgCost: num(avgCost), AvgPrice: num(a), UnrealizedPnl: num(value.Sub(avgCost.Mul(u)).Round(2)),
		AssetClass: i.class, ListingExchange: i.exch, CountryCode: "US", Name: i.name, Ticker: i.ticker, Type: i.typ,
		FullName: i.ticker, IsUS: i.cur == "USD", ConExchMap: []string{}, Strike: "0", AllExchanges: i.exch, PageSize: defaultPageSize}
	if i.mult > 1 {
		m := num(decimal.NewFromInt(i.mult))
		pos.Multiplier = &m
	}
	return pos
}

// defaultPageSize is how many positions a page holds: the pageSize of the
// reference's example (its older description of the endpoint said "page's
// default size is 30", which the harness uses to page the live account).
const defaultPageSize = 100

// execution builds a trade of i at a time.
func execution(acct string, i instrument, side, size, price, commission string, at time.Time, conidAsString bool) Trade {
	sz, px := d(size), d(price)
	gross := sz.Mul(px)
	if i.mult > 1 {
		gross = gross.Mul(decimal.NewFromInt(i.mult))
	}
	verb := map[string]string{"B": "Bot", "S": "Sold", "X": "Expired"}[side]
	h := sha256.Sum256([]byte(acct + i.ticker + at.String() + side))
	t := Trade{ExecutionID: hex.EncodeToString(h[:4]) + "." + hex.EncodeToString(h[4:8]) + ".01.01", Symbol: i.ticker,
		SupportsTaxOpt: "1", Side: side, OrderDescription: fmt.Sprintf("%s %s @ %s on %s", verb, size, price, i.exch),
		TradeTime: at.UTC().Format("20060102-15:04:05"), TradeTimeR: at.UnixMilli(), Size: num(sz), Price: price,
		OrderRef: "Order" + hex.EncodeToString(h[8:10]), Submitter: "user1234", Exchange: i.exch, Commission: commission,
		NetAmount: num(gross), Account: acct, AccountCode: acct, AccountAllocationName: acct, CompanyName: i.name,
		ContractDescription1: i.ticker, SecType: i.class, ListingExchange: i.exch, Conid: i.conid,
		ConidEx: fmt.Sprint(i.conid), ClearingID: "IB", ClearingName: "IB", LiquidationTrade: "0", IsEventTrading: "0", at: at}
	if conidAsString {
		t.Conid = fmt.Sprint(i.conid)
	}
	return t
}

// Build makes an account's data for the day of now.
func Build(number string, now time.Time) *Portfolio {
	day := fakekit.Day(now)
	at := func(daysAgo, hour, minute int) time.Time {
		return day.AddDate(0, 0, -daysAgo).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	}
	p := &Portfolio{Account: Account{AccountID: number, ID: number, AccountVan: number, Desc: number, DisplayName: number,
		AccountTitle: "Test Account", AccountStatus: 1678852800000, BrokerageAccess: true, BusinessType: "INDEPENDENT",
		ClearingStatus: "O", Currency: "USD", IBEntity: "IBLLC-US", TradingType: "STKNOPT", Type: "INDIVIDUAL",
		Parent: map[string]any{"accountId": "", "isMChild": false, "isMParent": false, "isMultiplex": false, "mmc": []any{}}}}
	cash := map[string]decimal.Decimal{}
	switch number {
	case LiveAccount:
		alias := "Main"
		p.Account.AccountAlias = &alias
		for i, in := range instruments[:25] {
			p.Positions = append(p.Positions, holding(number, in, fmt.Sprint(5+i*3), in.price))
		}
		p.Positions = append(p.Positions,
			holding(number, find("SPY"), "40", "480.10"), holding(number, find("VTI"), "55.5", "231.40"),
			holding(number, find("SAP"), "30", "150.02"), holding(number, find("ASML"), "4", "700.00"),
			holding(number, find("AAPL  260619C00200000"), "2", "5.10"), holding(number, find("T 4 1/4 05/15/34"), "10000", "97.50"),
			holding(number, find("EUR.USD"), "-2500", "1.0900"), holding(number, find("MES"), "1", "5100.00"),
			holding(number, find("BTC"), "0.0125", "61000"),
			holding(number, find("SCHW"), "0", "70.10")) // sold out today: a row with no position
		p.Positions[24] = holding(number, find("INTU"), "0.5", "420.08") // a fractional share
		cash["USD"], cash["EUR"] = d("15234.87"), d("2500.00")
		p.Trades = []Trade{
			execution(number, find("AAPL"), "B", "10", "192.26", "1.01", at(5, 14, 31), false),
			execution(number, find("MSFT"), "S", "5", "415.10", "1.02", at(4, 15, 2), true),
			execution(number, find("INTU"), "B", "0.5", "420.08", "1.0", at(3, 18, 59), false),
			execution(number, find("SAP"), "B", "10", "176.40", "3.00", at(3, 9, 15), false),
			execution(number, find("AAPL  260619C00200000"), "S", "1", "7.20", "0.65", at(2, 16, 40), false),
			execution(number, find("MES"), "X", "1", "0", "", at(2, 21, 0), false),
			execution(number, find("BTC"), "B", "0.0025", "66850", "0.30", at(1, 3, 12), false),
			execution(number, find("VTI"), "S", "4.5", "259.90", "1.00", at(0, 14, 45), true),
		}
	case LiveIRA:
		p.Account.Type = "IRA"
		p.Account.AcctCustType = "IRA"
		p.Positions = []Position{holding(number, find("VTI"), "120", "210.00"), holding(number, find("SPY"), "15", "400.00"),
			holding(number, find("KO"), "50", "58.00")}
		cash["USD"] = d("812.40")
		p.Trades = []Trade{
			execution(number, find("VTI"), "B", "2", "258.10", "1.00", at(4, 17, 0), false),
			execution(number, find("KO"), "B", "10", "60.10", "1.00", at(1, 15, 30), false),
		}
	case PaperAccount:
		p.Account.Type, p.Account.Desc, p.Account.DisplayName = "DEMO", number, number
		p.Account.Currency = "USD"
		p.Positions = []Position{holding(number, find("AAPL"), "100", "150.00"), holding(number, find("BHP"), "200", "41.00"),
			holding(number, find("SPY"), "20", "470.00"), holding(number, find("MSFT"), "-10", "420.00"),
			holding(number, find("NVDA"), "8", "700.00")}
		cash["USD"], cash["AUD"] = d("213375.44"), d("223911.11")
		p.Trades = []Trade{
			execution(number, find("BHP"), "B", "200", "44.02", "6.00", at(5, 1, 5), false),
			execution(number, find("MSFT"), "S", "10", "414.00", "1.00", at(2, 14, 10), false),
			execution(number, find("NVDA"), "B", "8", "879.50", "1.00", at(0, 13, 50), true),
		}
	default:
		return nil
	}
	p.Ledger = ledger(number, p.Positions, cash, now)
	sort.SliceStable(p.Trades, func(i, j int) bool { return p.Trades[i].at.Before(p.Trades[j].at) })
	return p
}

// ledger restates cash and positions per currency, and in BASE (USD).
func ledger(number string, pos []Position, cash map[string]decimal.Decimal, now time.Time) map[string]Ledger {
	type sums struct{ cash, stock, opt, bond, fut, nlv, upnl decimal.Decimal }
	per := map[string]*sums{}
	get := func(cur string) *sums {
		if per[cur] == nil {
			per[cur] = &sums{}
		}
		return per[cur]
	}
	for cur, c := range cash {
		get(cur).cash = c
	}
	for _, p := range pos {
		s := get(p.Currency)
		v := p.MktValue.Decimal
		switch p.AssetClass {
		case "STK", "CRYPTO", "CASH":
			s.stock = s.stock.Add(v)
		case "OPT":
			s.opt = s.opt.Add(v)
		case "BOND":
			s.bond = s.bond.Add(v)
		case "FUT":
			s.fut = s.fut.Add(v)
		}
		s.upnl = s.upnl.Add(p.UnrealizedPnl.Decimal)
	}
	out := map[string]Ledger{}
	var base sums
	for cur, s := range per {
		s.nlv = s.cash.Add(s.stock).Add(s.opt).Add(s.bond).Add(s.fut)
		out[cur] = Ledger{Acctcode: number, Cashbalance: num(s.cash), Corporatebondsmarketvalue: num(s.bond), Currency: cur,
			Exchangerate: num(rates[cur]), Futuremarketvalue: num(s.fut), Futuresonlypnl: num(s.fut), Key: "LedgerList",
			Netliquidationvalue: num(s.nlv), Secondkey: cur, Sessionid: 1, Settledcash: num(s.cash), Stockmarketvalue: num(s.stock),
			Stockoptionmarketvalue: num(s.opt), Timestamp: now.Unix(), Unrealizedpnl: num(s.upnl)}
		r := rates[cur]
		base.cash = base.cash.Add(s.cash.Mul(r))
		base.nlv = base.nlv.Add(s.nlv.Mul(r))
		base.upnl = base.upnl.Add(s.upnl.Mul(r))
	}
	out["BASE"] = Ledger{Acctcode: number, Cashbalance: num(base.cash.Round(2)), Currency: "BASE", Exchangerate: num(decimal.NewFromInt(1)),
		Key: "LedgerList", Netliquidationvalue: num(base.nlv.Round(2)), Secondkey: "BASE", Sessionid: 1,
		Settledcash: num(base.cash.Round(2)), Timestamp: now.Unix(), Unrealizedpnl: num(base.upnl.Round(2))}
	return out
}
