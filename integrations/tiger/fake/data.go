package fake

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The data follows the official SDK's documented answers (tigeropen's
// tests/test_trade_client.py): account ids of 5–10 digits for standard
// accounts, 17 for paper ones, U… for global ones; positions with
// position, positionScale and positionQty; prime_assets segments with
// currencyAssets; order_transactions with filledQuantity and its scale,
// transactionTime in milliseconds and nextPageToken.

// developer is a registered Tiger ID.
type developer struct {
	license  string
	accounts []acctSpec
}

type acctSpec struct {
	number, typ, capability, base string
	seed                          int
}

// Test developers.
const (
	TigerID   = "20150129" // licence TBSG: no token
	HKTigerID = "20150130" // licence TBHK: token required
)

var developers = map[string]developer{
	TigerID: {license: "TBSG", accounts: []acctSpec{
		{"50129912", "STANDARD", "MGRN", "USD", 1},
		{"50129913", "STANDARD", "CASH", "SGD", 2},
		{"20191106192858300", "PAPER", "MGRN", "USD", 3},
		{"U12300123", "GLOBAL", "MGRN", "USD", 4},
	}},
	HKTigerID: {license: "TBHK", accounts: []acctSpec{
		{"8810001", "STANDARD", "MGRN", "HKD", 5},
		{"8810002", "STANDARD", "CASH", "HKD", 6},
	}},
}

// standard reports whether an account is one Latchkey reads.
func (a acctSpec) standard() bool { return a.typ == "STANDARD" }

type holding struct {
	symbol, identifier, name, market, secType, currency string
	position, scale                                     int64
	avg, last, multiplier                               string
}

var holdings = map[int][]holding{
	1: {
		{"AAPL", "AAPL", "Apple Inc", "US", "STK", "USD", 50, 0, "150.10", "189.25", "1"},
		{"NVDA", "NVDA", "NVIDIA", "US", "STK", "USD", 773, 5, "129.45", "183.52", "1"},
		{"00700", "00700", "TENCENT", "HK", "STK", "HKD", 300, 0, "310.20", "402.60", "1"},
		{"AAPL", "AAPL  270115C00200000", "AAPL 270115 200.0 CALL", "US", "OPT", "USD", 2, 0, "4.10", "5.35", "100"},
		{"ES", "ES2606", "E-mini S&P 500 2606", "US", "FUT", "USD", 1, 0, "5300.00", "5318.50", "50"},
	},
	2: {
		{"D05", "D05", "DBS", "SG", "STK", "SGD", 400, 0, "33.10", "37.42", "1"},
		{"SPY", "SPY", "SPDR S&P 500 ETF", "US", "STK", "USD", 10, 0, "440.00", "512.34", "1"},
	},
	5: {
		{"00700", "00700", "TENCENT", "HK", "STK", "HKD", 500, 0, "310.20", "402.60", "1"},
		{"09988", "09988", "BABA-W", "HK", "STK", "HKD", 1200, 0, "76.40", "81.15", "1"},
		{"TSLA", "TSLA", "Tesla", "US", "STK", "USD", 15, 0, "212.40", "175.10", "1"},
	},
	6: {
		{"02800", "02800", "TRACKER FUND", "HK", "STK", "HKD", 2000, 0, "17.80", "18.92", "1"},
	},
}

type wirePosition struct {
	Symbol        string  `json:"symbol"`
	Market        string  `json:"market"`
	ContractID    int64   `json:"contractId"`
	SecType       string  `json:"secType"`
	Account       string  `json:"account"`
	Position      int64   `json:"position"`
	PositionScale int64   `json:"positionScale"`
	PositionQty   num     `json:"positionQty"`
	SalableQty    num     `json:"salableQty"`
	AverageCost   num     `json:"averageCost"`
	UnrealizedPnl num     `json:"unrealizedPnl"`
	RealizedPnl   num     `json:"realizedPnl"`
	MarketValue   num     `json:"marketValue"`
	Currency      string  `json:"currency"`
	Multiplier    num     `json:"multiplier"`
	Status        int     `json:"status"`
	Identifier    string  `json:"identifier"`
	Name          string  `json:"name,omitempty"`
	LatestPrice   num     `json:"latestPrice"`
	UpdateTS      int64   `json:"updateTimestamp"`
	ComboTypes    []any   `json:"comboTypes"`
	Categories    []any   `json:"categories"`
	TodayPnl      float64 `json:"todayPnl"`
}

