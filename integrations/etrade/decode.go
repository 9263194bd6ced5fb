package etrade

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types and decoders (fuzzed) of the E*TRADE API's JSON answers
// (AccountListResponse, BalanceResponse, PortfolioResponse,
// TransactionListResponse), and US Eastern time, which its dates and its
// tokens' end follow.

var errMalformed = integrations.Malformed("E*TRADE")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

type wireAccount struct {
	AccountID     string `json:"accountId"`
	AccountIDKey  string `json:"accountIdKey"`
	AccountMode   string `json:"accountMode"`
	AccountDesc   string `json:"accountDesc"`
	AccountName   string `json:"accountName"`
	AccountType   string `json:"accountType"`
	AccountStatus string `json:"accountStatus"`
}

// decodeAccounts returns the accounts and their full numbers.
func decodeAccounts(b []byte, paper bool) ([]integrations.Account, []string, error) {
	var w struct {
		AccountListResponse struct {
			Accounts struct {
				Account []wireAccount `json:"Account"`
			} `json:"Accounts"`
		} `json:"AccountListResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, nil, err
	}
	var out []integrations.Account
	var numbers []string
	for _, a := range w.AccountListResponse.Accounts.Account {
		if a.AccountIDKey == "" || a.AccountID == "" {
			return nil, nil, errMalformed
		}
		name := strings.TrimSpace(a.AccountName)
		if name == "" {
			name = strings.TrimSpace(a.AccountDesc)
		}
		if name == "" || strings.Contains(name, a.AccountID) {
			name = "E*TRADE " + integrations.MaskNumber(a.AccountID)
		}
		cat := integrations.CategoryInvestment
		if strings.Contains(strings.ToUpper(a.AccountType), "IRA") {
			cat = integrations.CategoryRetirement
		}
		status := strings.ToLower(a.AccountStatus)
		if status == "active" || status == "" {
			status = "open"
		}
		out = append(out, integrations.Account{ID: a.AccountIDKey, Number: integrations.MaskNumber(a.AccountID), Name: name,
			RawType: strings.TrimSpace(a.AccountType + " " + a.AccountMode), Category: cat, Currency: "USD", Status: status, Paper: paper})
		numbers = append(numbers, a.AccountID)
	}
	return out, numbers, nil
}

func decodeBalance(b []byte) ([]integrations.Balance, error) {
	var w struct {
		BalanceResponse struct {
			AccountMode string `json:"accountMode"`
			Computed    struct {
				CashBalance       decimal.NullDecimal `json:"cashBalance"`
				NetCash           decimal.NullDecimal `json:"netCash"`
				CashBuyingPower   decimal.NullDecimal `json:"cashBuyingPower"`
				MarginBuyingPower decimal.NullDecimal `json:"marginBuyingPower"`
				AccountBalance    decimal.NullDecimal `json:"accountBalance"`
				RealTimeValues    struct {
					TotalAccountValue decimal.NullDecimal `json:"totalAccountValue"`
				} `json:"RealTimeValues"`
			} `json:"Computed"`
		} `json:"BalanceResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	c := w.BalanceResponse.Computed
	for _, d := range []decimal.NullDecimal{c.CashBalance, c.NetCash, c.CashBuyingPower, c.MarginBuyingPower, c.AccountBalance, c.RealTimeValues.TotalAccountValue} {
		if d.Valid && !integrations.SaneDecimals(d.Decimal) {
			return nil, errMalformed
		}
	}
	cash := c.CashBalance
	if !cash.Valid {
		cash = c.NetCash
	}
	total := c.RealTimeValues.TotalAccountValue
	if !total.Valid {
		total = c.AccountBalance
	}
	if !cash.Valid || !total.Valid {
		return nil, errMalformed
	}
	bp := c.CashBuyingPower
	if strings.EqualFold(w.BalanceResponse.AccountMode, "MARGIN") && c.MarginBuyingPower.Valid {
		bp = c.MarginBuyingPower
	}
	return []integrations.Balance{{Currency: "USD", Cash: cash.Decimal, BuyingPower: bp, Total: total.Decimal}}, nil
}

type wireProduct struct {
	Symbol       string `json:"symbol"`
	SecurityType string `json:"securityType"`
}

var securityTypes = map[string]integrations.SecurityType{
	"EQ": integrations.SecurityEquity, "OPTN": integrations.SecurityOption, "MF": integrations.SecurityFund,
	"MMF": integrations.SecurityCash, "BOND": integrations.SecurityBond,
}

// decodePortfolio returns one page of positions and the number of pages.
func decodePortfolio(b []byte, now time.Time) ([]integrations.Position, int, error) {
	var w struct {
		PortfolioResponse struct {
			AccountPortfolio []struct {
				TotalPages int `json:"totalPages"`
				Position   []struct {
					SymbolDescription string          `json:"symbolDescription"`
					Quantity          decimal.Decimal `json:"quantity"`
					PositionType      string          `json:"positionType"`
					MarketValue       decimal.Decimal `json:"marketValue"`
					TotalCost         decimal.Decimal `json:"totalCost"`
					CostPerShare      decimal.Decimal `json:"costPerShare"`
					PricePaid         decimal.Decimal `json:"pricePaid"`
					Product           wireProduct     `json:"Product"`
					Quick             *struct {
						LastTrade     decimal.Decimal `json:"lastTrade"`
						LastTradeTime int64           `json:"lastTradeTime"`
					} `json:"Quick"`
				} `json:"Position"`
			} `json:"AccountPortfolio"`
		} `json:"PortfolioResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, 0, err
	}
	var out []integrations.Position
	pages := 0
	for _, ap := range w.PortfolioResponse.AccountPortfolio {
		pages = max(pages, ap.TotalPages)
		for _, p := range ap.Position {
			sym := strings.TrimSpace(p.Product.Symbol)
			if sym == "" || !integrations.SaneDecimals(p.Quantity, p.MarketValue, p.TotalCost, p.CostPerShare, p.PricePaid) {
				return nil, 0, errMalformed
			}
			typ, ok := securityTypes[p.Product.SecurityType]
			if !ok {
				typ = integrations.SecurityOther
			}
			units := p.Quantity
			if strings.EqualFold(p.PositionType, "SHORT") && units.IsPositive() {
				units = units.Neg()
			}
			pos := integrations.Position{
				Symbol: integrations.Symbol{Ticker: sym, Description: strings.TrimSpace(p.SymbolDescription), Type: typ, Currency: "USD"},
				Units:  units, MarketValue: p.MarketValue, Currency: "USD", AsOf: now.UTC().Truncate(time.Second),
				CostBasis: decimal.NewNullDecimal(p.TotalCost),
			}
			avg := p.CostPerShare
			if avg.IsZero() {
				avg = p.PricePaid
			}
			pos.AverageCost = decimal.NewNullDecimal(avg)
			if q := p.Quick; q != nil {
				if !integrations.SaneDecimals(q.LastTrade) {
					return nil, 0, errMalformed
				}
				pos.Price = q.LastTrade
				if q.LastTradeTime > 0 && q.LastTradeTime < 1<<40 {
					pos.AsOf = time.Unix(q.LastTradeTime, 0).UTC()
				}
			}
			if typ == integrations.SecurityOption && pos.Symbol.Description != "" {
				pos.Symbol.Ticker = pos.Symbol.Description
			}
			out = append(out, pos)
		}
	}
	return out, pages, nil
}

// activityType maps E*TRADE's transaction types by their words: the API
// documents them only by example.
func activityType(raw string, amount decimal.Decimal) integrations.ActivityType {
	has := integrations.Words(raw)
	switch {
	case has("bought", "buy"):
		return integrations.ActivityBuy
	case has("sold", "sell"):
		return integrations.ActivitySell
	case has("reinvest"):
		return integrations.ActivityReinvest
	case has("dividend"):
		return integrations.ActivityDividend
	case has("interest"):
		return integrations.ActivityInterest
	case has("tax", "withholding"):
		return integrations.ActivityTax
	case has("fee", "commission"):
		return integrations.ActivityFee
	case has("deposit", "contribution"):
		return integrations.ActivityContribution
	case has("withdrawal", "disbursement"):
		return integrations.ActivityWithdrawal
	case has("transfer", "journal"):
		if amount.IsNegative() {
			return integrations.ActivityTransferOut
		}
		return integrations.ActivityTransferIn
	case has("split"):
		return integrations.ActivitySplit
	default:
		return integrations.ActivityOther
	}
}

// idText is an id sent as a JSON string or number.
type idText string

func (t *idText) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = idText(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*t = idText(n.String())
	return nil
}

// decodeTransactions returns one page of activities, the marker of the next
// page and whether there are more.
func decodeTransactions(b []byte) ([]integrations.Activity, string, bool, error) {
	var w struct {
		TransactionListResponse struct {
			Marker           string `json:"marker"`
			MoreTransactions bool   `json:"moreTransactions"`
			Transaction      []struct {
				TransactionID   idText          `json:"transactionId"`
				TransactionDate int64           `json:"transactionDate"`
				Amount          decimal.Decimal `json:"amount"`
				Description     string          `json:"description"`
				TransactionType string          `json:"transactionType"`
				Brokerage       *struct {
					Product        wireProduct     `json:"product"`
					Quantity       decimal.Decimal `json:"quantity"`
					Price          decimal.Decimal `json:"price"`
					Fee            decimal.Decimal `json:"fee"`
					SettlementDate int64           `json:"settlementDate"`
				} `json:"brokerage"`
			} `json:"Transaction"`
		} `json:"TransactionListResponse"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", false, err
	}
	r := w.TransactionListResponse
	var out []integrations.Activity
	for _, t := range r.Transaction {
		id := strings.TrimSpace(string(t.TransactionID))
		if id == "" || t.TransactionType == "" || t.TransactionDate <= 0 || t.TransactionDate > 1<<50 || !integrations.SaneDecimals(t.Amount) {
			return nil, "", false, errMalformed
		}
		td := integrations.DateOf(eastern(time.UnixMilli(t.TransactionDate)))
		typ := activityType(t.TransactionType, t.Amount)
		a := integrations.Activity{ID: id, Type: typ, RawType: t.TransactionType, TradeDate: td, Amount: t.Amount,
			Currency: "USD", Description: strings.TrimSpace(t.Description)}
		if br := t.Brokerage; br != nil {
			if !integrations.SaneDecimals(br.Quantity, br.Price, br.Fee) {
				return nil, "", false, errMalformed
			}
			a.Symbol = strings.TrimSpace(br.Product.Symbol)
			a.Units, a.Price, a.Fee = br.Quantity, br.Price, br.Fee.Abs()
			if br.SettlementDate > 0 && br.SettlementDate < 1<<50 {
				if sd := integrations.DateOf(eastern(time.UnixMilli(br.SettlementDate))); sd >= td {
					a.SettlementDate = sd
				}
			}
		}
		switch typ {
		case integrations.ActivitySell:
			a.Units = a.Units.Abs().Neg()
		case integrations.ActivityBuy:
			a.Units = a.Units.Abs()
		}
		out = append(out, a)
	}
	return out, r.Marker, r.MoreTransactions, nil
}

// eastern returns t in US Eastern time: UTC-4 from the second Sunday of
// March (2:00) to the first Sunday of November (2:00), else UTC-5 (the
// rule since 2007). It needs no time zone database.
func eastern(t time.Time) time.Time {
	y := t.UTC().Year()
	start := nthSunday(y, time.March, 2).Add(7 * time.Hour)
	end := nthSunday(y, time.November, 1).Add(6 * time.Hour)
	if u := t.UTC(); !u.Before(start) && u.Before(end) {
		return t.In(time.FixedZone("EDT", -4*3600))
	}
	return t.In(time.FixedZone("EST", -5*3600))
}

func nthSunday(y int, m time.Month, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

// midnightEastern is the next midnight US Eastern after t: when E*TRADE
// ends the access tokens it issued on t's day.
func midnightEastern(t time.Time) time.Time {
	e := eastern(t)
	for _, off := range []int{-4, -5} {
		m := time.Date(e.Year(), e.Month(), e.Day()+1, 0, 0, 0, 0, time.FixedZone("", off*3600))
		if _, o := eastern(m).Zone(); o == off*3600 {
			return m.UTC()
		}
	}
	return time.Date(e.Year(), e.Month(), e.Day()+1, 5, 0, 0, 0, time.UTC)
}
