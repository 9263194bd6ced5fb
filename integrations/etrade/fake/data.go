package fake

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// num is a decimal written to JSON as a bare number, as E*TRADE writes
// amounts.
type num struct{ d decimal.Decimal }

func (n num) MarshalJSON() ([]byte, error) { return []byte(n.d.String()), nil }

type wireAccount struct {
	AccountID       string `json:"accountId"`
	AccountIDKey    string `json:"accountIdKey"`
	AccountMode     string `json:"accountMode"`
	AccountDesc     string `json:"accountDesc"`
	AccountName     string `json:"accountName"`
	AccountType     string `json:"accountType"`
	InstitutionType string `json:"institutionType"`
	AccountStatus   string `json:"accountStatus"`
	ClosedDate      int64  `json:"closedDate"`
}

type product struct {
	Symbol       string `json:"symbol"`
	SecurityType string `json:"securityType"`
	CallPut      string `json:"callPut,omitempty"`
	ExpiryYear   int    `json:"expiryYear,omitempty"`
	ExpiryMonth  int    `json:"expiryMonth,omitempty"`
	ExpiryDay    int    `json:"expiryDay,omitempty"`
	StrikePrice  *num   `json:"strikePrice,omitempty"`
}

type quick struct {
	LastTrade     num   `json:"lastTrade"`
	LastTradeTime int64 `json:"lastTradeTime"`
	Change        num   `json:"change"`
	ChangePct     num   `json:"changePct"`
	Volume        int64 `json:"volume"`
}

type position struct {
	PositionID        int64   `json:"positionId"`
	SymbolDescription string  `json:"symbolDescription"`
	DateAcquired      int64   `json:"dateAcquired"`
	PricePaid         num     `json:"pricePaid"`
	Quantity          num     `json:"quantity"`
	PositionType      string  `json:"positionType"`
	MarketValue       num     `json:"marketValue"`
	TotalCost         num     `json:"totalCost"`
	TotalGain         num     `json:"totalGain"`
	CostPerShare      num     `json:"costPerShare"`
	Product           product `json:"Product"`
	Quick             quick   `json:"Quick"`
}

type brokerage struct {
	Product            product `json:"product"`
	Quantity           num     `json:"quantity"`
	Price              num     `json:"price"`
	SettlementCurrency string  `json:"settlementCurrency"`
	PaymentCurrency    string  `json:"paymentCurrency"`
	Fee                num     `json:"fee"`
	DisplaySymbol      string  `json:"displaySymbol"`
	SettlementDate     int64   `json:"settlementDate"`
}

type transaction struct {
	TransactionID   string     `json:"transactionId"`
	AccountID       string     `json:"accountId"`
	TransactionDate int64      `json:"transactionDate"`
	PostDate        int64      `json:"postDate"`
	Amount          num        `json:"amount"`
	Description     string     `json:"description"`
	TransactionType string     `json:"transactionType"`
	Memo            string     `json:"memo"`
	ImageFlag       bool       `json:"imageFlag"`
	InstType        string     `json:"instType"`
	StoreID         int        `json:"storeId"`
	Brokerage       *brokerage `json:"brokerage,omitempty"`
	DetailsURI      string     `json:"detailsURI,omitempty"`
	at              time.Time
}

type account struct {
	wire      wireAccount
	positions []position
	balance   map[string]any
	history   []transaction // newest first
}

type holding struct {
	symbol, desc, typ, side string
	qty, price, cost        string
}

var (
	historyStart = time.Date(2025, 3, 3, 15, 0, 0, 0, time.UTC)
	historyEnd   = time.Date(2025, 12, 12, 15, 0, 0, 0, time.UTC)
	quoteTime    = time.Date(2025, 12, 12, 21, 0, 0, 0, time.UTC)
)

func ms(t time.Time) int64 { return t.UnixMilli() }

