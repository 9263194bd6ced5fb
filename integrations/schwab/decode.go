package schwab

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Wire types of the Trader API. Numbers stay json.Number: decimals are made
// from their text, never through float64.

type wireAccountNumber struct {
	AccountNumber string `json:"accountNumber"`
	HashValue     string `json:"hashValue"`
}

type wireBalances struct {
	CashBalance             json.Number `json:"cashBalance"`
	TotalCash               json.Number `json:"totalCash"`
	CashAvailableForTrading json.Number `json:"cashAvailableForTrading"`
	AvailableFunds          json.Number `json:"availableFunds"`
	BuyingPower             json.Number `json:"buyingPower"`
	LiquidationValue        json.Number `json:"liquidationValue"`
	Equity                  json.Number `json:"equity"`
}

type wireInstrument struct {
	AssetType   string `json:"assetType"`
	Cusip       string `json:"cusip"`
	Symbol      string `json:"symbol"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

type wirePosition struct {
	ShortQuantity json.Number    `json:"shortQuantity"`
	LongQuantity  json.Number    `json:"longQuantity"`
	AveragePrice  json.Number    `json:"averagePrice"`
	AverageLong   json.Number    `json:"averageLongPrice"`
	AverageShort  json.Number    `json:"averageShortPrice"`
	MarketValue   json.Number    `json:"marketValue"`
	Instrument    wireInstrument `json:"instrument"`
}

type wireSecuritiesAccount struct {
	Type             string         `json:"type"`
	AccountNumber    string         `json:"accountNumber"`
	Positions        []wirePosition `json:"positions"`
	InitialBalances  *wireBalances  `json:"initialBalances"`
	CurrentBalances  *wireBalances  `json:"currentBalances"`
	IsClosingOnly    bool           `json:"isClosingOnlyRestricted"`
	ProjectedBalance *wireBalances  `json:"projectedBalances"`
}

type wireAccount struct {
	SecuritiesAccount *wireSecuritiesAccount `json:"securitiesAccount"`
}

type wireTransferItem struct {
	Instrument     wireInstrument `json:"instrument"`
	Amount         json.Number    `json:"amount"`
	Cost           json.Number    `json:"cost"`
	Price          json.Number    `json:"price"`
	FeeType        string         `json:"feeType"`
	PositionEffect string         `json:"positionEffect"`
}

type wireTransaction struct {
	ActivityID     json.Number        `json:"activityId"`
	Time           string             `json:"time"`
	Description    string             `json:"description"`
	Type           string             `json:"type"`
	Status         string             `json:"status"`
	TradeDate      string             `json:"tradeDate"`
	SettlementDate string             `json:"settlementDate"`
	NetAmount      json.Number        `json:"netAmount"`
	TransferItems  []wireTransferItem `json:"transferItems"`
}

// decimals parses the numbers of one answer; the first failure makes the
// whole answer malformed.
type decimals struct{ bad bool }

func (d *decimals) num(n json.Number) decimal.Decimal {
	if n == "" {
		return decimal.Zero
	}
	v, err := decimal.NewFromString(string(n))
	if err != nil {
		d.bad = true
		return decimal.Zero
	}
	return v
}

func (d *decimals) null(n json.Number) decimal.NullDecimal {
	if n == "" {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d.num(n))
}

func decodeAccountNumbers(b []byte) ([]accountNumber, error) {
	var w []wireAccountNumber
	if err := decodeJSON(b, &w); err != nil {
		return nil, err
	}
	out := make([]accountNumber, 0, len(w))
	for _, n := range w {
		if n.AccountNumber == "" || n.HashValue == "" {
			return nil, errMalformed
		}
		out = append(out, accountNumber{number: n.AccountNumber, hash: n.HashValue})
	}
	return out, nil
}

var accountNames = map[string]string{"MARGIN": "Margin account", "CASH": "Cash account"}

// decodeAccounts reads GET /accounts; numbers maps each account number to
// the hash the API addresses it by.
func decodeAccounts(b []byte, numbers []accountNumber) ([]integrations.Account, error) {
	var w []wireAccount
	if err := decodeJSON(b, &w); err != nil {
		return nil, err
	}
	hashes := map[string]string{}
	for _, n := range numbers {
		hashes[n.number] = n.hash
	}
	out := make([]integrations.Account, 0, len(w))
	for _, a := range w {
		sa := a.SecuritiesAccount
		if sa == nil || sa.AccountNumber == "" {
			return nil, errMalformed
		}
		hash, ok := hashes[sa.AccountNumber]
		if !ok {
			continue // not shared with the app's hash list: cannot be addressed
		}
		name := accountNames[sa.Type]
		if name == "" {
			name = "Brokerage account"
		}
		status := "open"
		if sa.IsClosingOnly {
			status = "closing only"
		}
		out = append(out, integrations.Account{
			ID: hash, Number: maskNumber(sa.AccountNumber), Name: "Schwab " + name,
			RawType: sa.Type, Category: integrations.CategoryInvestment, Currency: "USD", Status: status,
		})
	}
	return out, nil
}

// decodeBalances reads GET /accounts/{hash}: one USD balance from the
// current balances (the initial ones fill gaps).
func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w wireAccount
	if err := decodeJSON(b, &w); err != nil {
		return nil, err
	}
	sa := w.SecuritiesAccount
	if sa == nil {
		return nil, errMalformed
	}
	cur, ini := sa.CurrentBalances, sa.InitialBalances
	if cur == nil {
		cur = ini
	}
	if cur == nil {
		return nil, errMalformed
	}
	if ini == nil {
		ini = &wireBalances{}
	}
	first := func(ns ...json.Number) json.Number {
		for _, n := range ns {
			if n != "" {
				return n
			}
		}
		return ""
	}
	var d decimals
	cash := first(cur.CashBalance, cur.TotalCash, ini.CashBalance, ini.TotalCash)
	total := first(cur.LiquidationValue, ini.LiquidationValue, cur.Equity)
	bp := first(cur.BuyingPower, cur.CashAvailableForTrading, cur.AvailableFunds)
	if cash == "" || total == "" {
		return nil, errMalformed
	}
	bal := integrations.Balance{Currency: "USD", Cash: d.num(cash), BuyingPower: d.null(bp), Total: d.num(total)}
	if d.bad {
		return nil, errMalformed
	}
	return []integrations.Balance{bal}, nil
}

func securityType(in wireInstrument) integrations.SecurityType {
	switch in.AssetType {
	case "EQUITY":
		if in.Type == "EXCHANGE_TRADED_FUND" {
			return integrations.SecurityETF
		}
		return integrations.SecurityEquity
	case "COLLECTIVE_INVESTMENT":
		if in.Type == "EXCHANGE_TRADED_FUND" || in.Type == "" {
			return integrations.SecurityETF
		}
		return integrations.SecurityFund
	case "MUTUAL_FUND":
		return integrations.SecurityFund
	case "OPTION":
		return integrations.SecurityOption
	case "FIXED_INCOME":
		return integrations.SecurityBond
	case "CASH_EQUIVALENT", "CURRENCY":
		return integrations.SecurityCash
	default:
		return integrations.SecurityOther
	}
}

// decodePositions reads GET /accounts/{hash}?fields=positions. Schwab gives
// no price per position: it is the market value over the units (and the
// option multiplier).
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w wireAccount
	if err := decodeJSON(b, &w); err != nil {
		return nil, err
	}
	if w.SecuritiesAccount == nil {
		return nil, errMalformed
	}
	var d decimals
	out := make([]integrations.Position, 0, len(w.SecuritiesAccount.Positions))
	for _, p := range w.SecuritiesAccount.Positions {
		if strings.TrimSpace(p.Instrument.Symbol) == "" {
			return nil, errMalformed
		}
		typ := securityType(p.Instrument)
		units := d.num(p.LongQuantity).Sub(d.num(p.ShortQuantity))
		mv := d.num(p.MarketValue)
		avg := p.AveragePrice
		if units.IsNegative() && p.AverageShort != "" {
			avg = p.AverageShort
		} else if units.IsPositive() && p.AverageLong != "" && avg == "" {
			avg = p.AverageLong
		}
		average := d.null(avg)
		mult := decimal.NewFromInt(1)
		if typ == integrations.SecurityOption {
			mult = decimal.NewFromInt(100)
		}
		price := decimal.Zero
		if !units.IsZero() {
			price = mv.Div(units.Mul(mult)).Round(6)
		}
		var basis decimal.NullDecimal
		if average.Valid {
			basis = decimal.NewNullDecimal(average.Decimal.Mul(units).Mul(mult).Round(2))
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: strings.TrimSpace(p.Instrument.Symbol), Description: p.Instrument.Description,
				Type: typ, Currency: "USD", CUSIP: p.Instrument.Cusip},
			Units: units, Price: price, MarketValue: mv, AverageCost: average, CostBasis: basis,
			Currency: "USD", AsOf: asOf,
		})
	}
	if d.bad {
		return nil, errMalformed
	}
	return out, nil
}

// parseTime reads Schwab's timestamps: 2025-04-23T19:59:12+0000, with or
// without milliseconds or a colon in the offset.
func parseTime(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000-0700", time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func contains(s string, words ...string) bool {
	s = strings.ToUpper(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// activityType maps a transaction: by its type, then its sign and words of
// its description where the type alone does not say.
func activityType(t wireTransaction, net decimal.Decimal, units decimal.Decimal) integrations.ActivityType {
	pos := net.IsPositive() || (net.IsZero() && units.IsPositive())
	neg := net.IsNegative() || (net.IsZero() && units.IsNegative())
	switch t.Type {
	case "TRADE":
		if neg || (net.IsZero() && units.IsPositive()) {
			return integrations.ActivityBuy
		}
		return integrations.ActivitySell
	case "DIVIDEND_OR_INTEREST":
		switch {
		case contains(t.Description, "TAX", "WITHHOLD"):
			return integrations.ActivityTax
		case contains(t.Description, "INTEREST", " INT ", "INT "):
			return integrations.ActivityInterest
		case contains(t.Description, "REINVEST"):
			return integrations.ActivityReinvest
		case neg:
			return integrations.ActivityFee
		}
		return integrations.ActivityDividend
	case "ACH_RECEIPT", "CASH_RECEIPT", "WIRE_IN":
		return integrations.ActivityContribution
	case "ACH_DISBURSEMENT", "CASH_DISBURSEMENT", "WIRE_OUT":
		return integrations.ActivityWithdrawal
	case "ELECTRONIC_FUND":
		if neg {
			return integrations.ActivityWithdrawal
		}
		return integrations.ActivityContribution
	case "JOURNAL":
		switch {
		case contains(t.Description, "TAX", "WITHHOLD"):
			return integrations.ActivityTax
		case contains(t.Description, "FEE"):
			return integrations.ActivityFee
		case contains(t.Description, "INTEREST"):
			return integrations.ActivityInterest
		case neg:
			return integrations.ActivityTransferOut
		case pos:
			return integrations.ActivityTransferIn
		}
	case "RECEIVE_AND_DELIVER":
		switch {
		case contains(t.Description, "SPLIT"):
			return integrations.ActivitySplit
		case neg:
			return integrations.ActivityTransferOut
		case pos:
			return integrations.ActivityTransferIn
		}
	}
	return integrations.ActivityOther
}

// decodeTransactions reads GET /accounts/{hash}/transactions. It also
// returns how many rows the answer held (for the 3000-row cap).
func decodeTransactions(b []byte) ([]integrations.Activity, int, error) {
	var w []wireTransaction
	if err := decodeJSON(b, &w); err != nil {
		return nil, 0, err
	}
	var d decimals
	out := make([]integrations.Activity, 0, len(w))
	for _, t := range w {
		if t.ActivityID == "" || t.Type == "" {
			return nil, 0, errMalformed
		}
		when := t.TradeDate
		if when == "" {
			when = t.Time
		}
		td, ok := parseTime(when)
		if !ok {
			return nil, 0, errMalformed
		}
		var sd integrations.Date
		if t.SettlementDate != "" {
			st, ok := parseTime(t.SettlementDate)
			if !ok {
				return nil, 0, errMalformed
			}
			if sd = integrations.DateOf(st); sd < integrations.DateOf(td) {
				sd = ""
			}
		}
		if strings.EqualFold(t.Status, "INVALID") || strings.EqualFold(t.Status, "CANCELLED") {
			continue
		}
		net := d.num(t.NetAmount)
		var symbol string
		units, price, fee := decimal.Zero, decimal.Zero, decimal.Zero
		for _, it := range t.TransferItems {
			switch {
			case it.FeeType != "":
				fee = fee.Add(d.num(it.Cost).Abs())
			case it.Instrument.AssetType == "CURRENCY" || it.Instrument.Symbol == "":
			case symbol == "":
				symbol = strings.TrimSpace(it.Instrument.Symbol)
				units, price = d.num(it.Amount), d.num(it.Price)
			}
		}
		out = append(out, integrations.Activity{
			ID: string(t.ActivityID), Type: activityType(t, net, units), RawType: t.Type,
			TradeDate: integrations.DateOf(td), SettlementDate: sd, Symbol: symbol,
			Units: units, Price: price, Amount: net, Fee: fee, Currency: "USD", Description: t.Description,
		})
	}
	if d.bad {
		return nil, 0, errMalformed
	}
	return out, len(w), nil
}
