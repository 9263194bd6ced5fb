package fake

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Num is a JSON number written exactly as its text, the way Tradier writes
// its numbers (17798.360000000000000000000).
type Num string

// MarshalJSON writes the number's text.
func (n Num) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// User is one login's data.
type User struct {
	ID, Name string
	Accounts []*Account
}

// Account is one account with everything the fake serves about it.
type Account struct {
	Number, Classification, Type string
	Positions                    []Position
	Events                       []Event // newest first
	Cash                         decimal.Decimal
}

// Position is one row of GET /v1/accounts/{id}/positions.
type Position struct {
	CostBasis    Num    `json:"cost_basis"`
	DateAcquired string `json:"date_acquired"`
	ID           int64  `json:"id"`
	Quantity     Num    `json:"quantity"`
	Symbol       string `json:"symbol"`
}

// Event is one row of GET /v1/accounts/{id}/history: amount, date, type,
// and the details under a key named after the type.
type Event struct {
	Amount Num
	Date   time.Time
	Type   string
	Detail map[string]any
}

// Security is an instrument the quotes endpoint knows.
type Security struct {
	Symbol, Description, Exch, Type string
	Last                            decimal.Decimal
	ContractSize                    int64
}

// Securities are the instruments of the fake's positions and trades.
var Securities = map[string]Security{
	"AAPL":               {"AAPL", "Apple Inc", "Q", "stock", dec("208.21"), 0},
	"SPY":                {"SPY", "SPDR S&P 500", "P", "etf", dec("512.64"), 0},
	"VTI":                {"VTI", "Vanguard Total Stock Market ETF", "P", "etf", dec("254.10"), 0},
	"VFIAX":              {"VFIAX", "Vanguard 500 Index Fund Admiral Shares", "U", "mutual_fund", dec("471.32"), 0},
	"TSLA":               {"TSLA", "Tesla Inc", "Q", "stock", dec("178.55"), 0},
	"SPY260320C00500000": {"SPY260320C00500000", "SPY Mar 20 2026 $500.00 Call", "Z", "option", dec("14.25"), 100},
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fixed writes d with the given decimals, as Tradier's tails of zeros.
func fixed(d decimal.Decimal, places int32) Num { return Num(d.StringFixed(places)) }

// Days is how many days of history the fake holds before its day.
const Days = 120

// Build makes the deterministic data of env (LiveID or SandboxID) for the
// UTC day that starts at day.
func Build(env string, day time.Time) *User {
	day = fakekit.Day(day)
	if env == SandboxID {
		u := &User{ID: "id-sbx-jpeterman", Name: "J. Peterman"}
		a := &Account{Number: "VA13978285", Classification: "individual", Type: "margin", Cash: dec("24870.15")}
		a.Positions = positions(day, 7001, []string{"AAPL", "SPY", "TSLA", "VTI", "SPY260320C00500000"},
			[]string{"10", "4", "-3", "12.5", "1"}, []string{"1702.50", "1880.20", "-590.10", "2860.00", "1225.00"})
		a.Events = history(day, 2, []string{"AAPL", "SPY", "TSLA"})
		u.Accounts = []*Account{a}
		return u
	}
	u := &User{ID: "id-ekramer", Name: "Elaine Kramer"}
	margin := &Account{Number: "6YA05708", Classification: "individual", Type: "margin", Cash: dec("6363.86")}
	margin.Positions = positions(day, 130089, []string{"AAPL", "SPY", "VTI", "TSLA", "SPY260320C00500000"},
		[]string{"25", "10", "15", "-5", "2"}, []string{"4312.50", "4702.10", "3411.90", "-950.40", "2410.00"})
	margin.Events = history(day, 1, []string{"AAPL", "SPY", "VTI", "TSLA"})
	ira := &Account{Number: "6YA05709", Classification: "traditional_ira", Type: "cash", Cash: dec("1310.00")}
	ira.Positions = positions(day, 140201, []string{"VFIAX"}, []string{"21.385"}, []string{"9104.27"})
	ira.Events = history(day, 9, []string{"VFIAX"})
	cash := &Account{Number: "6YA05710", Classification: "individual", Type: "cash", Cash: dec("250.00")}
	cash.Events = []Event{{Amount: "250.00", Date: day.AddDate(0, 0, -40), Type: "ach",
		Detail: map[string]any{"description": "ACH DEPOSIT", "quantity": Num("0.00000000")}}}
	u.Accounts = []*Account{margin, ira, cash}
	return u
}

func positions(day time.Time, id int64, syms, qty, cost []string) []Position {
	out := make([]Position, 0, len(syms))
	for i, s := range syms {
		out = append(out, Position{CostBasis: Num(cost[i]), Quantity: fixed(dec(qty[i]), 8), Symbol: s, ID: id + int64(i),
			DateAcquired: day.AddDate(0, -3, -i).Add(14*time.Hour + 41*time.Minute).Format("2006-01-02T15:04:05.000Z")})
	}
	return out
}

// history makes Days days of events before day for one account: a trade on
// every every-th weekday (buys, and sells every third), a deposit first, and
// dividends, interest, fees, tax, a withdrawal, journals, a wire, an option
// expiry, an adjustment and a check. Newest first, as Tradier lists them.
func history(day time.Time, every int, syms []string) []Event {
	var out []Event
	add := func(d time.Time, amount decimal.Decimal, typ string, detail map[string]any) {
		if detail["quantity"] == nil {
			detail["quantity"] = Num("0.00000000")
		}
		out = append(out, Event{Amount: fixed(amount, 2), Date: d, Type: typ, Detail: detail})
	}
	for w := range fakekit.Weekdays(day.AddDate(0, 0, -Days), Days) {
		d, wd := w.Date, w.N
		if wd == 1 {
			add(d, dec("50000"), "ach", map[string]any{"description": "ACH DEPOSIT"})
		}
		if wd%every == 0 {
			s := Securities[syms[wd%len(syms)]]
			px := s.Last.Add(decimal.NewFromInt(int64(wd%9 - 4))).Round(2)
			q := decimal.NewFromInt(int64(1 + wd%4))
			if wd%3 == 0 {
				q = q.Neg()
			}
			comm := decimal.Zero
			if wd%5 == 0 {
				comm = dec("0.35")
			}
			add(d, q.Mul(px).Neg().Sub(comm), "trade", map[string]any{"commission": fixed(comm, 10),
				"description": fmt.Sprintf("%s %s", map[bool]string{true: "SELL", false: "BUY"}[q.IsNegative()], s.Description),
				"price":       fixed(px, 6), "quantity": fixed(q, 8), "symbol": s.Symbol, "trade_type": "Equity"})
		}
		switch wd {
		case 9, 50:
			add(d, dec("6.24"), "dividend", map[string]any{"description": "APPLE INC CASH DIV ON 26 SHS"})
			add(d, dec("-0.94"), "tax", map[string]any{"description": "FOREIGN TAX WITHHELD"})
		case 20, 41, 62:
			add(d, dec("1.87"), "interest", map[string]any{"description": "INTEREST ON CREDIT BALANCE"})
		case 22:
			add(d, dec("-0.03"), "fee", map[string]any{"description": "REGULATORY FEE"})
		case 26: // two identical rows: ids must still differ
			add(d, dec("-0.05"), "fee", map[string]any{"description": "ORF FEE"})
			add(d, dec("-0.05"), "fee", map[string]any{"description": "ORF FEE"})
		case 31:
			add(d, dec("-1500"), "ach", map[string]any{"description": "ACH DISBURSEMENT"})
		case 33:
			add(d, dec("400"), "journal", map[string]any{"description": "JOURNAL FROM 6YA0****"})
		case 37:
			add(d, dec("-120"), "journal", map[string]any{"description": "JOURNAL TO 6YA0****"})
		case 44:
			add(d, dec("10000"), "wire", map[string]any{"description": "WIRE IN"})
		case 47:
			add(d, dec("0"), "option", map[string]any{"description": "SPY Feb 2026 $600 Put expired",
				"option_type": "OPTEXP", "quantity": Num("-1.00000000")})
		case 53:
			add(d, dec("0.12"), "adjustment", map[string]any{"description": "ADJUSTMENT"})
		case 58:
			add(d, dec("-75"), "check", map[string]any{"description": "CHECK DISBURSEMENT"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.After(out[j].Date) })
	return out
}