// num is a decimal written as a JSON number, as Tiger writes amounts.
type num string

func (n num) MarshalJSON() ([]byte, error) { return []byte(n), nil }

type wireSegment struct {
	Capability     string          `json:"capability"`
	Category       string          `json:"category"`
	Currency       string          `json:"currency"`
	CashBalance    num             `json:"cashBalance"`
	CashAvailable  num             `json:"cashAvailableForTrade"`
	GrossPosition  num             `json:"grossPositionValue"`
	EquityWithLoan num             `json:"equityWithLoan"`
	NetLiquidation num             `json:"netLiquidation"`
	BuyingPower    num             `json:"buyingPower"`
	Leverage       num             `json:"leverage"`
	CurrencyAssets []currencyAsset `json:"currencyAssets"`
}

type currencyAsset struct {
	Currency      string `json:"currency"`
	CashBalance   num    `json:"cashBalance"`
	CashAvailable num    `json:"cashAvailableForTrade"`
	ForexRate     num    `json:"forexRate"`
}

type wireTransaction struct {
	ID              int64  `json:"id"`
	AccountID       int64  `json:"accountId"`
	OrderID         int64  `json:"orderId"`
	SecType         string `json:"secType"`
	Symbol          string `json:"symbol"`
	Currency        string `json:"currency"`
	Market          string `json:"market"`
	Action          string `json:"action"`
	FilledQuantity  int64  `json:"filledQuantity"`
	FilledQtyScale  int64  `json:"filledQuantityScale"`
	FilledPrice     num    `json:"filledPrice"`
	FilledAmount    num    `json:"filledAmount"`
	TransactedAt    string `json:"transactedAt"`
	TransactionTime int64  `json:"transactionTime"`
}

// wireFunding is a transfer_fund record as Tiger's Java reference
// documents it ("Deposit & Withdrawal Records": id, refId, type, typeDesc,
// currency, amount, businessDate as "2024/11/15", completedStatus,
// createdAt, updatedAt).
type wireFunding struct {
	ID              int64  `json:"id"`
	RefID           string `json:"refId,omitempty"`
	Type            int    `json:"type"`
	TypeDesc        string `json:"typeDesc"`
	Currency        string `json:"currency"`
	Amount          num    `json:"amount"`
	BusinessDate    string `json:"businessDate"`
	CompletedStatus bool   `json:"completedStatus"`
	CreatedAt       int64  `json:"createdAt"`
	UpdatedAt       int64  `json:"updatedAt"`
}

// wireDetail is a fund_details entry as the Java reference documents it
// ("Fund Details": id as a string, currency, type in words, segType,
// amount signed, businessDate "2025-03-25", updatedAt; desc and
// contractName where they apply). fundType is the kind it is filed under
// (the request's fund_type), not sent.
type wireDetail struct {
	ID           string `json:"id"`
	Currency     string `json:"currency"`
	Type         string `json:"type"`
	Desc         string `json:"desc,omitempty"`
	ContractName string `json:"contractName,omitempty"`
	SegType      string `json:"segType"`
	Amount       num    `json:"amount"`
	BusinessDate string `json:"businessDate"`
	UpdatedAt    int64  `json:"updatedAt"`
	fundType     string
	withdrawFee  bool // a withdrawal fee transfer_fund lists too
}

