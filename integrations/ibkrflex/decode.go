package ibkrflex

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// XML decoding: functions of bytes, fuzzed. A Flex answer holds every value
// in attributes, never in a child element named after a type.

type statementResponse struct {
	Status        string `xml:"Status"`
	ReferenceCode string `xml:"ReferenceCode"`
	URL           string `xml:"Url"`
	ErrorCode     string `xml:"ErrorCode"`
}

type accountInformation struct {
	AccountID           string `xml:"accountId,attr"`
	AcctAlias           string `xml:"acctAlias,attr"`
	Currency            string `xml:"currency,attr"`
	AccountType         string `xml:"accountType,attr"`
	AccountCapabilities string `xml:"accountCapabilities,attr"`
}

type cashReportCurrency struct {
	Currency      string `xml:"currency,attr"`
	LevelOfDetail string `xml:"levelOfDetail,attr"`
	EndingCash    string `xml:"endingCash,attr"`
}

type equitySummary struct {
	Currency   string `xml:"currency,attr"`
	ReportDate string `xml:"reportDate,attr"`
	Cash       string `xml:"cash,attr"`
	Total      string `xml:"total,attr"`
}

type openPosition struct {
	Currency        string `xml:"currency,attr"`
	AssetCategory   string `xml:"assetCategory,attr"`
	SubCategory     string `xml:"subCategory,attr"`
	Symbol          string `xml:"symbol,attr"`
	Description     string `xml:"description,attr"`
	ISIN            string `xml:"isin,attr"`
	CUSIP           string `xml:"cusip,attr"`
	ListingExchange string `xml:"listingExchange,attr"`
	ReportDate      string `xml:"reportDate,attr"`
	Position        string `xml:"position,attr"`
	MarkPrice       string `xml:"markPrice,attr"`
	PositionValue   string `xml:"positionValue,attr"`
	CostBasisPrice  string `xml:"costBasisPrice,attr"`
	CostBasisMoney  string `xml:"costBasisMoney,attr"`
	LevelOfDetail   string `xml:"levelOfDetail,attr"`
}

type trade struct {
	Currency         string `xml:"currency,attr"`
	AssetCategory    string `xml:"assetCategory,attr"`
	Symbol           string `xml:"symbol,attr"`
	Description      string `xml:"description,attr"`
	TradeID          string `xml:"tradeID,attr"`
	TransactionID    string `xml:"transactionID,attr"`
	IBExecID         string `xml:"ibExecID,attr"`
	DateTime         string `xml:"dateTime,attr"`
	TradeDate        string `xml:"tradeDate,attr"`
	SettleDateTarget string `xml:"settleDateTarget,attr"`
	TransactionType  string `xml:"transactionType,attr"`
	Quantity         string `xml:"quantity,attr"`
	TradePrice       string `xml:"tradePrice,attr"`
	Proceeds         string `xml:"proceeds,attr"`
	Taxes            string `xml:"taxes,attr"`
	IBCommission     string `xml:"ibCommission,attr"`
	NetCash          string `xml:"netCash,attr"`
	BuySell          string `xml:"buySell,attr"`
	LevelOfDetail    string `xml:"levelOfDetail,attr"`
}

type cashTransaction struct {
	Currency      string `xml:"currency,attr"`
	Symbol        string `xml:"symbol,attr"`
	Description   string `xml:"description,attr"`
	DateTime      string `xml:"dateTime,attr"`
	SettleDate    string `xml:"settleDate,attr"`
	ReportDate    string `xml:"reportDate,attr"`
	Amount        string `xml:"amount,attr"`
	Type          string `xml:"type,attr"`
	TransactionID string `xml:"transactionID,attr"`
	LevelOfDetail string `xml:"levelOfDetail,attr"`
}

