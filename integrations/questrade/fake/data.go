package fake

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Num is a JSON number written exactly as its text.
type Num string

// MarshalJSON writes the number's text.
func (n Num) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("0"), nil
	}
	return []byte(n), nil
}

// User is one login's data.
type User struct {
	ID       int64
	Accounts []*Account
}

// Account is one account and everything served about it.
type Account struct {
	Type, Number, ClientAccountType string
	Cash                            map[string]decimal.Decimal // per currency
	Positions                       []Position
	Activities                      []Activity // oldest first
}

// Position is one row of GET v1/accounts/:id/positions.
type Position struct {
	Symbol             string `json:"symbol"`
	SymbolID           int64  `json:"symbolId"`
	OpenQuantity       Num    `json:"openQuantity"`
	ClosedQuantity     Num    `json:"closedQuantity"`
	CurrentMarketValue Num    `json:"currentMarketValue"`
	CurrentPrice       Num    `json:"currentPrice"`
	AverageEntryPrice  Num    `json:"averageEntryPrice"`
	ClosedPnl          Num    `json:"closedPnl"`
	OpenPnl            Num    `json:"openPnl"`
	TotalCost          Num    `json:"totalCost"`
	IsRealTime         bool   `json:"isRealTime"`
	IsUnderReorg       bool   `json:"isUnderReorg"`
}

// Activity is one row of GET v1/accounts/:id/activities.
type Activity struct {
	TradeDate       string `json:"tradeDate"`
	TransactionDate string `json:"transactionDate"`
	SettlementDate  string `json:"settlementDate"`
	Action          string `json:"action"`
	Symbol          string `json:"symbol"`
	SymbolID        int64  `json:"symbolId"`
	Description     string `json:"description"`
	Currency        string `json:"currency"`
	Quantity        Num    `json:"quantity"`
	Price           Num    `json:"price"`
	GrossAmount     Num    `json:"grossAmount"`
	Commission      Num    `json:"commission"`
	NetAmount       Num    `json:"netAmount"`
	Type            string `json:"type"`

	at time.Time
}

// Symbol is one row of GET v1/symbols.
type Symbol struct {
	Symbol          string `json:"symbol"`
	SymbolID        int64  `json:"symbolId"`
	Description     string `json:"description"`
	SecurityType    string `json:"securityType"`
	ListingExchange string `json:"listingExchange"`
	Currency        string `json:"currency"`
	IsTradable      bool   `json:"isTradable"`
	IsQuotable      bool   `json:"isQuotable"`
	HasOptions      bool   `json:"hasOptions"`

	price decimal.Decimal
	mult  int64
}

