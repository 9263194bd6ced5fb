package fake

import (
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Brokerage is a brokerage of the fake's catalogue (api.yaml, Brokerage).
type Brokerage struct {
	Slug, Name, DisplayName string
	Type                    string // brokerage_type.name
	Enabled                 bool
	Maintenance, Degraded   bool
	AllowsTrading           bool
}

// catalogue is what GET /brokerages serves: brokerages the broker access
// guide names (docs/broker-access-guide.md), under the slugs public apps
// use, and SnapTrade's sandbox.
var catalogue = []Brokerage{
	{Slug: "ALPACA", Name: "Alpaca", DisplayName: "Alpaca", Type: "Traditional Brokerage", Enabled: true, AllowsTrading: true},
	{Slug: "CHASE", Name: "Chase", DisplayName: "Chase", Type: "Traditional Brokerage", Enabled: true, Maintenance: true},
	{Slug: "FIDELITY", Name: "Fidelity", DisplayName: "Fidelity", Type: "Traditional Brokerage", Enabled: true},
	{Slug: "QUESTRADE", Name: "Questrade", DisplayName: "Questrade", Type: "Traditional Brokerage", Enabled: true},
	{Slug: "ROBINHOOD", Name: "Robinhood", DisplayName: "Robinhood", Type: "Traditional Brokerage", Enabled: true, Degraded: true},
	{Slug: "COINBASE", Name: "Coinbase", DisplayName: "Coinbase", Type: "Crypto Exchange", Enabled: true, AllowsTrading: true},
	{Slug: "SANDBOX", Name: "Sandbox", DisplayName: "SnapTrade Sandbox", Type: "Traditional Brokerage", Enabled: true},
	{Slug: "VANGUARD", Name: "Vanguard", DisplayName: "Vanguard US", Type: "Traditional Brokerage", Enabled: true},
	{Slug: "WEBULL", Name: "Webull", DisplayName: "Webull US", Type: "Traditional Brokerage", Enabled: true, AllowsTrading: true},
	{Slug: "WEBULL-CANADA", Name: "Webull Canada", DisplayName: "Webull Canada", Type: "Traditional Brokerage", Enabled: true, AllowsTrading: true},
	{Slug: "OLDBROKER", Name: "Old Broker", DisplayName: "Old Broker", Type: "Traditional Brokerage", Enabled: false},
}

func brokerage(slug string) (Brokerage, bool) {
	for _, b := range catalogue {
		if b.Slug == slug {
			return b, true
		}
	}
	return Brokerage{}, false
}

// The seeded user: every key starts with three connections, made earlier
// in SnapTrade's dashboard. Logging in again at the same brokerage with
// the same login returns the existing connection (SnapTrade de-dupes).
const (
	WebullLogin   = "alex.webull"   // Webull Canada: TFSA (CAD) and margin (USD), realtime
	FidelityLogin = "alex.fidelity" // Fidelity: individual and Roth IRA (USD), delayed (daily)
	VanguardLogin = "alex.vanguard" // Vanguard US: disabled
)

// Portal logins that fail (docs/implement-connection-portal.md, Common
// Error Codes).
const (
	WrongPasswordLogin = "wrong-password" // ERROR 403, code 1066
	BadCodeLogin       = "bad-code"       // ERROR 400, code 1086
	UnreachableLogin   = "unreachable"    // ERROR 500, code 3000
)

// uuid is a stable UUID-shaped id for name.
func uuid(name string) string {
	h := sha256.Sum256([]byte(name))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// The seeded connections' ids.
var (
	WebullAuthID   = uuid("auth/webull-canada")
	FidelityAuthID = uuid("auth/fidelity")
	VanguardAuthID = uuid("auth/vanguard")
)

// Authorization is one connection of a user.
type Authorization struct {
	ID, Slug, Login string
	Name            string // "Connection-1"
	Created         time.Time
	Updated         time.Time
	Disabled        bool
	DisabledAt      time.Time
	Freshness       string // "realtime" or "delayed"
	Accounts        []*Account
	LastRefresh     time.Time
	Refreshes       int
}

// Account is one account of a connection.
type Account struct {
	ID, Number, Name, RawType, Category, Currency string
	Cash, BuyingPower                             decimal.Decimal
	Positions                                     []Position
	Activities                                    []Activity // newest first
	HoldingsUnavailable                           bool
}

// Position is one AccountPosition.
type Position struct {
	Kind, Symbol, Description, Currency, Exchange string
	Units, Price, CostBasis                       decimal.Decimal
	CashEquivalent                                bool
	// options
	OptionType, Expiry string
	Strike             decimal.Decimal
	Underlying         string
}

// Value is the position's market value (options × 100).
func (p Position) Value() decimal.Decimal {
	v := p.Units.Mul(p.Price)
	if p.Kind == "option" {
		v = v.Mul(decimal.NewFromInt(100))
	}
	return v
}

// Activity is one AccountUniversalActivity.
type Activity struct {
	ID, Type, OptionType, Symbol, Currency, Description string
	Trade                                               time.Time
	Settle                                              time.Time
	Units, Price, Amount, Fee                           decimal.Decimal
}

// Total is the account's value: cash plus positions not counted in cash.
func (a *Account) Total() decimal.Decimal {
	t := a.Cash
	for _, p := range a.Positions {
		if !p.CashEquivalent {
			t = t.Add(p.Value())
		}
	}
	return t
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// seed returns the user's three connections as of now.
func seed(now time.Time) []*Authorization {
	day := fakekit.Day(now)
	webull := &Authorization{ID: WebullAuthID, Slug: "WEBULL-CANADA", Login: WebullLogin, Name: "Connection-1",
		Created: day.AddDate(-2, 0, 0), Updated: day.AddDate(0, 0, -1), Freshness: "realtime"}
	webull.Accounts = []*Account{
		{ID: uuid("acct/webull-tfsa"), Number: "5WC10418832", Name: "Webull TFSA", RawType: "TFSA", Category: "INVESTMENT", Currency: "CAD",
			Cash: d("1250.40"), BuyingPower: d("1250.40"),
			Positions: []Position{
				{Kind: "etf", Symbol: "VFV.TO", Description: "Vanguard S&P 500 Index ETF", Currency: "CAD", Exchange: "XTSE", Units: d("40"), Price: d("140.12"), CostBasis: d("118.20")},
				{Kind: "etf", Symbol: "XEQT.TO", Description: "iShares Core Equity ETF Portfolio", Currency: "CAD", Exchange: "XTSE", Units: d("100"), Price: d("31.45"), CostBasis: d("27.90")},
				{Kind: "stock", Symbol: "SHOP.TO", Description: "Shopify Inc.", Currency: "CAD", Exchange: "XTSE", Units: d("12"), Price: d("98.76"), CostBasis: d("85.10")},
			}},
		{ID: uuid("acct/webull-margin"), Number: "5WC20977615", Name: "Webull Margin", RawType: "Margin", Category: "INVESTMENT", Currency: "USD",
			Cash: d("820.15"), BuyingPower: d("1640.30"),
			Positions: []Position{
				{Kind: "stock", Symbol: "AAPL", Description: "Apple Inc.", Currency: "USD", Exchange: "XNAS", Units: d("15"), Price: d("212.50"), CostBasis: d("180.25")},
				{Kind: "etf", Symbol: "VOO", Description: "Vanguard S&P 500 ETF", Currency: "USD", Exchange: "ARCX", Units: d("3.5"), Price: d("512.34"), CostBasis: d("430")},
				{Kind: "option", Symbol: "AAPL  260619C00200000", Description: "AAPL Jun 19 2026 200 Call", Currency: "USD", Units: d("1"), Price: d("14.35"), CostBasis: d("9.80"),
					OptionType: "CALL", Expiry: "2026-06-19", Strike: d("200"), Underlying: "AAPL"},
				{Kind: "mutualfund", Symbol: "SPAXX", Description: "Fidelity Government Money Market", Currency: "USD", Units: d("500"), Price: d("1"), CashEquivalent: true},
			}},
	}
	fidelity := &Authorization{ID: FidelityAuthID, Slug: "FIDELITY", Login: FidelityLogin, Name: "Connection-2",
		Created: day.AddDate(-1, -2, 0), Updated: day.AddDate(0, 0, -2), Freshness: "delayed"}
	fidelity.Accounts = []*Account{
		{ID: uuid("acct/fidelity-individual"), Number: "Z23884120", Name: "Individual", RawType: "Individual", Category: "INVESTMENT", Currency: "USD",
			Cash: d("310.00"), BuyingPower: d("310.00"),
			Positions: []Position{
				{Kind: "mutualfund", Symbol: "FXAIX", Description: "Fidelity 500 Index Fund", Currency: "USD", Units: d("30.5"), Price: d("201.33"), CostBasis: d("160.02")},
				{Kind: "stock", Symbol: "MSFT", Description: "Microsoft Corporation", Currency: "USD", Exchange: "XNAS", Units: d("4"), Price: d("415.10"), CostBasis: d("300")},
			}},
		{ID: uuid("acct/fidelity-roth"), Number: "238765432", Name: "Roth IRA", RawType: "ROTH_IRA", Category: "INVESTMENT", Currency: "USD",
			Cash: d("55.12"), BuyingPower: d("55.12"),
			Positions: []Position{
				{Kind: "etf", Symbol: "VTI", Description: "Vanguard Total Stock Market ETF", Currency: "USD", Exchange: "ARCX", Units: d("22"), Price: d("268.90"), CostBasis: d("201.40")},
			}},
	}
	vanguard := &Authorization{ID: VanguardAuthID, Slug: "VANGUARD", Login: VanguardLogin, Name: "Connection-3",
		Created: day.AddDate(-1, 0, 0), Updated: day.AddDate(0, 0, -12), Freshness: "realtime",
		Disabled: true, DisabledAt: day.AddDate(0, 0, -12).Add(15*time.Hour + 11*time.Minute)}
	vanguard.Accounts = []*Account{
		{ID: uuid("acct/vanguard-brokerage"), Number: "87654321", Name: "Brokerage Account", RawType: "Individual", Category: "INVESTMENT", Currency: "USD",
			Cash: d("1020.00"), BuyingPower: d("1020.00"),
			Positions: []Position{
				{Kind: "mutualfund", Symbol: "VTSAX", Description: "Vanguard Total Stock Market Index Fund Admiral", Currency: "USD", Units: d("61.7"), Price: d("139.55"), CostBasis: d("101.20")},
			}},
	}
	webull.Accounts[0].Activities = history("webull-tfsa", day, "CAD", []string{"VFV.TO", "XEQT.TO", "SHOP.TO"}, 70)
	webull.Accounts[1].Activities = history("webull-margin", day, "USD", []string{"AAPL", "VOO"}, 55)
	fidelity.Accounts[0].Activities = history("fidelity-individual", day, "USD", []string{"FXAIX", "MSFT"}, 20)
	fidelity.Accounts[1].Activities = history("fidelity-roth", day, "USD", []string{"VTI"}, 8)
	vanguard.Accounts[0].Activities = history("vanguard", day, "USD", []string{"VTSAX"}, 6)
	return []*Authorization{webull, fidelity, vanguard}
}

// newConnection is what a portal login at another brokerage makes: one
// account with a position and a little history.
func newConnection(id, slug, login string, n int, now time.Time) *Authorization {
	day := fakekit.Day(now)
	a := &Authorization{ID: id, Slug: slug, Login: login, Name: fmt.Sprintf("Connection-%d", n), Created: now, Updated: now, Freshness: "realtime"}
	acct := &Account{ID: uuid("acct/" + id), Number: fmt.Sprintf("%08d", 10000000+n*7919), Name: "Individual", RawType: "Individual",
		Category: "INVESTMENT", Currency: "USD", Cash: d("100.00"), BuyingPower: d("100.00"),
		Positions: []Position{{Kind: "etf", Symbol: "SPY", Description: "SPDR S&P 500 ETF Trust", Currency: "USD", Exchange: "ARCX",
			Units: d("2"), Price: d("560.12"), CostBasis: d("500")}}}
	acct.Activities = history("new/"+id, day, "USD", []string{"SPY"}, 4)
	a.Accounts = []*Account{acct}
	return a
}

// history is n activities of an account, newest first, in a cycle that
// covers SnapTrade's types (BUY, SELL, DIVIDEND, CONTRIBUTION, WITHDRAWAL,
// REI, INTEREST, FEE, TAX, TRANSFER both ways, SPLIT, STOCK_DIVIDEND, and a
// raw type SnapTrade passes through, as docs/sandbox.md says it may).
func history(name string, day time.Time, cur string, symbols []string, n int) []Activity {
	out := make([]Activity, 0, n)
	for i := range n {
		t := day.AddDate(0, 0, -7*(i+1)).Add(14*time.Hour + 30*time.Minute)
		sym := symbols[i%len(symbols)]
		a := Activity{ID: uuid(fmt.Sprintf("act/%s/%d", name, i)), Currency: cur, Trade: t, Settle: t.AddDate(0, 0, 1).Truncate(24 * time.Hour)}
		price := d("50").Add(decimal.NewFromInt(int64(i % 17)))
		switch i % 14 {
		case 0, 7:
			a.Type, a.Symbol, a.Units, a.Price = "BUY", sym, d("2"), price
			a.Amount, a.Fee = price.Mul(d("2")).Neg().Sub(d("0.99")), d("0.99")
			a.Description = "Bought 2 " + sym
		case 1:
			a.Type, a.Symbol, a.Units, a.Price = "SELL", sym, d("1"), price
			a.Amount, a.Fee = price.Sub(d("0.99")), d("0.99")
			a.Description = "Sold 1 " + sym
		case 2:
			a.Type, a.Symbol, a.Amount, a.Description = "DIVIDEND", sym, d("4.21"), "Dividend "+sym
		case 3:
			a.Type, a.Amount, a.Description = "CONTRIBUTION", d("500"), "Deposit"
		case 4:
			a.Type, a.Amount, a.Description = "INTEREST", d("0.37"), "Credit interest"
		case 5:
			a.Type, a.Amount, a.Description = "FEE", d("-4.95"), "Account fee"
		case 6:
			a.Type, a.Symbol, a.Amount, a.Description = "TAX", sym, d("-0.63"), "Withholding tax "+sym
		case 8:
			a.Type, a.Symbol, a.Units, a.Price, a.Amount, a.Description = "REI", sym, d("0.05"), price, price.Mul(d("0.05")).Neg(), "Dividend reinvested "+sym
		case 9:
			a.Type, a.Amount, a.Description = "WITHDRAWAL", d("-150"), "Withdrawal"
		case 10:
			a.Type, a.Amount, a.Description = "TRANSFER", d("-75"), "Transfer to another account"
		case 11:
			a.Type, a.Amount, a.Description = "TRANSFER", d("120"), "Transfer from another account"
		case 12:
			a.Type, a.Symbol, a.Units, a.Description = "SPLIT", sym, d("3"), "Stock split "+sym
		case 13:
			if i%28 == 13 {
				a.Type, a.Symbol, a.Units, a.Description = "STOCK_DIVIDEND", sym, d("0.2"), "Stock dividend "+sym
			} else {
				a.Type, a.Description = "MARGIN_INTEREST_ADJ", "Broker adjustment passed through as its raw type"
			}
		}
		out = append(out, a)
	}
	return out
}