type flexStatement struct {
	AccountID        string               `xml:"accountId,attr"`
	WhenGenerated    string               `xml:"whenGenerated,attr"`
	Info             *accountInformation  `xml:"AccountInformation"`
	EquitySummary    []equitySummary      `xml:"EquitySummaryInBase>EquitySummaryByReportDateInBase"`
	CashReport       []cashReportCurrency `xml:"CashReport>CashReportCurrency"`
	OpenPositions    []openPosition       `xml:"OpenPositions>OpenPosition"`
	Trades           []trade              `xml:"Trades>Trade"`
	CashTransactions []cashTransaction    `xml:"CashTransactions>CashTransaction"`
}

type queryResponse struct {
	Statements []flexStatement `xml:"FlexStatements>FlexStatement"`
}

// decodeAnswer reads a Flex answer: a FlexStatementResponse (a reference
// code or an error code) or the FlexQueryResponse itself.
func decodeAnswer(b []byte) (*statementResponse, *queryResponse, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var root string
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, nil, errMalformed
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se.Name.Local
			break
		}
	}
	switch root {
	case "FlexStatementResponse":
		var r statementResponse
		if xml.Unmarshal(b, &r) != nil {
			return nil, nil, errMalformed
		}
		r.ErrorCode = strings.TrimSpace(r.ErrorCode)
		return &r, nil, nil
	case "FlexQueryResponse":
		var q queryResponse
		if err := xml.Unmarshal(b, &q); err != nil && !errors.Is(err, io.EOF) {
			return nil, nil, errMalformed
		}
		for _, s := range q.Statements {
			if s.number() == "" {
				return nil, nil, errMalformed
			}
		}
		return nil, &q, nil
	default:
		return nil, nil, errMalformed
	}
}

func (s flexStatement) number() string {
	if s.Info != nil && s.Info.AccountID != "" {
		return s.Info.AccountID
	}
	return s.AccountID
}

// num parses a Flex number: "" is zero; anything unreadable or absurd is
// malformed.
func num(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "--" {
		return decimal.Zero, nil
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil || d.Exponent() < -30 || d.Exponent() > 30 || d.NumDigits() > 40 {
		return decimal.Zero, errMalformed
	}
	return d, nil
}

// nums parses several numbers of one row; the first failure wins.
type nums struct{ err error }

func (n *nums) get(s string) decimal.Decimal {
	d, err := num(s)
	if err != nil && n.err == nil {
		n.err = err
	}
	return d
}

// dateLayouts are the date formats a Flex Query may be set to; the part of
// a date-time before its separator is the date.
var dateLayouts = []string{"20060102", "2006-01-02", "01/02/2006", "01/02/06", "02/01/2006", "02-Jan-06"}

func flexDate(s string) (integrations.Date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "; ,T"); i > 0 {
		s = s[:i]
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return integrations.DateOf(t), nil
		}
	}
	return "", errMalformed
}