func buildAccount(id, key, typ, mode, desc string, holdings []holding, trades int, seed uint64) *account {
	r := rand.New(rand.NewPCG(seed, 3))
	a := &account{wire: wireAccount{AccountID: id, AccountIDKey: key, AccountMode: mode, AccountDesc: desc, AccountName: "",
		AccountType: typ, InstitutionType: "BROKERAGE", AccountStatus: "ACTIVE"}}
	longValue, shortValue := decimal.Zero, decimal.Zero
	for i, h := range holdings {
		q, p, c := dec(h.qty), dec(h.price), dec(h.cost)
		mult := decimal.NewFromInt(1)
		pr := product{Symbol: h.symbol, SecurityType: h.typ}
		if h.typ == "OPTN" {
			mult = decimal.NewFromInt(100)
			strike := num{dec("270")}
			pr = product{Symbol: "AAPL", SecurityType: "OPTN", CallPut: "CALL", ExpiryYear: 2026, ExpiryMonth: 1, ExpiryDay: 16, StrikePrice: &strike}
		}
		if h.side == "SHORT" {
			q = q.Neg()
		}
		mv := q.Mul(p).Mul(mult).Round(2)
		cost := q.Mul(c).Mul(mult).Round(2)
		if h.side == "SHORT" {
			shortValue = shortValue.Add(mv)
		} else {
			longValue = longValue.Add(mv)
		}
		a.positions = append(a.positions, position{PositionID: int64(seed)*1000 + int64(i), SymbolDescription: h.desc,
			DateAcquired: ms(historyStart.AddDate(0, 0, 7*i)), PricePaid: num{c}, Quantity: num{q}, PositionType: h.side,
			MarketValue: num{mv}, TotalCost: num{cost}, TotalGain: num{mv.Sub(cost)}, CostPerShare: num{c}, Product: pr,
			Quick: quick{LastTrade: num{p}, LastTradeTime: quoteTime.Unix(), Change: num{dec("0.42")}, ChangePct: num{dec("0.18")}, Volume: 1234567}})
	}
	cash := decimal.New(int64(300000+r.IntN(1500000)), -2)
	total := cash.Add(longValue).Add(shortValue)
	computed := map[string]any{
		"cashAvailableForInvestment": num{cash}, "cashAvailableForWithdrawal": num{cash}, "totalAvailableForWithdrawal": num{cash},
		"netCash": num{cash}, "cashBalance": num{cash}, "settledCashForInvestment": num{cash}, "unSettledCashForInvestment": num{decimal.Zero},
		"fundsWithheldFromPurchasePower": num{decimal.Zero}, "fundsWithheldFromWithdrawal": num{decimal.Zero},
		"cashBuyingPower": num{cash}, "accountBalance": num{total},
		"RealTimeValues": map[string]any{"totalAccountValue": num{total}, "netMv": num{longValue.Add(shortValue)},
			"netMvLong": num{longValue}, "netMvShort": num{shortValue}},
	}
	if mode == "MARGIN" {
		computed["marginBuyingPower"] = num{cash.Mul(dec("2"))}
		computed["dtMarginBuyingPower"] = num{cash.Mul(dec("4"))}
	}
	a.balance = map[string]any{"BalanceResponse": map[string]any{
		"accountId": id, "accountType": typ, "optionLevel": "LEVEL_2", "accountDescription": desc, "quoteMode": 6,
		"dayTraderStatus": "NO_PDT", "accountMode": mode,
		"Cash":     map[string]any{"fundsForOpenOrdersCash": num{decimal.Zero}, "moneyMktBalance": num{decimal.Zero}},
		"Computed": computed,
	}}

	// History.
	n := 0
	add := func(at time.Time, typ, desc string, amount decimal.Decimal, b *brokerage) {
		n++
		tid := fmt.Sprintf("%d%08d", 25000000+int(seed), n)
		t := transaction{TransactionID: tid, AccountID: id, TransactionDate: ms(at), Amount: num{amount}, Description: desc,
			TransactionType: typ, Memo: " ", InstType: "BROKERAGE", Brokerage: b, at: at,
			DetailsURI: "https://api.etrade.com/v1/accounts/" + key + "/transactions.json/" + tid + "?storeId=0"}
		if b == nil {
			t.Brokerage = &brokerage{Product: product{}, Quantity: num{decimal.Zero}, Price: num{decimal.Zero},
				SettlementCurrency: "USD", PaymentCurrency: "USD", Fee: num{decimal.Zero}, DisplaySymbol: " "}
		}
		a.history = append(a.history, t)
	}
	days := int(historyEnd.Sub(historyStart).Hours() / 24)
	for i := 0; i < trades; i++ {
		h := holdings[r.IntN(len(holdings))]
		if h.typ != "EQ" && h.typ != "MF" {
			h = holdings[0]
		}
		at := historyStart.AddDate(0, 0, r.IntN(days)).Add(time.Duration(r.IntN(6*3600)) * time.Second)
		q := decimal.NewFromInt(int64(1 + r.IntN(30)))
		p := dec(h.price).Mul(dec("0.85").Add(decimal.New(int64(r.IntN(25)), -2))).Round(4)
		fee := dec("0")
		if h.typ == "MF" {
			fee = dec("19.99")
		}
		gross := q.Mul(p).Round(2)
		typ, desc, amt := "Bought", h.desc, gross.Add(fee).Neg()
		if r.IntN(3) == 0 {
			typ, q, amt = "Sold", q.Neg(), gross.Sub(fee)
		}
		settle := at.AddDate(0, 0, 1)
		add(at, typ, desc, amt, &brokerage{Product: product{Symbol: h.symbol, SecurityType: h.typ}, Quantity: num{q}, Price: num{p},
			SettlementCurrency: "USD", PaymentCurrency: "USD", Fee: num{fee}, DisplaySymbol: h.symbol, SettlementDate: ms(settle)})
	}
	for q := 0; q < 3; q++ {
		at := historyStart.AddDate(0, 3*q+2, 12)
		add(at, "Dividend", holdings[0].desc+" CASH DIV", decimal.New(int64(500+r.IntN(4000)), -2),
			&brokerage{Product: product{Symbol: holdings[0].symbol, SecurityType: "EQ"}, Quantity: num{decimal.Zero}, Price: num{decimal.Zero},
				SettlementCurrency: "USD", PaymentCurrency: "USD", Fee: num{decimal.Zero}, DisplaySymbol: holdings[0].symbol})
		add(at.AddDate(0, 0, 1), "Reinvest", holdings[0].desc+" DIVIDEND REINVESTMENT", decimal.New(-int64(300+r.IntN(200)), -2),
			&brokerage{Product: product{Symbol: holdings[0].symbol, SecurityType: "EQ"}, Quantity: num{dec("0.0213")}, Price: num{dec(holdings[0].price)},
				SettlementCurrency: "USD", PaymentCurrency: "USD", Fee: num{decimal.Zero}, DisplaySymbol: holdings[0].symbol})
	}
	for m := 0; m < 9; m++ {
		at := historyStart.AddDate(0, m, 27)
		add(at, "Interest Income", "INTEREST ON CREDIT BALANCE", decimal.New(int64(5+r.IntN(900)), -2), nil)
		if m%3 == 0 {
			add(at.AddDate(0, 0, -20), "Transfer", "TRANSFER FROM XXXXXX1234 REFID:9912", decimal.NewFromInt(int64(500+100*r.IntN(20))), nil)
		}
	}
	add(historyStart.AddDate(0, 5, 9), "Transfer", "TRANSFER TO XXXXXX1234 REFID:9914", dec("-400"), nil)
	add(historyStart.AddDate(0, 4, 2), "Service Fee", "ADR FEE", dec("-1.15"), nil)
	add(historyStart.AddDate(0, 7, 15), "Adjustment", "STOCK SPLIT ADJUSTMENT", dec("0"), nil)
	sort.Slice(a.history, func(i, j int) bool { return a.history[i].at.After(a.history[j].at) })
	return a
}
