package fake

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// str writes a decimal the way Public does: as a JSON string.
func str(d decimal.Decimal) string { return d.StringFixed(2) }

type wireAccount struct {
	AccountID            string `json:"accountId"`
	AccountType          string `json:"accountType"`
	OptionsLevel         string `json:"optionsLevel,omitempty"`
	BrokerageAccountType string `json:"brokerageAccountType,omitempty"`
	TradePermissions     string `json:"tradePermissions,omitempty"`
}

type instrument struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Type   string `json:"type"`
}

type price struct {
	LastPrice string `json:"lastPrice"`
	Timestamp string `json:"timestamp"`
}

type gain struct {
	GainValue      string `json:"gainValue"`
	GainPercentage string `json:"gainPercentage"`
	Timestamp      string `json:"timestamp"`
}

type costBasis struct {
	TotalCost      string `json:"totalCost"`
	UnitCost       string `json:"unitCost"`
	GainValue      string `json:"gainValue"`
	GainPercentage string `json:"gainPercentage"`
	LastUpdate     string `json:"lastUpdate"`
}

type position struct {
	Instrument         instrument `json:"instrument"`
	Quantity           string     `json:"quantity"`
	OpenedAt           string     `json:"openedAt,omitempty"`
	CurrentValue       string     `json:"currentValue"`
	PercentOfPortfolio string     `json:"percentOfPortfolio"`
	LastPrice          price      `json:"lastPrice"`
	InstrumentGain     gain       `json:"instrumentGain"`
	PositionDailyGain  gain       `json:"positionDailyGain"`
	CostBasis          costBasis  `json:"costBasis"`
	StrategyIDs        []string   `json:"strategyIds"`
}

type equity struct {
	Type                  string `json:"type"`
	Value                 string `json:"value"`
	PercentageOfPortfolio string `json:"percentageOfPortfolio"`
}

type buyingPower struct {
	CashOnlyBuyingPower string `json:"cashOnlyBuyingPower"`
	BuyingPower         string `json:"buyingPower"`
	OptionsBuyingPower  string `json:"optionsBuyingPower"`
}

type portfolio struct {
	AccountID         string      `json:"accountId"`
	AccountType       string      `json:"accountType"`
	BuyingPower       buyingPower `json:"buyingPower"`
	Equity            []equity    `json:"equity"`
	Positions         []position  `json:"positions"`
	Orders            []any       `json:"orders"`
	Cash              string      `json:"cash"`
	TotalAccountValue string      `json:"totalAccountValue"`
}

type transaction struct {
	Timestamp       string `json:"timestamp"`
	ID              string `json:"id"`
	Type            string `json:"type"`
	SubType         string `json:"subType,omitempty"`
	AccountNumber   string `json:"accountNumber"`
	Symbol          string `json:"symbol,omitempty"`
	SecurityType    string `json:"securityType,omitempty"`
	Side            string `json:"side,omitempty"`
	Description     string `json:"description,omitempty"`
	NetAmount       string `json:"netAmount,omitempty"`
	PrincipalAmount string `json:"principalAmount,omitempty"`
	Quantity        string `json:"quantity,omitempty"`
	Direction       string `json:"direction,omitempty"`
	Fees            string `json:"fees,omitempty"`
	at              time.Time
}

type account struct {
	wire      wireAccount
	portfolio portfolio
	history   []transaction // newest first
}

type holding struct {
	symbol, name, typ string
	qty, price, cost  string
}

var (
	historyStart = time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	historyEnd   = time.Date(2025, 11, 28, 0, 0, 0, 0, time.UTC)
	asOf         = time.Date(2025, 12, 1, 21, 0, 0, 0, time.UTC)
)

const stamp = "2006-01-02T15:04:05Z"