func mask(n string) string {
	r := []rune(n)
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

func (q *queryResponse) accounts() []integrations.Account {
	var out []integrations.Account
	for _, s := range q.Statements {
		a := integrations.Account{ID: accountID(s.number()), Number: mask(s.number()), Name: "Interactive Brokers " + mask(s.number()),
			RawType: "", Category: integrations.CategoryInvestment, Currency: "USD", Status: "open"}
		if i := s.Info; i != nil {
			if integrations.IsCurrencyCode(i.Currency) {
				a.Currency = i.Currency
			}
			a.RawType = strings.TrimSpace(i.AccountType + " " + i.AccountCapabilities)
			if i.AcctAlias != "" && !strings.Contains(i.AcctAlias, s.number()) {
				a.Name = i.AcctAlias
			}
			if strings.Contains(strings.ToUpper(i.AccountType), "IRA") {
				a.Category = integrations.CategoryRetirement
			}
		}
		out = append(out, a)
	}
	return out
}

func (q *queryResponse) find(id string) (*flexStatement, error) {
	for i := range q.Statements {
		if accountID(q.Statements[i].number()) == id {
			return &q.Statements[i], nil
		}
	}
	return nil, fmt.Errorf("ibkrflex: the statement has no account %s", id)
}

var securityTypes = map[string]integrations.SecurityType{
	"STK": integrations.SecurityEquity, "OPT": integrations.SecurityOption, "FOP": integrations.SecurityOption,
	"BOND": integrations.SecurityBond, "BILL": integrations.SecurityBond, "FUND": integrations.SecurityFund,
	"CASH": integrations.SecurityCash, "CRYPTO": integrations.SecurityCrypto,
}

// summary reports whether a row is a summary (or unmarked) row, not a lot
// or an order-level duplicate.
func summary(level string, want ...string) bool {
	if level == "" {
		return true
	}
	for _, w := range want {
		if strings.EqualFold(level, w) {
			return true
		}
	}
	return false
}

func (s *flexStatement) positions() ([]integrations.Position, error) {
	var out []integrations.Position
	for _, p := range s.OpenPositions {
		if !summary(p.LevelOfDetail, "SUMMARY") {
			continue
		}
		var n nums
		units, price, value := n.get(p.Position), n.get(p.MarkPrice), n.get(p.PositionValue)
		avg, cost := n.get(p.CostBasisPrice), n.get(p.CostBasisMoney)
		if n.err != nil || p.Symbol == "" || !integrations.IsCurrencyCode(p.Currency) {
			return nil, errMalformed
		}
		typ, ok := securityTypes[p.AssetCategory]
		if !ok {
			typ = integrations.SecurityOther
		}
		if typ == integrations.SecurityEquity && strings.EqualFold(p.SubCategory, "ETF") {
			typ = integrations.SecurityETF
		}
		pos := integrations.Position{
			Symbol: integrations.Symbol{Ticker: p.Symbol, Description: p.Description, Type: typ, Exchange: p.ListingExchange,
				Currency: p.Currency, ISIN: p.ISIN, CUSIP: p.CUSIP},
			Units: units, Price: price, MarketValue: value, Currency: p.Currency,
			AverageCost: decimal.NewNullDecimal(avg), CostBasis: decimal.NewNullDecimal(cost),
		}
		if d, err := flexDate(p.ReportDate); err == nil {
			pos.AsOf = d.Time()
		}
		out = append(out, pos)
	}
	return out, nil
}

func (s *flexStatement) balances() ([]integrations.Balance, error) {
	var n nums
	cash := map[string]decimal.Decimal{}
	var order []string
	for _, c := range s.CashReport {
		if !integrations.IsCurrencyCode(c.Currency) || strings.EqualFold(c.LevelOfDetail, "BaseCurrency") {
			continue // BASE_SUMMARY: the total in the base currency
		}
		if _, seen := cash[c.Currency]; !seen {
			order = append(order, c.Currency)
		}
		cash[c.Currency] = cash[c.Currency].Add(n.get(c.EndingCash))
	}
	held := map[string]decimal.Decimal{}
	for _, p := range s.OpenPositions {
		if !summary(p.LevelOfDetail, "SUMMARY") || !integrations.IsCurrencyCode(p.Currency) {
			continue
		}
		if _, seen := cash[p.Currency]; !seen {
			cash[p.Currency] = decimal.Zero
			order = append(order, p.Currency)
		}
		held[p.Currency] = held[p.Currency].Add(n.get(p.PositionValue))
	}
	if n.err != nil {
		return nil, n.err
	}
	if len(order) == 0 && len(s.EquitySummary) > 0 {
		last := s.EquitySummary[len(s.EquitySummary)-1]
		ccy := last.Currency
		if !integrations.IsCurrencyCode(ccy) && s.Info != nil {
			ccy = s.Info.Currency
		}
		if !integrations.IsCurrencyCode(ccy) {
			return nil, errMalformed
		}
		c, t := n.get(last.Cash), n.get(last.Total)
		if n.err != nil {
			return nil, n.err
		}
		return []integrations.Balance{{Currency: ccy, Cash: c, Total: t}}, nil
	}
	sort.Strings(order)
	out := make([]integrations.Balance, 0, len(order))
	for _, c := range order {
		out = append(out, integrations.Balance{Currency: c, Cash: cash[c], Total: cash[c].Add(held[c])})
	}
	return out, nil
}

// cashTypes maps the CashTransaction types an Activity Flex Query writes.
var cashTypes = map[string]integrations.ActivityType{
	"Dividends":                    integrations.ActivityDividend,
	"Payment In Lieu Of Dividends": integrations.ActivityDividend,
	"Withholding Tax":              integrations.ActivityTax,
	"871(m) Withholding":           integrations.ActivityTax,
	"Broker Interest Received":     integrations.ActivityInterest,
	"Broker Interest Paid":         integrations.ActivityInterest,
	"Bond Interest Received":       integrations.ActivityInterest,
	"Bond Interest Paid":           integrations.ActivityInterest,
	"Other Fees":                   integrations.ActivityFee,
	"Commission Adjustments":       integrations.ActivityFee,
	"Advisor Fees":                 integrations.ActivityFee,
}

func (s *flexStatement) activities(since integrations.Date) ([]integrations.Activity, error) {
	var out []integrations.Activity
	for _, t := range s.Trades {
		if !summary(t.LevelOfDetail, "EXECUTION") {
			continue
		}
		var n nums
		units, price, net := n.get(t.Quantity), n.get(t.TradePrice), n.get(t.NetCash)
		comm, taxes, proceeds := n.get(t.IBCommission), n.get(t.Taxes), n.get(t.Proceeds)
		date := t.TradeDate
		if date == "" {
			date = t.DateTime
		}
		td, err := flexDate(date)
		if n.err != nil || err != nil || t.Symbol == "" || !integrations.IsCurrencyCode(t.Currency) {
			return nil, errMalformed
		}
		if td < since {
			continue
		}
		id := firstOf(t.TradeID, t.TransactionID, t.IBExecID)
		if id == "" {
			return nil, errMalformed
		}
		if t.NetCash == "" {
			net = proceeds.Add(comm).Add(taxes)
		}
		act := integrations.Activity{ID: "T" + id, RawType: strings.TrimSpace(t.BuySell + " " + t.TransactionType), TradeDate: td,
			Symbol: t.Symbol, Units: units, Price: price, Amount: net, Fee: comm.Abs().Add(taxes.Abs()), Currency: t.Currency,
			Description: t.Description}
		switch strings.ToUpper(t.BuySell) {
		case "BUY":
			act.Type = integrations.ActivityBuy
		case "SELL":
			act.Type = integrations.ActivitySell
		default: // cancellations ("BUY (Ca.)") and the like
			act.Type = integrations.ActivityOther
		}
		if sd, err := flexDate(t.SettleDateTarget); err == nil && sd >= td {
			act.SettlementDate = sd
		}
		out = append(out, act)
	}
	for _, c := range s.CashTransactions {
		if !summary(c.LevelOfDetail, "DETAIL") {
			continue
		}
		amt, err := num(c.Amount)
		date := firstOf(c.DateTime, c.ReportDate)
		td, derr := flexDate(date)
		if err != nil || derr != nil || c.Type == "" || !integrations.IsCurrencyCode(c.Currency) || c.TransactionID == "" {
			return nil, errMalformed
		}
		if td < since {
			continue
		}
		typ, ok := cashTypes[c.Type]
		switch {
		case ok:
		case c.Type == "Deposits & Withdrawals" || c.Type == "Deposits/Withdrawals":
			typ = integrations.ActivityContribution
			if amt.IsNegative() {
				typ = integrations.ActivityWithdrawal
			}
		default:
			typ = integrations.ActivityOther
		}
		act := integrations.Activity{ID: "C" + c.TransactionID, Type: typ, RawType: c.Type, TradeDate: td, Symbol: c.Symbol,
			Amount: amt, Currency: c.Currency, Description: c.Description}
		if sd, err := flexDate(c.SettleDate); err == nil && sd >= td {
			act.SettlementDate = sd
		}
		out = append(out, act)
	}
	return out, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