// account is one account's data on a day.
type account struct {
	acctSpec
	positions []wirePosition
	segments  []wireSegment
	txns      []wireTransaction
	funding   []wireFunding // oldest first
	details   []wireDetail  // newest first, as the reference's sample
}

// readKinds are the fund_details kinds whose entries Latchkey shows: the
// others are fills (TRADE), deposits and withdrawals transfer_fund gives
// (DEPOSIT_WITHDRAW), or moves within the account (FUNDS_TRANSFER, FOREX).
var readKinds = map[string]bool{"FEE": true, "CORPORATE_ACTION": true, "ACTIVITY_AWARD": true, "OTHER": true}

// shown says how many funding records and fund_details entries Latchkey
// reads of the account: the completed records, the entries of readKinds in
// the SEC and FUT segments but the withdrawal fee transfer_fund lists too.
func (a account) shown() int {
	n := 0
	for _, f := range a.funding {
		if f.CompletedStatus {
			n++
		}
	}
	for _, d := range a.details {
		if readKinds[d.fundType] && !d.withdrawFee && (d.SegType == "SEC" || d.SegType == "FUT") {
			n++
		}
	}
	return n
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var shanghai = time.FixedZone("CST", 8*3600)

// build makes an account's data, anchored to day (UTC midnight).
func build(a acctSpec, day time.Time) account {
	out := account{acctSpec: a}
	mv := map[string]decimal.Decimal{}
	for i, h := range holdings[a.seed] {
		qty := decimal.NewFromInt(h.position).Shift(-int32(h.scale))
		last, avg, mult := dec(h.last), dec(h.avg), dec(h.multiplier)
		value := qty.Mul(last).Mul(mult)
		if h.secType != "FUT" {
			mv[h.currency] = mv[h.currency].Add(value)
		}
		out.positions = append(out.positions, wirePosition{
			Symbol: h.symbol, Market: h.market, ContractID: int64(100 + a.seed*10 + i), SecType: h.secType, Account: a.number,
			Position: h.position, PositionScale: h.scale, PositionQty: num(qty.String()), SalableQty: num(qty.String()),
			AverageCost: num(avg.String()), UnrealizedPnl: num(value.Sub(qty.Mul(avg).Mul(mult)).StringFixed(2)), RealizedPnl: "0.0",
			MarketValue: num(value.StringFixed(4)), Currency: h.currency, Multiplier: num(mult.String()), Identifier: h.identifier,
			Name: h.name, LatestPrice: num(last.String()), UpdateTS: day.Add(8 * time.Hour).UnixMilli(), ComboTypes: []any{}, Categories: []any{},
		})
	}
	// Cash per currency; the securities segment in the base currency
	// values everything at fixed rates to the base.
	rates := map[string]decimal.Decimal{"USD": dec("1"), "HKD": dec("0.1279"), "SGD": dec("0.7412")}
	toBase := func(amount decimal.Decimal, cur string) decimal.Decimal {
		return amount.Mul(rates[cur]).Div(rates[a.base]).Round(2)
	}
	cash := map[string]decimal.Decimal{a.base: dec("7198.59").Add(decimal.NewFromInt(int64(a.seed) * 1000))}
	if a.base != "USD" {
		cash["USD"] = dec("1123.95")
	}
	var assets []currencyAsset
	cashBase, total := decimal.Zero, decimal.Zero
	curs := []string{a.base}
	if a.base != "USD" {
		curs = append(curs, "USD")
	}
	for _, cur := range curs {
		c := cash[cur]
		assets = append(assets, currencyAsset{Currency: cur, CashBalance: num(c.StringFixed(2)), CashAvailable: num(c.StringFixed(2)),
			ForexRate: num(rates[cur].Div(rates[a.base]).StringFixed(4))})
		cashBase = cashBase.Add(toBase(c, cur))
	}
	total = cashBase
	for cur, v := range mv {
		total = total.Add(toBase(v, cur))
	}
	bp := cashBase
	if a.capability == "MGRN" {
		bp = cashBase.Mul(dec("3.2")).Round(2)
	}
	out.segments = []wireSegment{{Capability: map[string]string{"MGRN": "RegTMargin", "CASH": "Cash"}[a.capability], Category: "S",
		Currency: a.base, CashBalance: num(cashBase.StringFixed(2)), CashAvailable: num(cashBase.StringFixed(2)),
		GrossPosition: num(total.Sub(cashBase).StringFixed(2)), EquityWithLoan: num(total.StringFixed(2)),
		NetLiquidation: num(total.StringFixed(2)), BuyingPower: num(bp.StringFixed(2)), Leverage: "0.08", CurrencyAssets: assets}}
	if a.capability == "MGRN" {
		out.segments = append(out.segments, wireSegment{Capability: "RegTMargin", Category: "C", Currency: "USD",
			CashBalance: "2302.46", CashAvailable: "2302.46", GrossPosition: "0.00", EquityWithLoan: "2302.46",
			NetLiquidation: "2302.46", BuyingPower: "2302.46", Leverage: "0", CurrencyAssets: []currencyAsset{
				{Currency: "USD", CashBalance: "2302.46", CashAvailable: "2302.46", ForexRate: "1.0"}}})
	}
	// Fills over the last 300 days, newest first as the SDK's sample.
	hs := holdings[a.seed]
	for i := range 45 * min(len(hs), 1) {
		h := hs[i%len(hs)]
		at := day.AddDate(0, 0, -300+i*6+a.seed%4).Add(time.Duration(13+i%6)*time.Hour + 30*time.Minute + time.Duration(i)*time.Second)
		action := "BUY"
		if i%3 == 2 {
			action = "SELL"
		}
		qty := int64(1 + (i*7+a.seed)%20)
		price := dec(h.last).Sub(decimal.NewFromInt(int64(i % 9))).Abs()
		if price.IsZero() {
			price = dec("1")
		}
		amount := decimal.NewFromInt(qty).Mul(price).Mul(dec(h.multiplier)).Round(2)
		id := int64(41063075987197952) + int64(a.seed)*1000000 + int64(i)*1000
		out.txns = append(out.txns, wireTransaction{ID: id, AccountID: acctNumber(a.number), OrderID: id - 12048, SecType: h.secType,
			Symbol: h.identifier, Currency: h.currency, Market: h.market, Action: action, FilledQuantity: qty,
			FilledPrice: num(price.String()), FilledAmount: num(amount.String()),
			TransactedAt: at.In(shanghai).Format("2006-01-02 15:04:05"), TransactionTime: at.UnixMilli()})
	}
	slices.Reverse(out.txns)
	if len(hs) > 0 {
		out.funding, out.details = cashflows(a, day, out.txns)
	}
	return out
}

// cashflows makes an account's deposits and withdrawals (transfer_fund)
// and its fund_details entries: the same deposits and withdrawals filed
// under DEPOSIT_WITHDRAW but the withdrawal fee, filed under FEE (where
// Tiger files it is not verified: the fake takes the case that would count
// it twice), a TRADE entry for some fills, quarterly dividends
// with their withholding tax, fees (one in the futures segment for a
// margin account), a financing interest entry spelled as Tiger's sample
// spells it, an activity award, and an internal transfer between segments.
func cashflows(a acctSpec, day time.Time, txns []wireTransaction) ([]wireFunding, []wireDetail) {
	at := func(daysAgo int) time.Time {
		return day.AddDate(0, 0, -daysAgo).Add(9*time.Hour + time.Duration(a.seed)*time.Minute)
	}
	base := int64(24924145879575129) + int64(a.seed)*100000
	fund := func(i, daysAgo, typ int, desc, amount string, done bool) wireFunding {
		t := at(daysAgo)
		return wireFunding{ID: base + int64(i), Type: typ, TypeDesc: desc, Currency: a.base, Amount: num(amount),
			BusinessDate: t.In(shanghai).Format("2006/01/02"), CompletedStatus: done, CreatedAt: t.UnixMilli(), UpdatedAt: t.Add(time.Hour).UnixMilli()}
	}
	funding := []wireFunding{
		fund(1, 290, 1, "Deposit", "300000", true),
		fund(2, 150, 1, "Deposit", "2500.5", true),
		fund(3, 60, 3, "Withdrawal", "1200", true),
		fund(4, 60, 20, "Withdrawal Fee", "5", true),
		fund(5, 1, 1, "Deposit", "800", false), // still processing
	}
	var details []wireDetail
	n := 0
	addAt := func(kind string, t time.Time, words, seg, amount, contract string) {
		n++
		details = append(details, wireDetail{ID: fmt.Sprint(3969803304 + int64(a.seed)*100000 + int64(n)), Currency: a.base, Type: words,
			ContractName: contract, SegType: seg, Amount: num(amount), BusinessDate: t.In(shanghai).Format(time.DateOnly),
			UpdatedAt: t.UnixMilli(), fundType: kind})
	}
	add := func(kind string, daysAgo int, words, seg, amount, contract string) {
		addAt(kind, at(daysAgo), words, seg, amount, contract)
	}
	for _, f := range funding {
		if f.CompletedStatus {
			amt := string(f.Amount)
			if f.Type != 1 {
				amt = "-" + amt
			}
			kind := "DEPOSIT_WITHDRAW"
			if f.Type == 20 {
				kind = "FEE" // filed among the fees as well (not verified)
			}
			addAt(kind, time.UnixMilli(f.CreatedAt), f.TypeDesc, "SEC", amt, "")
			details[len(details)-1].withdrawFee = f.Type == 20
		}
	}
	for i, t := range txns[:3] {
		amt := string(t.FilledAmount)
		if t.Action == "BUY" {
			amt = "-" + amt
		}
		add("TRADE", 5+i, "Stock Trade", "SEC", amt, t.Symbol)
	}
	sym := holdings[a.seed][0].symbol
	for q := range 3 {
		add("CORPORATE_ACTION", 250-q*91, "Cash Dividend", "SEC", fmt.Sprintf("%d.%02d", 12+a.seed, 40+q), sym)
		add("CORPORATE_ACTION", 250-q*91, "Dividend Tax", "SEC", fmt.Sprintf("-%d.%02d", 3+a.seed, 72+q), sym)
	}
	add("FEE", 200, "Platform Fee", "SEC", "-1.99", "")
	add("FEE", 120, "ADR Fee", "SEC", "-0.25", sym)
	add("OTHER", 40, "Financing Tnterest", "SEC", "-2.43", "")
	add("ACTIVITY_AWARD", 30, "Activity Award", "SEC", "10", "")
	add("FUNDS_TRANSFER", 20, "Internal Funds Transfer Out", "SEC", "-1", "")
	add("FUNDS_TRANSFER", 20, "Internal Funds Transfer In", "FUT", "1", "")
	if a.capability == "MGRN" {
		add("FEE", 15, "Futures Exchange Fee", "FUT", "-2.1", "ES")
	}
	slices.SortStableFunc(details, func(x, y wireDetail) int { return strings.Compare(y.BusinessDate, x.BusinessDate) })
	return funding, details
}

func acctNumber(s string) int64 {
	var n int64
	_, _ = fmt.Sscan(s, &n)
	return n
}

// portfolio returns a developer's accounts on a day.
func portfolio(tigerID string, day time.Time) []account {
	d, ok := developers[tigerID]
	if !ok {
		return nil
	}
	out := make([]account, 0, len(d.accounts))
	for _, a := range d.accounts {
		out = append(out, build(a, day))
	}
	return out
}