// buildAccount makes an account's deterministic data.
func buildAccount(id, typ, brokerageType string, holdings []holding, trades int) *account {
	seed := uint64(0)
	for _, c := range id {
		seed = seed*31 + uint64(c)
	}
	r := rand.New(rand.NewPCG(seed, 7))
	a := &account{wire: wireAccount{AccountID: id, AccountType: typ, OptionsLevel: "LEVEL_2", BrokerageAccountType: brokerageType, TradePermissions: "BUY_AND_SELL"}}
	if typ != "BROKERAGE" {
		a.wire.OptionsLevel, a.wire.BrokerageAccountType = "NONE", "CASH"
	}
	total := decimal.Zero
	byType := map[string]decimal.Decimal{}
	for _, h := range holdings {
		q, p, c := dec(h.qty), dec(h.price), dec(h.cost)
		mult := decimal.NewFromInt(1)
		switch h.typ {
		case "OPTION":
			mult = decimal.NewFromInt(100)
		case "TREASURY", "BOND":
			mult = dec("0.01")
		}
		val := q.Mul(p).Mul(mult).Round(2)
		tc := q.Mul(c).Mul(mult).Round(2)
		total = total.Add(val)
		et := map[string]string{"EQUITY": "STOCK", "OPTION": "OPTIONS_LONG", "CRYPTO": "CRYPTO", "TREASURY": "BONDS", "BOND": "BONDS"}[h.typ]
		byType[et] = byType[et].Add(val)
		a.portfolio.Positions = append(a.portfolio.Positions, position{
			Instrument: instrument{Symbol: h.symbol, Name: h.name, Type: h.typ}, Quantity: h.qty,
			OpenedAt: historyStart.Format(stamp), CurrentValue: str(val),
			LastPrice:      price{LastPrice: h.price, Timestamp: asOf.Format(stamp)},
			InstrumentGain: gain{GainValue: str(val.Sub(tc)), GainPercentage: "0.00", Timestamp: asOf.Format(stamp)},
			CostBasis:      costBasis{TotalCost: str(tc), UnitCost: h.cost, GainValue: str(val.Sub(tc)), GainPercentage: "0.00", LastUpdate: asOf.Format(stamp)},
			StrategyIDs:    []string{},
		})
	}
	cash := decimal.New(int64(100000+r.IntN(900000)), -2)
	total = total.Add(cash)
	a.portfolio.AccountID, a.portfolio.AccountType = id, typ
	a.portfolio.Cash, a.portfolio.TotalAccountValue = str(cash), str(total)
	a.portfolio.BuyingPower = buyingPower{CashOnlyBuyingPower: str(cash), BuyingPower: str(cash.Mul(dec("2"))), OptionsBuyingPower: str(cash)}
	a.portfolio.Orders = []any{}
	a.portfolio.Equity = append(a.portfolio.Equity, equity{Type: "CASH", Value: str(cash), PercentageOfPortfolio: pct(cash, total)})
	for _, et := range []string{"STOCK", "OPTIONS_LONG", "CRYPTO", "BONDS"} {
		if v, ok := byType[et]; ok {
			a.portfolio.Equity = append(a.portfolio.Equity, equity{Type: et, Value: str(v), PercentageOfPortfolio: pct(v, total)})
		}
	}
	for i := range a.portfolio.Positions {
		a.portfolio.Positions[i].PercentOfPortfolio = pct(dec(a.portfolio.Positions[i].CurrentValue), total)
	}

	// History: trades, dividends, deposits, a withdrawal, interest, a fee,
	// a transfer, a reward and a split adjustment.
	n := 0
	add := func(at time.Time, t transaction) {
		n++
		t.ID = fmt.Sprintf("%s-%08x", id, uint32(seed)+uint32(n)*2654435761)
		t.Timestamp, t.AccountNumber, t.at = at.Format(stamp), id, at
		a.history = append(a.history, t)
	}
	days := int(historyEnd.Sub(historyStart).Hours() / 24)
	for i := 0; i < trades; i++ {
		h := holdings[r.IntN(len(holdings))]
		if h.typ == "TREASURY" || h.typ == "OPTION" {
			h = holdings[0]
		}
		at := historyStart.AddDate(0, 0, r.IntN(days)).Add(time.Duration(14*3600+r.IntN(6*3600)) * time.Second)
		q := decimal.NewFromInt(int64(1 + r.IntN(8)))
		if h.typ == "CRYPTO" {
			q = decimal.New(int64(1+r.IntN(50)), -3)
		}
		p := dec(h.price).Mul(dec("0.9").Add(decimal.New(int64(r.IntN(20)), -2))).Round(2)
		principal := q.Mul(p).Round(2)
		t := transaction{Type: "TRADE", SubType: "TRADE", Symbol: h.symbol, SecurityType: h.typ, Quantity: q.String(),
			PrincipalAmount: str(principal), Fees: "0.00"}
		if r.IntN(4) == 0 {
			t.Side, t.NetAmount, t.Direction, t.Description = "SELL", str(principal), "INCOMING", "Sell "+h.symbol
		} else {
			t.Side, t.NetAmount, t.Direction, t.Description = "BUY", str(principal.Neg()), "OUTGOING", "Buy "+h.symbol
		}
		if h.typ == "CRYPTO" {
			fee := principal.Mul(dec("0.0125")).Round(2)
			t.Fees = str(fee)
			if t.Side == "BUY" {
				t.NetAmount = str(principal.Add(fee).Neg())
			} else {
				t.NetAmount = str(principal.Sub(fee))
			}
		}
		add(at, t)
	}
	for m := 0; m < 10; m++ {
		at := historyStart.AddDate(0, m, 1).Add(13 * time.Hour)
		add(at, transaction{Type: "MONEY_MOVEMENT", SubType: "DEPOSIT", NetAmount: fmt.Sprintf("%d.00", 200+50*r.IntN(10)), Direction: "INCOMING", Description: "ACH deposit"})
		add(at.AddDate(0, 0, 25), transaction{Type: "MONEY_MOVEMENT", SubType: "INTEREST", NetAmount: fmt.Sprintf("%d.%02d", r.IntN(5), 1+r.IntN(98)), Direction: "INCOMING", Description: "Interest on cash"})
	}
	for q := 0; q < 3; q++ {
		at := historyStart.AddDate(0, 2+3*q, 14).Add(12 * time.Hour)
		add(at, transaction{Type: "MONEY_MOVEMENT", SubType: "DIVIDEND", Symbol: holdings[0].symbol, SecurityType: "EQUITY",
			NetAmount: fmt.Sprintf("%d.%02d", 1+r.IntN(20), r.IntN(100)), Direction: "INCOMING", Description: "Cash dividend " + holdings[0].symbol})
	}
	add(historyStart.AddDate(0, 6, 3).Add(15*time.Hour), transaction{Type: "MONEY_MOVEMENT", SubType: "WITHDRAWAL", NetAmount: "-150.00", Direction: "OUTGOING", Description: "ACH withdrawal"})
	add(historyStart.AddDate(0, 4, 9).Add(15*time.Hour), transaction{Type: "MONEY_MOVEMENT", SubType: "FEE", NetAmount: "-5.00", Direction: "OUTGOING", Description: "Paper statement fee"})
	add(historyStart.AddDate(0, 1, 20).Add(15*time.Hour), transaction{Type: "MONEY_MOVEMENT", SubType: "TRANSFER", NetAmount: "2500.00", Direction: "INCOMING", Description: "ACATS transfer in"})
	add(historyStart.AddDate(0, 7, 20).Add(15*time.Hour), transaction{Type: "MONEY_MOVEMENT", SubType: "REWARD", NetAmount: "10.00", Direction: "INCOMING", Description: "Referral reward"})
	add(historyStart.AddDate(0, 5, 2).Add(9*time.Hour), transaction{Type: "POSITION_ADJUSTMENT", SubType: "MISC", Symbol: holdings[0].symbol, SecurityType: "EQUITY", Quantity: "3", Description: "Stock split 2:1"})
	sort.Slice(a.history, func(i, j int) bool { return a.history[i].at.After(a.history[j].at) })
	return a
}

func pct(part, total decimal.Decimal) string {
	if total.IsZero() {
		return "0.00"
	}
	return part.Div(total).Mul(decimal.NewFromInt(100)).StringFixed(2)
}