// Symbols are the instruments the fake knows, by id.
var Symbols = map[int64]Symbol{
	38738:   {Symbol: "THI.TO", SymbolID: 38738, Description: "TIM HORTONS INC", SecurityType: "Stock", ListingExchange: "TSX", Currency: "CAD", price: dec("60.17"), mult: 1},
	34658:   {Symbol: "RY.TO", SymbolID: 34658, Description: "ROYAL BANK OF CANADA", SecurityType: "Stock", ListingExchange: "TSX", Currency: "CAD", price: dec("138.42"), mult: 1},
	23205:   {Symbol: "XIU.TO", SymbolID: 23205, Description: "ISHARES S&P/TSX 60 INDEX ETF", SecurityType: "Stock", ListingExchange: "TSX", Currency: "CAD", price: dec("34.86"), mult: 1},
	8049:    {Symbol: "AAPL", SymbolID: 8049, Description: "APPLE INC", SecurityType: "Stock", ListingExchange: "NASDAQ", Currency: "USD", price: dec("208.21"), mult: 1},
	27426:   {Symbol: "MSFT", SymbolID: 27426, Description: "MICROSOFT CORP", SecurityType: "Stock", ListingExchange: "NASDAQ", Currency: "USD", price: dec("415.50"), mult: 1},
	9765432: {Symbol: "AAPL19Jun26C200.00", SymbolID: 9765432, Description: "APPLE INC 19 JUN 2026 200.00 CALL", SecurityType: "Option", ListingExchange: "OPRA", Currency: "USD", price: dec("12.35"), mult: 100},
	1000102: {Symbol: "TDB902", SymbolID: 1000102, Description: "TD U.S. INDEX FUND - E", SecurityType: "MutualFund", ListingExchange: "", Currency: "CAD", price: dec("21.14"), mult: 1},
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func num(d decimal.Decimal) Num { return Num(d.String()) }

// Days is how many days of activity the fake holds before its day.
const Days = 120

// timeLayout is Questrade's date-time format.
const timeLayout = "2006-01-02T15:04:05.000000-07:00"

// Build makes env's deterministic data for the UTC day that starts at day.
func Build(env string, day time.Time) *User {
	day = fakekit.Day(day)
	if env == PracticeID {
		a := &Account{Type: "Margin", Number: "40012345", ClientAccountType: "Individual",
			Cash: map[string]decimal.Decimal{"CAD": dec("100000"), "USD": dec("2500.55")}}
		a.Positions = positions(a, []int64{38738, 8049, 27426, 34658, 9765432}, []string{"100", "20", "-10", "50", "2"},
			[]string{"60.23", "180.10", "400.00", "120.50", "9.80"})
		a.Activities = history(a, day, 1, []int64{38738, 8049, 34658})
		return &User{ID: 3000999, Accounts: []*Account{a}}
	}
	margin := &Account{Type: "Margin", Number: "26598145", ClientAccountType: "Individual",
		Cash: map[string]decimal.Decimal{"CAD": dec("243971.7"), "USD": dec("10452.33")}}
	margin.Positions = positions(margin, []int64{38738, 8049, 27426, 34658, 9765432}, []string{"100", "20", "-10", "50", "2"},
		[]string{"60.23", "180.10", "400.00", "120.50", "9.80"})
	margin.Activities = history(margin, day, 1, []int64{38738, 8049, 27426, 34658})
	tfsa := &Account{Type: "TFSA", Number: "51823307", ClientAccountType: "Individual",
		Cash: map[string]decimal.Decimal{"CAD": dec("1250.00"), "USD": dec("0")}}
	tfsa.Positions = positions(tfsa, []int64{23205, 1000102}, []string{"200", "150.5"}, []string{"31.20", "19.80"})
	tfsa.Activities = history(tfsa, day, 4, []int64{23205, 1000102})
	return &User{ID: 3000124, Accounts: []*Account{margin, tfsa}}
}

func positions(a *Account, ids []int64, qty, avg []string) []Position {
	out := make([]Position, 0, len(ids))
	for i, id := range ids {
		s := Symbols[id]
		q, av := dec(qty[i]), dec(avg[i])
		m := decimal.NewFromInt(s.mult)
		mv := q.Mul(s.price).Mul(m).Round(2)
		cost := q.Mul(av).Mul(m).Round(2)
		out = append(out, Position{Symbol: s.Symbol, SymbolID: id, OpenQuantity: num(q), ClosedQuantity: "0",
			CurrentMarketValue: num(mv), CurrentPrice: num(s.price), AverageEntryPrice: num(av), ClosedPnl: "0",
			OpenPnl: num(mv.Sub(cost)), TotalCost: num(cost), IsRealTime: false, IsUnderReorg: false})
	}
	return out
}

// history makes Days days of activity before day: a deposit or contribution
// first, a trade every every-th weekday (sells every third), and dividends
// with US withholding tax, interest, fees, an FX conversion, a withdrawal,
// transfers in and out, a split and an "Other" row.
func history(a *Account, day time.Time, every int, ids []int64) []Activity {
	var out []Activity
	add := func(d time.Time, settle int, typ, action string, sym int64, cur, desc string, qty, price, comm, net decimal.Decimal) {
		local := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, fakekit.Toronto)
		s := Symbols[sym]
		gross := net.Sub(comm)
		out = append(out, Activity{TradeDate: local.Format(timeLayout), TransactionDate: local.AddDate(0, 0, settle).Format(timeLayout),
			SettlementDate: local.AddDate(0, 0, settle).Format(timeLayout), Action: action, Symbol: s.Symbol, SymbolID: sym,
			Description: desc, Currency: cur, Quantity: num(qty), Price: num(price), GrossAmount: num(gross),
			Commission: num(comm), NetAmount: num(net), Type: typ, at: local})
	}
	z := decimal.Zero
	deposit := "DEP"
	if a.Type == "TFSA" {
		deposit = "CON"
	}
	for w := range fakekit.Weekdays(day.AddDate(0, 0, -Days), Days) {
		d, wd := w.Date, w.N
		if wd == 1 {
			add(d, 0, "Deposits", deposit, 0, "CAD", "CONTRIBUTION", z, z, z, dec("25000"))
		}
		if wd%every == 0 {
			s := Symbols[ids[wd%len(ids)]]
			px := s.price.Add(decimal.NewFromInt(int64(wd%7 - 3)).Div(decimal.NewFromInt(4))).Round(2)
			q := decimal.NewFromInt(int64(5 + wd%10))
			comm := dec("-4.95")
			action, sign := "Buy", decimal.NewFromInt(-1)
			if wd%3 == 0 {
				action, sign, q = "Sell", decimal.NewFromInt(1), q.Neg()
			}
			gross := q.Abs().Mul(px).Mul(sign)
			add(d, 2, "Trades", action, s.SymbolID, s.Currency, s.Description, q, px, comm, gross.Add(comm))
		}
		switch wd {
		case 10, 52:
			add(d, 0, "Dividends", "DIV", 8049, "USD", "APPLE INC CASH DIV ON 20 SHS", z, z, z, dec("4.80"))
			add(d, 0, "Dividends", "NRT", 8049, "USD", "APPLE INC NON-RES TAX WITHHELD", z, z, z, dec("-0.72"))
		case 21, 42, 63:
			add(d, 0, "Interest", "", 0, "CAD", "INTEREST ON CREDIT BALANCE", z, z, z, dec("12.04"))
		case 25:
			add(d, 0, "Fees and rebates", "FCH", 0, "CAD", "ECN FEE", z, z, z, dec("-0.35"))
			add(d, 0, "Fees and rebates", "FCH", 0, "CAD", "ECN FEE", z, z, z, dec("-0.35"))
		case 30:
			add(d, 0, "FX conversion", "FXT", 0, "USD", "AUTO CONV @ 0.7312", z, z, z, dec("731.20"))
			add(d, 0, "FX conversion", "FXT", 0, "CAD", "AUTO CONV @ 1.3676", z, z, z, dec("-1000"))
		case 35:
			add(d, 0, "Withdrawals", "WDR", 0, "CAD", "EFT WITHDRAWAL", z, z, z, dec("-2000"))
		case 38:
			add(d, 0, "Transfers", "TF6", 0, "CAD", "TRANSFER IN FROM OTHER INSTITUTION", z, z, z, dec("5000"))
		case 45:
			add(d, 0, "Transfers", "TFO", 0, "CAD", "TRANSFER OUT", z, z, z, dec("-300"))
		case 55:
			add(d, 0, "Corporate actions", "CIL", ids[0], Symbols[ids[0]].Currency, "2 FOR 1 STOCK SPLIT", dec("10"), z, z, z)
		case 60:
			add(d, 0, "Other", "ADJ", 0, "CAD", "ADJUSTMENT", z, z, z, dec("0.01"))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// balances returns a's per-currency balances: cash, market value, equity,
// buying power.
func balances(a *Account) []map[string]any {
	mv := map[string]decimal.Decimal{"CAD": decimal.Zero, "USD": decimal.Zero}
	for _, p := range a.Positions {
		s := Symbols[p.SymbolID]
		mv[s.Currency] = mv[s.Currency].Add(dec(string(p.CurrentMarketValue)))
	}
	var out []map[string]any
	for _, cur := range []string{"CAD", "USD"} {
		cash := a.Cash[cur]
		eq := cash.Add(mv[cur])
		out = append(out, map[string]any{"currency": cur, "cash": num(cash), "marketValue": num(mv[cur]),
			"totalEquity": num(eq), "buyingPower": num(eq.Mul(dec("2")).Round(2)), "maintenanceExcess": num(eq.Div(dec("2")).Round(2)),
			"isRealTime": false})
	}
	return out
}
