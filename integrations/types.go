package integrations

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Category is what an account is for.
type Category string

// Account categories.
const (
	CategoryInvestment Category = "investment"
	CategoryCash       Category = "cash"
	CategoryCrypto     Category = "crypto"
	CategoryRetirement Category = "retirement"
)

// Account is one account held at an institution.
type Account struct {
	ID       string   `json:"id"`     // the institution's account id (or a stable hash of it)
	Number   string   `json:"number"` // masked: never the full number, e.g. "••••1234"
	Name     string   `json:"name"`
	RawType  string   `json:"raw_type"`
	Category Category `json:"category"`
	Currency string   `json:"currency"` // base currency, ISO 4217 or a crypto code
	Status   string   `json:"status"`   // "open", "closed", or the institution's word
	Paper    bool     `json:"paper"`
}

// Balance is an account's balance in one currency.
type Balance struct {
	Currency    string              `json:"currency"`
	Cash        decimal.Decimal     `json:"cash"`
	BuyingPower decimal.NullDecimal `json:"buying_power"`
	Total       decimal.Decimal     `json:"total"` // cash plus market value of holdings
	// FXRate, when the institution reports one, is how many units of the
	// account's currency (Account.Currency) one unit of this balance's
	// currency is worth by the institution's own rate. The app prefers it
	// to reference rates when converting this account's balance.
	FXRate decimal.NullDecimal `json:"fx_rate,omitzero"`
}

// SecurityType classifies a position's instrument.
type SecurityType string

// Security types.
const (
	SecurityEquity SecurityType = "equity"
	SecurityETF    SecurityType = "etf"
	SecurityFund   SecurityType = "fund"
	SecurityOption SecurityType = "option"
	SecurityCrypto SecurityType = "crypto"
	SecurityBond   SecurityType = "bond"
	SecurityCash   SecurityType = "cash"
	SecurityOther  SecurityType = "other"
)

// Symbol identifies an instrument.
type Symbol struct {
	Ticker      string       `json:"ticker"`
	Description string       `json:"description"`
	Type        SecurityType `json:"type"`
	Exchange    string       `json:"exchange,omitempty"`
	Currency    string       `json:"currency"`
	ISIN        string       `json:"isin,omitempty"`
	CUSIP       string       `json:"cusip,omitempty"`
}

// Position is a holding in an account. Units are negative for a short position.
type Position struct {
	Symbol      Symbol              `json:"symbol"`
	Units       decimal.Decimal     `json:"units"`
	Price       decimal.Decimal     `json:"price"`
	MarketValue decimal.Decimal     `json:"market_value"`
	AverageCost decimal.NullDecimal `json:"average_cost"`
	CostBasis   decimal.NullDecimal `json:"cost_basis"`
	Currency    string              `json:"currency"`
	AsOf        time.Time           `json:"as_of"`
	// PriceUnknown is true when the units are known but the price could not
	// be read (a quote call failed): Price and MarketValue are then zero and
	// must not be counted as a value of zero.
	PriceUnknown bool `json:"price_unknown,omitempty"`
}

// ActivityType is the universal type of an account activity.
type ActivityType string

// Universal activity types. Raw types an integration does not know map to
// ActivityOther and keep the raw text in Activity.RawType.
const (
	ActivityBuy          ActivityType = "BUY"
	ActivitySell         ActivityType = "SELL"
	ActivityDividend     ActivityType = "DIVIDEND"
	ActivityInterest     ActivityType = "INTEREST"
	ActivityFee          ActivityType = "FEE"
	ActivityTax          ActivityType = "TAX"
	ActivityContribution ActivityType = "CONTRIBUTION"
	ActivityWithdrawal   ActivityType = "WITHDRAWAL"
	ActivityTransferIn   ActivityType = "TRANSFER_IN"
	ActivityTransferOut  ActivityType = "TRANSFER_OUT"
	ActivitySplit        ActivityType = "SPLIT"
	ActivityReinvest     ActivityType = "REI"
	ActivityOther        ActivityType = "OTHER"
)

// ActivityTypes lists every universal activity type.
var ActivityTypes = []ActivityType{
	ActivityBuy, ActivitySell, ActivityDividend, ActivityInterest, ActivityFee, ActivityTax,
	ActivityContribution, ActivityWithdrawal, ActivityTransferIn, ActivityTransferOut,
	ActivitySplit, ActivityReinvest, ActivityOther,
}

// Valid reports whether t is one of the universal activity types.
func (t ActivityType) Valid() bool {
	for _, v := range ActivityTypes {
		if v == t {
			return true
		}
	}
	return false
}

// Activity is one entry of an account's history. Amount is signed: positive
// increases the account's cash, negative decreases it.
type Activity struct {
	ID             string          `json:"id"` // the institution's id, or a stable hash of the row when it has none
	Type           ActivityType    `json:"type"`
	RawType        string          `json:"raw_type"`
	TradeDate      Date            `json:"trade_date"`
	SettlementDate Date            `json:"settlement_date,omitempty"`
	Symbol         string          `json:"symbol,omitempty"`
	Units          decimal.Decimal `json:"units"`
	Price          decimal.Decimal `json:"price"`
	Amount         decimal.Decimal `json:"amount"`
	Fee            decimal.Decimal `json:"fee"`
	Currency       string          `json:"currency"`
	Description    string          `json:"description"`
}

// Dataset is an institution's data handed over whole rather than read by a
// Client: what a statement file holds, or what a login found. Maps are keyed
// by Account.ID.
type Dataset struct {
	// AsOf is when the data was true: a statement's end date, the newest
	// holdings date of a file.
	AsOf       time.Time             `json:"as_of"`
	Accounts   []Account             `json:"accounts"`
	Balances   map[string][]Balance  `json:"balances,omitempty"`
	Positions  map[string][]Position `json:"positions,omitempty"`
	Activities map[string][]Activity `json:"activities,omitempty"`
}

// Date is a calendar date without a time, written YYYY-MM-DD. The zero value
// is the empty string: no date. Dates compare correctly as strings.
type Date string

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return Date(s), nil
}

// Time returns midnight UTC of d, or the zero time for the empty date.
func (d Date) Time() time.Time {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// String returns d as YYYY-MM-DD.
func (d Date) String() string { return string(d) }
