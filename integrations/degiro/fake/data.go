package fake

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Wire shapes (Chavithra/degiro-connector: trading/models/transaction.py,
// account.py; the update's name/value rows).
type wireTransaction struct {
	ID                             int64       `json:"id"`
	ProductID                      int64       `json:"productId"`
	Date                           string      `json:"date"`
	BuySell                        string      `json:"buysell"`
	Price                          json.Number `json:"price"`
	Quantity                       json.Number `json:"quantity"`
	Total                          json.Number `json:"total"`
	OrderTypeID                    int         `json:"orderTypeId"`
	CounterParty                   string      `json:"counterParty"`
	Transfered                     bool        `json:"transfered"`
	FxRate                         json.Number `json:"fxRate"`
	NettFxRate                     json.Number `json:"nettFxRate"`
	GrossFxRate                    json.Number `json:"grossFxRate"`
	AutoFxFeeInBaseCurrency        json.Number `json:"autoFxFeeInBaseCurrency"`
	TotalInBaseCurrency            json.Number `json:"totalInBaseCurrency"`
	FeeInBaseCurrency              json.Number `json:"feeInBaseCurrency"`
	TotalFeesInBaseCurrency        json.Number `json:"totalFeesInBaseCurrency"`
	TotalPlusFeeInBaseCurrency     json.Number `json:"totalPlusFeeInBaseCurrency"`
	TotalPlusAllFeesInBaseCurrency json.Number `json:"totalPlusAllFeesInBaseCurrency"`
	TransactionTypeID              int         `json:"transactionTypeId"`
	TradingVenue                   string      `json:"tradingVenue"`
	ExecutingEntityID              string      `json:"executingEntityId"`
}

type wireCashMovement struct {
	ID          *int64         `json:"id,omitempty"`
	Date        string         `json:"date"`
	ValueDate   string         `json:"valueDate"`
	Description string         `json:"description"`
	Currency    string         `json:"currency"`
	Change      json.Number    `json:"change"`
	Type        string         `json:"type"`
	ProductID   *int64         `json:"productId,omitempty"`
	Balance     map[string]any `json:"balance,omitempty"`
}

type product struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ISIN        string `json:"isin"`
	Symbol      string `json:"symbol"`
	ProductType string `json:"productType"`
	Currency    string `json:"currency"`
	ExchangeID  string `json:"exchangeId"`
	Tradable    bool   `json:"tradable"`
	price       decimal.Decimal
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var productList = []product{
	{ID: "332111", Name: "ASML HOLDING", ISIN: "NL0010273215", Symbol: "ASML", ProductType: "STOCK", Currency: "EUR", ExchangeID: "200", Tradable: true, price: dec("702.30")},
	{ID: "4586985", Name: "Vanguard FTSE All-World UCITS ETF", ISIN: "IE00B3RBWM25", Symbol: "VWRL", ProductType: "ETF", Currency: "EUR", ExchangeID: "200", Tradable: true, price: dec("118.46")},
	{ID: "331868", Name: "APPLE INC. - COMMON STOCK", ISIN: "US0378331005", Symbol: "AAPL", ProductType: "STOCK", Currency: "USD", ExchangeID: "663", Tradable: true, price: dec("212.44")},
	{ID: "332214", Name: "MICROSOFT CORPORATION - COMMON STOCK", ISIN: "US5949181045", Symbol: "MSFT", ProductType: "STOCK", Currency: "USD", ExchangeID: "663", Tradable: true, price: dec("431.10")},
	{ID: "14659410", Name: "NETHERLANDS 0.5% 15/01/2040", ISIN: "NL0015000RT3", Symbol: "NL0015000RT3", ProductType: "BOND", Currency: "EUR", ExchangeID: "200", Tradable: true, price: dec("98.75")},
	{ID: "1533610", Name: "SHELL PLC", ISIN: "GB00BP6MXD84", Symbol: "SHELL", ProductType: "STOCK", Currency: "EUR", ExchangeID: "200", Tradable: true, price: dec("31.80")},
}

var productsByID = func() map[string]product {
	m := map[string]product{}
	for _, p := range productList {
		m[p.ID] = p
	}
	return m
}()

type holding struct {
	product   product
	size      decimal.Decimal
	breakEven decimal.Decimal
}

type portfolio struct {
	positions []holding
	cash      map[string]decimal.Decimal
	trades    []wireTransaction
	moves     []wireCashMovement
}

// cet is DEGIRO's report offset (the fake keeps winter time all year).
var cet = time.FixedZone("CET", 3600)

func stamp(t time.Time) string { return t.In(cet).Format("2006-01-02T15:04:05-07:00") }

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

func ptr(v int64) *int64 { return &v }

// build makes a client's deterministic portfolio and 180 days of history
// anchored to day.
func build(clientID int64, day time.Time) *portfolio {
	p := &portfolio{cash: map[string]decimal.Decimal{"EUR": dec("2431.87"), "USD": dec("611.20")}}
	p.positions = []holding{
		{productsByID["332111"], dec("12"), dec("640.12")},
		{productsByID["4586985"], dec("85"), dec("104.90")},
		{productsByID["331868"], dec("20"), dec("171.32")},
		{productsByID["332214"], dec("7"), dec("402.15")},
		{productsByID["14659410"], dec("2000"), dec("97.20")},
	}
	r := fakekit.Seeded(fmt.Sprint(clientID))
	moveID := int64(2147000000)
	nextMove := func() *int64 { moveID += 7; return ptr(moveID) }
	tradeID := int64(400000000)
	addMove := func(t time.Time, desc, cur string, change decimal.Decimal, typ string, pid *int64, withID bool) {
		m := wireCashMovement{Date: stamp(t), ValueDate: stamp(t.Add(24 * time.Hour)), Description: desc, Currency: cur,
			Change: num(change), Type: typ, ProductID: pid,
			Balance: map[string]any{"unsettledCash": 0, "flatexCash": 0, "cashFund": []any{}, "total": 0}}
		if withID {
			m.ID = nextMove()
		}
		p.moves = append(p.moves, m)
	}
	deposited := map[time.Month]bool{}
	done := map[string]bool{}
	tradeSyms := []string{"332111", "4586985", "331868", "332214", "1533610"}
	for w := range fakekit.Weekdays(day.AddDate(0, 0, -180), 180) {
		d, i := w.Date, w.Index
		t := d.Add(9*time.Hour + time.Duration(r.IntN(420))*time.Minute)
		if d.Day() <= 3 && !deposited[d.Month()] {
			deposited[d.Month()] = true
			addMove(t, "iDEAL Deposit", "EUR", dec("500.00"), "CASH_TRANSACTION", nil, true)
		}
		if i%9 == 4 {
			pr := productsByID[tradeSyms[r.IntN(len(tradeSyms))]]
			qty := decimal.NewFromInt(int64(1 + r.IntN(10)))
			bs := "B"
			if r.IntN(4) == 0 {
				bs = "S"
			}
			px := pr.price.Mul(decimal.NewFromInt(int64(880 + r.IntN(240)))).Div(decimal.NewFromInt(1000)).Round(2)
			total := qty.Mul(px).Round(2)
			q := qty
			if bs == "B" {
				total = total.Neg()
			} else {
				q = qty.Neg()
			}
			fee := dec("-2.00")
			if pr.Currency == "USD" {
				fee = dec("-2.50")
			}
			rate := dec("1")
			base := total
			if pr.Currency == "USD" {
				rate = dec("1.0873")
				base = total.Div(rate).Round(2)
			}
			tradeID += 13
			pid, _ := json.Number(pr.ID).Int64()
			venue := "XAMS"
			if pr.Currency == "USD" {
				venue = "XNAS"
			}
			p.trades = append(p.trades, wireTransaction{ID: tradeID, ProductID: pid, Date: stamp(t), BuySell: bs,
				Price: num(px), Quantity: num(q), Total: num(total), CounterParty: "MK", FxRate: num(rate), NettFxRate: num(rate),
				GrossFxRate: num(rate), AutoFxFeeInBaseCurrency: "0", TotalInBaseCurrency: num(base),
				FeeInBaseCurrency: num(fee), TotalFeesInBaseCurrency: num(fee), TotalPlusFeeInBaseCurrency: num(base.Add(fee)),
				TotalPlusAllFeesInBaseCurrency: num(base.Add(fee)), TradingVenue: venue, ExecutingEntityID: "549300A2RAXGGQ4FWQ52"})
			desc := fmt.Sprintf("Buy %s %s@%s %s (%s)", qty, pr.Name, px, pr.Currency, pr.ISIN)
			if bs == "S" {
				desc = fmt.Sprintf("Sell %s %s@%s %s (%s)", qty, pr.Name, px, pr.Currency, pr.ISIN)
			}
			addMove(t, desc, pr.Currency, total, "TRANSACTION", ptr(pid), true)
			addMove(t, "DEGIRO Transaction and/or third party fees", "EUR", fee, "CASH_TRANSACTION", ptr(pid), true)
		}
		once := func(kind string, day int) bool {
			k := fmt.Sprintf("%s-%d", kind, d.Month())
			if d.Day() < day || done[k] {
				return false
			}
			done[k] = true
			return true
		}
		if d.Month()%3 == 2 && once("div-us", 15) {
			addMove(t, "Dividend", "USD", dec("4.80"), "CASH_TRANSACTION", ptr(331868), true)
			addMove(t, "Dividend Tax", "USD", dec("-0.72"), "CASH_TRANSACTION", ptr(331868), true)
			addMove(t.Add(time.Hour), "Dividend", "USD", dec("5.81"), "CASH_TRANSACTION", ptr(332214), true)
			addMove(t.Add(time.Hour), "Dividend Tax", "USD", dec("-0.87"), "CASH_TRANSACTION", ptr(332214), true)
			// FX rows come without an id.
			addMove(t.Add(2*time.Hour), "FX Debit", "USD", dec("-9.02"), "CASH_TRANSACTION", nil, false)
			addMove(t.Add(2*time.Hour), "FX Credit", "EUR", dec("8.29"), "CASH_TRANSACTION", nil, false)
		}
		if d.Month()%3 == 0 && once("div-eu", 20) {
			addMove(t, "Dividend", "EUR", dec("21.57"), "CASH_TRANSACTION", ptr(4586985), true)
		}
		if d.Month()%2 == 0 && once("interest", 28) {
			addMove(t, "Interest", "EUR", dec("1.14"), "CASH_TRANSACTION", nil, true)
		}
		if d.Month() == 1 && once("connection", 7) {
			addMove(t, "DEGIRO Exchange Connection Fee 2026 (Euronext Amsterdam - EAM)", "EUR", dec("-2.50"), "CASH_TRANSACTION", nil, true)
		}
		if d.Month() == day.AddDate(0, -1, 0).Month() && once("withdrawal", 12) {
			addMove(t, "Processed Flatex Withdrawal", "EUR", dec("-250.00"), "CASH_TRANSACTION", nil, true)
		}
		if once("sweep", 5) {
			addMove(t, "Degiro Cash Sweep Transfer", "EUR", dec("0.00"), "CASH_FUND_TRANSACTION", nil, true)
		}
	}
	return p
}

func kv(name string, v any) map[string]any {
	return map[string]any{"name": name, "value": v, "isAdded": true}
}

// update is the answer of GET /trading/secure/v5/update with portfolio,
// totalPortfolio and cashFunds.
func (p *portfolio) update(now time.Time) map[string]any {
	rows := []any{}
	for _, h := range p.positions {
		value := h.size.Mul(h.product.price)
		if h.product.ProductType == "BOND" {
			value = value.Div(decimal.NewFromInt(100))
		}
		rows = append(rows, map[string]any{"name": "positionrow", "id": h.product.ID, "isAdded": true, "value": []any{
			kv("id", h.product.ID), kv("positionType", "PRODUCT"), kv("size", num(h.size)), kv("price", num(h.product.price)),
			kv("value", num(value.Round(2))), kv("plBase", map[string]any{"EUR": num(h.size.Mul(h.breakEven).Neg().Round(2))}),
			kv("todayPlBase", map[string]any{"EUR": json.Number("0")}), kv("portfolioValueCorrection", json.Number("0")),
			kv("breakEvenPrice", num(h.breakEven)), kv("averageFxRate", json.Number("1")), kv("realizedProductPl", json.Number("0")),
			kv("realizedFxPl", json.Number("0")), kv("todayRealizedProductPl", json.Number("0")), kv("todayRealizedFxPl", json.Number("0")),
		}})
	}
	// A closed position and the cash fund row, which are not holdings.
	rows = append(rows, map[string]any{"name": "positionrow", "id": "1533610", "isAdded": true, "value": []any{
		kv("id", "1533610"), kv("positionType", "PRODUCT"), kv("size", json.Number("0")), kv("price", json.Number("31.8")),
		kv("value", json.Number("0")), kv("breakEvenPrice", json.Number("0"))}})
	rows = append(rows, map[string]any{"name": "positionrow", "id": "FLATEX_EUR", "isAdded": true, "value": []any{
		kv("id", "FLATEX_EUR"), kv("positionType", "CASH"), kv("size", num(p.cash["EUR"])), kv("price", json.Number("1")),
		kv("value", num(p.cash["EUR"]))}})
	funds := []any{}
	for i, cur := range []string{"EUR", "USD"} {
		funds = append(funds, map[string]any{"name": "cashFund", "id": fmt.Sprint(2 + i), "isAdded": true, "value": []any{
			kv("id", 2+i), kv("currencyCode", cur), kv("value", num(p.cash[cur])), kv("valueBaseCurr", num(p.cash[cur])), kv("rate", json.Number("1")),
		}})
	}
	ts := now.UnixMilli()
	return map[string]any{
		"portfolio":      map[string]any{"lastUpdated": ts, "name": "portfolio", "value": rows},
		"cashFunds":      map[string]any{"lastUpdated": ts, "name": "cashFunds", "value": funds},
		"totalPortfolio": map[string]any{"lastUpdated": ts, "name": "totalPortfolio", "value": []any{kv("degiroCash", json.Number("0")), kv("flatexCash", num(p.cash["EUR"])), kv("totalCash", num(p.cash["EUR"]))}},
	}
}
